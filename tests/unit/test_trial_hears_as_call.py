"""`scenarios try` quotes the words the call decides by, from the one test in sim/hearing.py.

The trial runner found a goal's words one way (a list of its own) and a fact's asked-about words
another (asking per keyword inline); both now come from `heard_keywords` and `asked_keywords`,
which `mentions` and `asks_about` are defined by, so a quoted word is always why the call acted.
"""

from __future__ import annotations

import pytest
from debrief_data import cast_for

from roleplay.sim.hearing import asked_keywords, asks_about, heard_keywords, mentions
from roleplay.sim.trial import try_line

LINES = [
    "Don't worry about the letter, what did it say?",
    "What's your biggest worry just now?",
    "I'll run a remote reset and add a one-month credit.",
    "Hello Mrs Whitlow, don’t worry, I'll help you sort out the account today.",
    "",
]
KEYWORDS = [["worry", "letter"], ["remote reset", "credit"], ["asked for"], ["  "], []]


@pytest.mark.parametrize("line", LINES)
@pytest.mark.parametrize("keywords", KEYWORDS)
def test_the_words_quoted_are_the_words_the_call_decided_by(line, keywords) -> None:
    assert mentions(line, keywords) == bool(heard_keywords(line, keywords))
    assert asks_about(line, keywords) == bool(asked_keywords(line, keywords))
    assert set(asked_keywords(line, keywords)) <= set(heard_keywords(line, keywords))


def test_a_reassurance_is_heard_but_not_asked_about() -> None:
    line = "Don't worry about the letter, what did it say?"
    assert heard_keywords(line, ["worry", "letter"]) == ["worry", "letter"]
    assert asked_keywords(line, ["worry", "letter"]) == ["letter"]


def test_the_trial_quotes_only_the_words_a_fact_was_asked_about_with() -> None:
    trial = try_line(cast_for("bereavement-account"), "Don't worry, did a letter come about it?")
    asked = {f.fact.id: f.asked_with for f in trial.facts}
    assert asked, "the line asks about the letter"
    assert all("worry" not in words for words in asked.values())
    assert any(words == ["letter"] for words in asked.values())
