"""A date reads the same on every screen: "6 Dec 2026", never "06 Dec 2026".

Taken by hand: the debrief said "Call started: 06 Dec 2026 09:14 UTC" while the team report
listed the same call as "6 Dec 2026 09:14 UTC".
"""

from __future__ import annotations

from datetime import datetime

from roleplay.debrief import render_html, render_markdown
from roleplay.debrief.model import Debrief
from roleplay.reports.data import readable_day, readable_time
from roleplay.transcript.dates import written

STARTED = "2026-12-06T09:14:00+00:00"


def _debrief() -> Debrief:
    return Debrief(
        call_id="c",
        scenario_id="s",
        grader="heuristic",
        overall=80.0,
        passed=True,
        pass_mark=70,
        criteria=[],
        started_at=STARTED,
    )


def test_the_debrief_and_the_team_report_write_a_call_date_alike() -> None:
    shown = "6 Dec 2026 09:14 UTC"
    assert readable_time(STARTED) == shown
    assert f"Call started: {shown}" in render_markdown(_debrief())
    assert f"<dd>{shown}</dd>" in render_html(_debrief())
    assert "06 Dec" not in render_markdown(_debrief()) + render_html(_debrief())


def test_a_day_within_the_year_has_no_leading_zero_either() -> None:
    assert readable_day(STARTED) == ("6 Dec", "09:14")
    assert written(datetime(2026, 12, 6, 9, 14), year=False) == "6 Dec 09:14"
