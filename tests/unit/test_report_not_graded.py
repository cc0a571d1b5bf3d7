"""Abandoned and zero-turn calls are not graded: they stay out of averages, pass rates, trends."""

from __future__ import annotations

import json
from pathlib import Path

from support.synthetic import write_synthetic_calls

from roleplay.reports.data import build_report
from roleplay.reports.html_out import render_html
from roleplay.store import queries
from roleplay.store.index import ReviewIndex
from roleplay.store.index_rows import debrief_file


def _graded_zero(path: Path) -> None:
    """What the auto-grader leaves for an empty call: every criterion at 1, 0 overall."""
    sidecar = debrief_file(path)
    data = json.loads(sidecar.read_text(encoding="utf-8"))
    for criterion in data["criteria"]:
        criterion["score"] = 1
    data["overall"], data["passed"] = 0.0, False
    sidecar.write_text(json.dumps(data), encoding="utf-8")


def _abandon(path: Path) -> None:
    """Drop the closing line: the call never finished."""
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    path.write_text("".join(lines[:-1]), encoding="utf-8")
    _graded_zero(path)


def _empty(path: Path) -> None:
    """Keep the header and the closing line only: a call where nobody spoke."""
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    path.write_text(lines[0] + lines[-1], encoding="utf-8")
    _graded_zero(path)


def _customer_only(path: Path) -> None:
    """Keep the header, the customer's first line and the closing line: the trainee hung up
    without a word (what ending a call at once leaves)."""
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    first = next(line for line in lines if '"speaker": "customer"' in line)
    path.write_text(lines[0] + first + lines[-1], encoding="utf-8")
    _graded_zero(path)


def test_abandoned_and_empty_calls_are_left_out_and_the_report_says_so(tmp_path: Path) -> None:
    root = tmp_path / "transcripts"
    paths = write_synthetic_calls(root, 12, seed=5, trainees=("Ana Silva",))
    with ReviewIndex(root) as index:
        index.refresh()
        before = queries.team_summary(index.db)
        months_before = queries.trend(index.db)
        criteria_before = queries.criterion_averages(index.db)
    _abandon(write_synthetic_calls(root, 1, seed=6, trainees=("Ana Silva",), first=100)[0])
    _abandon(write_synthetic_calls(root, 1, seed=7, trainees=("Ana Silva",), first=101)[0])
    _empty(write_synthetic_calls(root, 1, seed=8, trainees=("Ana Silva",), first=102)[0])

    with ReviewIndex(root) as index:
        index.refresh()
        team = queries.team_summary(index.db)
        (ana,) = queries.trainee_summaries(index.db)
        assert queries.trend(index.db) == months_before
        assert queries.criterion_averages(index.db) == criteria_before
        report = build_report(index.db)
    assert len(paths) + 3 == team.calls == ana.calls == 15
    assert (team.graded, team.average, team.pass_rate) == (
        before.graded, before.average, before.pass_rate,
    )  # fmt: skip
    assert (team.abandoned, team.no_turns, team.not_graded) == (2, 1, 3)
    assert (ana.average, ana.not_graded) == (before.average, 3)
    page = render_html(report)
    assert (
        "3 calls not graded and left out of averages, pass rates and trends: "
        "2 abandoned (never finished) and 1 where the trainee said nothing." in page
    )


def test_a_call_where_only_the_customer_spoke_is_not_graded(tmp_path: Path) -> None:
    root = tmp_path / "transcripts"
    write_synthetic_calls(root, 4, seed=5, trainees=("Ana Silva",))
    with ReviewIndex(root) as index:
        index.refresh()
        before = queries.team_summary(index.db)
    _customer_only(write_synthetic_calls(root, 1, seed=8, trainees=("Ana Silva",), first=100)[0])

    with ReviewIndex(root) as index:
        index.refresh()
        team = queries.team_summary(index.db)
        report = build_report(index.db)
    assert (team.calls, team.graded, team.no_turns) == (5, before.graded, 1)
    assert team.average == before.average
    (empty,) = [c for c in report.calls if c.trainee_turns == 0]
    assert empty.turns == 1
    assert "1 where the trainee said nothing" in render_html(report)
