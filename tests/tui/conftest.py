"""Fixtures for the app's tests: a throwaway workspace holding the fixture cast, and settings.

The workspace uses the cast from `tests/unit/sim_cast.py` rather than the bundled library, so
the screens (and their snapshots) do not change whenever a bundled scenario is edited.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import yaml

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "unit"))

from sim_cast import PERSONA, SCENARIO  # noqa: E402

from roleplay.config import Settings, load_settings  # noqa: E402
from roleplay.workspace import Workspace, find_workspace  # noqa: E402

SCENARIO_ID = SCENARIO["id"]


class FrozenClock:
    """A clock the test moves by hand, so timers and hold lengths are the same on every run."""

    def __init__(self, now: float = 1000.0) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


def write_workspace(root: Path) -> Path:
    """A workspace folder with the fixture persona and scenario as YAML files."""
    (root / "scenarios").mkdir(parents=True)
    (root / "personas").mkdir()
    (root / "personas" / f"{PERSONA['id']}.yaml").write_text(
        yaml.safe_dump(PERSONA, sort_keys=False), encoding="utf-8"
    )
    (root / "scenarios" / f"{SCENARIO_ID}.yaml").write_text(
        yaml.safe_dump(SCENARIO, sort_keys=False), encoding="utf-8"
    )
    return root


@pytest.fixture
def env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A workspace, a config file and a transcripts folder, all under tmp_path."""
    home = write_workspace(tmp_path / "ws")
    monkeypatch.setenv("ROLEPLAY_HOME", str(home))
    monkeypatch.setenv("ROLEPLAY_TRANSCRIPTS", str(tmp_path / "calls"))
    monkeypatch.setenv("ROLEPLAY_CONFIG", str(tmp_path / "config.toml"))
    for name in ("ROLEPLAY_BACKEND", "ROLEPLAY_TRAINEE", "ROLEPLAY_DIFFICULTY"):
        monkeypatch.delenv(name, raising=False)
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
