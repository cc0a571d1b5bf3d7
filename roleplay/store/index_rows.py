"""Turn one transcript and its debrief into the rows the review index keeps.

Reading is deliberately lean (plain JSON, no model validation of every turn) so that a team's
whole history indexes in seconds; anything odd becomes a warning on the row, never a crash.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from roleplay.debrief.fingerprint import digest
from roleplay.debrief.model import overall_score
from roleplay.transcript.names import debrief_name

TURN_PREFIX = b'{"type": "turn"'
TRAINEE_SPEAKS = b'"speaker": "trainee"'  # a turn's text is JSON-escaped, so it never holds this
"""How every turn line starts as the transcript writer writes it (json.dumps, `type` first)."""


class CallUnreadable(Exception):
    """A transcript that cannot be indexed at all (not JSON lines, or no header)."""


def debrief_file(transcript: Path) -> Path:
    """Where a transcript's debrief lives: `<transcript stem>.debrief.json` beside it."""
    return transcript.with_name(debrief_name(transcript.name))


@dataclass
class CriterionRow:
    """One criterion of one call: the machine's score, and the latest override beside it."""

    criterion_id: str
    name: str
    weight: int
    machine_score: int | None
    score: int | None
    overridden: bool = False
    override_by: str | None = None
    override_at: str | None = None
    override_note: str | None = None


@dataclass
class OverrideRow:
    """One entry of a debrief's override audit trail."""

    criterion_id: str
    score: int | None
    note: str
    by: str
    at: str


@dataclass
class CallRow:
    """What the review screen and reports show about one call."""

    call_id: str
    started_at: str
    trainee: str
    scenario_id: str
    scenario_title: str
    difficulty: str
    exam: bool
    backend: str
    duration_s: float | None
    turns: int
    end_reason: str
    trainee_turns: int = 0
    """Lines the trainee said: a call without one is not graded, whatever the customer said."""
    overall: float | None = None
    machine_overall: float | None = None
    passed: bool | None = None
    machine_passed: bool | None = None
    grader: str | None = None
    graded_with: str | None = None
    """The digest of what the saved grade was made with (`fingerprint.digest`): a report
    compares it with today's and reads only the calls whose grade may be stale."""
    overrides: int = 0
    open: bool = False
    """No closing line yet: the call may still be running, and its file may still grow."""
    problems: list[str] = field(default_factory=list)
    criteria: list[CriterionRow] = field(default_factory=list)
    audit: list[OverrideRow] = field(default_factory=list)


def utc_iso(text: str | None) -> str | None:
    """An ISO timestamp normalised to UTC `YYYY-MM-DDTHH:MM:SS` (sorts and compares as text)."""
    moment = parse_time(text)
    return moment.strftime("%Y-%m-%dT%H:%M:%S") if moment else None


def parse_time(text: str | None) -> datetime | None:
    """An ISO timestamp as an aware UTC datetime, or None when missing or malformed."""
    if not text or not isinstance(text, str):
        return None
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC)


def read_call(transcript: Path, debrief: Path | None) -> CallRow:
    """The index rows for one call; raises CallUnreadable when the transcript has no header."""
    try:
        raw = transcript.read_bytes()
    except OSError as exc:
        raise CallUnreadable(f"cannot read ({exc.strerror or exc})") from None
    row = _from_transcript(raw)
    if debrief is not None:
        try:
            data = json.loads(debrief.read_bytes())
            _add_debrief(row, data)
        except (OSError, ValueError, TypeError, KeyError, AttributeError) as exc:
            detail = str(exc).splitlines()[0] if str(exc) else exc.__class__.__name__
            row.problems.append(f"debrief {debrief.name} is unreadable ({detail}); not graded")
            row.criteria, row.audit = [], []
            row.overall = row.machine_overall = None
            row.passed = row.machine_passed = None
            row.grader, row.graded_with, row.overrides = None, None, 0
    return row


def _from_transcript(raw: bytes) -> CallRow:
    header: dict[str, Any] | None = None
    turns = trainee_turns = 0
    damaged = 0
    end_reason = "abandoned"
    closed = False
    last_at: str | None = None
    unread_turn: bytes | None = None
    for line in raw.split(b"\n"):
        if not line.strip():
            continue
        if header is not None and line.startswith(TURN_PREFIX) and line.rstrip().endswith(b"}"):
            # Most lines are turns and only the last one's time matters: count, don't decode.
            turns += 1
            trainee_turns += TRAINEE_SPEAKS in line
            unread_turn = line
            continue
        try:
            record = json.loads(line)
        except ValueError:
            damaged += 1
            continue
        if not isinstance(record, dict):
            damaged += 1
            continue
        kind = record.get("type")
        if header is None:
            if kind != "header":
                break
            header = record
            continue
        if kind == "turn":
            turns += 1
            trainee_turns += record.get("speaker") == "trainee"
            last_at = record.get("ended_at") or last_at
        elif kind == "event":
            last_at = record.get("at") or last_at
        elif kind == "close":
            end_reason = str(record.get("end_reason") or "abandoned")
            closed = True
            last_at = record.get("ended_at") or last_at
        else:
            continue
        unread_turn = None
    if unread_turn is not None:
        try:
            last_at = json.loads(unread_turn).get("ended_at") or last_at
        except (ValueError, AttributeError):
            turns -= 1
            trainee_turns -= TRAINEE_SPEAKS in unread_turn
            damaged += 1
    if header is None:
        raise CallUnreadable("not a roleplay transcript (no header line)")
    call_id, scenario_id = header.get("call_id"), header.get("scenario_id")
    if not isinstance(call_id, str) or not isinstance(scenario_id, str):
        raise CallUnreadable("the header has no call_id or scenario_id")
    started = parse_time(header.get("started_at"))
    if started is None:
        raise CallUnreadable("the header has no valid started_at")
    ended = parse_time(last_at)
    duration = round((ended - started).total_seconds(), 1) if ended else None
    row = CallRow(
        call_id=call_id,
        started_at=started.strftime("%Y-%m-%dT%H:%M:%S"),
        trainee=str(header.get("trainee") or "trainee"),
        scenario_id=scenario_id,
        scenario_title=str(header.get("scenario_title") or scenario_id),
        difficulty=str(header.get("difficulty") or "medium"),
        exam=bool(header.get("exam", False)),
        backend=str(header.get("backend") or ""),
        duration_s=duration if duration is None or duration >= 0 else None,
        turns=turns,
        trainee_turns=trainee_turns,
        end_reason=end_reason,
        open=not closed,
    )
    if damaged:
        row.problems.append(f"{damaged} damaged line(s) skipped")
    return row


def _score(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _add_debrief(row: CallRow, data: dict[str, Any]) -> None:
    """Fill the grading columns from a decoded debrief (effective scores apply overrides)."""
    latest: dict[str, dict[str, Any]] = {}
    for item in data.get("overrides") or []:
        audit = OverrideRow(
            criterion_id=str(item["criterion_id"]),
            score=_score(item.get("score")),
            note=str(item.get("note") or ""),
            by=str(item["by"]),
            at=str(item.get("at") or ""),
        )
        row.audit.append(audit)
        latest[audit.criterion_id] = item
    for item in data["criteria"]:
        cid = str(item["id"])
        machine = _score(item.get("score"))
        over = latest.get(cid)
        row.criteria.append(
            CriterionRow(
                criterion_id=cid,
                name=str(item.get("name") or cid),
                weight=int(item.get("weight") or 0),
                machine_score=machine,
                score=_score(over.get("score")) if over else machine,
                overridden=over is not None,
                override_by=str(over["by"]) if over else None,
                override_at=str(over.get("at") or "") if over else None,
                override_note=str(over.get("note") or "") if over else None,
            )
        )
    row.machine_overall = float(data["overall"])
    row.machine_passed = bool(data["passed"])
    row.grader = str(data.get("grader") or "")
    graded_with = data.get("graded_with")
    row.graded_with = digest(graded_with) if isinstance(graded_with, dict) else None
    row.overrides = len(row.audit)
    if latest:
        row.overall = overall_score((c.weight, c.score) for c in row.criteria)
        pass_mark = data.get("pass_mark", 70)
        row.passed = not data.get("auto_fail") and row.overall >= pass_mark
    else:
        row.overall, row.passed = row.machine_overall, row.machine_passed
