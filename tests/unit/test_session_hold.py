"""Holds: the mood shows how the wait is landing while it lasts, and the customer reacts on
resume in the scenario's words for the wait's length and their mood."""

from __future__ import annotations

from debrief_data import cast_for
from fake_backends import ChoosingBackend

from roleplay.llm.scripted_backend import ScriptedBackend
from roleplay.scenarios.behaviours import Move
from roleplay.sim.events import Resumed
from roleplay.sim.hold import back_from_hold_line, wait_step
from roleplay.sim.session import CallSession
from roleplay.transcript import read_transcript


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


async def widow(tmp_path, clock: Clock, backend: object | None = None) -> CallSession:
    session = CallSession(
        cast_for("bereavement-account"),
        backend or ScriptedBackend(),  # type: ignore[arg-type]
        transcripts=tmp_path,
        clock=clock,
    )
    await session.start()
    async for _ in session.reply_to("Hello, you're through to Sam."):
        pass
    return session


async def test_the_mood_shows_the_wait_as_it_lands_not_as_a_jump_on_resume(tmp_path) -> None:
    clock = Clock()
    session = await widow(tmp_path, clock)
    before = session.state.mood
    session.hold()  # without asking first
    silent = session.mood_on_hold()
    assert silent > before  # an unasked-for hold tells at once
    clock.now += 120
    long = session.mood_on_hold()
    assert long > silent  # and a long one tells once it is long
    session.come_back()
    assert session.state.mood == long  # what was shown is what the resume makes of it


async def test_the_customer_reacts_on_resume_with_the_line_for_the_wait(tmp_path) -> None:
    clock = Clock()
    session = await widow(tmp_path, clock)
    lines = session.scenario.reactions[Move.BACK_FROM_HOLD]
    for waited in (10, 120):
        session.hold()
        clock.now += waited
        back = session.toggle_hold()
        assert isinstance(back, Resumed) and back.reaction is not None
        band_lines = lines[session.state.band]
        assert back.reaction.text == band_lines[min(wait_step(waited), len(band_lines) - 1)]
        assert back.reaction.source == "hold"
    saved = read_transcript(session.path)
    assert [t.text for t in saved.turns if t.source == "hold"] == [
        t.text for t in session.turns if t.source == "hold"
    ]


async def test_after_reacting_the_customer_does_not_greet_the_trainee_back_again(tmp_path) -> None:
    clock = Clock()
    session = await widow(tmp_path, clock, ChoosingBackend())
    assert session.voice == "choose"
    session.hold()
    clock.now += 20
    reaction = session.come_back().reaction
    assert reaction is not None
    said = [e async for e in session.reply_to("Thank you for waiting.")]
    reply = said[-1].turn.text
    every_back = [
        line for band in session.scenario.reactions[Move.BACK_FROM_HOLD].values() for line in band
    ]
    assert reply not in every_back


def test_wait_steps_pick_a_band_s_lines_shortest_wait_first() -> None:
    lines = ["short", "medium", "long"]
    assert [back_from_hold_line(lines, s) for s in (5, 45, 300)] == lines
    assert back_from_hold_line(["only"], 300) == "only"
    assert back_from_hold_line([], 10) == ""
