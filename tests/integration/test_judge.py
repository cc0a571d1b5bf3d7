"""The model judge end to end: `roleplay debrief --judge model` against the real local server.

The bundled 270M base model grades poorly, and that is fine; what must hold is that its answer
fits the grading schema (the server constrains output to it) and that every quote it cites is
checked: kept only if the trainee said it in that turn, otherwise dropped, the criterion
flagged and the judge asked once more. A one-criterion rubric keeps the prompt and the answer
small enough for a 2-core machine.
"""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path

import pytest
import yaml

from roleplay.cli import main
from roleplay.debrief.quotes import verify_quote
from roleplay.transcript import read_transcript

pytestmark = pytest.mark.integration

UNIT = Path(__file__).resolve().parents[1] / "unit"
CALL = Path(__file__).resolve().parents[1] / "data" / "transcripts" / "test-broadband-down"


def _workspace(root: Path) -> None:
    """A workspace holding the fixture scenario, graded on empathy alone."""
    if str(UNIT) not in sys.path:
        sys.path.insert(0, str(UNIT))
    from support.sim_cast import PERSONA, SCENARIO

    empathy = {**SCENARIO["rubric"]["criteria"][0], "weight": 100}
    scenario = {**SCENARIO, "rubric": {**SCENARIO["rubric"], "criteria": [empathy]}}
    (root / "scenarios").mkdir(parents=True)
    (root / "personas").mkdir()
    (root / "scenarios" / "broadband.yaml").write_text(yaml.safe_dump(scenario))
    (root / "personas" / "dana.yaml").write_text(yaml.safe_dump(PERSONA))


def test_model_grading_is_schema_valid_and_every_kept_quote_is_verbatim(
    llama_server,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    _workspace(tmp_path / "ws")
    call = tmp_path / "ws" / "transcripts" / "good.jsonl"
    call.parent.mkdir()
    shutil.copy(CALL / "good.jsonl", call)
    monkeypatch.setenv("ROLEPLAY_HOME", str(tmp_path / "ws"))
    monkeypatch.setenv("ROLEPLAY_OPENAI__BASE_URL", llama_server.base_url)
    monkeypatch.setenv("ROLEPLAY_OPENAI__MODEL", llama_server.model)
    monkeypatch.setenv("ROLEPLAY_OPENAI__API_KEY", "not-needed")
    monkeypatch.setenv("ROLEPLAY_OPENAI__TIMEOUT_S", "300")

    code = main(["debrief", str(call), "-f", "json", "--judge", "model", "--backend", "openai"])
    out, err = capsys.readouterr()
    assert code == 0, err
    debrief = json.loads(out)

    assert debrief["grader"] == "model", debrief["notes"]
    assert not any("Model grading failed" in n for n in debrief["notes"])
    [empathy] = debrief["criteria"]
    assert empathy["id"] == "empathy" and empathy["score"] in (1, 2, 3, 4, 5)
    assert debrief["overall"] == (empathy["score"] - 1) * 25

    transcript = read_transcript(call)
    for evidence in empathy["evidence"]:
        turn = transcript.turn(evidence["turn_id"])
        assert turn is not None and turn.speaker == "trainee"
        assert verify_quote(transcript, evidence["turn_id"], evidence["quote"]) == evidence["quote"]
    retried = any("asked once more" in n for n in debrief["notes"])
    if empathy["flagged"]:
        assert "did not say" in empathy["flag_reason"] and retried
    assert empathy["evidence"] or empathy["flagged"], "a score must cite the trainee or be flagged"

    cached = call.with_name("good.debrief.json")
    assert json.loads(cached.read_text())["grader"] == "model"


async def test_model_coaching_rewrites_the_worst_turns_of_a_bundled_call(llama_server) -> None:
    call, debrief = await _grade_bundled_call(llama_server, "parent-in-hospital", "bad")

    assert debrief.grader == "model", debrief.notes
    for criterion in debrief.criteria:
        for evidence in criterion.evidence:
            assert verify_quote(call, evidence.turn_id, evidence.quote) == evidence.quote
    # A compliance slip fails the call whatever the model's scores.
    assert debrief.auto_fail and not debrief.passed
    first, *rest = debrief.improvements
    assert first.turn_id == debrief.auto_fail[0].turn_id and first.source == "heuristic"
    assert rest and all(item.source == "model" and item.could_say.strip() for item in rest)


@pytest.mark.parametrize("handling", ["good", "bad"])
@pytest.mark.parametrize(
    "scenario_id", ["loyalty-card-blocked", "service-down-hold-music", "demands-supervisor"]
)
async def test_model_grades_good_and_bad_calls_of_bundled_scenarios(
    llama_server, scenario_id: str, handling: str
) -> None:
    """Three scenarios, both calls each, through the model path: the answer fits the schema and
    every quote it keeps is the trainee's own words. (The 270M model's scores themselves carry
    no meaning; the heuristic grader's unit tests show good beating bad.)"""
    call, debrief = await _grade_bundled_call(llama_server, scenario_id, handling)

    assert debrief.grader == "model", debrief.notes
    [graded] = debrief.criteria
    assert graded.score in (1, 2, 3, 4, 5)
    for evidence in graded.evidence:
        turn = call.turn(evidence.turn_id)
        assert turn is not None and turn.speaker == "trainee"
        assert verify_quote(call, evidence.turn_id, evidence.quote) == evidence.quote
    assert graded.evidence or graded.flagged, "a score must cite the trainee or be flagged"


async def _grade_bundled_call(llama_server, scenario_id: str, handling: str):  # type: ignore[no-untyped-def]
    """A bundled call graded by the model on the scenario's first criterion alone.

    One criterion keeps the prompt and the answer small enough for a 2-core machine.
    """
    from roleplay.config import OpenAISettings
    from roleplay.debrief import abuild_debrief
    from roleplay.llm.openai_backend import OpenAIBackend
    from roleplay.scenarios.loader import load_library
    from roleplay.scenarios.models import Rubric
    from roleplay.workspace import bundled_library_dir

    root = bundled_library_dir()
    cast = load_library(root / "scenarios", root / "personas").cast(scenario_id)
    rubric = cast.scenario.rubric
    first = rubric.criteria[0].model_copy(update={"weight": 100})
    small = Rubric(pass_mark=rubric.pass_mark, criteria=[first], auto_fail=rubric.auto_fail)
    cast = cast.model_copy(update={"scenario": cast.scenario.model_copy(update={"rubric": small})})
    call = read_transcript(CALL.parent / scenario_id / f"{handling}.jsonl")
    backend = OpenAIBackend(
        OpenAISettings(base_url=llama_server.base_url, model=llama_server.model, timeout_s=300)
    )
    try:
        return call, await abuild_debrief(call, cast, backend=backend)
    finally:
        await backend.aclose()
