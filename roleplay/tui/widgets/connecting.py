"""What the call screen shows until it connects: progress, or why it failed and the ways on."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Button, Label, LoadingIndicator

CONNECTING = "Connecting the call…"


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
