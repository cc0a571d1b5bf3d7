"""A trainer's edits: checked by the loader with line numbers, saved only when nothing breaks."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from support.sim_cast import PERSONA, SCENARIO

from roleplay.authoring.checking import check_text
from roleplay.authoring.drafts import draft_path, read_draft
from roleplay.authoring.files import FileKind, ScenarioFile, find_file, workspace_files
from roleplay.authoring.saving import save_edit
from roleplay.authoring.selfplay_job import scenario_id_of
from roleplay.errors import UserError
from roleplay.workspace import Workspace, find_workspace, open_workspace

SCENARIO_ID = str(SCENARIO["id"])
PERSONA_ID = str(PERSONA["id"])


@pytest.fixture
def workspace(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Workspace:
    root = tmp_path / "ws"
    (root / "scenarios").mkdir(parents=True)
    (root / "personas").mkdir()
    (root / "workspace.toml").write_text("bundled_scenarios = false\n", encoding="utf-8")
    (root / "personas" / f"{PERSONA_ID}.yaml").write_text(
        yaml.safe_dump(PERSONA, sort_keys=False), encoding="utf-8"
    )
    (root / "scenarios" / f"{SCENARIO_ID}.yaml").write_text(
        yaml.safe_dump(SCENARIO, sort_keys=False), encoding="utf-8"
    )
    monkeypatch.setenv("ROLEPLAY_TRANSCRIPTS", str(tmp_path / "calls"))
    return open_workspace(root)


def _line_of(text: str, start: str) -> int:
    return next(i for i, line in enumerate(text.splitlines(), 1) if line.startswith(start))


def test_a_problem_is_named_with_the_file_line_and_field(workspace: Workspace) -> None:
    item = find_file(workspace, SCENARIO_ID)
    text = item.path.read_text(encoding="utf-8").replace(
        f"persona: {PERSONA_ID}", "persona: nobody"
    )
    check = check_text(workspace, item, text)
    line = _line_of(text, "persona:")
    assert not check.ok and check.first_line() == line
    assert check.problems[0].startswith(f"scenarios/{SCENARIO_ID}.yaml:{line}: persona: ")


def test_an_edit_that_breaks_another_file_is_not_saved(workspace: Workspace) -> None:
    persona = find_file(workspace, PERSONA_ID)
    assert persona.kind is FileKind.PERSONA
    good = persona.path.read_text(encoding="utf-8")
    renamed = good.replace(f"id: {PERSONA_ID}", "id: someone-else")
    outcome = save_edit(workspace, persona, renamed)
    assert outcome.check.ok  # the persona file itself is fine...
    assert not outcome.ok and outcome.breaks  # ...but the scenario that names it would break
    assert any(p.startswith(f"scenarios/{SCENARIO_ID}.yaml:") for p in outcome.breaks)
    assert persona.path.read_text(encoding="utf-8") == good
    kept = read_draft(persona)
    assert kept is not None and kept.text == renamed


def test_a_valid_edit_replaces_the_file_and_drops_the_draft(workspace: Workspace) -> None:
    item = find_file(workspace, SCENARIO_ID)
    text = item.path.read_text(encoding="utf-8")
    assert not save_edit(workspace, item, text + "bogus: 1\n").ok
    assert read_draft(item) is not None
    edited = text.replace("title: ", "title: Better ", 1)
    outcome = save_edit(workspace, item, edited)
    assert outcome.ok and outcome.saved == item.path
    assert item.path.read_text(encoding="utf-8") == edited
    assert read_draft(item) is None
    assert not list(item.path.parent.glob(".*saving"))  # no half-written file left behind


def test_bundled_files_are_read_only_without_a_workspace(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("ROLEPLAY_HOME", raising=False)
    bare = find_workspace(tmp_path)  # no workspace here: the bundled library
    files = workspace_files(bare)
    assert files and all(f.bundled and f.read_only for f in files)
    assert all(draft_path(f) is None for f in files)


def test_a_bundled_file_saves_to_the_workspace(workspace: Workspace) -> None:
    item = find_file(workspace, "loyalty-card-blocked")
    assert item.bundled and item.save_to == workspace.scenarios_dir / "loyalty-card-blocked.yaml"


def test_self_play_of_a_bundled_scenario_the_workspace_turned_off_says_what_to_do(
    workspace: Workspace,
) -> None:
    item = find_file(workspace, "loyalty-card-blocked")
    with pytest.raises(UserError, match="turned off") as caught:
        scenario_id_of(workspace, item)
    assert "save your own copy" in caught.value.hint
    assert scenario_id_of(workspace, find_file(workspace, SCENARIO_ID)) == SCENARIO_ID


def test_a_scenario_file_that_does_not_load_cannot_be_played(workspace: Workspace) -> None:
    item = find_file(workspace, SCENARIO_ID)
    item.path.write_text(item.path.read_text(encoding="utf-8") + "bogus: 1\n", encoding="utf-8")
    with pytest.raises(UserError, match="does not load") as caught:
        scenario_id_of(workspace, item)
    assert f"scenarios/{SCENARIO_ID}.yaml:" in caught.value.hint


def test_the_files_listed_are_yours_first(workspace: Workspace) -> None:
    files = workspace_files(workspace)
    own = [f for f in files if not f.bundled]
    assert [f.shown for f in own] == [
        f"scenarios/{SCENARIO_ID}.yaml",
        f"personas/{PERSONA_ID}.yaml",
    ]
    assert files[: len(own)] == own
    assert isinstance(files[-1], ScenarioFile) and files[-1].bundled
