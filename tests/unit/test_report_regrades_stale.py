"""`roleplay report` counts today's grades: a stale heuristic debrief is graded again first.

The team server and the review app grade a call again when its saved debrief was made with other
grading rules, another detector or an edited scenario; the report read the saved scores as they
were, so its averages could disagree with the debrief a team lead then opened.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from debrief_data import DATA, cast_for

from roleplay.choices import JudgeMode
from roleplay.cli import main
from roleplay.debrief import debrief_path, load_debrief, save_debrief
from roleplay.grading import Grading

SCENARIO = "loyalty-card-blocked"


@pytest.fixture
def calls(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """One graded call of a bundled scenario, its transcripts folder in force."""
    root = tmp_path / "transcripts" / "2025-06-02"
    root.mkdir(parents=True)
    call = root / "good.jsonl"
    shutil.copy(DATA / SCENARIO / "good.jsonl", call)
    Grading(JudgeMode.HEURISTIC).grade_now(call, cast_for)
    monkeypatch.setenv("ROLEPLAY_TRANSCRIPTS", str(tmp_path / "transcripts"))
    monkeypatch.chdir(tmp_path)
    return call


def _overall(capsys: pytest.CaptureFixture[str]) -> tuple[float, str]:
    assert main(["report", "--format", "json"]) == 0
    out, err = capsys.readouterr()
    return json.loads(out)["team"]["average"], err


def test_a_stale_grade_is_graded_again_before_the_report_counts_it(
    calls: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    today, _ = _overall(capsys)
    saved = load_debrief(debrief_path(calls))
    first = saved.criteria[0].id
    saved.add_override(first, saved.criteria[0].score, by="Lead Lee", note="kept")
    for criterion in saved.criteria[1:]:  # what older grading rules gave it
        criterion.score = 1 if criterion.score is not None else None
    saved.overall = 3.0
    saved.graded_with = {**saved.graded_with, "code": "an older roleplay"}
    save_debrief(saved, debrief_path(calls))

    average, err = _overall(capsys)
    assert average == today, "the report counts the grade made today, not the stale 3"
    assert "1 call: Graded again by the heuristic grader: the grading rules changed" in err
    regraded = load_debrief(debrief_path(calls))
    assert regraded.graded_with["code"] != "an older roleplay"
    assert regraded.override_for(first) is not None, "the reviewer's override is kept"

    _, err = _overall(capsys)
    assert "Graded again" not in err, "once graded again, the debrief holds"


def test_a_stale_model_grade_is_kept_and_the_report_says_how_to_update_it(
    calls: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    saved = load_debrief(debrief_path(calls))
    saved.grader, saved.overall = "model", 55.0
    saved.graded_with = {**saved.graded_with, "code": "an older roleplay"}
    save_debrief(saved, debrief_path(calls))

    average, err = _overall(capsys)
    assert average == 55.0
    assert "1 call: This model grade is out of date: the grading rules changed" in err
    assert load_debrief(debrief_path(calls)).grader == "model"


def test_a_workspace_scenario_that_does_not_load_is_named_not_silently_replaced(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """A broken copy of a scenario: the report grades with the bundled one, and says so."""
    monkeypatch.delenv("ROLEPLAY_TRANSCRIPTS", raising=False)
    monkeypatch.delenv("ROLEPLAY_HOME", raising=False)
    workspace = tmp_path / "ws"
    assert main(["init", str(workspace)]) == 0
    scenario = workspace / "scenarios" / f"{SCENARIO}.yaml"
    text = scenario.read_text(encoding="utf-8")
    scenario.write_text(text.replace("weight: 20", "weight: 30", 1), encoding="utf-8")
    monkeypatch.chdir(workspace)
    capsys.readouterr()
    assert main(["report"]) == 0
    _, err = capsys.readouterr()
    assert f"warning: skipped scenarios/{SCENARIO}.yaml" in err
    assert "weights must sum to 100" in err
