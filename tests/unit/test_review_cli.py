"""`roleplay review` before its app opens: what it says on the terminal."""

from __future__ import annotations

from pathlib import Path

import pytest

from roleplay.cli import main
from roleplay.tui.review.app import ReviewApp


def test_a_scenario_file_that_does_not_load_is_named_before_the_review_opens(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Its calls would be graded with the bundled scenario of that id: never silently."""
    (tmp_path / "scenarios").mkdir()
    (tmp_path / "transcripts").mkdir()
    broken = tmp_path / "scenarios" / "loyalty-card-blocked.yaml"
    broken.write_text("id: loyalty-card-blocked\ntitle: [unclosed\n")
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("ROLEPLAY_HOME", raising=False)
    opened: list[ReviewApp] = []
    monkeypatch.setattr(ReviewApp, "run", lambda self: opened.append(self))
    assert main(["review", "--reviewer", "Lead Lee"]) == 0
    err = capsys.readouterr().err
    assert opened, "the review app opens all the same"
    assert "warning: skipped scenarios/loyalty-card-blocked.yaml:2: YAML syntax" in err
