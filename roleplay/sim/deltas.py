"""How far each behaviour moves a customer's mood when their persona says nothing about it.

The persona's own triggers override these; the defaults are kept apart so the table a trainer
tunes is in one place, not among the director's turn logic.
"""

from __future__ import annotations

from roleplay.scenarios.behaviours import Behaviour

B = Behaviour

# How much each behaviour moves an average customer when the persona says nothing about it.
DEFAULT_DELTAS: dict[Behaviour, int] = {
    B.GREETS: -1,
    B.ACKNOWLEDGES_FEELING: -7,
    B.APOLOGISES: -4,
    B.USES_NAME: -2,
    B.OPEN_QUESTION: -2,
    B.CLOSED_QUESTION: 0,
    B.PARAPHRASES: -5,
    B.OFFERS_SOLUTION: -7,
    B.TAKES_OWNERSHIP: -6,
    B.EXPLAINS_NEXT_STEPS: -5,
    B.REASSURES: -4,
    B.PERSONAL_TOUCH: -6,
    B.GOES_BEYOND: -7,
    B.CHECKS_UNDERSTANDING: -2,
    B.OFFERS_ESCALATION: -3,
    B.SETS_BOUNDARY: -1,
    B.CLOSES_CALL: -1,
    B.THANKS: -1,
    B.ASKS_HOLD_PERMISSION: -3,
    B.CHECKS_BACK: -3,
    B.BLAMES_CUSTOMER: 16,
    B.BLAMES_COLLEAGUES: 8,
    B.SAYS_CALM_DOWN: 18,
    B.DISMISSIVE: 14,
    B.RUDE: 22,
    B.JARGON: 5,
    B.HEDGES: 5,
    B.REPEATS_QUESTION: 6,
    B.BREAKS_FRAME: 4,
    B.SILENT_HOLD: 14,
    B.LONG_HOLD: 8,
}
