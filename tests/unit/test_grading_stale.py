"""A saved debrief is graded again when what its grade depends on changed, and says so.

Before, a debrief saved beside a call was reused after a retrained detector, a changed rubric or
new grading rules, until someone thought to pass `--regrade`. The team lead's overrides survive
the regrade, shown beside the new machine score with the score they were made against.
"""

from __future__ import annotations

import ast
import importlib.util
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from debrief_data import DATA, cast_for

from roleplay.choices import JudgeMode
from roleplay.cli import main
from roleplay.debrief import debrief_path, load_debrief, render, save_debrief
from roleplay.debrief import fingerprint as fingerprint_module
from roleplay.detectors import active
from roleplay.grading import Grading
from roleplay.scenarios.models import Cast

SCENARIO = "loyalty-card-blocked"


@pytest.fixture
def call(tmp_path: Path) -> Path:
    target = tmp_path / "good.jsonl"
    shutil.copy(DATA / SCENARIO / "good.jsonl", target)
    return target


@pytest.fixture
def bundled_detector() -> Iterator[None]:
    yield
    active.use_bundled()


def _reviewed(call: Path) -> tuple[str, int]:
    """Grade the call, then a team lead overrides its first criterion; (criterion, machine)."""
    graded = Grading(JudgeMode.HEURISTIC).grade_now(call, cast_for)
    assert not graded.cached and not graded.regraded
    first = graded.debrief.criteria[0]
    assert first.score is not None
    graded.debrief.add_override(first.id, 1, by="Lead Lee", note="no condolence")
    save_debrief(graded.debrief, debrief_path(call))
    return first.id, first.score


def test_an_unchanged_call_and_grading_reuse_the_saved_debrief(call: Path) -> None:
    _reviewed(call)
    again = Grading(JudgeMode.HEURISTIC).grade_now(call, cast_for)
    assert again.cached and not again.regraded


def test_a_new_detector_regrades_and_keeps_the_override(call: Path, bundled_detector: None) -> None:
    criterion, _ = _reviewed(call)
    active.use(None)  # the rules alone: a different detector from the one that graded
    graded = Grading(JudgeMode.HEURISTIC).grade_now(call, cast_for)
    assert not graded.cached
    assert "the behaviour detector changed" in graded.regraded
    assert graded.debrief.notes[0].startswith(
        "Graded again automatically: the behaviour detector changed"
    )
    assert "reviewers' scores are kept" in graded.debrief.notes[0]
    saved = load_debrief(debrief_path(call))
    override = saved.override_for(criterion)
    assert override is not None and (override.score, override.by) == (1, "Lead Lee")
    assert saved.effective_score(criterion) == 1
    assert saved.graded_with["detector"] == "rules only"
    again = Grading(JudgeMode.HEURISTIC).grade_now(call, cast_for)
    assert again.cached, "once graded again, the new debrief holds"


def _with_pass_mark(cast: Cast, mark: int) -> Cast:
    rubric = cast.scenario.rubric.model_copy(update={"pass_mark": mark})
    scenario = cast.scenario.model_copy(update={"rubric": rubric})
    return cast.model_copy(update={"scenario": scenario})


def test_a_changed_rubric_regrades(call: Path) -> None:
    _reviewed(call)
    changed = _with_pass_mark(cast_for(SCENARIO), 95)
    graded = Grading(JudgeMode.HEURISTIC).grade_now(call, lambda _id: changed)
    assert graded.regraded == "the scenario's rubric or goals changed"
    assert graded.debrief.pass_mark == 95


def test_new_grading_rules_regrade(call: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _reviewed(call)
    monkeypatch.setattr(fingerprint_module, "code_digest", lambda: "a newer version")
    graded = Grading(JudgeMode.HEURISTIC).grade_now(call, cast_for)
    assert "the grading rules changed" in graded.regraded


def test_a_debrief_saved_before_fingerprints_is_regraded(call: Path) -> None:
    _reviewed(call)
    saved = load_debrief(debrief_path(call))
    saved.graded_with = {}
    save_debrief(saved, debrief_path(call))
    graded = Grading(JudgeMode.HEURISTIC).grade_now(call, cast_for)
    assert graded.regraded == fingerprint_module.NOT_RECORDED


def test_the_override_is_shown_beside_the_new_machine_score(call: Path) -> None:
    criterion, machine = _reviewed(call)
    saved = load_debrief(debrief_path(call))
    result = saved.criterion(criterion)
    assert result is not None
    result.score = 5 if machine != 5 else 4  # the regraded machine score differs
    markdown = render(saved, "md")
    assert (
        f'Reviewed by Lead Lee: 1, "no condolence" (machine score kept: {result.score}; it was '
        f"{machine} when this review was made)"
    ) in markdown
    assert f"(the machine scored {machine} then)" in render(saved, "html")


def test_the_command_says_when_it_graded_again(
    call: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    bundled_detector: None,
) -> None:
    monkeypatch.chdir(call.parent)
    assert main(["debrief", str(call), "-f", "json"]) == 0
    capsys.readouterr()
    active.use(None)
    assert main(["debrief", str(call), "-f", "json"]) == 0
    _, err = capsys.readouterr()
    assert "graded again: the behaviour detector changed" in err


NOT_GRADING = {
    "roleplay.errors",  # messages only
    "roleplay.choices",
    "roleplay.llm.base",  # the judge's protocol; the judge's model is recorded as grader_model
    "roleplay.scenarios.models",  # the scenario's content is fingerprinted, not its classes
    "roleplay.scenarios.persona",
    "roleplay.transcript",  # the package's __init__ re-exports the modules listed
    "roleplay.transcript.names",
    "roleplay.debrief",  # the package: its modules are listed one by one
    "roleplay.debrief.fingerprint",
    "roleplay.debrief.files",
    "roleplay.debrief.report",
    "roleplay.debrief.heuristic_rules",  # the rules' words in the report
    "roleplay.detectors",
    "roleplay.detectors.train",  # training, not grading
    "roleplay.detectors.evaluate",
    "roleplay.detectors.retrain",
}


def _roleplay_modules(node: ast.ImportFrom) -> list[str]:
    """The roleplay modules an import names: `from a.b import c` is a.b, or a.b.c if c is one."""
    if not node.module or node.level or not node.module.startswith("roleplay"):
        return []
    found = [node.module]
    for alias in node.names:
        name = f"{node.module}.{alias.name}"
        if _is_module(name):
            found.append(name)
    return found


def _is_module(name: str) -> bool:
    try:
        return importlib.util.find_spec(name) is not None
    except (ModuleNotFoundError, ValueError):
        return False


def test_the_code_fingerprint_covers_every_module_a_grade_imports() -> None:
    """A module the grading code imports but the fingerprint leaves out could change a grade
    without the saved debriefs noticing."""
    missing: set[str] = set()
    for module in fingerprint_module.GRADING_CODE:
        if not module.startswith(("roleplay.debrief", "roleplay.detectors")):
            continue
        spec = importlib.util.find_spec(module)
        assert spec is not None and spec.origin is not None, module
        tree = ast.parse(Path(spec.origin).read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom):
                for name in _roleplay_modules(node):
                    if name not in NOT_GRADING and name not in fingerprint_module.GRADING_CODE:
                        missing.add(name)
    assert missing == set()


def test_a_stale_model_grade_is_kept_not_replaced_by_the_rules(call: Path) -> None:
    """Grading that cannot ask a model (auto on the local backend) keeps a stale model grade,
    says it is out of date and how to bring it up to date; the model regrades it."""
    from test_grading import QuotingJudge, _maker

    from roleplay.choices import BackendName

    _reviewed(call)
    saved = load_debrief(debrief_path(call))
    saved.grader, saved.graded_with = "model", {}
    save_debrief(saved, debrief_path(call))
    kept = Grading(JudgeMode.AUTO, BackendName.LOCAL).grade_now(call, cast_for)
    assert kept.cached and kept.debrief.grader == "model" and not kept.regraded
    assert kept.out_of_date.startswith("This model grade is out of date")
    assert kept.debrief.notes[0] == kept.out_of_date
    assert "--judge model" in kept.out_of_date
    model = QuotingJudge()
    graded = Grading(JudgeMode.MODEL, BackendName.OPENAI, _maker(model)).grade_now(call, cast_for)
    assert graded.regraded == fingerprint_module.NOT_RECORDED and model.judged > 0
    assert graded.debrief.overrides and graded.debrief.overrides[0].by == "Lead Lee"
