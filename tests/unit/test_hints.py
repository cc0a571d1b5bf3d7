"""The coach's hint follows the call: never advises what the trainee did, fits the customer."""

from __future__ import annotations

from debrief_data import cast_for
from support.sim_cast import make_cast

from roleplay.llm.scripted_backend import ScriptedBackend
from roleplay.scenarios.models import Archetype
from roleplay.scenarios.tone import FEELING_WORDS, OPEN_QUESTIONS, feeling_hint, open_question_hint
from roleplay.sim.session import CallSession

SYMPATHY = "Sorry about Raymond."
"""Sympathy the detectors count as an apology only, not as naming the feeling."""


async def widow_after(*lines: str) -> CallSession:
    session = CallSession(cast_for("bereavement-account"), ScriptedBackend())
    await session.start()
    for line in lines:
        async for _ in session.reply_to(line):
            pass
    return session


async def test_the_widow_is_offered_condolence_words_not_frustration() -> None:
    session = await widow_after("Hello, you're through to Sam at Thistle Savings.")
    hint = session.hint()
    assert "frustrat" not in hint.lower()
    assert "condolences" in hint and FEELING_WORDS[Archetype.GRIEVING] in hint


async def test_a_hint_quotes_the_sympathy_already_offered_instead_of_asking_for_it() -> None:
    session = await widow_after("Hello, you're through to Sam.", SYMPATHY)
    assert "condolence" not in session.state.goals_met  # the goal's own test was not met
    hint = session.hint()
    assert f'You already said "{SYMPATHY}" (turn ' in hint
    assert "Offer condolence" not in hint and "condolences before" not in hint
    assert "Name the feeling" not in hint


async def test_hints_follow_the_state_and_are_counted() -> None:
    session = CallSession(make_cast(), ScriptedBackend())
    await session.start()
    assert "greet" in session.hint().lower()
    async for _ in session.reply_to("Hello."):
        pass
    assert "angry" in session.hint()  # the fixture's customer is irate
    assert session.state.hints_used == 2


def test_every_kind_of_customer_has_words_for_their_feeling() -> None:
    for archetype in Archetype:
        assert FEELING_WORDS[archetype] in feeling_hint(archetype)


async def test_a_pending_goal_the_trainee_came_close_to_is_credited_not_advised() -> None:
    session = await widow_after(
        "Hello, you're through to Sam.", SYMPATHY, "What would help most today?"
    )
    assert "condolence" not in session.state.goals_met
    hint = session.hint()
    assert "Next goal: Offer condolence" not in hint
    assert f'"{SYMPATHY}"' in hint


async def test_a_goal_said_in_so_many_words_is_credited_though_its_behaviour_was_missed(
    rules_alone: None,
) -> None:
    """Taken by hand: after "The good news is you may not need probate or a solicitor at all",
    the hint said "Next goal: Explain gently that no solicitor or court papers are needed".

    The detector in force then missed the reassurance; the retrained model hears it, so the miss
    is pinned here with the rules alone (what any detector may still miss in other words)."""
    said = (
        "I'm sorry, that must be worrying. The good news is you may not need probate or a "
        "solicitor at all. Can I explain?"
    )
    session = await widow_after(
        "Mrs Whitlow, I'm so sorry for your loss. I'm here to help with Raymond's account.",
        "Could you tell me a little about the letter, and what it asked you for?",
        said,
    )
    assert "no-solicitor" not in session.state.goals_met  # its own test was not met
    hint = session.hint()
    assert "no solicitor or court papers" not in hint
    assert 'You already said "' in hint and "you may not need probate" in hint


async def test_a_question_using_the_goal_s_words_is_not_credited() -> None:
    session = await widow_after(
        "Mrs Whitlow, I'm so sorry for your loss. I'm here to help with Raymond's account.",
        "Could you tell me a little about the letter, and what it asked you for?",
        "Have you spoken to a solicitor?",
    )
    assert "Next goal: Explain gently that no solicitor" in session.hint()


async def test_the_widow_is_not_asked_to_tell_what_happened() -> None:
    """Taken by hand: after condolence, the hint's open question for the widow was "Can you tell
    me what happened?", asking her to tell her husband's death again."""
    session = await widow_after("Oh Margaret, I'm so sorry about Raymond. Take your time.")
    hint = session.hint()
    assert "open question" in hint
    assert "what happened" not in hint
    assert OPEN_QUESTIONS[Archetype.GRIEVING] in hint


async def test_other_customers_keep_the_usual_open_question() -> None:
    session = CallSession(cast_for("loyalty-card-blocked"), ScriptedBackend())
    await session.start()
    async for _ in session.reply_to("I'm so sorry, that must have been embarrassing at the till."):
        pass
    assert open_question_hint(Archetype.FRUSTRATED) in session.hint()
