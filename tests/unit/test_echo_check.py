"""A small model often parrots the agent's line back; the customer must never do that."""

from __future__ import annotations

from fake_backends import CannedBackend
from support.sim_cast import make_cast

from roleplay.sim import actor
from roleplay.sim.events import Said
from roleplay.sim.session import CallSession

AGENT = "Yeah, it's blocked. These things happen, that's just how it works."


def test_a_line_that_parrots_the_agent_is_refused() -> None:
    persona = make_cast().persona
    echo = "Sorry, I'm not sure. Yeah it's blocked, these things happen, that's just how it works."
    assert "echoes the agent" in actor.check_line(echo, persona, [], [], [AGENT])


def test_a_reply_that_shares_a_few_words_with_the_agent_is_fine() -> None:
    persona = make_cast().persona
    reply = "Blocked? These things happen to other people, not to me."
    assert actor.check_line(reply, persona, [], [], [AGENT]) == []


async def test_the_session_replaces_an_echo_with_a_real_reply() -> None:
    backend = CannedBackend([AGENT, "Happen? It has never happened to me before."])
    session = CallSession(make_cast(), backend)
    await session.start()
    events = [event async for event in session.reply_to(AGENT)]
    said = events[-1]
    assert isinstance(said, Said)
    assert said.turn.text == "Happen? It has never happened to me before."
    assert said.turn.source == "retry"
    assert "echoes the agent" in session.check_failures


def test_a_close_echo_with_a_word_or_two_changed_is_refused() -> None:
    """Heard on the embedded model: the trainee's line said back with a greeting added."""
    persona = make_cast().persona
    said = "Honestly I don't care about your problem."
    echo = "Hello, sorry, I don't really care about your problem."
    assert "echoes the agent" in actor.check_line(echo, persona, [], [], [said])
    fine = "You don't care? Three days without internet and you don't care?"
    assert actor.check_line(fine, persona, [], [], [said]) == []
