"""One call's length reads the same on the summary, in the review, the team report and the
debrief: a 65.8 s call read 01:05 on the summary and in the report, 1:06 in the review."""

from __future__ import annotations

import re
from pathlib import Path

from support.synthetic import write_synthetic_calls

from roleplay.debrief.report import _duration as debrief_length
from roleplay.reports.data import build_report
from roleplay.reports.html_out import render_html
from roleplay.store.index import ReviewIndex
from roleplay.store.queries import CallFilter
from roleplay.tui.outcome import clock_text
from roleplay.tui.review.cells import duration as review_length


def test_a_call_of_65_8_seconds_is_1_06_everywhere() -> None:
    assert clock_text(65.8) == "01:06"  # the call timer, a live clock
    assert review_length(65.8) == "1:06"  # a column of calls
    assert debrief_length(65.8) == "1 min 06 s"


def test_the_team_report_rounds_each_call_as_the_review_does(tmp_path: Path) -> None:
    root = tmp_path / "transcripts"
    write_synthetic_calls(root, 12, seed=5)
    with ReviewIndex(root) as index:
        index.refresh()
        report = build_report(index.db, CallFilter())
    page = render_html(report)
    calls = page.split("<h2>Calls", 1)[1].split("</table>", 1)[0]
    shown = re.findall(r'<td class="n">(\d+:\d\d)</td>', calls)
    lengths = [c.duration_s for c in report.calls if c.duration_s is not None]
    assert any(s % 1 >= 0.5 for s in lengths), "no call here would round up"
    assert sorted(shown) == sorted(review_length(s) for s in lengths)
