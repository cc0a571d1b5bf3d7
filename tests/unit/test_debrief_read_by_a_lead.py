"""Sentences of three debriefs a team lead read in full and would not believe, fixed.

The calls are the committed good service-down call and the poor parent-in-hospital and
demands-supervisor calls (tests/data/transcripts).
"""

from __future__ import annotations

from debrief_data import FIXTURE, cast_for, transcript
from support.sim_cast import make_cast

from roleplay.debrief import build_debrief, render
from roleplay.transcript import Event, Header, Transcript, Turn, TurnState


def _debrief(scenario: str, name: str):  # type: ignore[no-untyped-def]
    call = transcript(scenario, name)
    return call, build_debrief(call, cast_for(scenario))


def test_one_open_question_is_not_also_counted_as_closed() -> None:
    """'Open / closed questions: 1 / 4' for a call with one open and three closed questions:
    'What were you hoping to watch?' was counted as both."""
    call, debrief = _debrief("service-down-hold-music", "good")
    asked = [t.text for t in call.trainee_turns() if "?" in t.text]
    assert len(asked) == 4 and "What were you hoping to watch?" in asked
    assert (debrief.metrics.open_questions, debrief.metrics.closed_questions) == (1, 3)


def test_a_tip_names_only_what_the_customer_said_matters() -> None:
    """'Pick up what matters to this customer (for example: Amara)': nobody in the call said
    Amara; the name is in the persona file only."""
    call, debrief = _debrief("parent-in-hospital", "bad")
    said = " ".join(t.text for t in call.turns)
    assert "Amara" not in said
    touch = next(c for c in debrief.criteria if c.measures == "personal_touch")
    assert "Amara" not in touch.improvement and "Amara" not in touch.rationale
    assert 'Pick up what the customer told you matters ("family house")' in touch.improvement


def test_coaching_quotes_the_clause_not_a_fragment_that_says_less() -> None:
    """'You said 'that's your own'.' for 'so that's your own fault really'."""
    _, debrief = _debrief("parent-in-hospital", "bad")
    item = next(i for i in debrief.improvements if i.turn_id == 4)
    assert "You said 'so that's your own fault really'." in item.why


def test_the_calmer_customer_is_said_in_words_that_print_plainly() -> None:
    """'The customer ended calmer (65 -\\> 0)': the arrow printed with a backslash."""
    call, debrief = _debrief("service-down-hold-music", "good")
    composure = next(c for c in debrief.criteria if c.measures == "composure")
    assert "(mood 65 at the start, 0 at the end)" in composure.rationale
    assert "-\\>" not in render(debrief, "md", call)


def test_going_beyond_says_why_its_evidence_includes_personal_touches() -> None:
    """Going beyond quoted 'I can understand how frustrating that is' with no word of why."""
    _, debrief = _debrief("service-down-hold-music", "good")
    beyond = next(c for c in debrief.criteria if c.measures == "going_beyond")
    assert "engaged with what the customer cares about in 3 turn(s)" in beyond.rationale


def test_a_long_hold_that_was_asked_for_is_not_called_unasked() -> None:
    """'The customer waited 120 s on a hold you did not ask for', after 'May I put you on hold
    for two minutes while I check?'; the hold was asked for, it was long."""
    at = "2026-03-02T09:30:{:02d}.000+00:00".format

    def turn(i: int, speaker: str, text: str, mood: float, second: int) -> Turn:
        state = TurnState(mood=mood, band="upset")
        return Turn(id=i, speaker=speaker, text=text, state=state, started_at=at(second))  # type: ignore[arg-type]

    call = Transcript(
        header=Header(call_id="held-long", scenario_id=FIXTURE),
        turns=[
            turn(1, "customer", "My internet is down again.", 60, 1),
            turn(2, "trainee", "May I put you on hold for two minutes while I check?", 60, 5),
            turn(3, "customer", "Fine.", 60, 6),
            turn(4, "trainee", "Thank you for holding.", 68, 59),
        ],
        events=[
            Event(kind="hold", asked_permission=True, at=at(7)),
            Event(kind="resume", duration_s=120, text="long_hold", at=at(58)),
        ],
    )
    item = next(i for i in build_debrief(call, make_cast()).improvements if i.turn_id == 4)
    assert "did not ask for" not in item.why and "without asking" not in item.why
    assert "The customer waited 2 min 00 s on a hold." in item.why
    assert "May I put you on hold" not in item.could_say
