"""Warnings for a scenario that loads but is too thin to sound like a person.

The embedded model chooses the customer's words from what the trainer authored; where a move
has no reaction at some mood, the model has to write its own line there, and a small model
writes poorly. These are warnings, not errors: the scenario still plays.
"""

from __future__ import annotations

from roleplay.scenarios.behaviours import MOVE_DESCRIPTIONS, Move
from roleplay.scenarios.models import MoodBand, Scenario

MIN_LINES = 2
"""Fewer authored reactions than this at a mood, and the same line comes back too often."""


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
        if not bank:
            warnings.append(
                f"reactions.{move.value}: none authored (for when {MOVE_DESCRIPTIONS[move]})"
            )
            continue
        for band in MoodBand:
            count = len(bank.get(band, []))
            if count < MIN_LINES:
                warnings.append(
                    f"reactions.{move.value}.{band.value}: {count} line(s); give at least "
                    f"{MIN_LINES} so a {band.value} customer does not repeat themself"
                )
    if not scenario.answers:
        warnings.append(
            "answers: none; add plain answers to questions a trainee is likely to ask "
            "(name, account, when it started)"
        )
    return warnings
