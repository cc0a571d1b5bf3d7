"""The call's status line: scenario and customer, the call timer, the hold indicator, the mood."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.reactive import reactive
from textual.widgets import Label

from roleplay.tui.outcome import clock_text
from roleplay.tui.widgets.mood import MoodMeter


class CallStatus(Horizontal):
    """One line at the top of the call screen; its screen sets the attributes every second."""

    elapsed: reactive[float] = reactive(0.0)
    hold_s: reactive[float | None] = reactive(None)
    mood: reactive[float] = reactive(50.0)

    def __init__(self, title: str, show_mood: bool = True) -> None:
        super().__init__()
        self.title = title
        self.show_mood = show_mood

    def compose(self) -> ComposeResult:
        """Title, timer, hold indicator and mood meter, left to right."""
        yield Label(self.title, id="call-title")
        yield Label("", id="call-hold")
        yield Label(clock_text(0), id="call-timer")
        meter = MoodMeter(id="mood")
        meter.display = self.show_mood
        yield meter

    def watch_elapsed(self, elapsed: float) -> None:
        """Tick the call timer."""
        if self.is_mounted:
            self.query_one("#call-timer", Label).update(f"⏱ {clock_text(elapsed)}")

    def watch_hold_s(self, hold_s: float | None) -> None:
        """Show or hide the on-hold indicator with the hold's length."""
        if not self.is_mounted:
            return
        label = self.query_one("#call-hold", Label)
        label.set_class(hold_s is not None, "-on")
        label.update("" if hold_s is None else f"ON HOLD {clock_text(hold_s)}")

    def watch_mood(self, mood: float) -> None:
        """Move the mood meter."""
        if self.is_mounted:
            self.query_one(MoodMeter).mood = mood

    def on_mount(self) -> None:
        """Show the initial values."""
        self.watch_elapsed(self.elapsed)
        self.watch_hold_s(self.hold_s)
        self.watch_mood(self.mood)
