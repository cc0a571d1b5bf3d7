"""What the call screen shows until it connects: progress, or why it failed and the ways on."""

from __future__ import annotations

import asyncio

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Button, Label, LoadingIndicator

CONNECTING = "Connecting the call…"
TERMINAL_GRACE_S = 0.1
"""After a frame is drawn, how long the app's output thread is given to write it out."""


class Connecting(Vertical):
    """A spinner and a progress line; on failure, the reason and a button back home."""

    def compose(self) -> ComposeResult:
        """Spinner, progress line, and the (hidden) way back home."""
        yield LoadingIndicator()
        yield Label(CONNECTING, id="loading-text")
        back = Button("Back to home", id="back-home")
        back.display = False
        yield back

    def progress(self, text: str) -> None:
        """Show how preparing the backend is going (the embedded model's first run is slow)."""
        self.query_one("#loading-text", Label).update(text)

    async def drawn(self) -> None:
        """Return once the progress line said last is on the terminal.

        The embedded model's load holds Python's lock until it ends: a cue drawn after it
        starts would appear only when it is over. This waits for the next frame, then gives
        the output thread a moment to write it (call from a task other than this widget's).
        """
        await self.wait_for_refresh()
        await asyncio.sleep(TERMINAL_GRACE_S)

    def failed(self, text: str) -> None:
        """The call could not start: say why, and offer the way home."""
        self.query_one(LoadingIndicator).display = False
        self.progress(text)
        self.add_class("-failed")
        self.query_one("#back-home").display = True

    def retrying(self) -> None:
        """Connecting again after a failure."""
        self.remove_class("-failed")
        self.query_one(LoadingIndicator).display = True
        self.query_one("#back-home").display = False
        self.progress(CONNECTING)
