"""Warnings for a scenario that loads but is too thin to sound like a person.

The embedded model chooses the customer's words from what the trainer authored; where a move
has no reaction at some mood, the model has to write its own line there, and a small model
writes poorly. These are warnings, not errors: the scenario still plays.
"""

from __future__ import annotations

from roleplay.scenarios.behaviours import BROADER, MOVE_DESCRIPTIONS, Move
from roleplay.scenarios.models import MoodBand, Scenario

MIN_LINES = 2
"""Fewer authored reactions than this at a mood, and the same line comes back too often."""


BUILT_IN = frozenset({Move.HOLD_ASKED})
"""Moves with built-in lines for every mood (`hold_request.py`): a scenario without its own
lines for them is not thin."""

HEATED = (MoodBand.UPSET, MoodBand.ANGRY, MoodBand.FURIOUS)
"""The bands a finer push-back or an unclear line lands the customer in: its lines are needed
there (a calmer band borrows the nearest band's lines)."""


def thin_spots(scenario: Scenario) -> list[str]:
    """One warning per gap, naming the field a trainer would fill in."""
    warnings: list[str] = []
    if not scenario.reactions:
        return [
            "reactions: none authored; the embedded model will write every reply itself "
            "(add reactions for heard, question, fix, next_steps, pushed_back, back_from_hold "
            "and idle, see docs/scenario-format.md)"
        ]
    for move in Move:
        bank = scenario.reactions.get(move, {})
        if not bank and move in BUILT_IN:
            continue
        if not bank and move in BROADER:
            warnings.append(
                f"reactions.{move.value}: none authored; when {MOVE_DESCRIPTIONS[move]}, "
                f"the customer answers with the {BROADER[move].value} lines, which may not fit"
            )
            continue
        if not bank:
            warnings.append(
                f"reactions.{move.value}: none authored (for when {MOVE_DESCRIPTIONS[move]})"
            )
            continue
        for band in HEATED if move in BROADER else MoodBand:
            count = len(bank.get(band, []))
            if count < MIN_LINES:
                warnings.append(
                    f"reactions.{move.value}.{band.value}: {count} line(s); give at least "
                    f"{MIN_LINES} so a {band.value} customer does not repeat themself"
                )
    for fact in scenario.facts:
        if _heated(fact.reveal.mood_below, scenario) and not (
            {MoodBand.ANGRY, MoodBand.FURIOUS} & set(fact.says_by_mood)
        ):
            warnings.append(
                f"facts.{fact.id}: can come out while the customer is angry, but has only calm "
                "words; add says_by_mood.angry so the news sounds like an angry customer"
            )
    if not scenario.answers:
        warnings.append(
            "answers: none; add plain answers to questions a trainee is likely to ask "
            "(name, account, when it started)"
        )
    return warnings


def _heated(mood_below: int | float | None, scenario: Scenario) -> bool:
    """True when a fact with this mood condition can come out in the angry band at some
    difficulty."""
    if mood_below is None:
        return True
    levels = scenario.difficulty
    ease = max(p.reveal_ease for p in (levels.easy, levels.medium, levels.hard))
    return mood_below + ease > MoodBand.ANGRY.floor
