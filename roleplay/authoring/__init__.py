"""A trainer's work on scenario files: which files there are, checking an edit, saving, self-play.

Plain Python for the Scenarios app (terminal and browser) and the `scenarios` commands, so the
rules (bundled files are read-only, a bad edit never replaces a good file, a trainer's text is
never lost) hold whichever front end a trainer uses. No textual here.
"""
