"""A report counts today's grades: a saved heuristic grade made with other grading rules,
another detector or an edited scenario is graded again first, the reviewers' overrides kept, as
the review app and the team server do when a call is opened.

Which grades are stale is asked of the index (it records what each saved debrief was graded
with), so a report with nothing stale reads no call at all; only the stale ones are read.

A stale model grade is kept (grading again with a model is a choice, and it costs), and the
report says how many there are and how to bring them up to date.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable

from roleplay.grading.auto import AutoGrader
from roleplay.store.graded_with import GradedOtherwise, graded_otherwise, graded_scenarios
from roleplay.store.index import ReviewIndex
from roleplay.store.queries import CallFilter

Progress = Callable[[int, int], None]
"""Told (calls graded again so far, calls to grade again) as the stale grades are redone."""


def regrade_stale(
    index: ReviewIndex, grader: AutoGrader, flt: CallFilter, progress: Progress | None = None
) -> list[str]:
    """Grade again the stale debriefs among the calls the report counts, refresh their index
    rows, and say what was done: one line per note, with how many calls it applies to."""
    notes: Counter[str] = Counter()
    to_grade: list[GradedOtherwise] = []
    for scenario_id in graded_scenarios(index.db, flt):
        current = grader.graded_with(scenario_id)
        if current is None:
            continue  # not in the library: cannot be checked, as when a call is opened
        kept: dict[str | None, list[GradedOtherwise]] = {}
        for row in graded_otherwise(index.db, flt, scenario_id, current):
            if row.grader == "heuristic":
                to_grade.append(row)
            else:
                kept.setdefault(row.recorded, []).append(row)
        for rows in kept.values():  # one note per recorded fingerprint: read one debrief
            note = grader.out_of_date(index.root / rows[0].path, scenario_id)
            if note:
                notes[note] += len(rows)
    for done, row in enumerate(to_grade, 1):
        path = index.root / row.path
        note = grader.regrade_stale(path)
        if note:
            index.refresh_one(path)
            notes[note] += 1
        if progress is not None:
            progress(done, len(to_grade))
    return [f"{count} call{'s' if count != 1 else ''}: {note}" for note, count in notes.items()]
