"""Transcript and debrief file names: bounded for any name a trainee types, and never shared."""

from __future__ import annotations

import errno
import io
import json
import os
import sys
import threading
from pathlib import Path

import pytest
import yaml
from cli_helpers import fixture_workspace
from support.sim_cast import SCENARIO, make_cast

from roleplay.cli import main
from roleplay.llm.scripted_backend import ScriptedBackend
from roleplay.sim.session import CallSession
from roleplay.transcript import read_transcript
from roleplay.transcript.names import NAME_MAX_BYTES, bounded, debrief_name, slug, utf8_len

SCENARIO_ID = SCENARIO["id"]


@pytest.fixture
def workspace(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A workspace holding the fixture scenario; transcripts and settings kept in tmp_path."""
    return fixture_workspace(tmp_path, monkeypatch, chdir=True)


def _call(capsys: pytest.CaptureFixture[str], trainee: str) -> Path:
    sys.stdin = io.StringIO("I'm so sorry, that sounds exhausting.\n/end\n")
    try:
        code = main(["call", SCENARIO_ID, "--plain", "--backend", "scripted", "--trainee", trainee])
    finally:
        sys.stdin = sys.__stdin__
    out, err = capsys.readouterr()
    assert code == 0, err
    return Path(next(line for line in out.splitlines() if line.startswith("Transcript: "))[12:])


def _graded_in_report(capsys: pytest.CaptureFixture[str]) -> tuple[int, int, str]:
    code = main(["report", "--format", "json"])
    out, err = capsys.readouterr()
    assert code == 0, err
    team = json.loads(out)["team"]
    return team["calls"], team["graded"], err


@pytest.mark.parametrize(
    "trainee",
    ["A" * 220, "B" * 300, "é" * 150, "李" * 100 + " " + "x" * 50],
    ids=["220-chars", "300-chars", "300-bytes-latin", "multibyte-and-long"],
)
def test_a_very_long_trainee_name_still_calls_debriefs_and_reports(
    workspace: Path, capsys: pytest.CaptureFixture[str], trainee: str
) -> None:
    transcript = _call(capsys, trainee)
    assert utf8_len(transcript.name) <= NAME_MAX_BYTES
    assert read_transcript(transcript).header.trainee == trainee  # the name itself is kept whole
    code = main(["debrief", str(transcript), "--format", "md"])
    out, err = capsys.readouterr()
    assert code == 0, err
    assert out.startswith("# Debrief: ")
    assert _graded_in_report(capsys)[:2] == (1, 1)


def test_a_transcript_named_before_names_were_bounded_is_still_debriefed_and_reported(
    workspace: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    made = _call(capsys, "Sam")
    old = made.with_name(made.name.removesuffix(".jsonl")[: 255 - 6].ljust(249, "x") + ".jsonl")
    made.rename(old)
    assert utf8_len(old.name) == NAME_MAX_BYTES
    code = main(["debrief", str(old), "--format", "json"])
    _, err = capsys.readouterr()
    assert code == 0, err
    assert _graded_in_report(capsys)[:2] == (1, 1)


def test_a_call_that_cannot_be_graded_is_named_in_the_report_warnings(
    workspace: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    made = _call(capsys, "Sam")

    def disk_full(*_: object) -> Path:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr("roleplay.grading.service.save_debrief", disk_full)
    calls, graded, err = _graded_in_report(capsys)
    assert (calls, graded) == (1, 0)
    assert f"{made.name}: not graded: No space left on device" in err


def test_calls_started_in_the_same_second_each_get_their_own_file(tmp_path: Path) -> None:
    cast = make_cast()
    threads, rounds = 8, 25
    barrier = threading.Barrier(threads)
    sessions: list[CallSession] = []
    failures: list[BaseException] = []

    def start() -> None:
        for _ in range(rounds):
            barrier.wait()
            try:
                sessions.append(
                    CallSession(cast, ScriptedBackend(), transcripts=tmp_path, trainee="Sam Reid")
                )
            except Exception as exc:
                failures.append(exc)

    workers = [threading.Thread(target=start) for _ in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    assert failures == []
    paths = {session.path for session in sessions}
    assert len(paths) == threads * rounds
    for session in sessions:
        session.end_call("abandoned")
        assert read_transcript(session.path).header.call_id == session.call_id  # type: ignore[arg-type]


def test_bounded_names_fit_in_bytes_keep_their_start_and_stay_apart() -> None:
    assert bounded("120000-scenario-sam") == "120000-scenario-sam"
    one, two = bounded("ü" * 300 + "a", 100), bounded("ü" * 300 + "b", 100)
    assert one != two
    assert utf8_len(one) <= 100 and utf8_len(two) <= 100
    assert one.startswith("ü" * 45)
    assert utf8_len(debrief_name("x" * 249 + ".jsonl")) <= NAME_MAX_BYTES
    assert debrief_name("120000-a-sam.jsonl") == "120000-a-sam.debrief.json"


def test_slugs_keep_letters_of_any_script_and_drop_everything_else() -> None:
    assert slug("Zoë Ålund") == "zoë-ålund"
    assert slug("李 雷") == "李-雷"
    assert slug("\x1b[31mRed\x07/../etc") == "31mred-etc"
    assert slug("?!") == "trainee"


def test_a_call_whose_scenario_left_the_library_is_named_in_the_report_warnings(
    workspace: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    made = _call(capsys, "Sam")
    scenarios = workspace / "workspace" / "scenarios"
    (scenarios / f"{SCENARIO_ID}.yaml").unlink()
    (scenarios / "renamed.yaml").write_text(yaml.safe_dump({**SCENARIO, "id": "renamed"}))
    calls, graded, err = _graded_in_report(capsys)
    assert (calls, graded) == (1, 0)
    assert f"{made.name}: not graded: scenario '{SCENARIO_ID}' is not in the library" in err
