"""Questions a team lead asks of the review index, each one bounded SQL (pages, not whole tables).

The review screen, the reports and the scale benchmark all ask through these functions, so what
is fast in the benchmark is what is fast on screen.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from roleplay.debrief.model import not_graded_reason

SORTS = {
    "date": "started_at",
    "trainee": "trainee",
    "scenario": "scenario_id",
    "difficulty": "difficulty",
    "duration": "duration_s",
    "score": "overall",
    "pass": "passed",
    "end": "end_reason",
}
"""Sort keys the review table offers, mapped to their column."""

CALL_COLUMNS = (
    "id, path, call_id, started_at, trainee, scenario_id, scenario_title, difficulty, "
    "duration_s, turns, end_reason, overall, machine_overall, passed, grader, overrides, problem, "
    "trainee_turns"
)


@dataclass(frozen=True)
class CallFilter:
    """Which calls to look at; every field left empty means 'all'."""

    trainee: str | None = None
    scenario: str | None = None
    since: str | None = None
    until: str | None = None
    passed: bool | None = None
    not_graded: bool | None = None
    """True: only the calls that are not graded (abandoned, or the trainee never spoke)."""

    def where(self, alias: str = "") -> tuple[str, list[Any]]:
        """The SQL condition and its parameters (`alias` prefixes column names, e.g. 'c.')."""
        parts: list[str] = []
        params: list[Any] = []
        if self.trainee:
            parts.append(f"{alias}trainee = ?")
            params.append(self.trainee)
        if self.scenario:
            parts.append(f"{alias}scenario_id = ?")
            params.append(self.scenario)
        if self.since:
            parts.append(f"{alias}started_at >= ?")
            params.append(self.since)
        if self.until:
            parts.append(f"{alias}started_at < ?")
            params.append(_day_after(self.until))
        if self.passed is not None:  # a call that is not graded neither passed nor failed
            parts.append(f"{alias}passed = ? AND NOT {not_graded_sql(alias)}")
            params.append(int(self.passed))
        if self.not_graded:
            parts.append(not_graded_sql(alias))
        return (" WHERE " + " AND ".join(parts) if parts else ""), params


def _day_after(text: str) -> str:
    """`until` is inclusive of its whole day when given as a date."""
    try:
        day = date.fromisoformat(text[:10])
    except ValueError:
        return text
    if len(text) <= 10:
        return (day + timedelta(days=1)).isoformat()
    return text


def parse_day(text: str) -> str:
    """A `YYYY-MM-DD` (or full ISO) date as index text; ValueError on anything else."""
    text = text.strip()
    try:
        if len(text) <= 10:
            return date.fromisoformat(text).isoformat()
        return datetime.fromisoformat(text).strftime("%Y-%m-%dT%H:%M:%S")
    except ValueError:
        raise ValueError(f"'{text}' is not a date (use YYYY-MM-DD)") from None


@dataclass
class CallListRow:
    """One line of the review table."""

    id: int
    path: str
    call_id: str
    started_at: str
    trainee: str
    scenario_id: str
    scenario_title: str
    difficulty: str
    duration_s: float | None
    turns: int
    end_reason: str
    overall: float | None
    machine_overall: float | None
    passed: bool | None
    grader: str | None
    overrides: int
    problem: str | None
    trainee_turns: int = 0


def _call_row(values: tuple[Any, ...]) -> CallListRow:
    row = CallListRow(*values)
    row.passed = None if row.passed is None else bool(row.passed)
    return row


def list_calls(
    db: sqlite3.Connection,
    flt: CallFilter = CallFilter(),
    *,
    sort: str = "date",
    descending: bool = True,
    limit: int = 100,
    offset: int = 0,
) -> list[CallListRow]:
    """One page of calls, filtered and sorted (ties broken by id so pages never overlap).

    Ungraded calls (no score) sort as lowest, SQLite's order for NULL; so do calls that are not
    graded (abandoned, or the trainee never spoke) when sorting by score or result, whatever
    score their debrief holds, since the table shows them as "–" and "not graded".
    """
    column = SORTS.get(sort)
    if column is None:
        raise ValueError(f"unknown sort '{sort}'; choose one of: {', '.join(SORTS)}")
    if sort in ("score", "pass"):
        column = f"CASE WHEN {NOT_GRADED} THEN NULL ELSE {column} END"
    where, params = flt.where()
    direction = "DESC" if descending else "ASC"
    sql = (
        f"SELECT {CALL_COLUMNS} FROM calls{where} "
        f"ORDER BY {column} {direction}, id {direction} LIMIT ? OFFSET ?"
    )
    return [_call_row(v) for v in db.execute(sql, [*params, limit, offset])]


def count_calls(db: sqlite3.Connection, flt: CallFilter = CallFilter()) -> int:
    """How many calls match the filter."""
    where, params = flt.where()
    return int(db.execute(f"SELECT COUNT(*) FROM calls{where}", params).fetchone()[0])


def call_by_id(db: sqlite3.Connection, row_id: int) -> CallListRow | None:
    """One call by its index id."""
    found = db.execute(f"SELECT {CALL_COLUMNS} FROM calls WHERE id = ?", (row_id,)).fetchone()
    return _call_row(found) if found else None


def distinct(db: sqlite3.Connection, column: str) -> list[str]:
    """Every trainee (or scenario id) in the index, for filter choices."""
    if column not in ("trainee", "scenario_id"):
        raise ValueError(column)
    return [v for (v,) in db.execute(f"SELECT DISTINCT {column} FROM calls ORDER BY 1")]


def not_graded_sql(alias: str = "") -> str:
    """The SQL test for a call that is not graded (`alias` prefixes column names, e.g. 'c.')."""
    return f"({alias}end_reason = 'abandoned' OR {alias}trainee_turns = 0)"


NOT_GRADED = not_graded_sql()
"""A call that never finished, or where the trainee never spoke (the customer's opening is no
call): its score says nothing about the trainee,
so it is not graded and is left out of every average, pass rate and trend."""
COUNTED = f"(NOT {NOT_GRADED} AND overall IS NOT NULL)"
"""A call whose score counts in averages, pass rates and trends."""


def graded_call(end_reason: str, trainee_turns: int) -> bool:
    """The same rule as NOT_GRADED, for one call already read (tables, the review screen)."""
    return not not_graded_reason(end_reason, trainee_turns)


@dataclass
class Summary:
    """Calls, average score and pass rate for one group (a trainee, a scenario, the team).

    `graded` counts the calls whose score counts; `abandoned` and `no_turns` count the calls
    left out as not graded, so a report can say how many and why.
    """

    name: str
    calls: int
    graded: int
    average: float | None
    pass_rate: float | None
    overrides: int = 0
    criteria: dict[str, float] = field(default_factory=dict)
    trend: list[tuple[str, float]] = field(default_factory=list)
    recent: list[tuple[str, float]] = field(default_factory=list)
    """The last graded calls as (start, score): the trend while it has only one month."""
    abandoned: int = 0
    no_turns: int = 0
    scenario_id: str | None = None

    @property
    def not_graded(self) -> int:
        """Calls left out of the figures (abandoned or without a single turn)."""
        return self.abandoned + self.no_turns


def _summary(name: str, values: tuple[Any, ...]) -> Summary:
    calls, graded, average, passes, overrides, abandoned, no_turns = values
    return Summary(
        name=name,
        calls=int(calls or 0),
        graded=int(graded or 0),
        average=None if average is None else round(float(average), 1),
        pass_rate=round((passes or 0) / graded * 100, 1) if graded else None,
        overrides=int(overrides or 0),
        abandoned=int(abandoned or 0),
        no_turns=int(no_turns or 0),
    )


_AGG = (
    f"COUNT(*), SUM({COUNTED}), AVG(CASE WHEN {COUNTED} THEN overall END), "
    f"SUM(CASE WHEN {COUNTED} THEN passed END), SUM(overrides), "
    "SUM(end_reason = 'abandoned'), SUM(end_reason != 'abandoned' AND trainee_turns = 0)"
)


def team_summary(db: sqlite3.Connection, flt: CallFilter = CallFilter()) -> Summary:
    """The whole team's figures under the filter."""
    where, params = flt.where()
    return _summary("team", db.execute(f"SELECT {_AGG} FROM calls{where}", params).fetchone())


def trainee_summaries(db: sqlite3.Connection, flt: CallFilter = CallFilter()) -> list[Summary]:
    """Per-trainee figures under the filter, by name."""
    where, params = flt.where()
    sql = f"SELECT trainee, {_AGG} FROM calls{where} GROUP BY trainee ORDER BY trainee"
    return [_summary(name, rest) for name, *rest in db.execute(sql, params)]


def scenario_summaries(db: sqlite3.Connection, flt: CallFilter = CallFilter()) -> list[Summary]:
    """Per-scenario figures under the filter, named by the scenario's title, by title."""
    where, params = flt.where()
    sql = (
        f"SELECT scenario_id, MAX(scenario_title), {_AGG} FROM calls{where} "
        "GROUP BY scenario_id ORDER BY 2, 1"
    )
    found = []
    for scenario_id, title, *rest in db.execute(sql, params):
        summary = _summary(title or scenario_id, tuple(rest))
        summary.scenario_id = scenario_id
        found.append(summary)
    return found


def criterion_averages(db: sqlite3.Connection, flt: CallFilter = CallFilter()) -> dict[str, float]:
    """Average effective score (1–5, overrides applied) per criterion id under the filter."""
    return _criterion_averages(db, flt, "k.criterion_id")


def criterion_averages_by_name(
    db: sqlite3.Connection, flt: CallFilter = CallFilter()
) -> dict[str, float]:
    """Average effective score per criterion *name*, as a team lead reads them.

    Two scenarios may name the same skill alike under different ids ("Confidence and plain
    words"): one column, not two with the same header. Only criteria of calls under the
    filter appear, so names come from the scenarios actually played.
    """
    return _criterion_averages(db, flt, "k.name")


def _criterion_averages(db: sqlite3.Connection, flt: CallFilter, key: str) -> dict[str, float]:
    where, params = flt.where("c.")
    if where:
        sql = (
            f"SELECT {key}, AVG(k.score) FROM calls c JOIN criteria k ON k.call = c.id{where} "
            f"AND k.score IS NOT NULL AND NOT {not_graded_sql('c.')} GROUP BY {key} ORDER BY 1"
        )
    else:
        # The whole team: read the criteria alone (their index covers this) and skip the few
        # calls that are not graded, instead of joining every call.
        sql = (
            f"SELECT {key}, AVG(k.score) FROM criteria k WHERE k.score IS NOT NULL AND k.call "
            f"NOT IN (SELECT id FROM calls WHERE {NOT_GRADED}) GROUP BY {key} ORDER BY 1"
        )
    return {cid: round(float(avg), 2) for cid, avg in db.execute(sql, params)}


def trend(
    db: sqlite3.Connection, flt: CallFilter = CallFilter(), *, period: str = "month"
) -> list[tuple[str, float]]:
    """Average score per week or month, oldest first: progress over time."""
    width = {"day": 10, "month": 7, "year": 4}.get(period)
    if width is None and period != "week":
        raise ValueError(f"unknown period '{period}'")
    key = f"substr(started_at, 1, {width})" if width else "strftime('%Y-W%W', started_at)"
    where, params = flt.where()
    cond = f"{where} AND {COUNTED}" if where else f" WHERE {COUNTED}"
    sql = f"SELECT {key} AS k, AVG(overall) FROM calls{cond} GROUP BY k ORDER BY k"
    return [(k, round(float(avg), 1)) for k, avg in db.execute(sql, params)]


def recent_calls(
    db: sqlite3.Connection, flt: CallFilter, limit: int = 60
) -> list[tuple[str, float]]:
    """The last `limit` graded calls under the filter as (start, score), oldest first."""
    where, params = flt.where()
    cond = f"{where} AND {COUNTED}" if where else f" WHERE {COUNTED}"
    sql = f"SELECT started_at, overall FROM calls{cond} ORDER BY started_at DESC, id DESC LIMIT ?"
    return [(at, float(v)) for at, v in db.execute(sql, [*params, limit])][::-1]


def recent_scores(db: sqlite3.Connection, flt: CallFilter, limit: int = 60) -> list[float]:
    """The last `limit` graded scores under the filter, oldest first (for a sparkline)."""
    return [score for _, score in recent_calls(db, flt, limit)]


@dataclass
class CriterionDetail:
    """One criterion of one call as the review screen shows it."""

    criterion_id: str
    name: str
    weight: int
    machine_score: int | None
    score: int | None
    overridden: bool
    override_by: str | None
    override_at: str | None
    override_note: str | None


def call_criteria(db: sqlite3.Connection, row_id: int) -> list[CriterionDetail]:
    """The graded criteria of one call, with the latest override beside the machine's score."""
    rows = db.execute(
        "SELECT criterion_id, name, weight, machine_score, score, overridden, override_by, "
        "override_at, override_note FROM criteria WHERE call = ? ORDER BY weight DESC, 1",
        (row_id,),
    )
    return [
        CriterionDetail(cid, name, w, m, s, bool(o), by, at, note)
        for cid, name, w, m, s, o, by, at, note in rows
    ]


@dataclass
class OverrideEntry:
    """One line of the override audit trail, for reports."""

    path: str
    call_id: str
    trainee: str
    scenario_id: str
    criterion_id: str
    machine_score: int | None
    score: int | None
    by: str
    at: str
    note: str
    criterion_name: str = ""
    scenario_title: str = ""


def override_trail(db: sqlite3.Connection, flt: CallFilter = CallFilter()) -> list[OverrideEntry]:
    """Every human override under the filter, oldest first, with the machine's score beside it."""
    where, params = flt.where("c.")
    sql = (
        "SELECT c.path, c.call_id, c.trainee, c.scenario_id, o.criterion_id, k.machine_score, "
        "o.score, o.by, o.at, o.note, COALESCE(k.name, o.criterion_id), "
        "COALESCE(c.scenario_title, c.scenario_id) "
        "FROM overrides o JOIN calls c ON c.id = o.call "
        "LEFT JOIN criteria k ON k.call = o.call AND k.criterion_id = o.criterion_id"
        f"{where} ORDER BY o.at, c.id"
    )
    return [OverrideEntry(*v) for v in db.execute(sql, params)]
