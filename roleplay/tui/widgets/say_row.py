"""The reply box and the call's buttons beside it (Hold, Hint, End call)."""

from __future__ import annotations

from collections.abc import Callable

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Button, Input

from roleplay.tui.phase import Phase

BUTTON_KEYS = (
    ("#hold-button", "call.hold", "Hold or resume"),
    ("#hint-button", "call.hint", "The next good move"),
    ("#end-button", "call.end", "End the call"),
)


class SayRow(Horizontal):
    """Where the trainee types; the buttons name their keys in their tooltips."""

    def __init__(self, *, exam: bool, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.exam = exam

    def compose(self) -> ComposeResult:
        """The input box, then Hold, Hint (not in exam mode) and End call."""
        yield Input(placeholder="Say something to the customer…", id="say")
        yield Button("Hold", id="hold-button")
        hint = Button("Hint", id="hint-button")
        hint.display = not self.exam
        yield hint
        yield Button("End call", id="end-button", variant="error")

    def name_keys(self, key: Callable[[str], str]) -> None:
        """Tooltips with the key that works for each button, after the user's remapping."""
        for button, binding_id, what in BUTTON_KEYS:
            self.query_one(button, Button).tooltip = f"{what} ({key(binding_id)})"

    def follow(self, phase: Phase) -> None:
        """The buttons and the reply box as the call's phase leaves them."""
        self.show_hold(phase == Phase.ON_HOLD)
        if phase == Phase.ENDED:
            self.call_ended()

    def show_hold(self, on_hold: bool) -> None:
        """The Hold button reads Resume while the customer waits."""
        self.query_one("#hold-button", Button).label = "Resume" if on_hold else "Hold"

    def call_ended(self) -> None:
        """Nothing more to say: the End button becomes the way to the summary, and takes focus."""
        say = self.query_one("#say", Input)
        say.disabled = True
        say.placeholder = "The call has ended."
        for button in ("#hold-button", "#hint-button"):
            self.query_one(button, Button).disabled = True
        end = self.query_one("#end-button", Button)
        end.label = "Summary"
        end.variant = "primary"
        end.focus()
