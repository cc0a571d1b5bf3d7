"""Every message the app's screens and widgets post upwards, in one place.

Widgets never reach into their parents: they post one of these and the screen or the app,
which owns the state, decides what happens.
"""

from __future__ import annotations

from dataclasses import dataclass

from textual.message import Message

from roleplay.tui.outcome import CallOutcome


@dataclass(frozen=True)
class CallRequest:
    """What the trainee chose on the home screen: enough to start (or restart) a call."""

    scenario_id: str
    difficulty: str
    trainee: str


class StartCall(Message):
    """Start a call (from home, or "same scenario again" on the summary screen)."""

    def __init__(self, request: CallRequest) -> None:
        super().__init__()
        self.request = request


class CallFinished(Message):
    """The call is over and its outcome is ready for the summary screen."""

    def __init__(self, outcome: CallOutcome) -> None:
        super().__init__()
        self.outcome = outcome


class GoHome(Message):
    """Back to the home screen to pick another call (`scenario_id`: the one to highlight)."""

    def __init__(self, scenario_id: str | None = None) -> None:
        super().__init__()
        self.scenario_id = scenario_id


class BackendProgress(Message):
    """A progress line from preparing the backend (the embedded model's first run is slow)."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.text = text


class GradingProgress(Message):
    """A step of grading a finished call (posted from the grading thread)."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.text = text
