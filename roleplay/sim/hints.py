"""The coach's next-move hint during a call: what a coach would whisper now.

A hint never advises what the trainee already did. When a line of theirs came close to the step
the hint would name (sympathy the detectors did not count as naming the feeling, a goal's words
without all of its test), the hint quotes that line and moves on to the next step instead.
"""

from __future__ import annotations

from collections.abc import Sequence

from roleplay.detectors.sentences import shorten
from roleplay.scenarios.behaviours import Behaviour
from roleplay.scenarios.models import Cast, Goal
from roleplay.scenarios.tone import feeling_hint, open_question_hint
from roleplay.sim.hearing import mentions, statements_in
from roleplay.sim.state import CallState
from roleplay.transcript import Turn

B = Behaviour

CLOSE_TO: dict[Behaviour, frozenset[Behaviour]] = {
    B.ACKNOWLEDGES_FEELING: frozenset({B.ACKNOWLEDGES_FEELING, B.APOLOGISES, B.PARAPHRASES}),
    B.OPEN_QUESTION: frozenset({B.OPEN_QUESTION}),
    B.OFFERS_SOLUTION: frozenset({B.OFFERS_SOLUTION, B.TAKES_OWNERSHIP}),
    B.EXPLAINS_NEXT_STEPS: frozenset({B.EXPLAINS_NEXT_STEPS, B.REASSURES}),
    B.REASSURES: frozenset({B.REASSURES, B.EXPLAINS_NEXT_STEPS}),
}
"""Behaviours that show a trainee made a step, even when the step's own test was not met."""

FEELING_FROM_MOOD = 40
"""From this mood up, a trainee who has not acknowledged the feeling is told to."""


def _close(behaviour: Behaviour) -> frozenset[Behaviour]:
    return CLOSE_TO.get(behaviour, frozenset({behaviour}))


def _did(
    turns: Sequence[Turn], wanted: frozenset[Behaviour], words: Sequence[str] = ()
) -> Turn | None:
    """The trainee's most recent line showing one of `wanted` (and `words`, if given)."""
    for turn in reversed(turns):
        if turn.speaker != "trainee":
            continue
        shown = {B(b) for b in turn.behaviours if b in B._value2member_map_}
        if (not wanted or shown & wanted) and (not words or mentions(turn.text, list(words))):
            return turn
    return None


def _goal_tried(goal: Goal, turns: Sequence[Turn]) -> Turn | None:
    """A line that came close to the goal: its words with its behaviours' near kin, or its
    words said outright (not asked about), however the detectors heard the line."""
    det = goal.detect
    wanted = (
        frozenset().union(*(_close(b) for b in det.behaviours)) if det.behaviours else frozenset()
    )
    if not wanted and not det.keywords:
        return None
    tried = _did(turns, wanted, det.keywords)
    if tried is None and det.keywords:
        said = (t for t in reversed(turns) if t.speaker == "trainee")
        tried = next((t for t in said if mentions(statements_in(t.text), det.keywords)), None)
    return tried


def _quote(turn: Turn) -> str:
    text = shorten(turn.text, 80)
    return f'You already said "{text}" (turn {turn.id}). '


def next_move(state: CallState, cast: Cast, turns: Sequence[Turn]) -> str:
    """The next good move for the call as it stands, never one the trainee has made."""
    scenario = cast.scenario
    if state.trainee_turns == 0:
        return "Open warmly: greet the customer, give your name, and invite them to explain."
    credit = ""
    if B.ACKNOWLEDGES_FEELING not in state.seen and state.mood >= FEELING_FROM_MOOD:
        tried = _did(turns, _close(B.ACKNOWLEDGES_FEELING))
        if tried is None:
            return feeling_hint(cast.persona.archetype)
        credit = _quote(tried)
    hidden = [f for f in scenario.facts if f.id not in state.revealed]
    if hidden and B.OPEN_QUESTION not in state.seen:
        return credit + open_question_hint(cast.persona.archetype)
    for goal in (g for g in scenario.goals if g.id not in state.goals_met and g.required):
        tried = _goal_tried(goal, turns)
        if tried is None:
            return f"{credit}Next goal: {goal.description}"
        credit = _quote(tried)
    if hidden:
        return credit + "There is more to this customer's story: ask what matters to them about it."
    return (
        credit
        + "You have what you need: summarise, check there's nothing else, and close the call."
    )
