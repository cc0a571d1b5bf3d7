"""The HTML team report: per-call and per-scenario tables, a trend chart per trainee with its
numbers, readable dates, one column per criterion name, names only from scenarios played."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from support.synthetic import write_synthetic_calls

from roleplay.reports.data import build_report
from roleplay.reports.html_out import render_html
from roleplay.store.index import ReviewIndex
from roleplay.store.index_rows import debrief_file
from roleplay.store.queries import CallFilter

SCENARIOS = (
    ("app-login", "App login, confused"),
    ("bereavement", "Closing a late parent's account"),
)
TRAINEES = ("Ana Silva", "Ben Carter")
RENAMES = {
    # Same skill under two ids, named alike (the report had two columns with one header).
    "app-login": {"composure": ("plain-words", "Confidence and plain words")},
    # Same id, another name in the other scenario: a report on one must not borrow the other's.
    "bereavement": {
        "composure": ("confidence", "Confidence and plain words"),
        "empathy": ("empathy", "Warmth and empathy"),
    },
}


def _section(page: str, heading: str) -> str:
    return page.split(heading, 1)[1].split("</table>", 1)[0]


@pytest.fixture
def transcripts(tmp_path: Path) -> Path:
    root = tmp_path / "transcripts"
    paths = write_synthetic_calls(root, 30, seed=3, trainees=TRAINEES, scenarios=SCENARIOS)
    for path in paths:
        sidecar = debrief_file(path)
        data = json.loads(sidecar.read_text(encoding="utf-8"))
        for criterion in data["criteria"]:
            new = RENAMES[data["scenario_id"]].get(criterion["id"])
            if new:
                criterion["id"], criterion["name"] = new
        sidecar.write_text(json.dumps(data), encoding="utf-8")
    lines = paths[-1].read_text(encoding="utf-8").splitlines(keepends=True)
    paths[-1].write_text("".join(lines[:-1]), encoding="utf-8")  # the last call never closed
    return root


def _page(root: Path, flt: CallFilter = CallFilter()) -> str:
    with ReviewIndex(root) as index:
        index.refresh()
        return render_html(build_report(index.db, flt))


def test_calls_and_scenarios_have_their_own_tables(transcripts: Path) -> None:
    page = _page(transcripts)
    calls = _section(page, "<h2>Calls (30)</h2>")
    rows = calls.split("<tbody>")[1].count("<tr>")
    assert rows == 30
    assert calls.count("not graded") == 1 and "abandoned (never closed)" in calls
    scenarios = _section(page, "<h2>Per scenario</h2>")
    assert scenarios.split("<tbody>")[1].count("<tr>") == 2
    assert "App login, confused" in scenarios and "Closing a late parent&#39;s account" in scenarios


def test_every_trainee_has_a_trend_chart_with_its_numbers_and_months(transcripts: Path) -> None:
    with ReviewIndex(transcripts) as index:
        index.refresh()
        report = build_report(index.db)
    page = render_html(report)
    charts = re.findall(r"<figcaption>(.*?)</figcaption>\s*<svg(.*?)</svg>", page, re.S)
    assert [name for name, _ in charts] == list(TRAINEES)
    for (_, svg), trainee in zip(charts, report.trainees, strict=True):
        values = re.findall(r'class="value">([\d.]+)</text>', svg)
        # to one decimal, as the tables write it, never rounded to a whole number
        assert values == [f"{round(v, 1):g}" for _, v in trainee.trend] and len(values) >= 2
        assert "Jan 2025" in svg  # months in words, not 2025-01


def test_dates_are_readable(transcripts: Path) -> None:
    page = _page(transcripts)
    assert not re.search(r"\d{4}-\d\d-\d\dT\d\d", page)
    assert "1 Jan 2025 08:00" in _section(page, "<h2>Calls (30)</h2>")
    assert re.search(r"Generated \d{1,2} [A-Z][a-z]{2} \d{4} \d\d:\d\d UTC", page)


def test_one_column_per_criterion_named_from_the_scenarios_played(transcripts: Path) -> None:
    page = _page(transcripts)
    heads = re.findall(r"<th>(.*?)</th>", _section(page, "against the team</h2>"))[1:]
    assert len(heads) == len(set(heads))
    assert heads.count("Confidence and plain words") == 1

    only_app = _page(transcripts, CallFilter(scenario="app-login"))
    heads = re.findall(r"<th>(.*?)</th>", _section(only_app, "against the team</h2>"))[1:]
    assert "Empathy" in heads and "Warmth and empathy" not in only_app


def test_a_month_without_calls_keeps_its_place_on_the_trend_axis() -> None:
    from roleplay.reports.chart import trend_svg

    svg = trend_svg([("2025-01", 50.0), ("2025-04", 80.0)])
    months = re.findall(r'class="period">(.*?)</text>', svg)
    assert months == ["Jan 2025", "Feb 2025", "Mar 2025", "Apr 2025"]
    assert svg.count("no calls") == 2
    assert re.findall(r'class="value">(\d+)</text>', svg) == ["50", "80"]
    # a year boundary is crossed in order
    months = re.findall(
        r'class="period">(.*?)</text>', trend_svg([("2024-11", 1.0), ("2025-02", 2.0)])
    )
    assert months == ["Nov 2024", "Dec 2024", "Jan 2025", "Feb 2025"]


def test_a_trainee_whose_calls_fall_in_one_month_gets_a_bar_per_call(tmp_path: Path) -> None:
    """A new team's first weeks drew one bar per trainee (one month): no trend to read."""
    root = tmp_path / "transcripts"
    write_synthetic_calls(root, 6, seed=4, trainees=("Ana Silva",), scenarios=SCENARIOS, days=2)
    with ReviewIndex(root) as index:
        index.refresh()
        report = build_report(index.db)
    (ana,) = report.trainees
    assert len(ana.trend) == 1 and len(ana.recent) == 6
    page = render_html(report)
    (svg,) = re.findall(r"<figcaption>Ana Silva</figcaption>\s*<svg(.*?)</svg>", page, re.S)
    values = re.findall(r'class="value">([\d.]+)</text>', svg)
    assert values == [f"{score:g}" for _, score in ana.recent]
    labels = re.findall(r'class="period">(.*?)</text>', svg)
    assert labels[:2] == ["1 Jan", "08:00"]  # each bar's day and time, in words
