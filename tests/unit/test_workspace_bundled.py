"""A trainer's workspace still offers the bundled scenarios, unless its workspace.toml says not."""

from __future__ import annotations

import io
import sys
from pathlib import Path

import pytest
from cli_helpers import isolate, run

from roleplay.errors import UserError
from roleplay.transcript import read_transcript
from roleplay.workspace import bundled_library_dir, create_workspace, find_workspace

BUNDLED_IDS = {p.stem for p in (bundled_library_dir() / "scenarios").glob("*.yaml")}
OWN = "loyalty-card-blocked"  # the example `roleplay init` copies


@pytest.fixture
def team(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A workspace made as `roleplay init` makes it, and the current folder inside it."""
    isolate(tmp_path, monkeypatch)
    root = tmp_path / "team"
    create_workspace(root)
    monkeypatch.chdir(root)
    return root


def test_a_new_workspace_offers_its_own_scenario_and_every_bundled_one(team: Path):
    library = find_workspace().library()
    assert set(library.scenarios) == BUNDLED_IDS
    assert library.bundled == BUNDLED_IDS - {OWN}
    assert library.sources[f"scenario:{OWN}"].is_relative_to(team)


def test_calling_a_bundled_scenario_from_a_new_workspace_works(team: Path, tmp_path, capsys):
    sys.stdin = io.StringIO("I'm sorry about the wait, let me look at that now.\n/end\n")
    try:
        code, out, err = run(
            capsys, "call", "service-down-hold-music", "--plain", "--backend", "scripted"
        )
    finally:
        sys.stdin = sys.__stdin__
    assert code == 0, err
    assert "Gareth Pryce:" in out
    (path,) = (tmp_path / "transcripts").glob("*/*.jsonl")
    assert read_transcript(path).header.scenario_id == "service-down-hold-music"


def test_a_scenario_of_the_workspace_replaces_the_bundled_one_of_the_same_id(team: Path):
    own = team / "scenarios" / f"{OWN}.yaml"
    own.write_text(own.read_text().replace("title:", "title: Our own -", 1))
    library = find_workspace().library()
    assert library.scenarios[OWN].title.startswith("Our own -")
    assert OWN not in library.bundled


def test_workspace_toml_can_turn_the_bundled_scenarios_off(team: Path, capsys):
    (team / "workspace.toml").write_text("bundled_scenarios = false\n")
    assert set(find_workspace().library().scenarios) == {OWN}
    code, out, _ = run(capsys, "scenarios", "list")
    assert code == 0
    assert "service-down-hold-music" not in out and "FROM" not in out


def test_scenarios_list_says_which_are_bundled(team: Path, capsys):
    code, out, _ = run(capsys, "scenarios", "list")
    assert code == 0
    rows = {line.split()[0]: line.split()[-1] for line in out.splitlines()[1:]}
    assert rows[OWN] == "workspace"
    assert rows["bereavement-account"] == "bundled"


def test_a_broken_file_of_the_workspace_leaves_the_bundled_ones_playable(team: Path):
    (team / "scenarios" / "broken.yaml").write_text("id: broken\ntitle: [unclosed\n")
    library, problems = find_workspace().playable_library()
    assert problems and "broken.yaml" in problems[0]
    assert set(library.scenarios) >= BUNDLED_IDS


def test_a_bad_workspace_toml_is_a_clear_error(team: Path):
    (team / "workspace.toml").write_text("bundled_scenarios = 'sometimes'\n")
    with pytest.raises(UserError) as caught:
        find_workspace()
    assert "workspace.toml" in caught.value.message
    assert "true or false" in caught.value.message
