"""The summary screen shows an auto-fail as the rule that matched and the words that matched it."""

from __future__ import annotations

from roleplay.debrief.model import AutoFailHit, Debrief, Metrics
from roleplay.tui.screens.summary import score_rows
from roleplay.tui.widgets.labelled_rows import hanging_lines


def test_the_summary_names_the_rule_and_the_words_not_a_bare_claim() -> None:
    """'Auto-fail  Asks for her PIN' read as a fact, even for 'I will never ask for your PIN'."""
    debrief = Debrief(
        call_id="c",
        scenario_id="s",
        grader="heuristic",
        overall=0,
        passed=False,
        pass_mark=70,
        criteria=[],
        metrics=Metrics(trainee_turns=4, end_reason="resolved"),
        auto_fail=[
            AutoFailHit(
                id="x",
                description="Asks for her PIN",
                turn_id=4,
                quote="I will never ask for your PIN.",
            )
        ],
    )
    shown = "\n".join(line.plain for line in hanging_lines(score_rows(debrief), 400, 14))
    assert 'rule "Asks for her PIN", matched by turn 4: "I will never ask for your PIN."' in shown


def test_the_summary_of_a_call_where_the_trainee_said_nothing_says_not_graded() -> None:
    """'Score 0 of 100 · not passed' for a call the team report leaves out as not graded."""
    debrief = Debrief(
        call_id="c",
        scenario_id="s",
        grader="heuristic",
        overall=0,
        passed=False,
        pass_mark=70,
        criteria=[],
        metrics=Metrics(trainee_turns=0, end_reason="trainee_ended"),
    )
    shown = "\n".join(line.plain for line in hanging_lines(score_rows(debrief), 400, 14))
    assert "not graded: the trainee said nothing" in shown
    assert "0 of 100" not in shown and "not passed" not in shown
