"""Every test runs apart from the user's machine: no settings, workspace, state or API key leak in.

One autouse fixture for the whole suite: the variables roleplay reads (every ROLEPLAY_ setting,
ROLEPLAY_HOME, ROLEPLAY_TRANSCRIPTS, OPENAI_API_KEY and OPENAI_BASE_URL) are removed, and the
settings file and the per-user state file point into the test's own tmp_path. A test that needs
one of them sets it itself. ROLEPLAY_CACHE_DIR (where the model is assembled) and the test
switches (ROLEPLAY_TEST_*) are left alone.

`rules_alone`, asked for by name, detects with the rules only for one test (what any trained
detector may still miss), and puts the bundled model back after.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from roleplay.config import CONFIG_ENV, ENV_PREFIX, OPENAI_ENV, Settings
from roleplay.detectors import active

OUTSIDE = ("ROLEPLAY_HOME", "ROLEPLAY_TRANSCRIPTS", *OPENAI_ENV)
SETTING_VARIABLES = tuple(f"{ENV_PREFIX}{name.upper()}" for name in Settings.model_fields)


@pytest.fixture(autouse=True)
def isolated_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Outside variables removed; the settings and state files in tmp_path (returned: config)."""
    for name in list(os.environ):
        if name in OUTSIDE or name.startswith(SETTING_VARIABLES):
            monkeypatch.delenv(name)
    monkeypatch.setenv("ROLEPLAY_STATE", str(tmp_path / "state" / "state.toml"))
    config = tmp_path / "config.toml"
    monkeypatch.setenv(CONFIG_ENV, str(config))
    return config


@pytest.fixture
def rules_alone() -> Iterator[None]:
    """Detection by the rules only for this test; the bundled model again after it."""
    active.use(None)
    yield
    active.use_bundled()
