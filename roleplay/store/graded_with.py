"""Which calls' saved grades may be stale, asked of the index instead of every debrief file.

The index keeps, per call, the digest of what its saved debrief was graded with
(`debrief.fingerprint.digest`). A report computes today's digest once per scenario and reads
only the calls that record another one, or none: with nothing stale that is a few queries,
not a read of every transcript and debrief.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass

from roleplay.store.queries import CallFilter


@dataclass(frozen=True)
class GradedOtherwise:
    """A call whose saved grade was made with another fingerprint than today's, or records none."""

    path: str
    grader: str
    recorded: str | None


def _graded(flt: CallFilter) -> tuple[str, list[object]]:
    where, params = flt.where()
    return (where + " AND " if where else " WHERE ") + "grader IS NOT NULL", list(params)


def graded_scenarios(db: sqlite3.Connection, flt: CallFilter) -> list[str]:
    """The scenarios of the calls the filter matches that have a debrief."""
    where, params = _graded(flt)
    sql = f"SELECT DISTINCT scenario_id FROM calls{where} ORDER BY 1"
    return [scenario for (scenario,) in db.execute(sql, params)]


def graded_otherwise(
    db: sqlite3.Connection, flt: CallFilter, scenario_id: str, current: str
) -> list[GradedOtherwise]:
    """The calls of one scenario (among those the filter matches) whose debrief does not record
    `current`, in path order."""
    where, params = _graded(flt)
    sql = (
        f"SELECT path, grader, graded_with FROM calls{where} "
        "AND scenario_id = ? AND graded_with IS NOT ? ORDER BY path"
    )
    rows = db.execute(sql, [*params, scenario_id, current])
    return [GradedOtherwise(path, grader, recorded) for path, grader, recorded in rows]
