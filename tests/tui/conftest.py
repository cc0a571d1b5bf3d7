"""Fixtures for the app's tests: a throwaway workspace holding the fixture cast, and settings.

The workspace uses the cast from `tests/support/sim_cast.py` rather than the bundled library, so
the screens (and their snapshots) do not change whenever a bundled scenario is edited.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from textual.widgets import Input
from tui_helpers import FrozenClock, write_workspace

from roleplay.config import Settings, load_settings
from roleplay.workspace import Workspace, find_workspace


@pytest.fixture(autouse=True)
def steady_cursor(monkeypatch: pytest.MonkeyPatch) -> None:
    """Text cursors never blink in tests, so a snapshot never catches one half-way."""
    monkeypatch.setattr(Input, "cursor_blink", False)


@pytest.fixture
def env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A workspace, a config file and a transcripts folder, all under tmp_path."""
    home = write_workspace(tmp_path / "ws")
    monkeypatch.setenv("ROLEPLAY_HOME", str(home))
    monkeypatch.setenv("ROLEPLAY_TRANSCRIPTS", str(tmp_path / "calls"))
    yield tmp_path


@pytest.fixture
def workspace(env: Path) -> Workspace:
    """The fixture workspace."""
    return find_workspace()


@pytest.fixture
def settings(env: Path) -> Callable[..., Settings]:
    """Settings read from the tmp config file, with overrides (e.g. backend="scripted")."""

    def make(**overrides: object) -> Settings:
        return load_settings(**overrides)

    return make


@pytest.fixture
def clock() -> FrozenClock:
    """A frozen clock for the call."""
    return FrozenClock()
