"""Only roleplay/tui imports textual: every domain module imports with textual made unimportable."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import roleplay

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
            line.lstrip().startswith(("import textual", "from textual"))
            for line in path.read_text(encoding="utf-8").splitlines()
        )
    ]
    assert offenders == []
