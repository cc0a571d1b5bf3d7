"""Every test keeps what the app remembers for a user (the last trainee name) in its own file."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture(autouse=True)
def own_state_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """ROLEPLAY_STATE in tmp_path, so no test reads or writes the real user's state folder."""
    path = tmp_path / "state" / "state.toml"
    monkeypatch.setenv("ROLEPLAY_STATE", str(path))
    return path
