"""What `CallSession.reply_to` yields while the customer speaks."""

from __future__ import annotations

from dataclasses import dataclass

from roleplay.sim.state import CallState
from roleplay.transcript import Event, Turn


@dataclass(frozen=True)
class Chunk:
    """A piece of the customer's line, to show as it arrives."""

    text: str


@dataclass(frozen=True)
class Retract:
    """Throw away what was streamed so far: the line failed a check and is being replaced."""

    reason: str


@dataclass(frozen=True)
class Said:
    """The customer's line is complete and saved; `turn.text` is what was finally said.

    `notice` is set when the line was cut short (the model too slow or too long-winded): what
    arrived stands, and the trainee should be told why it stopped.
    """

    turn: Turn
    state: CallState
    notice: str = ""


ReplyEvent = Chunk | Retract | Said


@dataclass(frozen=True)
class Resumed:
    """The trainee came back from a hold: the resume record and the customer's reaction, if any."""

    event: Event
    reaction: Turn | None
