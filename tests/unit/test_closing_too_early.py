"""A trainee who wraps up before a required goal is met hears what the customer still needs.

Played by hand: the dispute raised, the credit and the interest explained, but no word about
stopping the gym's next payment; "Is there anything else I can help with today, Lina?" was met
with "Oh. Um, I don't know. Will that make a difference to sorting it out?", a reply to some
other question. A person whose card may be charged again next month asks about it before any
goodbye; each bundled scenario's outcome goals now say how (`if_closed_early`).
"""

from __future__ import annotations

from pathlib import Path

from debrief_data import cast_for
from support.scripted_call import scripted_call

from roleplay.scenarios.loader import load_library
from roleplay.sim.session import CallSession
from roleplay.sim.state import EndReason
from roleplay.workspace import bundled_library_dir

HANDLED = [
    "Hello Lina, I'm Jo. That sounds really worrying, let's look at it together. What's the "
    "name of the company on your statement?",
    "Have you been away anywhere recently, or tried any free trials?",
    "Free trials often turn into a paid membership unless they're cancelled. Did you cancel it?",
    "I'll raise a dispute now and put a temporary credit of the full amount on your card within "
    "two working days.",
]
CLOSE = "Is there anything else I can help with today, Lina?"


def _play(tmp_path: Path, lines: list[str]) -> CallSession:
    return scripted_call(cast_for("credit-card-dispute"), lines, tmp_path)


def test_wrapping_up_with_the_payments_still_running_hears_her_ask(tmp_path: Path) -> None:
    session = _play(tmp_path, [*HANDLED, CLOSE])
    assert "stop-payments" not in session.state.goals_met and not session.ended
    last = session.turns[-1]
    assert last.speaker == "customer"
    assert "again" in last.text, last.text


def test_the_same_close_once_the_payments_are_stopped_ends_the_call(tmp_path: Path) -> None:
    stopped = "I'll also block any further payments to Northgate, so they can't take it again."
    session = _play(tmp_path, [*HANDLED, stopped, CLOSE])
    assert session.state.end_reason == EndReason.RESOLVED
    assert "again" not in session.turns[-1].text


def test_every_bundled_scenario_says_what_an_open_outcome_goal_still_needs() -> None:
    library = load_library(bundled_library_dir() / "scenarios", bundled_library_dir() / "personas")
    for scenario_id in library.scenarios:
        goals = library.cast(scenario_id).scenario.goals
        asked = [g for g in goals if g.required and g.early_close_lines()]
        assert asked, scenario_id
        for goal in asked:
            assert len(goal.early_close_lines()) >= 2, (scenario_id, goal.id)


def test_the_day_of_a_goodbye_is_not_a_promise_for_today() -> None:
    """Played by hand: "I'll refund the four ninety-nine delivery fee now. Is there anything
    else I can help with today?" met "Arrange a replacement delivery to the family house today"
    (its words: "today" and an 'I'll'), and he answered "Today? Right. Good."."""
    from roleplay.detectors.detect import detect
    from roleplay.sim.hearing import goal_met

    goal = next(
        g for g in cast_for("parent-in-hospital").scenario.goals if g.id == "redeliver-today"
    )
    close = (
        "I'll refund the four ninety-nine delivery fee now. "
        "Is there anything else I can help with today?"
    )
    assert not goal_met(goal, close, detect(close), ["delivered-home"])
    promise = "I'll get a replacement out to the family house today."
    assert goal_met(goal, promise, detect(promise), ["delivered-home"])


def test_a_goal_met_in_the_goodbye_is_thanked_and_the_open_one_asked(tmp_path: Path) -> None:
    """Played by hand: "I'll refund the four ninety-nine delivery fee now. Is there anything else
    I can help with today?" drew "Right. Thank you for doing that." and nothing about the
    shopping still forty miles away."""

    lines = [
        "Hi, I'm Jo. I'm sorry about that. Where was it meant to go?",
        "I'll refund the four ninety-nine delivery fee now. "
        "Is there anything else I can help with today?",
    ]
    session = scripted_call(cast_for("parent-in-hospital"), lines, tmp_path)
    assert "refund-fee" in session.state.goals_met and not session.ended
    last = session.turns[-1].text
    assert "shopping" in last or "order" in last, last
