"""No test sees the user's settings, workspace or API key, whatever is set around the suite."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from roleplay.config import config_path, load_settings
from roleplay.workspace import find_workspace

HERE = Path(__file__)


def test_inside_the_suite_the_settings_are_the_defaults(tmp_path: Path) -> None:
    settings = load_settings()
    assert (settings.backend, settings.judge, settings.openai.api_key) == ("local", "auto", "")
    assert config_path() == tmp_path / "config.toml"
    assert "elsewhere" not in str(find_workspace().root)


def test_outside_variables_do_not_reach_a_test(tmp_path: Path) -> None:
    users = tmp_path / "users-config.toml"
    users.write_text('backend = "openai"\njudge = "model"\n', encoding="utf-8")
    (tmp_path / "elsewhere" / "scenarios").mkdir(parents=True)
    hostile = {
        **os.environ,
        "ROLEPLAY_CONFIG": str(users),
        "ROLEPLAY_BACKEND": "pigeon",
        "ROLEPLAY_OPENAI__MODEL": "outside-model",
        "ROLEPLAY_HOME": str(tmp_path / "elsewhere"),
        "OPENAI_API_KEY": "sk-outside",
    }
    inner = f"{HERE}::test_inside_the_suite_the_settings_are_the_defaults"
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", inner],
        cwd=HERE.parents[2],
        env=hostile,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout[-2000:]
