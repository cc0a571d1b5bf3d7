"""A heuristic criterion's result and the helpers every scoring rule shares.

Each rule (heuristic.py, escalation.py) counts turns, names them in its rationale and quotes
its evidence the same way, so a debrief reads alike whichever criterion it explains.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from roleplay.debrief.call_facts import CallFacts
from roleplay.debrief.model import Evidence
from roleplay.scenarios.behaviours import Behaviour

MAX_EVIDENCE = 4


@dataclass
class Graded:
    """A score with its reasons: what a rule found and what to try next time."""

    score: int
    rationale: str
    evidence: list[Evidence]
    improvement: str


def clamp(score: int) -> int:
    """A rule's sum kept on the 1-5 scale: lapses never push a score below the scale."""
    return max(1, min(5, score))


def turns_text(ids: Iterable[int]) -> str:
    """Turn ids as a rationale names them: "turn 3", "turns 2, 5", "no turn"."""
    ids = list(ids)
    if not ids:
        return "no turn"
    label = "turn" if len(ids) == 1 else "turns"
    return f"{label} {', '.join(str(i) for i in ids)}"


def evidence_for(facts: CallFacts, *behaviours: Behaviour) -> list[Evidence]:
    """The trainee's sentences showing any of the behaviours, each sentence once."""
    found: dict[tuple[int, str], Evidence] = {}
    for b in behaviours:
        for d in facts.with_behaviour(b):
            quote = d.quote(b)
            key = (quote.turn_id, quote.quote)
            if key not in found:
                found[key] = Evidence(turn_id=quote.turn_id, quote=quote.quote)
    return list(found.values())


def mix(good: list[Evidence], bad: list[Evidence]) -> list[Evidence]:
    """At most MAX_EVIDENCE quotes, up to half of them lapses, in the order they were said."""
    half = MAX_EVIDENCE // 2
    picked = bad[:half] + good[: MAX_EVIDENCE - min(half, len(bad))]
    return sorted(picked[:MAX_EVIDENCE], key=lambda e: e.turn_id)


def turns_with(facts: CallFacts, *behaviours: Behaviour) -> list[int]:
    """The ids of the trainee turns showing any of the behaviours, in order."""
    return [d.turn.id for d in facts.with_any(*behaviours)]
