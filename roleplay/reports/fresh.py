"""A report counts today's grades: a saved heuristic grade made with other grading rules,
another detector or an edited scenario is graded again first, the reviewers' overrides kept, as
the review app and the team server do when a call is opened.

A stale model grade is kept (grading again with a model is a choice, and it costs), and the
report says how many there are and how to bring them up to date.
"""

from __future__ import annotations

from collections import Counter

from roleplay.grading.auto import AutoGrader
from roleplay.store import queries
from roleplay.store.index import ReviewIndex
from roleplay.store.queries import CallFilter


def regrade_stale(index: ReviewIndex, grader: AutoGrader, flt: CallFilter) -> list[str]:
    """Grade again the stale debriefs among the calls the report counts, refresh their index
    rows, and say what was done: one line per note, with how many calls it applies to."""
    rows = queries.list_calls(index.db, flt, limit=queries.count_calls(index.db, flt))
    notes: Counter[str] = Counter()
    for row in rows:
        if row.grader is None:
            continue  # no debrief: the index's refresh grades such calls itself
        path = index.root / row.path
        note = grader.regrade_stale(path)
        if note:
            index.refresh_one(path)
            notes[note] += 1
    return [f"{count} call{'s' if count != 1 else ''}: {note}" for note, count in notes.items()]
