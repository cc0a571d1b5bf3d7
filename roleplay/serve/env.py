"""What the server tells each app process about the person in the browser tab (one place)."""

from __future__ import annotations

USER_ENV = "ROLEPLAY_SERVE_USER"
"""The signed-in person's name, as written on their transcripts and overrides. It travels in the
environment, never on the command line, so it cannot be typed over and `ps` does not show it."""
