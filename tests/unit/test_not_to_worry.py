""" "Don't worry" reassures: it does not ask the customer what worries them.

Taken by hand: the widow's first line from the trainee was "Hello Mrs Whitlow, don't worry, I'll
help you sort out the account today." Her probate fear waits for `worry` among other words, so
she answered with it ("The letter mentioned probate. My neighbour says you need a solicitor..."),
news the line never asked for.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from debrief_data import cast_for

from roleplay.llm.scripted_backend import ScriptedBackend
from roleplay.sim.hearing import asks_about
from roleplay.sim.session import CallSession

WORRY = ["worried", "worry"]


@pytest.mark.parametrize(
    "line",
    [
        "Don't worry, I'll help you sort out the account today.",
        "Please don’t worry about any of this.",
        "There's nothing to worry about, I'll deal with it.",
        "You don't need to worry, we can do it over the phone.",
        "Try not to worry, Margaret.",
        "I don't want you to be worried.",
    ],
)
def test_telling_the_customer_not_to_worry_asks_nothing(line: str) -> None:
    assert not asks_about(line, WORRY)


@pytest.mark.parametrize(
    "line",
    [
        "What's your biggest worry about it?",
        "Is there anything you're worried about?",
        "No rush. What worry brought you to call today?",
    ],
)
def test_asking_what_worries_them_still_asks(line: str) -> None:
    assert asks_about(line, WORRY)


def test_other_words_in_a_reassurance_still_ask() -> None:
    assert asks_about("Don't worry about the letter, what did it say?", ["letter"])


async def _first_reply(line: str, tmp: Path) -> tuple[CallSession, str]:
    session = CallSession(cast_for("bereavement-account"), ScriptedBackend(), transcripts=tmp)  # type: ignore[arg-type]
    await session.start()
    async for _ in session.reply_to(line):
        pass
    return session, session.turns[-1].text


async def test_dont_worry_does_not_draw_out_the_probate_fear(tmp_path: Path) -> None:
    session, reply = await _first_reply(
        "Hello Mrs Whitlow, don't worry, I'll help you sort out the account today.", tmp_path
    )
    assert "fears-cost" not in session.state.revealed
    assert "probate" not in reply.lower()


async def test_asking_what_worries_her_does(tmp_path: Path) -> None:
    session, reply = await _first_reply("What's your biggest worry just now?", tmp_path)
    assert "fears-cost" in session.state.revealed
    assert "probate" in reply.lower()
