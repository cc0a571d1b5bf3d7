"""The heuristic grader on committed calls: good handling beats bad where it should."""

from __future__ import annotations

import inspect

import pytest
from debrief_data import (
    FIXTURE,
    FULL_RUBRIC,
    cast_for,
    full_cast,
    scenarios_with_pairs,
    transcript,
)
from support.sim_cast import make_cast

from roleplay.debrief import build_debrief, heuristic
from roleplay.debrief.heuristic_rules import RULES
from roleplay.debrief.report import render
from roleplay.scenarios.models import CriterionKind
from roleplay.transcript import Close, Event, Header, Transcript, Turn, TurnState

PAIRS = scenarios_with_pairs()

# What each bad call got wrong that the good one got right, as criterion kinds.
DIFFERENCES: dict[str, set[str]] = {
    FIXTURE: {"empathy", "ownership"},
    "loyalty-card-blocked": {
        "empathy",
        "personal_touch",
        "ownership",
        "going_beyond",
        "composure",
        "confidence",
    },
    "service-down-hold-music": {
        "empathy",
        "ownership",
        "call_control",
        "going_beyond",
        "composure",
        "confidence",
    },
    "parent-in-hospital": {"empathy", "personal_touch", "ownership", "composure", "call_control"},
    "demands-supervisor": {
        "empathy",
        "ownership",
        "escalation",
        "going_beyond",
        "composure",
        "confidence",
    },
}


def test_at_least_three_bundled_scenarios_have_a_good_and_a_bad_call() -> None:
    assert len([s for s in PAIRS if s != FIXTURE]) >= 3


@pytest.mark.parametrize("scenario_id", PAIRS)
def test_the_good_call_scores_higher_overall_and_passes(scenario_id: str) -> None:
    cast = cast_for(scenario_id)
    good = build_debrief(transcript(scenario_id, "good"), cast)
    bad = build_debrief(transcript(scenario_id, "bad"), cast)
    assert good.overall > bad.overall
    assert good.passed and not bad.passed
    assert good.overall >= cast.scenario.rubric.pass_mark > bad.overall


@pytest.mark.parametrize("scenario_id", PAIRS)
def test_the_good_call_wins_on_the_criteria_the_difference_is_about(scenario_id: str) -> None:
    cast = cast_for(scenario_id)
    good = build_debrief(transcript(scenario_id, "good"), cast)
    bad = build_debrief(transcript(scenario_id, "bad"), cast)
    kinds = DIFFERENCES[scenario_id]
    checked = 0
    for g in good.criteria:
        if g.measures not in kinds or not g.applicable:
            continue
        b = bad.criterion(g.id)
        assert b is not None and b.score is not None and g.score is not None
        assert g.score > b.score, f"{scenario_id}: {g.id} good {g.score} vs bad {b.score}"
        checked += 1
    assert checked >= 2


@pytest.mark.parametrize("scenario_id", PAIRS)
def test_every_output_says_the_grade_is_heuristic(scenario_id: str) -> None:
    call = transcript(scenario_id, "bad")
    debrief = build_debrief(call, cast_for(scenario_id))
    assert debrief.grader == "heuristic"
    assert "heuristic" in debrief.grading_note
    assert '"grader": "heuristic"' in render(debrief, "json")
    for fmt in ("md", "html"):
        assert "heuristic" in render(debrief, fmt, call).lower()


def test_every_criterion_kind_has_a_documented_rule() -> None:
    doc = inspect.getdoc(heuristic) or ""
    for kind in CriterionKind:
        assert kind in heuristic.SCORERS
        assert RULES[kind]
        assert f"- {kind.value}:" in doc


def test_every_rule_is_exercised_and_separates_good_from_bad() -> None:
    cast = full_cast()
    good = build_debrief(transcript(FIXTURE, "good"), cast)
    bad = build_debrief(transcript(FIXTURE, "bad"), cast)
    for g in good.criteria:
        b = bad.criterion(g.id)
        assert b is not None and g.score is not None and b.score is not None
        assert g.score > b.score, g.id


def test_a_rubric_auto_fail_fails_a_high_scoring_call_and_quotes_the_line() -> None:
    rubric = {
        **FULL_RUBRIC,
        "auto_fail": [
            {"id": "promise", "description": "Promises a credit", "patterns": [r"\bcredit\b"]}
        ],
    }
    debrief = build_debrief(transcript(FIXTURE, "good"), make_cast(rubric=rubric))
    assert debrief.overall >= debrief.pass_mark
    assert not debrief.passed
    hit = debrief.auto_fail[0]
    assert hit.id == "promise" and hit.turn_id == 12
    assert "one-month credit" in hit.quote


@pytest.mark.parametrize("scenario_id", ["loyalty-card-blocked", "parent-in-hospital"])
def test_a_compliance_slip_in_a_bundled_scenario_is_an_auto_fail(scenario_id: str) -> None:
    debrief = build_debrief(transcript(scenario_id, "bad"), cast_for(scenario_id))
    assert debrief.auto_fail and debrief.auto_fail[0].turn_id == 2
    first = debrief.improvements[0]  # coaching leads with the slip, and never re-phrases it
    assert first.turn_id == 2 and "fails the call" in first.why
    assert "card" not in first.could_say.lower()


def test_a_not_applicable_criterion_carries_no_weight() -> None:
    debrief = build_debrief(transcript(FIXTURE, "hostile"), full_cast())  # no hold in this call
    control = debrief.criterion("call_control")
    assert control is not None and not control.applicable and control.score is None
    assert "never put on hold" in control.rationale
    counted = [(c.weight, c.score) for c in debrief.criteria if c.applicable]
    assert sum(w for w, _ in counted) == 100 - control.weight
    mean = sum(w * (s - 1) * 25 for w, s in counted if s) / sum(w for w, _ in counted)
    as_if_lowest = sum(w * (s - 1) * 25 for w, s in counted if s) / 100
    assert debrief.overall == pytest.approx(mean, abs=0.05)
    assert debrief.overall != pytest.approx(as_if_lowest, abs=0.05)


# ------------------------------------------------------------------ coaching


@pytest.mark.parametrize("scenario_id", PAIRS)
def test_coaching_picks_the_turns_that_hurt_most_and_quotes_them(scenario_id: str) -> None:
    call = transcript(scenario_id, "bad")
    debrief = build_debrief(call, cast_for(scenario_id))
    items = debrief.improvements
    assert 2 <= len(items) <= 3
    biggest = debrief.metrics.mood.biggest_rises[0]
    assert biggest.turn_id in [i.turn_id for i in items]
    for item in items:
        turn = call.turn(item.turn_id)
        assert turn is not None and turn.speaker == "trainee"
        assert item.said in turn.text
        assert item.could_say and item.could_say != item.said
    good = build_debrief(transcript(scenario_id, "good"), cast_for(scenario_id))
    assert len(good.improvements) < len(items)


def test_coaching_tips_name_what_was_said() -> None:
    debrief = build_debrief(transcript(FIXTURE, "bad"), make_cast())
    by_turn = {i.turn_id: i for i in debrief.improvements}
    calm = by_turn[4]
    assert "calm down" in calm.why.lower()
    assert "Dana" in calm.could_say
    hedged = by_turn[2]
    assert "Umm" in hedged.why
    assert "What's your account number?" in hedged.could_say and "Umm" not in hedged.could_say
    assert by_turn[6].could_say != hedged.could_say


def test_a_call_where_the_trainee_said_nothing_earns_nothing() -> None:
    call = Transcript(
        header=Header(call_id="silent", scenario_id=FIXTURE),
        turns=[
            Turn(id=1, speaker="customer", text="Hello?", state=TurnState(mood=60, band="upset"))
        ],
    )
    debrief = build_debrief(call, full_cast())
    assert debrief.overall == 0 and not debrief.passed
    assert all(c.score == 1 for c in debrief.criteria if c.applicable)
    for fmt in ("json", "md", "html"):
        assert render(debrief, fmt, call)


def test_a_call_where_the_trainee_said_nothing_says_it_is_not_graded() -> None:
    """The debrief said 'Overall: 0/100 (fail)' while the team report left the call out as
    not graded."""
    call = Transcript(
        header=Header(call_id="silent", scenario_id=FIXTURE),
        turns=[
            Turn(id=1, speaker="customer", text="Hello?", state=TurnState(mood=60, band="upset"))
        ],
        close=Close(end_reason="trainee_ended"),
    )
    debrief = build_debrief(call, full_cast())
    assert debrief.not_graded == "the trainee said nothing"
    markdown = render(debrief, "md", call)
    assert "**Not graded: the trainee said nothing.**" in markdown
    assert "Overall:" not in markdown
    page = render(debrief, "html", call)
    assert "Not graded" in page and "The trainee said nothing" in page
    assert ">Fail<" not in page


def test_a_silent_hold_and_an_idle_line_get_tips_about_what_happened() -> None:
    at = "2026-03-02T09:30:{:02d}.000+00:00".format

    def turn(i: int, speaker: str, text: str, mood: float, second: int) -> Turn:
        state = TurnState(mood=mood, band="upset")
        return Turn(id=i, speaker=speaker, text=text, state=state, started_at=at(second))  # type: ignore[arg-type]

    call = Transcript(
        header=Header(call_id="held", scenario_id=FIXTURE),
        turns=[
            turn(1, "customer", "My internet is down again.", 60, 1),
            turn(2, "trainee", "Okay.", 64, 5),
            turn(3, "customer", "Is anyone going to fix it?", 64, 6),
            turn(4, "trainee", "Right, I'm back now.", 88, 50),
        ],
        events=[
            Event(kind="hold", asked_permission=False, at=at(7)),
            Event(kind="resume", duration_s=40, text="silent_hold", at=at(47)),
        ],
    )
    items = {i.turn_id: i for i in build_debrief(call, make_cast()).improvements}
    assert "waited 40 s on a hold you did not ask for" in items[4].why
    assert "May I put you on hold" in items[4].could_say
    assert 'had just said "My internet is down again."' in items[2].why


def test_the_tip_to_finish_the_job_names_the_goals_in_words_not_ids() -> None:
    """A trainee read "Finish the job: acknowledge-history, rebill, pause-payment was not done."."""
    scenario_id = "demands-supervisor"
    cast = cast_for(scenario_id)
    mood = TurnState(mood=70, band="angry")
    call = Transcript(
        header=Header(call_id="unfinished", scenario_id=scenario_id),
        turns=[
            Turn(id=1, speaker="customer", text="I want a supervisor.", state=mood),
            Turn(id=2, speaker="trainee", text="I'll look at your bill now.", state=mood),
        ],
    )
    debrief = build_debrief(call, cast)
    tip = next(c for c in debrief.criteria if c.measures == "ownership").improvement
    missed = [g for g in cast.scenario.goals if g.id in debrief.metrics.goals_missed]
    assert tip.startswith("Finish the job") and missed
    for goal in missed:
        assert goal.description[1:] in tip
    assert ", ".join(debrief.metrics.goals_missed) not in tip
