"""How to name a customer's feeling, by the kind of customer they are (one vocabulary).

Hints during a call and tips in the debrief both suggest words for the customer's feeling; they
take them from here, so a widow is offered condolence, never "how frustrating this has been".
"""

from __future__ import annotations

from roleplay.scenarios.models import Archetype

A = Archetype

FEELING_WORDS: dict[Archetype, str] = {
    A.IRATE: "I can hear how angry this has made you, and I want to put it right.",
    A.FRUSTRATED: "I can hear how frustrating this has been for you.",
    A.CONFUSED: "I can see this has been confusing. Let's go through it together.",
    A.GRIEVING: "I'm so sorry for your loss. Please take all the time you need.",
    A.ANXIOUS: "I can hear how worrying this has been for you.",
    A.STRESSED: "That sounds like a lot to carry on top of everything else.",
    A.DISAPPOINTED: "I'm sorry we've let you down. I can hear how disappointing this is.",
}
"""Words that name this kind of customer's feeling, for a hint or a tip to quote."""

FEELING_ADVICE: dict[Archetype, str] = {
    A.GRIEVING: "Offer your condolences before anything else, in your own words",
}
"""How the advice to name the feeling is put, where the usual words would not fit."""

DEFAULT_ADVICE = "Name the feeling before you solve anything"


def feeling_hint(archetype: Archetype) -> str:
    """The advice to acknowledge the customer's feeling, in words that fit who they are."""
    advice = FEELING_ADVICE.get(archetype, DEFAULT_ADVICE)
    return f'{advice}: "{FEELING_WORDS[archetype]}"'


OPEN_QUESTIONS: dict[Archetype, str] = {
    A.GRIEVING: "What would help you most today? There's no rush.",
}
"""An open question to quote where the usual one would not fit: "Can you tell me what
happened?" asks a widow to tell the death again."""

DEFAULT_OPEN_QUESTION = "Can you tell me what happened?"


def open_question_hint(archetype: Archetype) -> str:
    """The advice to ask an open question, with one that fits who the customer is."""
    question = OPEN_QUESTIONS.get(archetype, DEFAULT_OPEN_QUESTION)
    return f'Ask an open question ("{question}") and let them talk.'
