"""No module in roleplay/ grows past 400 lines: past that, it is doing more than one job."""

from __future__ import annotations

from pathlib import Path

import roleplay

LIMIT = 400
PACKAGE = Path(roleplay.__file__).parent


def too_long(root: Path, limit: int = LIMIT) -> dict[str, int]:
    """Each module under `root` longer than `limit` lines, with its length."""
    lengths = {
        str(path.relative_to(root.parent)): len(path.read_text(encoding="utf-8").splitlines())
        for path in sorted(root.rglob("*.py"))
    }
    return {name: lines for name, lines in lengths.items() if lines > limit}


def test_no_module_is_over_the_limit() -> None:
    assert too_long(PACKAGE) == {}


def test_a_long_module_is_named(tmp_path: Path) -> None:
    package = tmp_path / "pkg"
    package.mkdir()
    (package / "short.py").write_text("x = 1\n" * LIMIT, encoding="utf-8")
    (package / "long.py").write_text("x = 1\n" * (LIMIT + 1), encoding="utf-8")
    assert too_long(package) == {"pkg/long.py": LIMIT + 1}
