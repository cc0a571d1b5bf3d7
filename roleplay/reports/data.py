"""What a report says, gathered once from the index and rendered three ways.

Scores are effective scores: a team lead's override counts instead of the machine's, and the
overrides themselves (machine score, new score, who, when, note) are listed in every format.
"""

from __future__ import annotations

import sqlite3
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime

from roleplay.store import queries
from roleplay.store.queries import CallFilter, OverrideEntry, Summary


@dataclass
class Report:
    """A team summary, one summary per trainee, per-criterion averages and the override trail."""

    generated_at: str
    filters: dict[str, str]
    team: Summary
    trainees: list[Summary]
    criteria: dict[str, str] = field(default_factory=dict)
    overrides: list[OverrideEntry] = field(default_factory=list)

    def as_dict(self) -> dict[str, object]:
        """Plain data (the JSON format)."""
        return asdict(self)


def _with_detail(db: sqlite3.Connection, summary: Summary, flt: CallFilter) -> Summary:
    summary.criteria = queries.criterion_averages(db, flt)
    summary.trend = queries.trend(db, flt)
    return summary


def left_out_text(summary: Summary) -> str:
    """Why calls are missing from the figures, in words ('' when none are)."""
    parts = []
    if summary.abandoned:
        parts.append(f"{summary.abandoned} abandoned (never finished)")
    if summary.no_turns:
        parts.append(f"{summary.no_turns} with no turns")
    if not parts:
        return ""
    calls = "call" if summary.not_graded == 1 else "calls"
    return (
        f"{summary.not_graded} {calls} not graded and left out of averages, pass rates and "
        f"trends: {' and '.join(parts)}."
    )


def build_report(db: sqlite3.Connection, flt: CallFilter = CallFilter()) -> Report:
    """Gather everything a report shows for the calls under `flt`."""
    team = _with_detail(db, queries.team_summary(db, flt), flt)
    trainees = [
        _with_detail(db, s, CallFilter(**{**flt.__dict__, "trainee": s.name}))
        for s in queries.trainee_summaries(db, flt)
    ]
    names = queries.criterion_names(db)
    used = sorted(team.criteria, key=lambda cid: names.get(cid, cid).lower())
    filters = {k: str(v) for k, v in flt.__dict__.items() if v is not None}
    return Report(
        generated_at=datetime.now(UTC).isoformat(timespec="seconds"),
        filters=filters,
        team=team,
        trainees=trainees,
        criteria={cid: names.get(cid, cid) for cid in used},
        overrides=queries.override_trail(db, flt),
    )


def trend_text(trend: list[tuple[str, float]]) -> str:
    """`2025-01 55.0; 2025-02 61.2` (a spreadsheet cell or a table cell)."""
    return "; ".join(f"{k} {v:.1f}" for k, v in trend)


def change(trend: list[tuple[str, float]]) -> float | None:
    """Last period's average minus the first's: is this trainee improving?"""
    if len(trend) < 2:
        return None
    return round(trend[-1][1] - trend[0][1], 1)
