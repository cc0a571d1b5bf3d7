"""Server tests run against a team workspace of their own, never the user's settings."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

EXTRAS = "the server's extras are not installed: pip install '.[serve]'"
for _module in ("aiohttp", "argon2", "textual_serve"):
    pytest.importorskip(_module, reason=EXTRAS)


@pytest.fixture
def team(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A team workspace in force (ROLEPLAY_HOME), its transcripts and settings in tmp_path."""
    from team import make_team

    root = make_team(tmp_path / "team")
    monkeypatch.setenv("ROLEPLAY_HOME", str(root))
    monkeypatch.delenv("ROLEPLAY_TRANSCRIPTS", raising=False)
    monkeypatch.setenv("ROLEPLAY_CONFIG", str(tmp_path / "config.toml"))
    for name in ("ROLEPLAY_BACKEND", "ROLEPLAY_DIFFICULTY", "ROLEPLAY_TRAINEE"):
        monkeypatch.delenv(name, raising=False)
    return root
