"""Deterministic call metrics, checked against what happened in the committed calls."""

from __future__ import annotations

from debrief_data import FIXTURE, cast_for, transcript
from support.sim_cast import make_cast

from roleplay.debrief.metrics import compute_metrics
from roleplay.transcript import Event, Header, Transcript, Turn, TurnState

GOOD = transcript(FIXTURE, "good")
BAD = transcript(FIXTURE, "bad")


def test_talk_time_and_turn_counts() -> None:
    m = compute_metrics(GOOD, make_cast())
    trainee = GOOD.trainee_turns()
    assert m.turns == len(GOOD.turns) == 17
    assert m.trainee_turns == len(trainee) == 8
    assert m.customer_turns == 9
    words = sum(len(t.text.split()) for t in trainee)
    assert m.trainee_words == words
    assert m.words_per_trainee_turn == round(words / 8, 1)
    assert 0.5 < m.talk_share < 0.8  # the agent did most of the talking in this call
    assert m.duration_s is not None and 200 < m.duration_s < 320


def test_response_times_are_per_trainee_turn() -> None:
    m = compute_metrics(BAD, make_cast())
    times = {t.turn_id: t.seconds for t in m.response_times}
    assert times[2] == 25.0  # the trainee took 25 s to answer the opening
    assert m.slowest_response_s == max(times.values()) == 25.0
    # The line after a long silent hold: its wait was the hold, not the trainee being slow.
    raw = BAD.turn(6)
    assert raw is not None and raw.response_s is not None and raw.response_s > 100
    assert times[6] < 10
    assert m.mean_response_s == round(sum(times.values()) / len(times), 1)


def test_acknowledgement_came_before_the_first_solution_in_the_good_call() -> None:
    m = compute_metrics(GOOD, make_cast())
    assert m.first_acknowledgement_turn == 4
    assert m.first_solution_turn == 10
    assert m.acknowledged_before_solution is True
    assert m.acknowledgements == 1 and m.apologies == 1
    assert m.name_uses == 4
    # "Am I speaking to…?", "May I put you on hold…?" and "Anything else…?" are closed questions
    # by the labelling guide (docs/behaviour-labelling.md); the router question is the open one.
    closed = {t for t, _ in _turns_with(m, "closed_question")}
    assert m.open_questions == 1 and {2, 8, 16} <= closed
    assert m.greeted and m.closed_properly


def test_the_bad_call_has_no_acknowledgement_or_solution_at_all() -> None:
    m = compute_metrics(BAD, make_cast())
    assert m.acknowledged_before_solution is None
    assert m.acknowledgements == 0 and m.first_solution_turn is None
    assert not m.greeted and not m.closed_properly


def test_hedges_dismissive_phrases_and_jargon_are_quoted() -> None:
    m = compute_metrics(BAD, make_cast())
    assert [q.turn_id for q in m.hedges] == [2, 6]
    assert {q.label for q in m.dismissive} == {"says_calm_down", "dismissive"}
    calm = next(q for q in m.dismissive if q.label == "says_calm_down")
    assert calm.turn_id == 4 and "calm down" in calm.quote
    service = compute_metrics(
        transcript("service-down-hold-music", "bad"), cast_for("service-down-hold-music")
    )
    assert [(q.turn_id, q.quote) for q in service.jargon] == [(4, "provisioning")]


def test_hold_etiquette_good_and_bad() -> None:
    good = compute_metrics(GOOD, make_cast()).holds
    assert len(good) == 1
    hold = good[0]
    assert hold.after_turn == 8
    assert hold.asked_permission and hold.reason_given and hold.checked_back and not hold.long
    assert hold.duration_s is not None and 60 < hold.duration_s < 90
    bad = compute_metrics(BAD, make_cast()).holds[0]
    assert not bad.asked_permission and not bad.reason_given and not bad.checked_back
    assert bad.long and bad.duration_s is not None and bad.duration_s > 90


def test_goals_facts_and_end_reason() -> None:
    good = compute_metrics(GOOD, make_cast())
    assert good.goals_met == ["reset-line", "credit"] and good.goals_missed == []
    assert good.facts_total == 3 and len(good.facts_uncovered) == 3
    assert good.end_reason == "resolved"
    bad = compute_metrics(BAD, make_cast())
    assert bad.goals_missed == ["reset-line", "credit"]
    assert bad.end_reason == "hung_up"
    assert bad.escalation_requested is False


def test_mood_trajectory_names_the_turn_that_caused_the_biggest_rise() -> None:
    mood = compute_metrics(BAD, make_cast()).mood
    assert mood.start == 60 and mood.peak == 100 and mood.end == 100
    worst = mood.biggest_rises[0]
    assert worst.turn_id == 4 and worst.cause == "turn"
    assert worst.delta == worst.after - worst.before > 30
    assert "calm down" in worst.text
    good = compute_metrics(GOOD, make_cast()).mood
    assert good.end is not None and good.start is not None and good.end < good.start
    assert good.biggest_falls and not good.biggest_rises


def _call(*records: Turn | Event, hints: int = 0) -> Transcript:
    turns = [r for r in records if isinstance(r, Turn)]
    events = [r for r in records if isinstance(r, Event)]
    events += [Event(kind="hint", text="Name the feeling.") for _ in range(hints)]
    return Transcript(
        header=Header(call_id="c", scenario_id="test-broadband-down"), turns=turns, events=events
    )


def _state(mood: float) -> TurnState:
    return TurnState(mood=mood, band="upset")


def test_hints_and_a_hold_blamed_for_a_mood_rise() -> None:
    at = "2026-03-02T09:30:{:02d}.000+00:00".format
    call = _call(  # in memory, no file: the order comes from the timestamps
        Turn(id=1, speaker="customer", text="It's broken.", state=_state(50), started_at=at(1)),
        Turn(id=2, speaker="trainee", text="Let me look.", state=_state(45), started_at=at(5)),
        Event(kind="hold", asked_permission=False, at=at(6)),
        Event(kind="resume", duration_s=30, text="silent_hold", at=at(36)),
        Turn(id=3, speaker="trainee", text="Okay, I'm back.", state=_state(70), started_at=at(40)),
        hints=2,
    )
    m = compute_metrics(call, make_cast())
    assert m.hints_used == 2
    assert m.end_reason == "abandoned"
    hold_jump = next(j for j in m.mood.biggest_rises if j.cause == "hold")
    assert hold_jump.turn_id == 3 and hold_jump.delta > 0


def _turns_with(m, behaviour: str) -> list[tuple[int, str]]:  # type: ignore[no-untyped-def]
    return [(t, behaviour) for t in m.behaviours.get(behaviour, [])]
