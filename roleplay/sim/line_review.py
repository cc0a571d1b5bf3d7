"""Reading a finished call's customer lines for what was wrong with them, after the fact.

Self-play with a model reports these, and the debrief leaves out the trainee's turns that came
after a customer line that made no sense. The checks are the actor's live line checks (role,
frame, echoes, repeats, leaked facts) plus two that need the whole call to judge: the customer
calling the trainee by the transcript's speaker label ("I'm sorry, Agent."), and a statement whose
words mostly belong to neither the scenario nor the call ("You have a blue door."). A question is
never counted as off the scenario: it asks the trainee something, so it deserves an answer; the
statements beside it are judged one sentence at a time.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from roleplay.detectors.sentences import sentence_spans
from roleplay.scenarios.models import Cast
from roleplay.sim.actor import check_line
from roleplay.transcript import Turn
from roleplay.words import STOP_WORDS

_WORD = re.compile(r"[a-z']+")

CALLS_AGENT = re.compile(r"\b(agent|representative|operator|csr)\s*[,.!?]", re.IGNORECASE)
"""The customer addressing the trainee by a label no caller uses ("Thank you, Agent.")."""

ODD_SHARE = 0.5
"""A line is off the scenario when at least this share of its meaningful words appear nowhere in
the scenario, the persona or the call so far..."""
ODD_MIN_WORDS = 2
"""...and at least this many of them (a bare "Right." or one new word is never odd)."""

WRITTEN = frozenset({"model", "retry"})
"""Customer lines a model wrote; authored and chosen lines are the scenario's own words."""


def content_words(text: str) -> list[str]:
    """The words of a line that carry meaning (longer than three letters, not stop words)."""
    return [w for w in _WORD.findall(text.lower()) if w not in STOP_WORDS and len(w) > 3]


@lru_cache(maxsize=32)
def _scenario_words(scenario_json: str, persona_json: str) -> frozenset[str]:
    return frozenset(content_words(scenario_json) + content_words(persona_json))


def scenario_words(cast: Cast) -> frozenset[str]:
    """Every word that carries meaning in the scenario and persona files (cached per cast)."""
    return _scenario_words(cast.scenario.model_dump_json(), cast.persona.model_dump_json())


def off_scenario(line: str, known: frozenset[str] | set[str]) -> list[str]:
    """The words of the line's statements that belong nowhere in the call, when they are most
    of one statement.

    Each sentence is judged alone: a model's invention ("I'm a librarian in my fourth year at
    the School of Library Science.") is no less odd beside a fitting sentence or a question.
    """
    strange: list[str] = []
    for start, end in sentence_spans(line):
        sentence = line[start:end]
        if "?" in sentence:
            continue
        words = list(dict.fromkeys(content_words(sentence)))
        odd = [w for w in words if w not in known and w.rstrip("s") not in known]
        if len(odd) >= ODD_MIN_WORDS and len(odd) >= ODD_SHARE * len(words):
            strange.extend(w for w in odd if w not in strange)
    return strange


@dataclass(frozen=True)
class LineProblem:
    """What was wrong with one customer line."""

    turn_id: int
    text: str
    problems: tuple[str, ...]

    def __str__(self) -> str:
        return f"turn {self.turn_id}: {'; '.join(self.problems)}: {self.text!r}"


def review_line(
    line: str,
    cast: Cast,
    earlier_customer: Sequence[str],
    trainee: Sequence[str],
    unrevealed_ids: frozenset[str] = frozenset(),
) -> list[str]:
    """Everything wrong with one customer line, given what was said before it."""
    unrevealed = [f for f in cast.scenario.facts if f.id in unrevealed_ids]
    problems = check_line(line, cast.persona, earlier_customer, unrevealed, trainee)
    if CALLS_AGENT.search(line) and "speaks as if the customer were someone else" not in problems:
        problems.append("calls the trainee 'Agent'")
    known = scenario_words(cast) | {
        w for said in (*earlier_customer, *trainee) for w in content_words(said)
    }
    strange = off_scenario(line, known)
    if strange:
        problems.append(f"off the scenario ({', '.join(strange[:4])})")
    return problems


def review_call(
    cast: Cast, turns: Sequence[Turn], *, written_only: bool = True
) -> list[LineProblem]:
    """The customer lines of a call with something wrong, in order.

    `written_only`: only lines a model made or chose (authored lines are the author's to fix).
    """
    found: list[LineProblem] = []
    customer: list[str] = []
    trainee: list[str] = []
    all_facts = frozenset(f.id for f in cast.scenario.facts)
    for turn in turns:
        if turn.speaker == "trainee":
            trainee.append(turn.text)
            continue
        if turn.speaker != "customer":
            continue
        if not written_only or (turn.source or "model") in WRITTEN:
            revealed = frozenset(turn.state.revealed) if turn.state else frozenset()
            problems = review_line(turn.text, cast, customer, trainee, all_facts - revealed)
            if problems:
                found.append(LineProblem(turn.id, turn.text, tuple(problems)))
        customer.append(turn.text)
    return found
