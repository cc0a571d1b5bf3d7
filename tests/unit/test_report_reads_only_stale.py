"""`roleplay report` reads only the calls whose saved grade may be stale, and says so at length.

It used to read every call's transcript and debrief on every report to check the grade was still
today's: about a minute per report for a team with 100,000 calls, nothing shown meanwhile. The
index now records what each saved debrief was graded with; a call that records today's
fingerprint is not opened, and grading many calls again shows a progress line at a terminal.
"""

from __future__ import annotations

import io
import json
import shutil
import sys
from pathlib import Path

import pytest
from debrief_data import DATA, cast_for

import roleplay.commands.report as report_command
import roleplay.grading.auto as auto
from roleplay.choices import JudgeMode
from roleplay.cli import main
from roleplay.debrief import debrief_path, load_debrief, save_debrief
from roleplay.debrief.fingerprint import fingerprint
from roleplay.grading import Grading
from roleplay.store.index import ReviewIndex

SCENARIO = "loyalty-card-blocked"


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The day folder of a transcripts folder in force, with one graded call (`call-0`)."""
    root = tmp_path / "transcripts" / "2025-06-02"
    root.mkdir(parents=True)
    call = root / "call-0.jsonl"
    shutil.copy(DATA / SCENARIO / "good.jsonl", call)
    Grading(JudgeMode.HEURISTIC).grade_now(call, cast_for)
    monkeypatch.setenv("ROLEPLAY_TRANSCRIPTS", str(tmp_path / "transcripts"))
    monkeypatch.chdir(tmp_path)
    return root


def _copies(folder: Path, count: int, **changes: object) -> list[Path]:
    """`count` more calls like `call-0`, their debriefs changed as asked (e.g. an old grade)."""
    first = folder / "call-0.jsonl"
    made = []
    for number in range(1, count + 1):
        call = folder / f"call-{number}.jsonl"
        shutil.copy(first, call)
        saved = load_debrief(debrief_path(first))
        for name, value in changes.items():
            setattr(saved, name, value)
        save_debrief(saved, debrief_path(call))
        made.append(call)
    return made


def _old_rules() -> dict[str, str]:
    return {**fingerprint(cast_for(SCENARIO)), "code": "an older roleplay"}


def _report(capsys: pytest.CaptureFixture[str]) -> str:
    assert main(["report", "--format", "json"]) == 0
    out, err = capsys.readouterr()
    json.loads(out)
    return err


def test_a_call_graded_with_todays_rules_is_not_read(
    folder: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    current = folder / "call-0.jsonl"
    (stale,) = _copies(folder, 1, graded_with=_old_rules())
    for name in ("read_transcript", "load_debrief"):
        real = getattr(auto, name)

        def guarded(path: Path, real=real):  # type: ignore[no-untyped-def]
            assert current.stem not in Path(path).name, f"{path} holds today's grade: not read"
            return real(path)

        monkeypatch.setattr(auto, name, guarded)

    err = _report(capsys)
    assert "1 call: Graded again by the heuristic grader: the grading rules changed" in err
    assert load_debrief(debrief_path(stale)).graded_with == fingerprint(cast_for(SCENARIO))


def test_the_index_records_what_each_saved_grade_was_made_with(folder: Path) -> None:
    from roleplay.debrief.fingerprint import digest

    (older,) = _copies(folder, 1, graded_with={})  # written by a roleplay before fingerprints
    with ReviewIndex(folder.parent) as index:
        index.refresh()
        rows = dict(index.db.execute("SELECT path, graded_with FROM calls"))
    assert rows["2025-06-02/call-0.jsonl"] == digest(fingerprint(cast_for(SCENARIO)))
    assert rows[f"2025-06-02/{older.name}"] is None


def test_a_grade_recording_no_fingerprint_is_still_graded_again(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _copies(folder, 1, graded_with={})
    err = _report(capsys)
    assert "1 call: Graded again by the heuristic grader: the saved debrief does not record" in err


def test_stale_model_grades_are_counted_from_one_debrief_each(
    folder: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    _copies(folder, 3, grader="model", overall=55.0, graded_with=_old_rules())
    read: list[Path] = []
    real = auto.load_debrief
    monkeypatch.setattr(auto, "load_debrief", lambda path: read.append(path) or real(path))

    err = _report(capsys)
    assert "3 calls: This model grade is out of date: the grading rules changed" in err
    assert len(read) == 1, "the three record one fingerprint: one debrief says why"


class Terminal(io.StringIO):
    """Standard error as a terminal."""

    def isatty(self) -> bool:
        return True


def test_grading_many_calls_again_shows_progress_at_a_terminal_only(
    folder: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(report_command, "SHOW_PROGRESS_FROM", 2)
    calls = _copies(folder, 3, graded_with=_old_rules())
    err = _report(capsys)
    assert "Grading" not in err, "piped: only the summary note"
    assert "3 calls: Graded again by the heuristic grader" in err

    for call in calls:
        saved = load_debrief(debrief_path(call))
        saved.graded_with = _old_rules()
        save_debrief(saved, debrief_path(call))
    terminal = Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    assert main(["report", "--format", "json"]) == 0
    shown = terminal.getvalue()
    assert "\rGrading 3 calls again with today's rules… 1/3" in shown
    assert "\rGrading 3 calls again with today's rules… 3/3\n" in shown
    assert "note: 3 calls: Graded again by the heuristic grader" in shown
