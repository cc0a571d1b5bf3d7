"""What the customer shared that the trainee had to answer, and whether they did.

A scenario releases some facts only when the trainee shows feeling (the fact's reveal lists
acknowledges_feeling): a daughter in intensive care, forty-one years of marriage, rent due on
Monday. When the customer says one, a team lead listens for the next reply. If the trainee's
next two lines neither acknowledge it, paraphrase, apologise, reassure nor engage with what the
customer cares about, the moment was missed, and a warm opening does not make up for it: the
debrief then caps empathy and personal touch and says which line went unanswered.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from roleplay.scenarios.behaviours import Behaviour
from roleplay.scenarios.models import Cast, HiddenFact
from roleplay.sim.line_review import content_words
from roleplay.transcript import Turn

B = Behaviour

ANSWERS = frozenset(
    {B.ACKNOWLEDGES_FEELING, B.PARAPHRASES, B.APOLOGISES, B.REASSURES, B.PERSONAL_TOUCH}
)
"""What counts as answering a disclosure: any sign the trainee heard the person, not the task."""

WINDOW = 2
"""Trainee lines allowed before it counts as missed: a data question first is fine if the next
line comes back to it."""

SAID_SHARE = 0.5
"""Share of a wording's meaningful words a customer line must hold to count as saying the fact
(an authored line holds all of them; a model's retelling keeps the names and the news)."""

MISSED_EMPATHY_CAP = 4
MISSED_TOUCH_CAP = 2
"""A disclosure left unanswered keeps empathy from full marks and personal touch at 'noted it
flatly and moved on', however warm the rest of the call (applied in heuristic.py)."""
ANSWER_IT = (
    "When the customer tells you something personal, answer it before the task: say you're "
    "sorry, name what it means for them, or ask about it."
)


@dataclass(frozen=True)
class Moment:
    """One disclosure: the customer line that said it and the trainee turn that answered it."""

    customer_turn: int
    fact_id: str
    said: str
    answered_in: int | None
    replies: int = WINDOW
    """Trainee lines that came after it within the window (fewer when the call ended)."""

    @property
    def missed(self) -> bool:
        return self.answered_in is None


def personal_facts(cast: Cast) -> list[HiddenFact]:
    """The facts this scenario releases only on shown feeling."""
    return [f for f in cast.scenario.facts if B.ACKNOWLEDGES_FEELING in f.reveal.behaviours]


def says_fact(text: str, fact: HiddenFact) -> bool:
    """True when a customer line tells the fact: near enough any of its wordings, or the
    author's one-line statement of it (which a model's retelling keeps closer to)."""
    heard = set(content_words(text))
    for wording in (fact.fact, *fact.every_wording()):
        words = set(content_words(wording))
        if words and len(words & heard) >= SAID_SHARE * len(words):
            return True
    return False


def find_moments(
    turns: Sequence[Turn], answered: dict[int, frozenset[Behaviour]], cast: Cast
) -> list[Moment]:
    """Each personal fact the customer said, in call order, with the turn that answered it.

    `answered` maps each trainee turn id to the behaviours found in it today.
    """
    waiting = personal_facts(cast)
    found: list[Moment] = []
    for i, turn in enumerate(turns):
        if turn.speaker != "customer" or not waiting:
            continue
        told = [f for f in waiting if says_fact(turn.text, f)]
        if not told:
            continue
        waiting = [f for f in waiting if f not in told]
        replies = [t.id for t in turns[i + 1 :] if t.speaker == "trainee"][:WINDOW]
        if not replies:
            continue  # told after the trainee's last line (a goodbye): nothing to judge
        reply = next((r for r in replies if answered.get(r, frozenset()) & ANSWERS), None)
        found += [Moment(turn.id, f.id, turn.text, reply, len(replies)) for f in told]
    return found


def missed_text(moments: Sequence[Moment]) -> str:
    """The sentence a criterion adds for unanswered disclosures ("" when none)."""
    missed = [m for m in moments if m.missed]
    if not missed:
        return ""
    first = missed[0]
    said = _short(first.said)
    went_on = "the next reply" if first.replies == 1 else f"the next {first.replies} replies"
    return (
        f'Did not answer what the customer shared in turn {first.customer_turn} ("{said}"): '
        f"{went_on} went straight on."
    )


def _short(text: str, words: int = 12) -> str:
    parts = text.split()
    return " ".join(parts[:words]) + ("…" if len(parts) > words else "")
