"""Which scenarios a command sees: ROLEPLAY_HOME, the nearest workspace, or the bundled set."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from roleplay.errors import UserError
from roleplay.workspace import bundled_library_dir, create_workspace, find_workspace

DATA = Path(__file__).resolve().parents[1] / "data"


def test_the_nearest_workspace_above_the_current_folder_is_used(tmp_path: Path) -> None:
    root = tmp_path / "team"
    shutil.copytree(DATA / "valid", root)
    deep = root / "notes" / "week1"
    deep.mkdir(parents=True)
    workspace = find_workspace(deep)
    assert (workspace.root, workspace.bundled) == (root.resolve(), False)
    assert workspace.transcripts_dir == root.resolve() / "transcripts"
    library = workspace.library()
    assert set(library.scenarios) - library.bundled == {"broadband-down"}


def test_roleplay_home_wins_and_transcripts_can_go_elsewhere(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = tmp_path / "team"
    shutil.copytree(DATA / "valid", root)
    monkeypatch.setenv("ROLEPLAY_HOME", str(root))
    monkeypatch.setenv("ROLEPLAY_TRANSCRIPTS", str(tmp_path / "calls"))
    workspace = find_workspace(tmp_path)
    assert workspace.root == root.resolve()
    assert workspace.transcripts_dir == tmp_path / "calls"


def test_roleplay_home_that_is_not_a_workspace_is_a_clear_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ROLEPLAY_HOME", str(tmp_path / "nowhere"))
    with pytest.raises(UserError) as caught:
        find_workspace()
    assert "is not a workspace" in caught.value.message
    assert "roleplay init" in caught.value.hint


def test_outside_any_workspace_the_bundled_library_is_used(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ROLEPLAY_TRANSCRIPTS", str(tmp_path / "calls"))
    workspace = find_workspace(tmp_path)
    assert (workspace.root, workspace.bundled) == (bundled_library_dir(), True)
    assert workspace.transcripts_dir == tmp_path / "calls"


def test_a_workspace_may_use_bundled_personas(tmp_path: Path) -> None:
    root = create_workspace(tmp_path / "team")[0].parents[1]
    for persona in (root / "personas").glob("*.yaml"):
        persona.unlink()
    library = find_workspace(root).library()
    own = set(library.scenarios) - library.bundled
    assert len(own) == 1
    assert set(library.borrowed) >= {library.scenarios[s].persona for s in own}


def test_init_keeps_an_existing_gitignore(tmp_path: Path) -> None:
    root = tmp_path / "team"
    root.mkdir()
    (root / ".gitignore").write_text("*.pyc\n")
    create_workspace(root)
    assert (root / ".gitignore").read_text().splitlines()[0] == "*.pyc"
    assert "transcripts/" in (root / ".gitignore").read_text().splitlines()
