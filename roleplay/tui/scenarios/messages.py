"""What the Scenarios app's screens post upwards; the app decides which screen comes next."""

from __future__ import annotations

from textual.message import Message

from roleplay.authoring.files import ScenarioFile


class OpenFile(Message):
    """Open a file in the editor."""

    def __init__(self, item: ScenarioFile) -> None:
        super().__init__()
        self.item = item


class PlayScenario(Message):
    """Run self-play on the scenario in a file."""

    def __init__(self, item: ScenarioFile) -> None:
        super().__init__()
        self.item = item


class SelfplayStep(Message):
    """A run starting or finished (posted from the self-play thread)."""

    def __init__(self, text: str, done: int) -> None:
        super().__init__()
        self.text = text
        self.done = done
