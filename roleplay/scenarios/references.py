"""A scenario's ids checked against each other: facts and goals named twice or named wrongly.

Apart from the models because the loader runs the same checks on the parts of a file that are
valid when other fields are not, so every problem shows in one run.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from roleplay.scenarios.models import Goal


def _repeated(ids: list[str]) -> list[str]:
    return sorted({i for i in ids if ids.count(i) > 1})


def reference_problems(
    fact_ids: list[str], goals: list[Goal], fact_waits: dict[str, list[str]] | None = None
) -> list[str]:
    """Every repeated fact or goal id and every goal naming a fact that is not there.

    All of them, not the first: the loader also runs this when other fields are wrong, so a
    trainer fixes a file in one pass.
    """
    problems = []
    dupes = _repeated(fact_ids)
    if dupes:
        problems.append(f"fact ids must be unique; repeated: {', '.join(dupes)}")
    dupes = _repeated([g.id for g in goals])
    if dupes:
        problems.append(f"goal ids must be unique; repeated: {', '.join(dupes)}")
    known = ", ".join(fact_ids) or "none"
    for fact_id, waits in (fact_waits or {}).items():
        unknown = [f for f in waits if f not in fact_ids or f == fact_id]
        if unknown:
            problems.append(
                f"fact '{fact_id}' waits for unknown fact(s) {', '.join(unknown)}; "
                f"facts are: {known} (and not itself)"
            )
    for goal in goals:
        unknown = [f for f in goal.detect.after_facts if f not in fact_ids]
        if unknown:
            problems.append(
                f"goal '{goal.id}' waits for unknown fact(s) {', '.join(unknown)}; "
                f"facts are: {known}"
            )
        unknown = [f for f in goal.settles if f not in fact_ids]
        if unknown:
            problems.append(
                f"goal '{goal.id}' settles unknown fact(s) {', '.join(unknown)}; facts are: {known}"
            )
    return problems
