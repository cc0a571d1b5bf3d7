"""The records a transcript is made of, and the words for how a call ended.

The call (`sim`) writes these records, the index (`store`) and the debrief read them: they sit
below all three so none of them has to import another to know what a turn is.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

SCHEMA_VERSION = 1

Speaker = Literal["customer", "trainee", "system"]


def now_iso() -> str:
    """The current time as an ISO-8601 string in UTC (what every record carries)."""
    return datetime.now(UTC).isoformat(timespec="milliseconds")


class Record(BaseModel):
    """Base of every transcript line: unknown keys are kept so newer files still load."""

    model_config = ConfigDict(extra="allow")


class Header(Record):
    """Who, what and how: the first line of every transcript."""

    type: Literal["header"] = "header"
    schema_version: int = SCHEMA_VERSION
    call_id: str
    scenario_id: str
    scenario_title: str = ""
    scenario_hash: str = ""
    persona_id: str = ""
    persona_name: str = ""
    difficulty: str = "medium"
    backend: str = ""
    model: str = ""
    trainee: str = "trainee"
    exam: bool = False
    started_at: str = Field(default_factory=now_iso)


class TurnState(Record):
    """The director's state after a turn (mood 0 calm .. 100 furious)."""

    mood: float
    band: str
    revealed: list[str] = Field(default_factory=list)
    goals_met: list[str] = Field(default_factory=list)


LINE_SOURCES: dict[str, str] = {
    "opening": "authored: opening",
    "end": "authored: ending",
    "fact": "authored: fact",
    "reaction": "authored: goal reaction",
    "answer": "authored: answer",
    "reaction+fact": "authored: goal reaction, then a fact",
    "reaction+answer": "authored: goal reaction, then an answer",
    "close_early": "authored: a goal still open when the trainee wrapped up",
    "reaction+close_early": "authored: goal reaction, then a goal still open",
    "frame": "authored: reply to a line from outside the call",
    "hold": "authored: back from hold",
    "fallback": "authored: fallback",
    "scripted": "authored: scripted",
    "chosen": "model chose an authored line",
    "model": "model wrote",
    "retry": "model wrote (second try)",
}
"""Where a customer line came from, in the trainer's words: what is authored and what the model
wrote shows where a scenario is thin."""


def line_source(turn: Turn) -> str:
    """The trainer's label for where a customer line came from ("" for the trainee's lines)."""
    if turn.speaker != "customer":
        return ""
    return LINE_SOURCES.get(turn.source or "model", turn.source or "model")


class Turn(Record):
    """One line spoken in the call."""

    type: Literal["turn"] = "turn"
    id: int
    speaker: Speaker
    text: str
    started_at: str = Field(default_factory=now_iso)
    ended_at: str = Field(default_factory=now_iso)
    behaviours: list[str] = Field(default_factory=list)
    state: TurnState | None = None
    response_s: float | None = Field(
        default=None, description="Trainee turns: seconds from the customer's last line to send."
    )
    source: str | None = Field(
        default=None, description="Customer turns: model, retry, fallback, opening, scripted, end."
    )
    checks: list[str] = Field(default_factory=list, description="Line checks that failed.")


class Event(Record):
    """Something that is not a line: hold, resume, hint, error."""

    type: Literal["event"] = "event"
    kind: Literal["hold", "resume", "hint", "error", "note"]
    at: str = Field(default_factory=now_iso)
    duration_s: float | None = None
    text: str = ""
    asked_permission: bool | None = None


class Close(Record):
    """The last line of a properly ended call."""

    type: Literal["close"] = "close"
    end_reason: str
    ended_at: str = Field(default_factory=now_iso)
    state: TurnState | None = None


def _stamp(text: str | None) -> datetime | None:
    try:
        return datetime.fromisoformat(text) if text else None
    except ValueError:
        return None


def call_duration(
    header: Header, turns: list[Turn], events: list[Event], close: Close | None
) -> float | None:
    """Seconds from the call's start to its last record, to a tenth of a second.

    The one duration of a call: the summary after the call (from the session's records) and the
    debrief and reports (from the file) show the same figure. None without readable times.
    """
    start = _stamp(header.started_at)
    stamps = [t.ended_at for t in turns] + [e.at for e in events]
    if close is not None:
        stamps.append(close.ended_at)
    ends = [d for d in (_stamp(s) for s in stamps) if d is not None]
    if start is None or not ends:
        return None
    return round(max(0.0, (max(ends) - start).total_seconds()), 1)


class Transcript(BaseModel):
    """A whole call as read back from disk."""

    path: Path | None = None
    header: Header
    turns: list[Turn] = Field(default_factory=list)
    events: list[Event] = Field(default_factory=list)
    close: Close | None = None
    problems: list[str] = Field(default_factory=list, description="Lines that could not be read.")

    @property
    def duration_s(self) -> float | None:
        """How long the call lasted (see `call_duration`)."""
        return call_duration(self.header, self.turns, self.events, self.close)

    @property
    def end_reason(self) -> str:
        """Why the call ended; `abandoned` when it never closed (a crash or a kill)."""
        return self.close.end_reason if self.close else "abandoned"

    def trainee_turns(self) -> list[Turn]:
        """The trainee's lines, in order."""
        return [t for t in self.turns if t.speaker == "trainee"]

    def turn(self, turn_id: int) -> Turn | None:
        """The turn with this id, if any."""
        return next((t for t in self.turns if t.id == turn_id), None)


def parse_record(data: dict[str, Any]) -> Record:
    """The typed record for one decoded line."""
    kind = data.get("type")
    if kind == "header":
        return Header.model_validate(data)
    if kind == "turn":
        return Turn.model_validate(data)
    if kind == "event":
        return Event.model_validate(data)
    if kind == "close":
        return Close.model_validate(data)
    raise ValueError(f"unknown record type {kind!r}")
