"""The call's status line: scenario and customer, the call timer, the hold indicator, the mood."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.reactive import reactive
from textual.widgets import Label

from roleplay.tui.outcome import clock_text
from roleplay.tui.widgets.mood import MoodMeter

if TYPE_CHECKING:
    from roleplay.sim.session import CallSession


def timer_text(elapsed: float) -> str:
    """The call timer as shown."""
    return f"Call {clock_text(elapsed)}"


def hold_text(hold_s: float | None) -> str:
    """The on-hold indicator as shown (empty when not on hold)."""
    return "" if hold_s is None else f"ON HOLD {clock_text(hold_s)}"


class CallStatus(Horizontal):
    """One line at the top of the call screen; its screen sets the attributes every second."""

    elapsed: reactive[float] = reactive(0.0)
    hold_s: reactive[float | None] = reactive(None)
    mood: reactive[float] = reactive(50.0)

    def __init__(self, title: str) -> None:
        super().__init__()
        self.title = title

    def compose(self) -> ComposeResult:
        """Title, hold indicator, timer and mood meter (shown once the call connects)."""
        yield Label(self.title, id="call-title")
        yield Label(hold_text(self.hold_s), id="call-hold")
        yield Label(timer_text(self.elapsed), id="call-timer")
        meter = MoodMeter(id="mood")
        meter.mood = self.mood
        meter.display = False
        yield meter

    def watch_elapsed(self, elapsed: float) -> None:
        """Tick the call timer."""
        for label in self.query("#call-timer").results(Label):
            label.update(timer_text(elapsed))

    def watch_hold_s(self, hold_s: float | None) -> None:
        """Show or hide the on-hold indicator with the hold's length."""
        for label in self.query("#call-hold").results(Label):
            label.set_class(hold_s is not None, "-on")
            label.update(hold_text(hold_s))

    def watch_mood(self, mood: float) -> None:
        """Move the mood meter."""
        for meter in self.query(MoodMeter):
            meter.mood = mood

    def follow(self, session: CallSession) -> None:
        """The clock, the growing wait of a hold, and the mood as the wait is landing."""
        if not session.ended:
            self.elapsed = session.elapsed()
        self.hold_s = session.hold_seconds() if session.state.on_hold else None
        self.mood = session.mood_on_hold()
