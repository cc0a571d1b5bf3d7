"""Hostile text in files stays inert: no control character printed, no formula in a CSV cell."""

from __future__ import annotations

import io
import re
import sys
from pathlib import Path

import pytest
from cli_helpers import fixture_workspace
from support.sim_cast import SCENARIO

from roleplay.cli import main
from roleplay.reports.csv_out import safe_cell
from roleplay.terminal import printable
from roleplay.transcript import read_transcript

SCENARIO_ID = SCENARIO["id"]
TRAINEE = "Sam\x1b]0;owned\x07\x00 Reid\x9b2J\x7f"
LINE = "I'm so sorry\x1b[2J\x1b[31m, that\r sounds exhausting.\x08\x08"
CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
"""Any control character but tab and newline (a CSV's \r\n line ends are checked apart)."""


@pytest.fixture
def workspace(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A workspace holding the fixture scenario; transcripts and settings kept in tmp_path."""
    return fixture_workspace(tmp_path, monkeypatch, chdir=True)


def _hostile_call(capsys: pytest.CaptureFixture[str]) -> tuple[Path, str]:
    sys.stdin = io.StringIO(LINE + "\n/end\n")
    try:
        code = main(["call", SCENARIO_ID, "--plain", "--backend", "scripted", "--trainee", TRAINEE])
    finally:
        sys.stdin = sys.__stdin__
    out, err = capsys.readouterr()
    assert code == 0, err
    path = next(line for line in out.splitlines() if line.startswith("Transcript: "))
    return Path(path.removeprefix("Transcript: ")), out + err


def test_control_characters_in_a_name_and_a_line_never_reach_the_terminal(
    workspace: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    transcript, printed = _hostile_call(capsys)
    assert not CONTROLS.search(printed)
    assert read_transcript(transcript).header.trainee == TRAINEE  # the file keeps what was typed
    for fmt in ("md", "json", "html"):
        code = main(["debrief", str(transcript), "--format", fmt])
        out, err = capsys.readouterr()
        assert code == 0, err
        assert not CONTROLS.search(out + err), fmt
    main(["debrief", str(transcript), "--format", "md"])
    shown = capsys.readouterr().out
    # The name and the line are shown (Markdown-escaped); only their control characters are gone.
    assert "- Trainee: Sam\\]0;owned Reid2J\n" in shown
    assert "I'm so sorry\\[2J\\[31m, that sounds exhausting.\n" in shown
    for fmt in ("text", "csv", "html", "json"):
        code = main(["report", "--format", fmt])
        out, err = capsys.readouterr()
        assert code == 0, err
        assert not CONTROLS.search(out.replace("\r\n", "\n") + err), fmt


def test_a_hostile_file_name_in_a_warning_is_printed_inert(
    workspace: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = workspace / "transcripts" / "2026-01-01"
    folder.mkdir(parents=True)
    (folder / "evil\x1b[2J\x07.jsonl").write_bytes(b"not a transcript\n")
    code = main(["report", "--format", "json"])
    _, err = capsys.readouterr()
    assert code == 0
    assert "evil[2J.jsonl: skipped" in err
    assert not CONTROLS.search(err)


def test_printable_keeps_text_line_breaks_and_tabs_and_a_progress_return() -> None:
    assert printable("Zoë\tsaid:\nfine\r\n") == "Zoë\tsaid:\nfine\r\n"
    assert printable("\x1b[31mred\x07\x00\x9b\x7f") == "[31mred"
    assert printable("\rIndexing calls… 2,000") == "\rIndexing calls… 2,000"
    assert (
        printable("Overall: 20 (fail)\rOverall: 95 (pass)")
        == "Overall: 20 (fail)Overall: 95 (pass)"
    )


@pytest.mark.parametrize(
    "cell",
    [
        "=1+1", "+44", "-x", "@SUM(A1)", "\t=1", "\r=1", "\tplain", "\rplain",
        " =1", "  +1", "\n=1", " \n-1", "\r\n@x", "\u3000=1", "\xa0@x",
        "＝1+1", "＋1", "－1", "＠SUM(A1)", " ＝1", "\n＋1", "﹦1", "﹢1", "﹣1", "﹫x",
    ],
)  # fmt: skip
def test_every_formula_start_is_defused(cell: str) -> None:
    assert safe_cell(cell) == "'" + cell


@pytest.mark.parametrize("cell", ["Sam", "a=b", "1-2", "Zoë Ålund", " x", "\nx", "", "  "])
def test_text_that_is_not_a_formula_is_left_alone(cell: str) -> None:
    assert safe_cell(cell) == cell
