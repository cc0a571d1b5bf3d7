"""Which of the customer's worries a met goal has put to rest, so they are not raised as news.

A customer told "I'll keep the gas and council tax direct debits running" does not then say "the
gas and council tax come out of his account, I'm afraid they'll stop": the trainee has just dealt
with it. One rule for every scenario: a goal answers a fact when the author says so (`settles`),
when the goal waits for the fact (`detect.after_facts`: the goal is the answer to that news), or
when the goal's keywords are in the fact's own calm words.
"""

from __future__ import annotations

from collections.abc import Iterable

from roleplay.scenarios.fields import wordings
from roleplay.scenarios.models import Goal, HiddenFact
from roleplay.sim.hearing import asks_about, mentions


def answers(goal: Goal, fact: HiddenFact) -> bool:
    """True when meeting `goal` answers the worry `fact` would raise."""
    if fact.id in goal.settles or fact.id in goal.detect.after_facts:
        return True
    said = " ".join(wordings(fact.says))  # the calm words: an angry one may name the goal
    return bool(goal.detect.keywords) and mentions(said, goal.detect.keywords)


def settled(fact: HiddenFact, met: Iterable[Goal]) -> bool:
    """True when any goal already met answers the fact."""
    return any(answers(goal, fact) for goal in met)


def still_news(untold: list[HiddenFact], questions: str, met: list[Goal]) -> list[HiddenFact]:
    """The facts waiting to be told that are still news: not answered by a met goal, unless
    the trainee's `questions` (the sentences of their line that ask) ask about them outright."""
    return [
        f
        for f in untold
        if not settled(f, met)
        or (f.reveal.asked_about and asks_about(questions, f.reveal.asked_about))
    ]
