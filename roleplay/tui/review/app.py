"""The review app: its own `App`, so `roleplay review` needs nothing from the trainee's app.

Built by one factory shared by the command and the tests; the index is opened and refreshed
before the app starts (with progress on the terminal), so the screens only query.
"""

from __future__ import annotations

from textual.app import App
from textual.binding import Binding

from roleplay.tui.review.calls import CallsScreen
from roleplay.tui.review.context import ReviewContext


class ReviewApp(App[None]):
    """Calls table, call detail, trainee progress and human overrides over one review index."""

    TITLE = "roleplay review"

    BINDINGS = [
        Binding("ctrl+q", "quit", "Quit", id="review.quit", priority=True, tooltip="Leave."),
    ]

    def __init__(self, context: ReviewContext, *, warnings: list[str] | None = None) -> None:
        super().__init__()
        self.context = context
        self.warnings = warnings or []

    def on_mount(self) -> None:
        self.push_screen(CallsScreen(self.context))
        if self.warnings:
            first = self.warnings[0]
            more = f" (and {len(self.warnings) - 1} more)" if len(self.warnings) > 1 else ""
            self.notify(f"Some files were skipped or only partly read: {first}{more}",
                        severity="warning", timeout=8)  # fmt: skip
