"""Coaching follows the call: no blame for answering a customer line that made no sense, and
"did not answer it" only when the customer had asked something."""

from __future__ import annotations

from debrief_data import FIXTURE, cast_for
from support.sim_cast import make_cast

from roleplay.debrief import build_debrief
from roleplay.sim.line_review import review_call
from roleplay.transcript import Header, Transcript, Turn, TurnState

AT = "2026-03-02T09:30:{:02d}.000+00:00".format


def turn(i: int, speaker: str, text: str, mood: float, source: str | None = None) -> Turn:
    state = TurnState(mood=mood, band="upset")
    return Turn(id=i, speaker=speaker, text=text, state=state, started_at=AT(i), source=source)  # type: ignore[arg-type]


def call(*turns: Turn) -> Transcript:
    return Transcript(header=Header(call_id="odd", scenario_id=FIXTURE), turns=list(turns))


def test_an_idle_reply_to_a_nonsense_customer_line_is_not_held_against_the_trainee() -> None:
    transcript = call(
        turn(1, "customer", "My internet is down again.", 60, "opening"),
        turn(2, "trainee", "Hello, I'm Sam. I'm sorry your internet is down.", 56),
        turn(3, "customer", "You have a blue door.", 56, "model"),
        turn(4, "trainee", "Sorry?", 62),
    )
    items = build_debrief(transcript, make_cast()).improvements
    assert 4 not in [i.turn_id for i in items]
    assert not any("blue door" in i.why for i in items)


def test_the_same_idle_reply_to_a_real_question_is_coached() -> None:
    transcript = call(
        turn(1, "customer", "My internet is down again.", 60, "opening"),
        turn(2, "trainee", "Hello, I'm Sam. I'm sorry your internet is down.", 56),
        turn(3, "customer", "Is anyone going to fix my internet?", 56, "model"),
        turn(4, "trainee", "Sorry?", 62),
    )
    items = {i.turn_id: i for i in build_debrief(transcript, make_cast()).improvements}
    assert 'had just asked "Is anyone going to fix my internet?"' in items[4].why
    assert "did not answer it" in items[4].why


def test_an_idle_reply_to_a_statement_is_not_said_to_have_left_it_unanswered() -> None:
    transcript = call(
        turn(1, "customer", "My internet is down again.", 60, "opening"),
        turn(2, "trainee", "Okay.", 64),
    )
    items = {i.turn_id: i for i in build_debrief(transcript, make_cast()).improvements}
    assert "did not answer it" not in items[2].why


def test_selfplay_review_names_what_the_customer_said_that_was_wrong() -> None:
    cast = cast_for("loyalty-card-blocked")
    line = (
        "I'm sorry, Agent. Your replacement dresses will arrive tomorrow after 1pm "
        "if you order now."
    )
    turns = [
        Turn(id=1, speaker="customer", text=cast.scenario.opening_lines()[0], source="opening"),
        Turn(id=2, speaker="trainee", text="Hello, you're through to Sam. What's happened?"),
        Turn(id=3, speaker="customer", text=line, source="model"),
    ]
    found = review_call(cast, turns)
    assert [p.turn_id for p in found] == [3]
    problems = " ".join(found[0].problems)
    assert "calls the trainee 'Agent'" in problems and "off the scenario" in problems
    assert "dresses" in problems


def test_selfplay_review_passes_the_scenario_s_own_kind_of_line() -> None:
    cast = cast_for("loyalty-card-blocked")
    turns = [
        Turn(id=1, speaker="customer", text=cast.scenario.opening_lines()[0], source="opening"),
        Turn(id=2, speaker="trainee", text="Hello, you're through to Sam. What's happened?"),
        Turn(
            id=3,
            speaker="customer",
            text=cast.scenario.reactions["heard"]["upset"][0],
            source="model",
        ),
    ]
    assert review_call(cast, turns) == []


def test_a_hedge_beside_a_worse_fault_is_quoted_too() -> None:
    """'In the same line it hedged.' said nothing of which words to drop when the tip was about
    a worse fault of the same line: the hedges are quoted as when they are the tip."""
    transcript = call(
        turn(1, "customer", "My internet is down again.", 60, "opening"),
        turn(2, "trainee", "Umm, that's just policy, I think maybe there's nothing I can do.", 70),
    )
    items = {i.turn_id: i for i in build_debrief(transcript, make_cast()).improvements}
    why = items[2].why
    assert why.startswith("You said '")
    assert "closes the door" in why  # the tip is about the dismissal, the worse fault
    assert "In the same line it hedged ('Umm', 'I think maybe')." in why


def test_an_invented_statement_is_named_even_beside_a_question() -> None:
    # seen in self-play on the embedded model: a fitting start, an invented life, a question
    cast = cast_for("loyalty-card-blocked")
    line = (
        "Hi. My name is Farah Aziz. I'm a secondary-school librarian in my fourth year at the "
        "Riverside School of Library Science. Can you help me with my card?"
    )
    turns = [
        Turn(id=1, speaker="customer", text=cast.scenario.opening_lines()[0], source="opening"),
        Turn(id=2, speaker="trainee", text="Can I take your name, please?"),
        Turn(id=3, speaker="customer", text=line, source="model"),
    ]
    found = review_call(cast, turns)
    assert [p.turn_id for p in found] == [3]
    assert "off the scenario (fourth, year, library, science)" in found[0].problems
