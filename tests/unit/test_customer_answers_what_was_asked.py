"""The bundled customers answer what the trainee asked about, not a word in passing.

Taken by hand: asked whether the activation letter was to hand ("it has a 12-character code on
it"), Arthur answered "Texts? Oh dear. I changed my phone last year...", because "code" and
"number" also brought out the fact about his old mobile. A person hears the letter.
"""

from __future__ import annotations

from debrief_data import cast_for

from roleplay.sim.director import Director
from roleplay.sim.trial import try_line

SCENARIO = "app-login-confused"


def _told(line: str) -> list[str]:
    return [f.fact.id for f in try_line(cast_for(SCENARIO), line).facts if f.comes_out]


def test_a_question_about_the_letters_code_hears_about_the_letter() -> None:
    told = _told("Is the activation letter we posted on 2 May to hand? It has a code on it.")
    assert told[:1] == ["the-letter"]


def test_an_account_number_is_not_a_question_about_his_mobile() -> None:
    assert "old-number" not in _told("Could you give me your account number, please?")


def test_a_question_about_the_texts_still_hears_about_the_old_mobile() -> None:
    assert _told("Did a text message come to your phone when you tried?")[:1] == ["old-number"]


def test_the_question_comes_before_a_word_the_statement_only_mentions() -> None:
    """Played by hand: "…so that message makes sense, you haven't done anything wrong. Did a
    letter from us arrive in early May, with an activation code on it?" was met with "Texts?
    Oh dear. I got a new phone last year": "message" in the statement brought out his old
    mobile ahead of the letter the question asked about."""
    told = _told(
        "Thank you, that helps. The app doesn't use the old website details, so that message "
        "makes sense, you haven't done anything wrong. Did a letter from us arrive in early "
        "May, with an activation code on it?"
    )
    assert told[:1] == ["the-letter"]


def test_the_error_message_is_read_out_however_the_screen_question_is_put() -> None:
    """Played by hand: "Can you tell me what the screen says when you try to sign in?" was met
    with "Mm-hm. Sounds straightforward when you say it.": the answer knew "what does it say"
    and "on the screen" only."""
    for line in (
        "Can you tell me what the screen says when you try to sign in?",
        "What happens when you try to log in?",
    ):
        answer = Director(cast_for(SCENARIO), "medium")._answer(line, give=False)
        assert answer is not None and "not recognised" in answer.says[0], line
