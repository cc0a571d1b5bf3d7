"""The override dialog: a new score (1–5 or n/a) for one criterion, and a required note.

The note is required because an override without a reason cannot be audited or learned from.
"""

from __future__ import annotations

from dataclasses import dataclass

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Static

from roleplay.tui.review.cells import criterion_score


@dataclass(frozen=True)
class OverrideRequest:
    """Which criterion, and what it scores now."""

    criterion_id: str
    name: str
    machine: int | None
    current: int | None
    reviewer: str


def parse_score(text: str) -> int | None:
    """1–5, or None for n/a; ValueError with a readable reason otherwise."""
    text = text.strip().lower()
    if text in ("n/a", "na", "none"):
        return None
    if text.isdigit() and 1 <= int(text) <= 5:
        return int(text)
    raise ValueError("give a score from 1 to 5, or n/a when the criterion does not apply")


class OverrideScreen(ModalScreen[tuple[str, int | None, str] | None]):
    """Ask for the reviewer's score and note; dismisses with (criterion id, score, note)."""

    DEFAULT_CSS = """
    OverrideScreen { align: center middle; }
    OverrideScreen > Vertical {
        width: 64; height: auto; padding: 1 2; border: thick $primary; background: $surface;
    }
    OverrideScreen Input { margin-bottom: 1; }
    OverrideScreen #error { color: $error; height: auto; }
    OverrideScreen Horizontal { height: auto; align-horizontal: right; }
    """

    BINDINGS = [Binding("escape", "cancel", "Cancel", id="override.cancel")]

    def __init__(self, request: OverrideRequest) -> None:
        super().__init__()
        self.request = request

    def compose(self) -> ComposeResult:
        r = self.request
        with Vertical():
            yield Static(
                f"Override “{r.name}”\nMachine score {criterion_score(r.machine)}, "
                f"counts now as {criterion_score(r.current)}. Saved as {r.reviewer}, beside "
                "the machine's score (which is kept)."
            )
            yield Label("New score (1–5 or n/a)")
            yield Input(id="score", placeholder="1–5 or n/a")
            yield Label("Note (why)")
            yield Input(id="note", placeholder="What the grader missed")
            yield Static(id="error")
            with Horizontal():
                yield Button("Cancel", id="cancel")
                yield Button("Save override", id="save", variant="primary")

    def on_mount(self) -> None:
        self.query_one("#score", Input).focus()

    @on(Input.Submitted, "#score")
    def _to_note(self) -> None:
        self.query_one("#note", Input).focus()

    @on(Input.Submitted, "#note")
    @on(Button.Pressed, "#save")
    def _save(self) -> None:
        error = self.query_one("#error", Static)
        try:
            score = parse_score(self.query_one("#score", Input).value)
        except ValueError as exc:
            error.update(str(exc).capitalize() + ".")
            self.query_one("#score", Input).focus()
            return
        note = self.query_one("#note", Input).value.strip()
        if not note:
            error.update("Add a note: say why the score should change.")
            self.query_one("#note", Input).focus()
            return
        self.dismiss((self.request.criterion_id, score, note))

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)
