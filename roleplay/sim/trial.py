"""What one trainee line would do as the first line of a call, and which words made it so.

A trainer writing goals and reveal conditions wants to ask "does this line meet the refund goal?"
without playing a call. This runs the line through the same detectors and the same director a
call uses, on a fresh call at the chosen difficulty, so the answer is the call's answer.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from roleplay.detectors.detect import DetectContext, Detection, detections
from roleplay.scenarios.behaviours import Behaviour
from roleplay.scenarios.models import Answer, Cast, Goal, HiddenFact
from roleplay.sim.director import Director
from roleplay.sim.hearing import asked_keywords, heard_keywords


@dataclass
class FactTrial:
    """A fact the line asks about or brings out; `waits_for` says what it still needs."""

    fact: HiddenFact
    asked_with: list[str]
    comes_out: bool
    waits_for: list[str] = field(default_factory=list)


@dataclass
class Trial:
    """The line's behaviours (with evidence), the goals it meets, the facts it reaches, mood."""

    line: str
    found: tuple[Detection, ...]
    goals: list[tuple[Goal, list[str]]]
    facts: list[FactTrial]
    mood_before: float
    mood_after: float
    answer: Answer | None = None
    """The authored answer the customer gives, when the line asks something one covers and
    brings out no fact (a fact comes first)."""
    answered_with: list[str] = field(default_factory=list)
    answer_words: str = ""
    """The answer's first wording at the mood the line leaves the customer in."""


def try_line(cast: Cast, line: str, *, after: str = "", difficulty: str = "medium") -> Trial:
    """Say `line` as the trainee's first line (after the opening, and `after` if given)."""
    director = Director(cast, difficulty)
    opening = cast.scenario.opening_lines()
    customer = (*opening, after) if after else tuple(opening)
    ctx = DetectContext(
        customer_name=cast.persona.name,
        cares_about=tuple(cast.persona.cares_about),
        customer_lines=customer,
        first_line=True,
    )
    found = detections(line, ctx)
    found_behaviours = [d.behaviour for d in found]
    outcome = director.on_trainee_line(line, found_behaviours)
    evidence = {d.behaviour: d.words(line) for d in found}
    goals = []
    for goal in outcome.new_goals:
        why = [f'{b.value} "{evidence[b]}"' for b in goal.detect.behaviours if b in evidence]
        why += [f'"{k}"' for k in heard_keywords(line, goal.detect.keywords)]
        goals.append((goal, why))
    out = [f.id for f in outcome.new_facts]
    facts = []
    for fact in cast.scenario.facts:
        asked = asked_keywords(line, fact.reveal.asked_about)
        if not asked and fact.id not in out:
            continue
        waits = []
        if fact.id not in out and Behaviour.BREAKS_FRAME in found_behaviours:
            waits.append("a line inside the call (this one steps outside it)")
        elif fact.id not in out:
            limit = fact.reveal.mood_below
            if limit is not None and outcome.mood_after >= limit + director.preset.reveal_ease:
                waits.append(f"mood below {limit + director.preset.reveal_ease:g}")
            if fact.reveal.behaviours and not set(fact.reveal.behaviours) & director.state.seen:
                waits.append("one of: " + ", ".join(b.value for b in fact.reveal.behaviours))
            if not waits:
                waits.append("its turn: one fact comes out a line")
        facts.append(FactTrial(fact, asked, fact.id in out, waits))
    answer = outcome.answer
    return Trial(
        line,
        found,
        goals,
        facts,
        outcome.mood_before,
        outcome.mood_after,
        answer,
        asked_keywords(line, answer.asked_about) if answer else [],
        answer.wordings(director.state.band)[0] if answer else "",
    )
