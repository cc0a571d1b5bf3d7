"""Reports: figures match the index, overrides shown everywhere, CSV safe and round-trips."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from cli_helpers import run_in_terminal
from support.synthetic import write_synthetic_calls

from roleplay.cli import main
from roleplay.debrief.files import debrief_path, load_debrief, save_debrief
from roleplay.reports.csv_out import BOM, KINDS, read_csv, render_csv, safe_cell
from roleplay.reports.data import build_report
from roleplay.reports.html_out import render_html
from roleplay.store import queries
from roleplay.store.index import ReviewIndex

NASTY = '=HYPERLINK("http://evil.example","x")'
SCRIPT = "<script>alert('x')</script> Zoë"
TRAINEES = ("Ana Silva", "Zoë Brontë", NASTY, SCRIPT)


@pytest.fixture
def calls(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A transcripts folder with 80 calls and one override (note starting with '-')."""
    root = tmp_path / "transcripts"
    paths = write_synthetic_calls(root, 80, seed=21, trainees=TRAINEES)
    debrief = load_debrief(debrief_path(paths[0]))
    machine = debrief.criterion("ownership").score
    debrief.add_override("ownership", 1 if machine != 1 else 5, by="@lead", note="-1 for guessing")
    save_debrief(debrief, debrief_path(paths[0]))
    monkeypatch.setenv("ROLEPLAY_TRANSCRIPTS", str(root))
    monkeypatch.chdir(tmp_path)
    return root


def test_csv_round_trip_keeps_every_figure_and_defuses_formulas(calls: Path) -> None:
    with ReviewIndex(calls) as index:
        index.refresh()
        report = build_report(index.db)
    text = render_csv(report)
    assert text.startswith(BOM)
    rows = read_csv(text)
    summaries, overrides = rows["team"] + rows["trainee"], rows["override"]
    assert [r["name"] for r in summaries] == ["team"] + [s.name.replace("=", "'=", 1)
                                                         for s in report.trainees]  # fmt: skip
    for row, summary in zip(summaries, [report.team, *report.trainees], strict=True):
        assert int(row["calls"]) == summary.calls
        assert float(row["average"]) == summary.average
        assert float(row["pass_rate"]) == summary.pass_rate
        assert float(row["avg_Empathy"]) == summary.criteria["Empathy"]
    assert "'" + NASTY in [r["name"] for r in summaries]
    assert SCRIPT in [r["name"] for r in summaries]  # text stays text, nothing lost
    (entry,) = overrides
    assert entry["by"] == "'@lead" and entry["note"] == "'-1 for guessing"
    assert entry["criterion"] == "ownership" and entry["machine_score"] != entry["override_score"]


def test_csv_is_one_table_whose_kind_column_says_what_each_row_is(calls: Path) -> None:
    with ReviewIndex(calls) as index:
        index.refresh()
        report = build_report(index.db)
    lines = list(csv.reader(io.StringIO(render_csv(report).removeprefix(BOM), newline="")))
    head, body = lines[0], lines[1:]
    assert head[0] == "kind" and len(head) == len(set(head))
    assert all(len(row) == len(head) and row[0] for row in body)  # no blank row, no second head
    kinds = [row[0] for row in body]
    assert kinds == sorted(kinds, key=KINDS.index)
    rows = read_csv(render_csv(report))
    assert len(rows["trainee"]) == len(TRAINEES) and len(rows["call"]) == 80
    assert {r["scenario"] for r in rows["scenario"]} == {s.scenario_id for s in report.scenarios}
    (override,) = rows["override"]
    assert (
        override["criterion_name"] == "Ownership" and override["call"] == rows["call"][-1]["call"]
    )


def test_safe_cell_only_touches_text_that_a_spreadsheet_would_evaluate() -> None:
    assert [safe_cell(v) for v in ("=1+1", "+44 20", "-x", "@SUM", "\tx", "plain", "a=b")] == [
        "'=1+1", "'+44 20", "'-x", "'@SUM", "'\tx", "plain", "a=b",
    ]  # fmt: skip
    assert safe_cell(-3.5) == -3.5 and safe_cell(None) == ""


def test_html_is_escaped_self_contained_and_shows_overrides(calls: Path) -> None:
    with ReviewIndex(calls) as index:
        index.refresh()
        report = build_report(index.db)
        page = render_html(report)
    assert "<script" not in page and "&lt;script&gt;" in page
    assert "Zoë Brontë" in page
    assert "src=" not in page and "<link" not in page
    assert "Human overrides (1)" in page and "-1 for guessing" in page and "@lead" in page
    # The override names its scenario by title, as every other table does, not by file id.
    (entry,) = report.overrides
    overrides = page.split("Human overrides (1)")[1]
    assert f"<td>{entry.scenario_title}</td>" in overrides and entry.scenario_title
    assert f"<td>{entry.scenario_id}</td>" not in overrides
    criteria_table = page.split("against the team</h2>")[1].split("</table>")[0]
    team_row = criteria_table.split("<strong>Team</strong>")[1].split("</tr>")[0]
    assert "▼" not in team_row and "▲" not in team_row
    assert "▼" in criteria_table and "▲" in criteria_table  # skills differ by trainee


def test_cli_formats_filters_and_errors(calls: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["report", "--format", "json", "--trainee", "Ana Silva"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert [t["name"] for t in doc["trainees"]] == ["Ana Silva"]
    assert doc["team"]["calls"] == doc["trainees"][0]["calls"] > 0
    assert doc["filters"] == {"trainee": "Ana Silva"}

    assert main(["report", "--out", "team.csv", "--since", "2025-07-01"]) == 0
    rows = read_csv(Path("team.csv").read_text(encoding="utf-8"))
    summaries, overrides = rows["team"], rows["override"]
    with ReviewIndex(calls) as index:
        later = queries.count_calls(index.db, queries.CallFilter(since="2025-07-01"))
    assert int(summaries[0]["calls"]) == later < 80
    assert overrides == []  # the only override is on the first call, in January

    assert main(["report", "--format", "json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    (override,) = doc["overrides"]
    assert override["by"] == "@lead" and override["machine_score"] != override["score"]

    assert main(["report", "--since", "last tuesday"]) == 2
    assert "not a date" in capsys.readouterr().err
    assert main(["report", "--format", "pdf"]) == 2


def test_a_corrupt_file_is_a_warning_not_a_failure(
    calls: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = next(calls.glob("*/")) / "half-written.jsonl"
    bad.write_text('{"type": "hea')
    assert main(["report", "--format", "json"]) == 0
    captured = capsys.readouterr()
    assert "warning:" in captured.err and "half-written.jsonl: skipped" in captured.err
    assert json.loads(captured.out)["team"]["calls"] == 80


def test_no_out_prints_a_text_summary_not_html_and_out_says_where(
    calls: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["report"]) == 0
    out = capsys.readouterr().out
    assert "<" not in out.replace(SCRIPT, "")  # one trainee's name is markup; nothing else is
    assert out.startswith("Team report (all calls), generated ")
    assert "Team: 80 calls (80 graded), average " in out
    assert "  Ana Silva: " in out and "roleplay report --out team-report.html" in out

    assert main(["report", "--out", "reports/team.html"]) == 0
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "Report written to reports/team.html (html, 80 calls)" in captured.err
    assert Path("reports/team.html").read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


def test_html_asked_for_in_a_terminal_goes_to_a_file_that_is_named(calls: Path) -> None:
    """Seen by hand: `report --format html` with no --out poured the page into the terminal."""
    code, shown = run_in_terminal("report", "--format", "html", cwd=calls.parent)
    assert code == 0, shown
    assert "<!DOCTYPE" not in shown and "<table" not in shown
    (page,) = calls.parent.glob("team-report-*.html")
    assert f"Report written to {page.name} (html, 80 calls)" in shown
    assert page.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    code, shown = run_in_terminal("report", "--format", "html", cwd=calls.parent)
    assert code == 0 and f"{page.stem}-2.html" in shown, "an earlier page is kept"
    assert page.with_name(f"{page.stem}-2.html").is_file()


def test_html_asked_for_in_a_pipe_is_printed(
    calls: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["report", "--format", "html"]) == 0
    assert capsys.readouterr().out.startswith("<!DOCTYPE html>")
    assert not list(calls.parent.glob("team-report-*.html"))
