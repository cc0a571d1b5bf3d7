"""Server tests run against a team workspace of their own, never the user's settings."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

EXTRAS = "the server's extras are not installed: pip install '.[serve]'"
for _module in ("aiohttp", "argon2", "textual_serve"):
    pytest.importorskip(_module, reason=EXTRAS)


@pytest.fixture(scope="session")
def team_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The team workspace, made once: hashing four passwords costs seconds on a busy machine."""
    from team import make_team

    return make_team(tmp_path_factory.mktemp("template") / "team")


@pytest.fixture
def team(team_template: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A team workspace in force (ROLEPLAY_HOME), its transcripts and settings in tmp_path."""
    import shutil

    root = Path(shutil.copytree(team_template, tmp_path / "team"))
    monkeypatch.setenv("ROLEPLAY_HOME", str(root))
    monkeypatch.delenv("ROLEPLAY_TRANSCRIPTS", raising=False)
    monkeypatch.setenv("ROLEPLAY_CONFIG", str(tmp_path / "config.toml"))
    for name in ("ROLEPLAY_BACKEND", "ROLEPLAY_DIFFICULTY", "ROLEPLAY_TRAINEE"):
        monkeypatch.delenv(name, raising=False)
    return root
