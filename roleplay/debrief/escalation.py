"""The escalation criterion: a customer's request to go higher, met honestly.

Scored apart from the other kinds because it looks at one moment of the call (a request for a
supervisor) and what the trainee offered around it, not at the whole call's manner.
"""

from __future__ import annotations

from roleplay.debrief.call_facts import CallFacts
from roleplay.debrief.graded import Graded, clamp, evidence_for, mix, turns_text, turns_with
from roleplay.debrief.model import Metrics
from roleplay.scenarios.behaviours import Behaviour
from roleplay.scenarios.models import Cast
from roleplay.transcript.endings import LOST_CALL

B = Behaviour


def escalation(m: Metrics, facts: CallFacts, cast: Cast) -> Graded:
    """A request for a supervisor met honestly: a real route up, a fix meanwhile, no brush-off."""
    offered = [d.turn.id for d in facts.with_behaviour(B.OFFERS_ESCALATION)]
    fixes = turns_with(facts, B.TAKES_OWNERSHIP, B.OFFERS_SOLUTION)
    lapses = turns_with(facts, B.DISMISSIVE, B.BLAMES_COLLEAGUES)
    lost = m.end_reason in LOST_CALL
    score = clamp(1 + bool(offered) + bool(fixes) + (m.next_steps > 0) + (not lost) - len(lapses))
    text = (
        f"Offered a route to a team leader or supervisor in {turns_text(offered)}; offered to fix "
        f"it on the call in {turns_text(sorted(set(fixes)))}; explained next steps in "
        f"{m.next_steps} turn(s); ended: {m.end_reason.replace('_', ' ')}."
    )
    if lapses:
        text += f" Brushed the request off or blamed colleagues in {turns_text(lapses)}."
        tip = (
            "Never refuse flatly: 'I can't transfer you right now, but I can book a team leader "
            "to call you back between 2 and 4 today, and I can fix the bill with you now.'"
        )
    elif not offered:
        tip = (
            "Offer an honest route up: a team leader call back with a time window, or a complaint."
        )
    elif not fixes:
        tip = "Offer to put it right yourself on this call; the call back stays on offer."
    elif m.next_steps == 0:
        tip = "Give the call back's time window and a reference number."
    else:
        tip = "Check the route you agreed is what they wanted before you close."
    good = evidence_for(facts, B.OFFERS_ESCALATION, B.TAKES_OWNERSHIP, B.EXPLAINS_NEXT_STEPS)
    bad = evidence_for(facts, B.DISMISSIVE, B.BLAMES_COLLEAGUES)
    return Graded(score, text, mix(good, bad), tip if score < 5 else "")
