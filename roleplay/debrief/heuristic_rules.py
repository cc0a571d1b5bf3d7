"""The heuristic grader's rule for each criterion kind, in the words a debrief report prints.

Kept beside `heuristic.py` and `escalation.py` (which apply the rules) so a trainer reads what
the code does; a change to a scorer there changes its sentence here in the same commit.
"""

from __future__ import annotations

from roleplay.scenarios.models import CriterionKind

K = CriterionKind

RULES: dict[CriterionKind, str] = {
    K.EMPATHY: (
        "1 none; 2 apology or paraphrase only; 3 feelings acknowledged after the first "
        "solution; 4 acknowledged before it; 5 and in two or more turns. -1 per 'calm down', "
        "dismissive, blaming or rude turn. At most 4 if something personal the customer shared "
        "went unanswered for two replies."
    ),
    K.PERSONAL_TOUCH: (
        "1 + customer's name used + an open question + up to 2 turns engaging with what the "
        "customer cares about. -1 per rude turn. At most 2 if something personal the customer "
        "shared went unanswered for two replies."
    ),
    K.OWNERSHIP: (
        "1 + took ownership + offered a fix + explained next steps + every required goal met. "
        "-1 per turn blaming colleagues or dismissing the problem."
    ),
    K.GOING_BEYOND: (
        "1 none; 3 one gesture beyond the fix; +1 optional goal or personal touch; +1 second "
        "gesture, or a gesture with all required goals met and the customer calmer at the end. "
        "At most 2 without a gesture."
    ),
    K.COMPOSURE: (
        "4 with no lapse, 5 if the customer also ended calmer or a calm boundary was set. "
        "From 4: -1 per 'calm down', dismissive or blaming turn, -2 per rude turn."
    ),
    K.CONFIDENCE: (
        "Share of turns with hedges or fillers: none 5, <=15% 4, <=30% 3, <=50% 2, more 1. "
        "At most 2 if no turn plainly offered a fix, took ownership, explained next steps or "
        "reassured."
    ),
    K.CALL_CONTROL: (
        "1 + greeting + open question + proper close + holds handled well (or none). -1 each for "
        "a repeated question, jargon twice or more, a hang-up or supervisor demand. A silent hold "
        "caps it at 2."
    ),
    K.ESCALATION: (
        "1 + offered an honest route up (team leader call back, complaint) + offered to fix it "
        "on the call + explained next steps + the call did not end in a hang-up or supervisor "
        "demand. -1 per turn dismissing the request or blaming colleagues."
    ),
}
