"""What a report says, gathered once from the index and rendered three ways.

Scores are effective scores: a team lead's override counts instead of the machine's, and the
overrides themselves (machine score, new score, who, when, note) are listed in every format.
Abandoned and zero-turn calls are not graded: listed, counted, and left out of every figure.
Criteria are columns by *name*, taken from the calls in the report, so two scenarios that name
a skill alike share one column and a scenario nobody played adds none.
"""

from __future__ import annotations

import sqlite3
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime

from roleplay.store import queries
from roleplay.store.queries import CallFilter, CallListRow, OverrideEntry, Summary
from roleplay.transcript.dates import day_month, written

CALLS_SHOWN = 500
"""The per-call table lists at most this many calls, newest first (the figures use them all)."""


@dataclass
class Report:
    """Team, per-trainee and per-scenario summaries, recent calls, criteria and overrides."""

    generated_at: str
    filters: dict[str, str]
    team: Summary
    trainees: list[Summary]
    criteria: dict[str, str] = field(default_factory=dict)
    overrides: list[OverrideEntry] = field(default_factory=list)
    scenarios: list[Summary] = field(default_factory=list)
    calls: list[CallListRow] = field(default_factory=list)

    def as_dict(self) -> dict[str, object]:
        """Plain data (the JSON format)."""
        return asdict(self)


RECENT_CALLS = 12
"""Calls drawn one bar each while a trainee's calls fall in a single month."""


def _with_detail(db: sqlite3.Connection, summary: Summary, flt: CallFilter) -> Summary:
    summary.criteria = queries.criterion_averages_by_name(db, flt)
    summary.trend = queries.trend(db, flt)
    if len(summary.trend) < 2:
        summary.recent = queries.recent_calls(db, flt, RECENT_CALLS)
    return summary


def _narrowed(flt: CallFilter, **changes: str | None) -> CallFilter:
    return CallFilter(**{**flt.__dict__, **changes})


def build_report(db: sqlite3.Connection, flt: CallFilter = CallFilter()) -> Report:
    """Gather everything a report shows for the calls under `flt`."""
    team = _with_detail(db, queries.team_summary(db, flt), flt)
    trainees = [
        _with_detail(db, s, _narrowed(flt, trainee=s.name))
        for s in queries.trainee_summaries(db, flt)
    ]
    scenarios = [
        _with_detail(db, s, _narrowed(flt, scenario=s.scenario_id))
        for s in queries.scenario_summaries(db, flt)
    ]
    used = sorted(team.criteria, key=str.lower)
    filters = {k: str(v) for k, v in flt.__dict__.items() if v is not None}
    return Report(
        generated_at=datetime.now(UTC).isoformat(timespec="seconds"),
        filters=filters,
        team=team,
        trainees=trainees,
        criteria={name: name for name in used},
        overrides=queries.override_trail(db, flt),
        scenarios=scenarios,
        calls=queries.list_calls(db, flt, limit=CALLS_SHOWN),
    )


def left_out_text(summary: Summary) -> str:
    """Why calls are missing from the figures, in words ('' when none are)."""
    parts = []
    if summary.abandoned:
        parts.append(f"{summary.abandoned} abandoned (never finished)")
    if summary.no_turns:
        parts.append(f"{summary.no_turns} where the trainee said nothing")
    if not parts:
        return ""
    calls = "call" if summary.not_graded == 1 else "calls"
    return (
        f"{summary.not_graded} {calls} not graded and left out of averages, pass rates and "
        f"trends: {' and '.join(parts)}."
    )


def trend_text(trend: list[tuple[str, float]]) -> str:
    """`2025-01 55.0; 2025-02 61.2` (a spreadsheet cell or a table cell)."""
    return "; ".join(f"{k} {v:.1f}" for k, v in trend)


def change(trend: list[tuple[str, float]]) -> float | None:
    """Last period's average minus the first's: is this trainee improving?"""
    if len(trend) < 2:
        return None
    return round(trend[-1][1] - trend[0][1], 1)


def readable_time(text: str | None) -> str:
    """`2025-02-03T09:14:00` as `3 Feb 2025 09:14` (dates a person reads, not ISO)."""
    if not text:
        return ""
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        return text
    if moment.tzinfo is not None:
        return f"{written(moment.astimezone(UTC))} UTC"
    return written(moment)


def readable_day(started_at: str) -> tuple[str, str]:
    """`2025-02-07T13:31:00` as (`7 Feb`, `13:31`): a call's bar label, two short lines."""
    try:
        moment = datetime.fromisoformat(started_at)
    except ValueError:
        return started_at[:10], ""
    return day_month(moment), f"{moment:%H:%M}"


def readable_month(key: str) -> str:
    """`2025-02` as `Feb 2025` (a trend's period label)."""
    try:
        return datetime.strptime(key, "%Y-%m").strftime("%b %Y")
    except ValueError:
        return key
