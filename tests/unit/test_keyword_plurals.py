"""A goal's keyword is heard in the plural, as people say it, and still only as whole words."""

from __future__ import annotations

from roleplay.sim.hearing import mentions


def test_a_phrase_is_heard_with_its_last_word_in_the_plural() -> None:
    assert mentions("Right, I'll send you the forms today.", ["send you the form"])
    assert mentions("We can keep both direct debits going.", ["direct debit"])
    assert mentions("I'll post you the boxes.", ["post you the box"])


def test_a_keyword_is_still_heard_only_as_whole_words() -> None:
    assert not mentions("That's a formality.", ["form"])
    assert not mentions("The solicitors' fees", ["solicitorial"])
    assert not mentions("I'll send you the format.", ["send you the form"])
    assert not mentions("anything", ["   "])


def test_the_plural_is_only_at_the_end_of_the_phrase() -> None:
    assert not mentions("I'll sends you the form.", ["send you the form"])
