"""The app's screens: home, call, summary, and the help and confirmation dialogs."""
