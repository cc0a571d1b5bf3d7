"""`roleplay serve`: the call and review apps for a whole team in the browser, behind sign-in.

The server never imports textual: each browser session runs its own app process
(`roleplay.tui.served`), and this package only signs people in, decides what their role lets
them open, and passes bytes between the browser and that process.
"""
