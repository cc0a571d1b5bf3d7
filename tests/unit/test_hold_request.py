"""Asked to hold, the customer agrees (crossly when cross) instead of telling a hidden fact.

Taken by hand: "Can I put you on hold for two minutes while I check?" was answered with a hidden
fact. A person says "Fine, but don't be long", or "Go on then".
"""

from __future__ import annotations

from pathlib import Path

import yaml
from debrief_data import cast_for
from test_loader_errors import problems_of, workspace_with

from roleplay.llm.scripted_backend import ScriptedBackend
from roleplay.scenarios.behaviours import Move
from roleplay.scenarios.hold_request import DEFAULT_HOLD_ASKED, GENTLE_HOLD_ASKED
from roleplay.scenarios.models import Cast, MoodBand, Scenario
from roleplay.scenarios.schema import build_schema
from roleplay.scenarios.thin import thin_spots
from roleplay.sim.session import CallSession

SORRY = "Mrs Whitlow, I'm so sorry for your loss."
HOLD_FOR_BILLS = "Can I put you on hold for two minutes while I check the direct debits?"


async def _reply(cast: Cast, *lines: str, **kw: object) -> CallSession:
    session = CallSession(cast, ScriptedBackend(), **kw)  # type: ignore[arg-type]
    await session.start()
    for line in lines:
        async for _ in session.reply_to(line):
            pass
    return session


def _last(session: CallSession) -> str:
    return next(t.text for t in reversed(session.turns) if t.speaker == "customer")


async def test_a_hold_request_is_agreed_to_not_answered_with_a_fact() -> None:
    cast = cast_for("bereavement-account")
    session = await _reply(cast, SORRY, HOLD_FOR_BILLS)
    assert "bills-going-out" not in session.state.revealed  # "direct debits" waits for later
    assert _last(session) in GENTLE_HOLD_ASKED[session.state.band]  # a grieving caller
    async for _ in session.reply_to("Thanks for holding. Are there bills going out of it?"):
        pass
    assert "bills-going-out" in session.state.revealed


async def test_a_furious_customer_agrees_in_furious_words() -> None:
    cast = cast_for("demands-supervisor")
    session = await _reply(cast, "Can I put you on hold while I check?", difficulty="hard")
    assert session.state.band in (MoodBand.ANGRY, MoodBand.FURIOUS)
    assert _last(session) in DEFAULT_HOLD_ASKED[session.state.band]
    assert _last(session) not in DEFAULT_HOLD_ASKED[MoodBand.CALM]


async def test_a_gentle_caller_agrees_gently_even_when_upset() -> None:
    cast = cast_for("bereavement-account")
    session = await _reply(cast, "Can I put you on hold while I check?", difficulty="hard")
    assert session.state.band in (MoodBand.UPSET, MoodBand.ANGRY, MoodBand.FURIOUS)
    assert _last(session) in GENTLE_HOLD_ASKED[session.state.band]
    assert _last(session) not in DEFAULT_HOLD_ASKED[session.state.band]  # never the cross words


async def test_a_scenarios_own_hold_lines_come_first_and_are_not_thin() -> None:
    cast = cast_for("bereavement-account")
    own = ["Yes, dear. I'll wait here.", "Of course. Take your time, dear."]
    reactions = {**cast.scenario.reactions, Move.HOLD_ASKED: {band: own for band in MoodBand}}
    scenario = cast.scenario.model_copy(update={"reactions": reactions})
    session = await _reply(cast.model_copy(update={"scenario": scenario}), SORRY, HOLD_FOR_BILLS)
    assert _last(session) in own
    assert not any("hold_asked" in w for w in thin_spots(cast.scenario))  # the default stands


async def test_a_goal_for_asking_first_still_says_its_own_reaction() -> None:
    cast = cast_for("service-down-hold-music")
    session = await _reply(cast, "May I put you on a brief hold for two minutes while I check?")
    goal = next(g for g in cast.scenario.goals if g.id == "ask-before-hold")
    assert _last(session) in goal.reactions()


def test_the_schema_and_the_validator_know_hold_asked(tmp_path: Path) -> None:
    assert "hold_asked" in yaml.safe_dump(build_schema(Scenario))
    root = workspace_with(tmp_path)
    path = root / "scenarios" / "broadband-down.yaml"
    text = path.read_text()
    path.write_text(text + "reactions:\n  hold_asked:\n    angry: ['']\n")
    line = text.count("\n") + 3
    [problem] = problems_of(root)
    assert problem.startswith(f"scenarios/broadband-down.yaml:{line}: reactions.hold_asked.angry")
    scenario = yaml.safe_load(text)
    scenario["reactions"] = {"hold_asked": {"angry": ["Fine. Be quick."]}}
    assert Scenario.model_validate(scenario).reactions[Move.HOLD_ASKED][MoodBand.ANGRY]
