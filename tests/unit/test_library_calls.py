"""Every bundled scenario, played with its self-play lines on the scripted backend.

A trainer should recognise the outcomes as fair: good handling calms the customer, resolves
the call and passes the rubric; poor handling drives them to a supervisor demand or a hang-up
and fails; and the hard preset is harder than the easy one.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml

from roleplay.debrief.build import heuristic_debrief
from roleplay.llm.scripted_backend import ScriptedBackend
from roleplay.scenarios.loader import Library, load_library
from roleplay.scenarios.models import Cast
from roleplay.sim.session import CallSession
from roleplay.sim.state import EndReason
from roleplay.transcript import read_transcript
from roleplay.workspace import bundled_library_dir

LIBRARY = bundled_library_dir()
SCENARIO_IDS = sorted(p.stem for p in (LIBRARY / "scenarios").glob("*.yaml"))
ESCALATED = {EndReason.HUNG_UP, EndReason.SUPERVISOR_REQUESTED}


@pytest.fixture(scope="module")
def library() -> Library:
    return load_library(LIBRARY / "scenarios", LIBRARY / "personas")


def lines_for(scenario_id: str, kind: str) -> list[str]:
    data = yaml.safe_load((LIBRARY / "selfplay" / f"{scenario_id}.yaml").read_text("utf-8"))
    return data[kind]


@dataclass
class Played:
    """What one scripted call came to."""

    session: CallSession
    peak: float
    turns_to_end: int | None  # trainee lines said before the customer escalated, if they did


async def play(cast: Cast, lines: list[str], difficulty: str, folder: Path) -> Played:
    """Say the lines in order (`/hold` and `/resume` as hold commands) until the call ends."""
    session = CallSession(
        cast, ScriptedBackend(), difficulty=difficulty, transcripts=folder, trainee="selfplay"
    )
    await session.start()
    peak, said = session.state.mood, 0
    for line in lines:
        if session.ended:
            break
        if line.startswith("/hold"):
            session.hold()
        elif line.startswith("/resume"):
            session.resume()
        else:
            said += 1
            async for _ in session.reply_to(line):
                pass
        peak = max(peak, session.state.mood)
    escalated = session.state.end_reason in ESCALATED
    return Played(session, peak, said if escalated else None)


@pytest.mark.parametrize("scenario_id", SCENARIO_IDS)
async def test_good_handling_calms_and_resolves(
    library: Library, scenario_id: str, tmp_path: Path
) -> None:
    cast = library.cast(scenario_id)
    level = cast.scenario.default_difficulty.value
    played = await play(cast, lines_for(scenario_id, "good"), level, tmp_path)
    state = played.session.state
    assert state.mood <= state.mood_start - 15, f"mood {state.mood_start} -> {state.mood}"
    required = {g.id for g in cast.scenario.goals if g.required}
    assert required <= set(state.goals_met), f"missed {required - set(state.goals_met)}"
    assert state.revealed, "a well-handled call uncovers at least one hidden fact"
    assert state.end_reason == EndReason.RESOLVED
    assert played.peak < cast.scenario.end.supervisor_at
    saved = read_transcript(played.session.path)
    assert saved.end_reason == EndReason.RESOLVED.value
    assert played.session.path.is_relative_to(tmp_path)


@pytest.mark.parametrize("scenario_id", SCENARIO_IDS)
async def test_poor_handling_escalates(library: Library, scenario_id: str, tmp_path: Path) -> None:
    cast = library.cast(scenario_id)
    level = cast.scenario.default_difficulty.value
    played = await play(cast, lines_for(scenario_id, "poor"), level, tmp_path)
    state = played.session.state
    in_zone = played.peak >= cast.scenario.end.supervisor_at
    assert in_zone or state.end_reason in ESCALATED, f"peak mood only {played.peak}"
    required = {g.id for g in cast.scenario.goals if g.required}
    assert not required <= set(state.goals_met), "poor handling should not meet every goal"


@pytest.mark.parametrize("difficulty", ["easy", "medium", "hard"])
@pytest.mark.parametrize("scenario_id", SCENARIO_IDS)
async def test_good_ends_calmer_than_poor_at_every_difficulty(
    library: Library, scenario_id: str, difficulty: str, tmp_path: Path
) -> None:
    cast = library.cast(scenario_id)
    good = await play(cast, lines_for(scenario_id, "good"), difficulty, tmp_path)
    poor = await play(cast, lines_for(scenario_id, "poor"), difficulty, tmp_path)
    assert good.session.state.mood < poor.session.state.mood
    assert good.session.state.end_reason not in ESCALATED


@pytest.mark.parametrize("scenario_id", SCENARIO_IDS)
async def test_hard_starts_higher_and_escalates_sooner_than_easy(
    library: Library, scenario_id: str, tmp_path: Path
) -> None:
    cast = library.cast(scenario_id)
    poor = lines_for(scenario_id, "poor")
    easy = await play(cast, poor, "easy", tmp_path)
    hard = await play(cast, poor, "hard", tmp_path)
    assert hard.session.state.mood_start > easy.session.state.mood_start
    assert hard.turns_to_end is not None, "poor handling on hard must end in escalation"
    never = len(poor) + 1
    assert hard.turns_to_end < (easy.turns_to_end or never)
    good = lines_for(scenario_id, "good")
    easy_good = await play(cast, good, "easy", tmp_path)
    hard_good = await play(cast, good, "hard", tmp_path)
    # Good handling calms both, often all the way; on hard the customer stays tenser on the way.
    assert _mood_area(hard_good) > _mood_area(easy_good)


@pytest.mark.parametrize("scenario_id", SCENARIO_IDS)
async def test_the_rubric_passes_good_handling_and_fails_poor(
    library: Library, scenario_id: str, tmp_path: Path
) -> None:
    cast = library.cast(scenario_id)
    level = cast.scenario.default_difficulty.value
    good = await play(cast, lines_for(scenario_id, "good"), level, tmp_path / "good")
    poor = await play(cast, lines_for(scenario_id, "poor"), level, tmp_path / "poor")
    good_debrief = heuristic_debrief(read_transcript(good.session.path), cast)
    poor_debrief = heuristic_debrief(read_transcript(poor.session.path), cast)
    assert good_debrief.passed, f"good handling scored {good_debrief.overall}"
    assert not good_debrief.auto_fail
    assert not poor_debrief.passed
    assert good_debrief.overall - poor_debrief.overall >= 40


def _mood_area(played: Played) -> float:
    """The customer's mood summed over the call: how tense the whole call was."""
    return sum(t.state.mood for t in played.session.turns if t.state is not None)
