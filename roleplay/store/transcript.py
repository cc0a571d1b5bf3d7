"""Append-only JSONL transcripts, fsynced per record, readable after a crash or a kill.

One JSON object per line. The first is the header; then turns, events (hold, resume, hint,
error) and, when the call ended properly, a closing line. A reader skips a torn last line, so
every completed turn survives `kill -9`.
"""

from __future__ import annotations

import itertools
import json
import os
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal, TextIO

from pydantic import BaseModel, ConfigDict, Field

from roleplay.store.names import TRANSCRIPT_SUFFIX, bounded, slug

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
    "frame": "authored: reply to a line from outside the call",
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


class TranscriptError(Exception):
    """A transcript file that cannot be read at all (no header, not JSON lines)."""


def transcript_stem(scenario_id: str, trainee: str, when: datetime) -> str:
    """`<time>-<scenario>-<trainee>`, bounded so every name made from it fits on disk."""
    return bounded(f"{when.strftime('%H%M%S')}-{scenario_id}-{slug(trainee)}")


def create_transcript_file(
    root: Path, scenario_id: str, trainee: str, when: datetime | None = None
) -> tuple[Path, TextIO]:
    """Create a new call's file: transcripts/<date>/<time>-<scenario>-<trainee>.jsonl.

    Created with `open("x")`, which fails instead of sharing a file, and on a clash tried again
    as `-2`, `-3`, …: two calls by one trainee on one scenario in the same second each get
    their own file, whichever process or thread gets there first.
    """
    when = when or datetime.now(UTC)
    folder = root / when.strftime("%Y-%m-%d")
    folder.mkdir(parents=True, exist_ok=True)
    stem = transcript_stem(scenario_id, trainee, when)
    for n in itertools.count(1):
        path = folder / f"{stem if n == 1 else f'{stem}-{n}'}{TRANSCRIPT_SUFFIX}"
        try:
            return path, path.open("x", encoding="utf-8")
        except FileExistsError:
            continue
    raise AssertionError("unreachable")


class TranscriptWriter:
    """Writes one call, one fsynced line per record, so nothing finished is ever lost."""

    def __init__(self, path: Path, header: Header, file: TextIO | None = None) -> None:
        """Start the transcript at `path` (which must not exist yet), or in `file` opened there."""
        self.path = path
        if file is None:
            path.parent.mkdir(parents=True, exist_ok=True)
            file = path.open("x", encoding="utf-8")
        self._file = file
        self.closed = False
        self.append(header)

    @classmethod
    def create(cls, root: Path, header: Header, when: datetime | None = None) -> TranscriptWriter:
        """A writer for a new call under `root`, named after its scenario and trainee."""
        path, file = create_transcript_file(root, header.scenario_id, header.trainee, when)
        return cls(path, header, file)

    def append(self, record: Record) -> None:
        """Write one record and force it to disk before returning."""
        if self.closed:
            raise ValueError(f"transcript {self.path} is already closed")
        line = json.dumps(record.model_dump(mode="json", exclude_none=True), ensure_ascii=False)
        self._file.write(line + "\n")
        self._file.flush()
        os.fsync(self._file.fileno())

    def close(self, record: Close | None = None) -> None:
        """Write the closing line (if given) and release the file; safe to call twice."""
        if self.closed:
            return
        if record is not None:
            self.append(record)
        self._file.close()
        self.closed = True


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


def read_transcript(path: Path) -> Transcript:
    """Read a transcript, skipping (and reporting) torn or damaged lines after the header."""
    try:
        raw = path.read_text(encoding="utf-8", errors="replace")
    except OSError as exc:
        raise TranscriptError(f"{path}: cannot read ({exc.strerror})") from None
    header: Header | None = None
    turns: list[Turn] = []
    events: list[Event] = []
    close: Close | None = None
    problems: list[str] = []
    for lineno, line in enumerate(raw.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            record = parse_record(json.loads(line))
        except (ValueError, TypeError) as exc:
            problems.append(f"{path}:{lineno}: skipped a damaged line ({str(exc).splitlines()[0]})")
            continue
        if isinstance(record, Header):
            if header is None:
                header = record
            else:
                problems.append(f"{path}:{lineno}: skipped a second header")
        elif header is None:
            break
        elif isinstance(record, Turn):
            turns.append(record)
        elif isinstance(record, Event):
            events.append(record)
        elif isinstance(record, Close):
            close = record
    if header is None:
        raise TranscriptError(f"{path}: not a roleplay transcript (no header line)")
    return Transcript(
        path=path, header=header, turns=turns, events=events, close=close, problems=problems
    )
