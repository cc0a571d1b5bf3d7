"""Rubric rules every grader shares: not-applicable criteria, auto-fail items, pass or fail.

Whichever grader scores the criteria (the heuristic rules or a model), these decisions are
made by the machine-checkable rules of the scenario file, so they never depend on a model.
"""

from __future__ import annotations

from roleplay.debrief.model import AutoFailHit, CriterionResult, Metrics, overall_score
from roleplay.debrief.quotes import sentence_around
from roleplay.scenarios.models import Criterion, NotApplicableWhen, Rubric
from roleplay.scenarios.patterns import MATCH_SECONDS, SLOW_LIMIT, PatternTimeout, search
from roleplay.transcript import Transcript

NOT_APPLICABLE_REASONS: dict[NotApplicableWhen, str] = {
    NotApplicableWhen.NO_HOLD: "the customer was never put on hold",
    NotApplicableWhen.NO_ESCALATION_REQUEST: "the customer never asked for a supervisor",
    NotApplicableWhen.CUSTOMER_NEVER_ABUSIVE: "the customer was never abusive",
}


def not_applicable(criterion: Criterion, metrics: Metrics) -> str | None:
    """Why a criterion is left out of this call's score, or None when it counts."""
    rule = criterion.not_applicable_when
    if rule is None:
        return None
    if rule == NotApplicableWhen.NO_HOLD and not metrics.holds:
        return NOT_APPLICABLE_REASONS[rule]
    if rule == NotApplicableWhen.NO_ESCALATION_REQUEST and not metrics.escalation_requested:
        return NOT_APPLICABLE_REASONS[rule]
    if rule == NotApplicableWhen.CUSTOMER_NEVER_ABUSIVE and not metrics.customer_abusive:
        return NOT_APPLICABLE_REASONS[rule]
    return None


def not_applicable_result(criterion: Criterion, reason: str) -> CriterionResult:
    """The result recorded for a criterion left out of the score."""
    return CriterionResult(
        id=criterion.id,
        name=criterion.name,
        measures=criterion.measures.value,
        weight=criterion.weight,
        score=None,
        applicable=False,
        rationale=f"Not applicable: {reason}. Left out of the overall score.",
    )


def auto_fail_hits(
    rubric: Rubric, transcript: Transcript, notes: list[str] | None = None
) -> list[AutoFailHit]:
    """Every auto-fail item a trainee line matched (first match per item and turn).

    A pattern that runs out of time on a line is dropped for the rest of the call; once
    SLOW_LIMIT patterns have, the rest are not checked. Both are said in `notes`, so however many
    slow patterns a scenario holds, a debrief is slowed by about a second, never hung.
    """
    hits: list[AutoFailHit] = []
    said: list[str] = notes if notes is not None else []
    slow = 0
    for item in rubric.auto_fail:
        patterns = list(item.patterns)
        for turn in transcript.trainee_turns():
            match = None
            for pattern in list(patterns):
                if slow >= SLOW_LIMIT:
                    said.append(
                        f"Auto-fail checks from '{item.id}' on were not made: {SLOW_LIMIT} "
                        "patterns had already run out of time; simplify them in the scenario file."
                    )
                    return hits
                try:
                    match = search(pattern, turn.text)
                except PatternTimeout:
                    slow += 1
                    patterns.remove(pattern)
                    said.append(
                        f"Auto-fail '{item.id}': the pattern {pattern!r} took over "
                        f"{MATCH_SECONDS:g} s on turn {turn.id} and was not checked from "
                        "there on; simplify it in the scenario file."
                    )
                    continue
                if match is not None:
                    break
            if match is None:
                continue
            quote = sentence_around(turn.text, *match.span()) or match.group(0)
            hits.append(
                AutoFailHit(id=item.id, description=item.description, turn_id=turn.id, quote=quote)
            )
    return hits


def verdict(
    criteria: list[CriterionResult], rubric: Rubric, hits: list[AutoFailHit]
) -> tuple[float, bool]:
    """Overall 0-100 over applicable criteria, and pass (at or above the mark, no auto-fail)."""
    overall = overall_score((c.weight, c.score) for c in criteria if c.applicable)
    return overall, overall >= rubric.pass_mark and not hits
