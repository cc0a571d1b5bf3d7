"""`roleplay debrief TRANSCRIPT`: output formats, the cache, regrading, and one-line errors."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from cli_helpers import run_in_terminal
from debrief_data import DATA

from roleplay.cli import main
from roleplay.debrief import debrief_path, load_debrief, save_debrief

SCENARIO = "loyalty-card-blocked"


@pytest.fixture
def call(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A committed call copied into a folder that is not a workspace (bundled library used)."""
    monkeypatch.setenv("ROLEPLAY_TRANSCRIPTS", str(tmp_path / "transcripts"))
    monkeypatch.chdir(tmp_path)
    target = tmp_path / "calls" / "good.jsonl"
    target.parent.mkdir()
    shutil.copy(DATA / SCENARIO / "good.jsonl", target)
    return target


def _run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["debrief", *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_markdown_on_stdout_by_default_and_the_debrief_cached(
    call: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = _run(capsys, str(call))
    assert code == 0, err
    assert out.startswith("# Debrief: ")
    assert "**Overall: " in out and "(pass)" in out
    cached = load_debrief(debrief_path(call))
    assert cached.scenario_id == SCENARIO and cached.grader == "heuristic"


def test_json_to_a_file(call: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out_file = tmp_path / "reports" / "call.json"
    code, out, err = _run(capsys, str(call), "--format", "json", "--out", str(out_file))
    assert code == 0, err
    assert out == ""
    assert f"Debrief written to {out_file} (json)" in err
    data = json.loads(out_file.read_text())
    assert data["schema_version"] == 1 and 0 <= data["overall"] <= 100
    code, out, _ = _run(capsys, str(call), "-f", "html")
    assert code == 0 and out.lstrip().startswith("<!DOCTYPE html>")


def test_the_cache_is_used_and_regrade_keeps_reviewers_overrides(
    call: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert _run(capsys, str(call), "-f", "json")[0] == 0
    cache = debrief_path(call)
    debrief = load_debrief(cache)
    debrief.add_override("empathy", 1, by="Team lead")
    debrief.notes.append("marker: served from the cache")
    save_debrief(debrief, cache)
    code, out, _ = _run(capsys, str(call), "-f", "json")
    assert code == 0 and "marker: served from the cache" in out
    code, out, _ = _run(capsys, str(call), "-f", "json", "--regrade")
    data = json.loads(out)
    assert code == 0 and "marker: served from the cache" not in out
    assert [(o["criterion_id"], o["score"]) for o in data["overrides"]] == [("empathy", 1)]


def test_a_changed_transcript_is_graded_again(
    call: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _run(capsys, str(call), "-f", "json")
    cache = debrief_path(call)
    debrief = load_debrief(cache)
    debrief.notes.append("marker: stale")
    save_debrief(debrief, cache)
    with call.open("a") as fh:
        fh.write('{"type": "event", "kind": "note", "text": "appended"}\n')
    code, out, _ = _run(capsys, str(call), "-f", "json")
    assert code == 0 and "marker: stale" not in out


def test_a_torn_last_line_is_graded_with_a_note(
    call: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with call.open("a") as fh:
        fh.write('{"type": "turn", "id": 99, "speak')
    code, out, _ = _run(capsys, str(call), "-f", "json")
    assert code == 0
    assert any("damaged line" in note for note in json.loads(out)["notes"])


def _one_clear_error(code: int, out: str, err: str) -> list[str]:
    assert code == 2
    assert out == ""
    assert "Traceback" not in err
    lines = err.strip().splitlines()
    assert lines[0].startswith("roleplay: ")
    assert len(lines) <= 2  # the message and a hint
    return lines


def test_a_missing_transcript(call: Path, capsys: pytest.CaptureFixture[str]) -> None:
    lines = _one_clear_error(*_run(capsys, str(call.with_name("nope.jsonl"))))
    assert "no transcript at" in lines[0]


def test_a_file_that_is_not_a_transcript(call: Path, capsys: pytest.CaptureFixture[str]) -> None:
    call.write_text("this is not json\n")
    lines = _one_clear_error(*_run(capsys, str(call)))
    assert "not a roleplay transcript" in lines[0]


def test_a_call_whose_scenario_is_not_in_the_library(
    call: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    call.write_text(
        call.read_text().replace(f'"scenario_id": "{SCENARIO}"', '"scenario_id": "gone"')
    )
    lines = _one_clear_error(*_run(capsys, str(call)))
    assert "'gone' is not in the library" in lines[0]


def test_bad_options(call: Path, capsys: pytest.CaptureFixture[str]) -> None:
    lines = _one_clear_error(*_run(capsys, str(call), "-f", "pdf"))
    assert "'pdf' is not one of 'json', 'md', 'html'" in lines[0]
    assert lines[1] == "see `roleplay debrief --help`"
    lines = _one_clear_error(*_run(capsys, str(call), "--judge", "model", "--backend", "scripted"))
    assert "cannot grade calls with a model" in lines[0]


def test_a_cached_grade_by_another_grader_is_not_reused(
    call: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _run(capsys, str(call), "-f", "json")
    cache = debrief_path(call)
    debrief = load_debrief(cache)
    debrief.grader = "model"
    save_debrief(debrief, cache)
    code, out, _ = _run(capsys, str(call), "-f", "json")  # auto: any cached grade will do
    assert code == 0 and json.loads(out)["grader"] == "model"
    code, out, _ = _run(capsys, str(call), "-f", "json", "--judge", "heuristic")
    assert code == 0 and json.loads(out)["grader"] == "heuristic"


def test_the_format_follows_the_out_file_name(
    call: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    page = tmp_path / "report.html"
    assert _run(capsys, str(call), "--out", str(page))[0] == 0
    assert page.read_text().startswith("<!DOCTYPE html>")
    notes = tmp_path / "report.txt"
    assert _run(capsys, str(call), "--out", str(notes))[0] == 0
    assert notes.read_text().startswith("# Debrief: ")


def test_the_choices_are_listed_in_help(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["debrief", "--help"]) == 0
    shown = " ".join(capsys.readouterr().out.split())
    for choices in ("<json|md|html>", "<auto|heuristic|model>", "<local|openai|scripted>"):
        assert choices in shown


def test_html_asked_for_in_a_terminal_is_written_beside_the_call(call: Path) -> None:
    """Seen by hand: `debrief --format html` with no --out poured the page into the terminal."""
    code, shown = run_in_terminal("debrief", str(call), "--format", "html", cwd=call.parent)
    assert code == 0, shown
    assert "<!DOCTYPE" not in shown and "<html" not in shown
    page = debrief_path(call).with_suffix(".html")
    assert f"Debrief written to {page} (html)" in shown
    assert page.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


def test_markdown_in_a_terminal_is_still_printed(call: Path) -> None:
    code, shown = run_in_terminal("debrief", str(call), cwd=call.parent)
    assert code == 0 and "# Debrief: " in shown and "written to" not in shown


def test_a_call_graded_with_the_bundled_scenario_because_its_own_file_is_broken_says_so(
    call: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The workspace's copy of the scenario does not load: the bundled one of that id grades the
    call, and the debrief says so and why, instead of grading silently with another version."""
    (tmp_path / "scenarios").mkdir()
    (tmp_path / "scenarios" / f"{SCENARIO}.yaml").write_text(f"id: {SCENARIO}\ntitle: [unclosed\n")
    code, out, err = _run(capsys, str(call))
    assert code == 0, err
    assert out.startswith("# Debrief: ")
    assert f"graded with the bundled scenario '{SCENARIO}'" in err
    assert f"{SCENARIO}.yaml" in err


def test_latest_grades_the_newest_call_and_leaves_self_play_out(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """After a call the trainee need not copy its path: `roleplay debrief latest`."""
    import os

    calls = tmp_path / "transcripts"
    monkeypatch.setenv("ROLEPLAY_TRANSCRIPTS", str(calls))
    monkeypatch.chdir(tmp_path)
    code, _, err = _run(capsys, "latest")
    assert code == 1 and f"there are no calls yet in {calls}" in err

    older, newer = calls / "2026-03-01" / "older.jsonl", calls / "2026-03-02" / "newer.jsonl"
    selfplay = calls / "selfplay" / "2026-03-03" / "run.jsonl"
    for path, name, stamp in ((older, "good", 1), (newer, "bad", 2), (selfplay, "good", 3)):
        path.parent.mkdir(parents=True)
        shutil.copy(DATA / SCENARIO / f"{name}.jsonl", path)
        os.utime(path, (1_770_000_000 + stamp, 1_770_000_000 + stamp))
    code, out, err = _run(capsys, "latest")
    assert code == 0, err
    assert f"the latest call: {newer}" in err
    assert "(fail)" in out and debrief_path(newer).exists()
    assert not debrief_path(selfplay).exists()
