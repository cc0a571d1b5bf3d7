"""The overall score reads the same on the summary, the debrief and the review app.

Taken by hand: the summary said "Score 88 of 100" and the debrief beside it "Overall: 87.5/100".
Rounded to a whole number, 69.5 would also show as "70 of 100 · not passed (pass mark 70)".
"""

from __future__ import annotations

import pytest

from roleplay.debrief import render_markdown
from roleplay.debrief.model import Debrief, Metrics
from roleplay.tui.review import cells
from roleplay.tui.screens.summary import score_rows
from roleplay.tui.widgets.labelled_rows import hanging_lines


def _debrief(overall: float) -> Debrief:
    return Debrief(
        call_id="c",
        scenario_id="s",
        grader="heuristic",
        overall=overall,
        passed=overall >= 70,
        pass_mark=70,
        criteria=[],
        metrics=Metrics(trainee_turns=4, end_reason="resolved"),  # a finished call: graded
    )


@pytest.mark.parametrize(("overall", "shown"), [(87.5, "87.5"), (69.5, "69.5"), (95.0, "95")])
def test_summary_debrief_and_review_write_one_score(overall: float, shown: str) -> None:
    debrief = _debrief(overall)
    summary = "\n".join(line.plain for line in hanging_lines(score_rows(debrief), 400, 14))
    assert f" {shown} of 100 ·" in summary and "Score" in summary
    assert f"Overall: {shown}/100" in render_markdown(debrief)
    assert cells.score(overall).plain == shown
