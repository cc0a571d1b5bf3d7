"""Self-play: good handling rewarded and poor punished, on every scenario (scripted backend)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from cli_helpers import selfplay_workspace
from fake_backends import CannedBackend
from support.sim_cast import SCENARIO, make_cast

from roleplay.cli import main
from roleplay.errors import UserError
from roleplay.llm.scripted_backend import ScriptedBackend
from roleplay.scenarios.loader import load_library
from roleplay.selfplay.lines import trainee_script
from roleplay.selfplay.model_trainee import model_trainee, trainee_prompt
from roleplay.selfplay.plan import run_selfplay, trainee_for
from roleplay.selfplay.run import play, scripted_lines
from roleplay.selfplay.summary import summarise, verdict
from roleplay.sim.session import CallSession
from roleplay.workspace import bundled_library_dir

BUNDLED = bundled_library_dir()
BUNDLED_IDS = sorted(
    p.stem for p in (BUNDLED / "scenarios").glob("*.yaml") if not p.name.startswith(".")
)

GOOD = [
    "Hello, you're through to Sam. I'm so sorry, that sounds exhausting on a night shift.",
    "Can you tell me what lights you can see on the router?",
    "Thank you. I'll reset your line now; it takes about 10 minutes.",
    "I've also added a month's credit to your account for the trouble.",
    "Is there anything else I can help with today?",
]
POOR = [
    "Account number.",
    "Calm down, it's only the internet.",
    "/hold",
    "/resume",
    "Umm, I think it's maybe your router, not really our problem.",
    "Anything else?",
]


@pytest.fixture
def workspace(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A workspace holding the fixture cast and its self-play lines."""
    return selfplay_workspace(tmp_path, monkeypatch, GOOD, POOR)


async def _good_and_poor(cast, folders: list[Path], tmp_path: Path, difficulty: str = ""):
    results = await run_selfplay(
        cast,
        ScriptedBackend(),
        ["good", "poor"],
        runs=1,
        difficulty=difficulty or cast.scenario.default_difficulty.value,
        folders=folders,
        transcripts=tmp_path,
    )
    return {r.kind: r for r in results}, verdict(summarise(results))


@pytest.mark.parametrize("difficulty", ["easy", "medium", "hard"])
@pytest.mark.parametrize("scenario_id", BUNDLED_IDS)
async def test_every_bundled_scenario_rewards_good_and_punishes_poor(
    scenario_id: str, difficulty: str, tmp_path: Path
) -> None:
    cast = load_library(BUNDLED / "scenarios", BUNDLED / "personas").cast(scenario_id)
    assert (BUNDLED / "selfplay" / f"{scenario_id}.yaml").exists(), "no self-play lines"
    runs, outcome = await _good_and_poor(cast, [BUNDLED / "selfplay"], tmp_path, difficulty)
    assert outcome.separates, outcome.failures
    good, poor = runs["good"], runs["poor"]
    assert good.end_reason == "resolved" and poor.end_reason != "resolved"
    assert good.mood_end < good.mood_start and poor.mood_end > poor.mood_start
    assert good.passed and not poor.passed
    assert good.consistency == [] and good.fallbacks == 0


async def test_fixture_scenario_separates_good_from_poor(workspace: Path, tmp_path: Path) -> None:
    runs, outcome = await _good_and_poor(make_cast(), [workspace / "selfplay"], tmp_path)
    assert outcome.separates, outcome.failures
    good, poor = runs["good"], runs["poor"]
    assert good.end_reason == "resolved"
    assert {"reset-line", "credit"} <= set(good.goals_met) and poor.goals_met == []
    assert "router-lights" in good.facts_revealed
    assert good.moods[0] == good.mood_start and good.moods[-1] == good.mood_end
    assert good.score > poor.score


async def test_a_silent_hold_costs_more_than_an_asked_one(tmp_path: Path) -> None:
    asked = ["May I put you on a brief hold for two minutes while I check?", "/hold 60"]
    silent = ["Right.", "/hold 60"]
    moods = []
    for lines in (asked, silent):
        run = await play(make_cast(), ScriptedBackend(), scripted_lines(tuple(lines)), kind="x")
        moods.append(run.mood_end)
    assert moods[1] > moods[0]


async def test_repeated_customer_lines_are_reported_as_persona_problems() -> None:
    same = tuple(["Okay."] * 8)
    run = await play(make_cast(), ScriptedBackend(), scripted_lines(same), kind="flat")
    assert run.end_reason != "resolved" and run.mood_end > run.mood_start
    assert any("repeats an earlier line" in p for p in run.consistency)


async def test_model_line_check_failures_and_fallbacks_are_counted() -> None:
    backend = CannedBackend(["Agent: How can I help you today?", "As an AI I cannot say."])
    run = await play(make_cast(), backend, scripted_lines(("Hello, I'm Sam.",)), kind="x")
    assert run.fallbacks == 1
    assert "spoken as someone else" in run.check_failures


def test_trainee_file_and_unknown_trainee(tmp_path: Path) -> None:
    lines = tmp_path / "mine.txt"
    lines.write_text("# my attempt\nHello there.\n\n/hold\n/resume\nBye.\n")
    script = trainee_script(str(lines), "any", [])
    assert script.kind == "mine" and script.lines == ("Hello there.", "/hold", "/resume", "Bye.")
    with pytest.raises(UserError, match="neither good, poor nor an existing file"):
        trainee_script("excellent", "any", [])
    with pytest.raises(UserError, match="no authored 'good' trainee lines"):
        trainee_for("good", make_cast(), ScriptedBackend(), [tmp_path])


async def test_a_model_backend_plays_the_trainee_when_no_lines_exist(tmp_path: Path) -> None:
    backend = CannedBackend(["Agent: Hello, I'm sorry to hear that.", "Fine."], mode="chat")
    kind, _source, where = trainee_for("good", make_cast(), backend, [tmp_path])
    assert kind == "good" and "model" in where
    session = CallSession(make_cast(), ScriptedBackend())
    await session.start()
    prompt = trainee_prompt(session, "poor")
    assert "calm down" in prompt.system and "Line reset" in prompt.system
    assert "SECRET-RUBRIC-MARKER" not in prompt.transcript + prompt.system
    assert prompt.transcript.endswith("Agent:")
    first = [line async for line in model_trainee(backend, "good", max_turns=1)(session)]
    assert first == ["Hello, I'm sorry to hear that."]


def test_cli_json_and_check(workspace: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["selfplay", SCENARIO["id"], "--runs", "2", "--json", "--check"])
    doc = json.loads(capsys.readouterr().out)
    assert code == 0 and doc["separates"] is True
    assert [r["kind"] for r in doc["runs"]] == ["good", "good", "poor", "poor"]
    assert doc["summary"]["good"]["end_reasons"] == {"resolved": 2}
    assert not (workspace / "transcripts").exists()

    flat = workspace / "flat.txt"
    flat.write_text("Okay.\nOkay then.\n")
    code = main(["selfplay", SCENARIO["id"], "--trainee", str(flat), "--keep"])
    out = capsys.readouterr().out
    assert code == 0 and "[flat #1] ended: trainee_ended" in out
    assert "Run both --trainee good and --trainee poor" in out
    assert list((workspace / "transcripts" / "selfplay").rglob("*.jsonl"))

    code = main(["selfplay", SCENARIO["id"], "--trainee", str(flat), "--trainee", "poor"])
    assert code == 0
    code = main(["selfplay", "no-such-scenario"])
    assert code == 2 and "no-such-scenario" in capsys.readouterr().err
