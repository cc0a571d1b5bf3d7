"""The embedded customer's voice: authored words chosen in context, and warnings for thin files."""

from __future__ import annotations

import asyncio

import pytest
from fake_backends import ChoosingBackend
from support.sim_cast import make_cast

from roleplay.scenarios.behaviours import Behaviour as B
from roleplay.scenarios.behaviours import Move, move_of
from roleplay.scenarios.loader import load_library
from roleplay.scenarios.thin import thin_spots
from roleplay.sim.session import CallSession
from roleplay.sim.speaking import voice_for
from roleplay.workspace import bundled_library_dir

LIBRARY = load_library(bundled_library_dir() / "scenarios", bundled_library_dir() / "personas")


async def say(session: CallSession, line: str) -> str:
    async for _ in session.reply_to(line):
        pass
    return session.turns[-1].text


def test_moves_follow_the_behaviours_heard() -> None:
    assert move_of([B.ACKNOWLEDGES_FEELING, B.DISMISSIVE]) == Move.PUSHED_BACK
    assert move_of([B.ACKNOWLEDGES_FEELING, B.SAYS_CALM_DOWN]) == Move.CALM_DOWN
    assert move_of([B.BLAMES_CUSTOMER, B.RUDE]) == Move.BLAMED
    assert move_of([B.SAYS_CALM_DOWN, B.BLAMES_CUSTOMER]) == Move.CALM_DOWN
    assert move_of([B.HEDGES]) == Move.UNCLEAR
    assert move_of([B.JARGON, B.GREETS]) == Move.UNCLEAR
    assert move_of([B.HEDGES, B.OPEN_QUESTION]) == Move.QUESTION
    assert move_of([B.OFFERS_SOLUTION, B.APOLOGISES]) == Move.FIX
    assert move_of([B.PARAPHRASES]) == Move.HEARD
    assert move_of([B.OPEN_QUESTION]) == Move.QUESTION
    assert move_of([], just_resumed=True) == Move.BACK_FROM_HOLD
    assert move_of([B.GREETS]) == Move.IDLE


def test_the_embedded_model_chooses_and_a_chat_model_writes() -> None:
    cast = LIBRARY.cast("bereavement-account")
    assert voice_for("auto", ChoosingBackend(), cast) == "choose"
    chat = ChoosingBackend()
    chat.can_choose = False
    assert voice_for("auto", chat, cast) == "write"
    assert voice_for("auto", ChoosingBackend(), make_cast()) == "write"  # no reactions to choose


async def test_a_reaction_is_chosen_from_the_authored_lines_for_the_move_and_mood(tmp_path) -> None:
    cast = LIBRARY.cast("service-down-hold-music")
    backend = ChoosingBackend()
    session = CallSession(cast, backend, transcripts=tmp_path)
    await session.start()
    line = await say(session, "Calm down, it's only telly.")
    offered = backend.prompts[-1].choices
    band = session.turns[-1].state.band
    assert set(offered) <= set(cast.scenario.reactions[Move.CALM_DOWN][band])
    assert line == offered[-1] and session.turns[-1].source == "chosen"


async def test_a_met_goal_is_answered_in_the_authors_words_once_then_the_question(
    tmp_path,
) -> None:
    cast = LIBRARY.cast("bereavement-account")
    session = CallSession(cast, ChoosingBackend(), transcripts=tmp_path)
    await session.start()
    first = await say(session, "I'm so sorry about your husband. What did the letter ask for?")
    reactions = next(g for g in cast.scenario.goals if g.id == "condolence").reactions()
    # the line also asked about the letter: the reaction first, then the answer to it
    assert first.startswith(tuple(reactions)) and "probate" in first.lower()
    assert session.turns[-1].source == "reaction+fact"
    second = await say(session, "Take your time, there's no rush.")
    said = " ".join(t.text for t in session.turns if t.speaker == "customer")
    assert sum(said.count(r) for r in reactions) == 1, second
    assert said.lower().count("probate") == 1, second


async def test_a_met_goal_without_a_question_is_its_own_news_and_its_fact_waits(
    tmp_path,
) -> None:
    cast = LIBRARY.cast("bereavement-account")
    session = CallSession(cast, ChoosingBackend(), transcripts=tmp_path)
    await session.start()
    first = await say(session, "I'm so sorry about your husband. Tell me about the letter.")
    reactions = next(g for g in cast.scenario.goals if g.id == "condolence").reactions()
    assert first in reactions and session.turns[-1].source == "reaction"
    second = await say(session, "Take your time, there's no rush.")
    assert "probate" in second.lower() and session.turns[-1].source == "fact"


async def test_the_same_moment_played_again_and_again_is_not_always_the_same_reply(
    tmp_path,
) -> None:
    cast = LIBRARY.cast("loyalty-card-blocked")
    replies = set()
    for _ in range(12):  # all alike by chance: about 3 in a million
        session = CallSession(cast, ChoosingBackend(), transcripts=tmp_path)
        await session.start()
        replies.add(await say(session, "Calm down, it's only a loyalty card."))
    assert len(replies) >= 2


def test_every_bundled_scenario_is_full_enough_to_sound_real() -> None:
    for scenario_id, scenario in LIBRARY.scenarios.items():
        assert thin_spots(scenario) == [], scenario_id


def test_a_thin_scenario_gets_a_warning_naming_the_field() -> None:
    scenario = LIBRARY.cast("loyalty-card-blocked").scenario
    reactions = {m: dict(b) for m, b in scenario.reactions.items()}
    del reactions[Move.PUSHED_BACK]
    reactions[Move.HEARD] = {band: lines[:1] for band, lines in reactions[Move.HEARD].items()}
    thin = scenario.model_copy(update={"reactions": reactions})
    warnings = thin_spots(thin)
    assert any(w.startswith("reactions.pushed_back: none authored") for w in warnings)
    assert any(w.startswith("reactions.heard.angry: 1 line(s)") for w in warnings)


@pytest.mark.parametrize("scenario_id", sorted(LIBRARY.scenarios))
def test_no_authored_reaction_trips_the_line_checks(scenario_id: str) -> None:
    from roleplay.sim.actor import check_line

    cast = LIBRARY.cast(scenario_id)
    for bands in cast.scenario.reactions.values():
        for lines in bands.values():
            for line in lines:
                assert check_line(line, cast.persona, [], []) == [], line


class Reading(ChoosingBackend):
    """A choosing backend that records what it was asked to read ahead (`warm`)."""

    def __init__(self) -> None:
        super().__init__()
        self.read: list[str] = []

    async def warm(self, prompt) -> None:  # type: ignore[no-untyped-def]
        self.read.append(prompt.transcript)


async def test_the_model_reads_the_opening_while_the_trainee_types_the_first_line() -> None:
    # Without it, the first reply the model chose waited for it to read the whole call.
    cast = LIBRARY.cast("credit-card-dispute")
    backend = Reading()
    session = CallSession(cast, backend)
    opened = await session.start()
    await asyncio.sleep(0)  # the trainee reading the opening: the loop runs on
    await session.aclose()
    assert len(backend.read) == 1
    read = backend.read[0]
    assert opened[-1].text in read and read.rstrip().endswith(opened[-1].text)
    assert not backend.prompts, "reading ahead asks for no reply"
