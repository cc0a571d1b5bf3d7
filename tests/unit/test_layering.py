"""Only roleplay/tui imports textual: every domain module imports with textual made unimportable."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

import roleplay

TEXTUAL_IMPORT = re.compile(r"\s*(import|from) textual(\.|\s|$)")
"""An import of textual itself (not of textual_serve, which the team server uses without it)."""

DOMAIN = (
    "scenarios",
    "transcript",
    "sim",
    "llm",
    "debrief",
    "grading",
    "store",
    "selfplay",
    "reports",
    "detectors",
    "authoring",
)

PROBE = r"""
import importlib, pkgutil, sys
sys.modules["textual"] = None  # any `import textual` now raises ImportError
import roleplay
bad = []
for name in sys.argv[1:]:
    try:
        pkg = importlib.import_module("roleplay." + name)
    except ModuleNotFoundError:
        continue
    for info in pkgutil.walk_packages(pkg.__path__, prefix=pkg.__name__ + "."):
        try:
            importlib.import_module(info.name)
        except ImportError as exc:
            if "textual" in str(exc):
                bad.append(info.name)
print("\n".join(bad))
"""


def test_domain_packages_never_import_textual() -> None:
    result = subprocess.run(
        [sys.executable, "-c", PROBE, *DOMAIN],
        capture_output=True,
        text=True,
        check=True,
    )
    assert result.stdout.strip() == "", f"these import textual: {result.stdout}"


def test_no_textual_import_statement_outside_tui() -> None:
    root = Path(roleplay.__file__).parent
    offenders = [
        str(path.relative_to(root))
        for path in root.rglob("*.py")
        if "tui" not in path.relative_to(root).parts
        and any(
            TEXTUAL_IMPORT.match(line) for line in path.read_text(encoding="utf-8").splitlines()
        )
    ]
    assert offenders == []


def test_the_team_server_runs_without_textual() -> None:
    """Only each browser session's app process loads textual; the server itself never does."""
    pytest.importorskip("textual_serve", reason="the server's extras are not installed")
    result = subprocess.run(
        [sys.executable, "-c", PROBE, "serve"], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "", f"these import textual: {result.stdout}"
