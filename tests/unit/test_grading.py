"""The grading service: which judge grades, the cache by content, overrides kept, saving."""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from typing import Any

import pytest
from debrief_data import DATA, FIXTURE, cast_for
from fake_backends import CannedBackend
from pydantic import BaseModel

from roleplay.choices import BackendName, JudgeMode
from roleplay.debrief import debrief_path, load_debrief, save_debrief
from roleplay.errors import UserError
from roleplay.grading import Grading
from roleplay.llm.base import Backend, can_judge
from roleplay.llm.local_backend import LocalBackend
from roleplay.llm.scripted_backend import ScriptedBackend

SCENARIO = "loyalty-card-blocked"


class QuotingJudge(CannedBackend):
    """A judge that scores 4 and quotes the agent's first line for every criterion."""

    def __init__(self) -> None:
        super().__init__([])
        self.judged = 0
        self.closed = False

    async def complete_json(
        self, system: str, user: str, schema: type[BaseModel]
    ) -> dict[str, Any]:
        self.judged += 1
        found = re.search(r"^\[(\d+)\] Agent: (.+)$", user, re.MULTILINE)
        assert found is not None
        grade = {
            "score": 4,
            "rationale": "Named the feeling early.",
            "evidence": [{"turn_id": int(found.group(1)), "quote": found.group(2)[:60]}],
            "improvement": "Say what happens next.",
        }
        criteria = schema.model_fields["criteria"].annotation.model_fields  # type: ignore[union-attr]
        answer: dict[str, Any] = {"criteria": {f.alias: grade for f in criteria.values()}}
        rewrites = schema.model_fields.get("rewrites")
        if rewrites is not None:
            answer["rewrites"] = {n: "A better line." for n in rewrites.annotation.model_fields}  # type: ignore[union-attr]
        return schema.model_validate(answer).model_dump(mode="json", by_alias=True)

    async def aclose(self) -> None:
        self.closed = True


@pytest.fixture
def call(tmp_path: Path) -> Path:
    target = tmp_path / "good.jsonl"
    shutil.copy(DATA / SCENARIO / "good.jsonl", target)
    return target


def _maker(backend: Backend) -> Any:
    made: list[str] = []

    def make(name: str) -> Backend:
        made.append(name)
        return backend

    make.made = made  # type: ignore[attr-defined]
    return make


def test_only_backends_that_can_grade_are_judges() -> None:
    assert can_judge(QuotingJudge())
    assert not can_judge(ScriptedBackend())
    assert not can_judge(CannedBackend([]))
    assert not hasattr(LocalBackend, "complete_json")


@pytest.mark.parametrize(
    ("judge", "backend", "asks_a_model"),
    [
        (JudgeMode.AUTO, BackendName.OPENAI, True),
        (JudgeMode.AUTO, BackendName.LOCAL, False),
        (JudgeMode.AUTO, BackendName.SCRIPTED, False),
        (JudgeMode.MODEL, BackendName.OPENAI, True),
        (JudgeMode.HEURISTIC, BackendName.OPENAI, False),
    ],
)
def test_the_judge_follows_the_mode_and_backend(
    call: Path, judge: JudgeMode, backend: BackendName, asks_a_model: bool
) -> None:
    model = QuotingJudge()
    make = _maker(model)
    graded = Grading(judge, backend, make).grade_now(call, cast_for)
    assert graded.debrief.grader == ("model" if asks_a_model else "heuristic")
    assert (model.judged > 0) == asks_a_model
    assert make.made == ([backend.value] if asks_a_model else [])
    assert model.closed == asks_a_model


def test_a_model_judge_on_a_backend_that_only_speaks_is_a_clear_error(call: Path) -> None:
    grading = Grading(JudgeMode.MODEL, BackendName.SCRIPTED, _maker(ScriptedBackend()))
    with pytest.raises(UserError, match="the scripted backend cannot grade calls with a model"):
        grading.grade_now(call, cast_for)
    assert not debrief_path(call).exists()


async def test_the_saved_debrief_is_reused_until_the_call_changes(call: Path) -> None:
    grading = Grading(JudgeMode.HEURISTIC)
    first = await grading.grade(call, cast_for)
    assert not first.cached and debrief_path(call).exists() and not first.not_saved
    again = await grading.grade(call, cast_for)
    assert again.cached and again.debrief == first.debrief

    with call.open("a", encoding="utf-8") as fh:  # the call changed: its content hash too
        fh.write('{"type": "event", "kind": "note", "text": "added later"}\n')
    changed = await grading.grade(call, cast_for)
    assert not changed.cached
    assert changed.debrief.transcript_sha256 != first.debrief.transcript_sha256


async def test_a_regrade_keeps_the_reviewers_overrides(call: Path) -> None:
    grading = Grading(JudgeMode.HEURISTIC)
    graded = await grading.grade(call, cast_for)
    criterion = graded.debrief.criteria[0].id
    graded.debrief.add_override(criterion, 2, by="Lead Lee", note="missed the apology")
    save_debrief(graded.debrief, debrief_path(call))

    model = QuotingJudge()
    regraded = await Grading(JudgeMode.MODEL, BackendName.OPENAI, _maker(model)).grade(
        call, cast_for, regrade=True
    )
    assert regraded.debrief.grader == "model"
    saved = load_debrief(debrief_path(call))
    assert [(o.criterion_id, o.score, o.by) for o in saved.overrides] == [
        (criterion, 2, "Lead Lee")
    ]


def test_a_debrief_that_cannot_be_saved_is_still_given(
    call: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def disk_full(*_: object) -> Path:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("roleplay.grading.service.save_debrief", disk_full)
    graded = Grading(JudgeMode.HEURISTIC).grade_now(call, cast_for)
    assert graded.debrief.overall is not None
    assert "No space left on device" in graded.not_saved


def test_the_fixture_call_grades_with_its_own_cast(tmp_path: Path) -> None:
    target = tmp_path / "bad.jsonl"
    shutil.copy(DATA / FIXTURE / "bad.jsonl", target)
    graded = Grading(JudgeMode.HEURISTIC).grade_now(target, cast_for)
    assert graded.debrief.scenario_id == FIXTURE
