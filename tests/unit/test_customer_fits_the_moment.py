"""The embedded customer's authored words fit the moment: the mood, the kind of push-back, and
the question in front of them (round 7 of docs/customer-realism.md)."""

from __future__ import annotations

import copy

import pytest
from debrief_data import cast_for
from support.sim_cast import SCENARIO, make_cast

from roleplay.scenarios.behaviours import Behaviour as B
from roleplay.scenarios.behaviours import Move
from roleplay.scenarios.models import HiddenFact, MoodBand
from roleplay.scenarios.thin import thin_spots
from roleplay.sim.actor import facts_told
from roleplay.sim.director import Director
from roleplay.transcript import Turn, line_source

ANGRY_ROUTER = "The light says LOS. Flashing red. Three days it's been like that!"


def _cast_with(**changes: object):  # type: ignore[no-untyped-def]
    facts = copy.deepcopy(SCENARIO["facts"])
    facts[0]["says_by_mood"] = {"angry": ANGRY_ROUTER}
    return make_cast(facts=facts, **changes)


def test_a_fact_is_said_in_the_words_of_the_mood() -> None:
    fact = _cast_with().scenario.facts[0]
    assert fact.words(MoodBand.ANGRY) == ANGRY_ROUTER
    assert fact.words(MoodBand.FURIOUS) == ANGRY_ROUTER  # the nearest heated words
    assert fact.words(MoodBand.UPSET) == fact.says  # a calmer customer never borrows them
    assert fact.words(MoodBand.CALM) == fact.says


def test_an_angry_customer_tells_a_fact_in_angry_words() -> None:
    director = Director(_cast_with(), "hard")
    text = "What do the lights on the router show?"
    outcome = director.on_trainee_line(text, [B.OPEN_QUESTION])
    assert director.state.band == MoodBand.ANGRY
    assert director.composed_line(outcome, text) == (ANGRY_ROUTER, "fact")


def test_a_fact_said_in_a_moods_words_counts_as_found() -> None:
    facts = _cast_with().scenario.facts
    assert facts_told(["router-lights"], facts, [ANGRY_ROUTER]) == ["router-lights"]


def test_news_not_asked_for_waits_while_the_trainee_pushes_back() -> None:
    director = Director(make_cast(), "medium")
    first = "What do the lights on the router show, and have you called before?"
    outcome = director.on_trainee_line(first, [B.OPEN_QUESTION])
    assert [f.id for f in outcome.new_facts] == ["router-lights"]
    # "called before" was asked too; a line that pushes back does not get it as news
    rude = "That's not my problem, it's the engineers' fault."
    outcome = director.on_trainee_line(rude, [B.DISMISSIVE, B.BLAMES_COLLEAGUES])
    assert outcome.new_facts == [] and outcome.answer is None
    assert director.composed_line(outcome, rude) == ("", "")
    assert outcome.move == Move.PUSHED_BACK
    # once the trainee is back on track it comes out
    outcome = director.on_trainee_line("Okay. Thanks for bearing with me.", [B.THANKS])
    assert [f.id for f in outcome.new_facts] == ["second-call"]


def test_a_question_an_answer_covers_gets_that_answer_not_news_earned_by_trust() -> None:
    answers = [{"asked_about": ["account number"], "says": "It's 5512 0098."}]
    director = Director(make_cast(answers=answers), "easy")
    text = "I'm sorry, that sounds awful. What's the account number?"
    outcome = director.on_trainee_line(text, [B.ACKNOWLEDGES_FEELING, B.OPEN_QUESTION])
    assert outcome.new_facts == []
    assert director.composed_line(outcome, text) == ("It's 5512 0098.", "answer")
    # the worry earned by trust comes out when nothing else is asked of the customer
    outcome = director.on_trainee_line("Three days is a long time.", [B.ACKNOWLEDGES_FEELING])
    assert [f.id for f in outcome.new_facts] == ["daughter-exam"]


def test_a_check_of_understanding_is_not_met_with_news() -> None:
    director = Director(make_cast(), "easy")
    text = "I'm sorry. What's been happening?"
    director.on_trainee_line(text, [B.ACKNOWLEDGES_FEELING, B.OPEN_QUESTION])
    text = "I'll reset the line now. Does that make sense?"
    outcome = director.on_trainee_line(text, [B.TAKES_OWNERSHIP, B.CHECKS_UNDERSTANDING])
    assert outcome.new_facts == []


def test_a_met_goal_and_the_question_asked_with_it_are_both_answered() -> None:
    director = Director(make_cast(), "medium")
    text = "I'll run a reset of your line now. What do the router lights show?"
    outcome = director.on_trainee_line(text, [B.TAKES_OWNERSHIP, B.OPEN_QUESTION])
    line, source = director.composed_line(outcome, text)
    assert source == "reaction+fact"
    assert line.startswith("Fine. A reset.") and line.endswith("if that means anything.")


def test_a_finer_push_back_has_its_own_lines_and_borrows_when_there_are_none() -> None:
    pushed = {band.value: [f"Pushed back, {band.value}."] * 1 for band in MoodBand}
    calm_down = {"angry": ["Don't tell me to calm down.", "I am calm."]}
    director = Director(make_cast(reactions={"pushed_back": pushed}), "hard")
    assert director.state.band == MoodBand.ANGRY
    assert director.reaction_lines(Move.CALM_DOWN) == ["Pushed back, angry."]
    director = Director(
        make_cast(reactions={"pushed_back": pushed, "calm_down": calm_down}), "hard"
    )
    assert director.reaction_lines(Move.CALM_DOWN) == calm_down["angry"]
    assert director.reaction_lines(Move.BLAMED) == ["Pushed back, angry."]


def test_validate_warns_about_missing_finer_reactions_and_calm_words_for_heated_news() -> None:
    lines = {band.value: ["One.", "Two."] for band in MoodBand}
    reactions = {move.value: lines for move in Move if move.value not in ("calm_down",)}
    facts = copy.deepcopy(SCENARIO["facts"])
    facts[1]["reveal"]["mood_below"] = 40  # even easy's +15 keeps it below angry
    warnings = thin_spots(make_cast(reactions=reactions, facts=facts).scenario)
    assert any(w.startswith("reactions.calm_down: none authored") for w in warnings)
    assert not any(w.startswith("reactions.blamed") for w in warnings)
    assert any(w.startswith("facts.router-lights: can come out while") for w in warnings)
    # a fact earned by trust that only comes out once the customer is calmer: no warning
    assert not any(w.startswith("facts.daughter-exam") for w in warnings)
    facts[1]["reveal"]["mood_below"] = 50  # easy lifts it to 65: angry customers can tell it
    warnings = thin_spots(make_cast(reactions=reactions, facts=facts).scenario)
    assert any(w.startswith("facts.daughter-exam") for w in warnings)
    assert not any(
        w.startswith("facts.router-lights")
        for w in thin_spots(_cast_with(reactions=reactions).scenario)
    )


def test_the_trainer_sees_which_authored_words_a_line_was_made_of() -> None:
    for source, label in (
        ("reaction+fact", "authored: goal reaction, then a fact"),
        ("reaction+answer", "authored: goal reaction, then an answer"),
        ("frame", "authored: reply to a line from outside the call"),
    ):
        turn = Turn(id=1, speaker="customer", text="Hm.", source=source)
        assert line_source(turn) == label


def test_hidden_fact_words_fall_back_to_says() -> None:
    fact = HiddenFact.model_validate(
        {"id": "x", "fact": "x", "says": "Plain words.", "reveal": {"mood_below": 50}}
    )
    assert fact.words(MoodBand.FURIOUS) == "Plain words."


def test_a_hedge_is_not_met_with_news_it_did_not_ask_for() -> None:
    director = Director(make_cast(), "medium")
    director.on_trainee_line("Have you called before? What do the router lights show?", [])
    text = "Umm, I'm not really sure what that means."
    outcome = director.on_trainee_line(text, [B.HEDGES])
    assert outcome.new_facts == [] and outcome.move == Move.UNCLEAR


def test_a_reaction_does_not_say_the_last_line_again_in_other_words() -> None:
    furious = {
        "furious": [
            "Calm down, he says. Right, I want your name and your manager's name.",
            "Don't you dare tell me to calm down. Supervisor. Now.",
        ]
    }
    director = Director(make_cast(reactions={"calm_down": furious}), "hard")
    director.state.band = MoodBand.FURIOUS
    director.last_said = "Not having that. I want your name, and your manager's name. Now."
    assert director.reaction_lines(Move.CALM_DOWN) == [furious["furious"][1]]
    director.last_said = "Unbelievable."
    assert director.reaction_lines(Move.CALM_DOWN) == furious["furious"]


def test_only_a_question_gets_its_answer_after_a_met_goal() -> None:
    answers = [{"asked_about": ["your name"], "says": "Dana Whitfield."}]
    reaction = "A month's credit. Well, that's something, I suppose."
    director = Director(make_cast(answers=answers), "medium")
    text = "I'll add a month's credit. Shall I do that now? It goes under your name."
    outcome = director.on_trainee_line(text, [B.OFFERS_SOLUTION])
    assert director.composed_line(outcome, text) == (reaction, "reaction")
    director = Director(make_cast(answers=answers), "medium")
    text = "I'll add a month's credit. Can I take your name?"
    outcome = director.on_trainee_line(text, [B.OFFERS_SOLUTION])
    assert director.composed_line(outcome, text) == (
        f"{reaction} Dana Whitfield.",
        "reaction+answer",
    )


async def test_a_customer_who_starts_angry_opens_in_angry_words(tmp_path) -> None:
    from fake_backends import ChoosingBackend

    from roleplay.sim.session import CallSession

    angry = ["Three days! Three days without internet and nobody rings me back."]
    cast = make_cast(opening_by_mood={"angry": angry})
    hard = CallSession(cast, ChoosingBackend(), transcripts=tmp_path, difficulty="hard")
    assert [t.text for t in await hard.start()] == angry  # baseline 60 + 10: angry
    easy = CallSession(cast, ChoosingBackend(), transcripts=tmp_path, difficulty="easy")
    assert [t.text for t in await easy.start()] == cast.scenario.opening  # 50: upset
    assert cast.scenario.opening_for(MoodBand.FURIOUS) == [[line] for line in angry]


def test_a_new_scenario_from_the_template_is_not_thin() -> None:
    import yaml

    from roleplay.scenarios.models import Archetype, Scenario
    from roleplay.scenarios.template import starting_files

    for archetype in Archetype:
        text, _ = starting_files("new-one", archetype)
        scenario = Scenario.model_validate(yaml.safe_load(text))
        assert thin_spots(scenario) == [], archetype


def test_the_new_address_is_given_when_asked_for_after_the_move_comes_out() -> None:
    """Played by hand: after "We moved last spring", "Could you give me the first line and
    postcode of the new address?" was met with "That makes sense. Thank you for explaining it.":
    the scenario had no words for the address she was asked for."""
    director = Director(cast_for("loyalty-card-blocked"), "medium")
    text = "Can I check the address we have for you?"
    outcome = director.on_trainee_line(text, [B.CLOSED_QUESTION])
    assert [f.id for f in outcome.new_facts] == ["moved-house"]
    text = "Could you give me the first line and postcode of the new address?"
    outcome = director.on_trainee_line(text, [B.CLOSED_QUESTION])
    line, source = director.composed_line(outcome, text)
    assert source.endswith("answer") and "Orchard Way" in line


def test_a_question_is_answered_before_news_its_statement_only_mentions() -> None:
    """Played by hand: "Leave it with me, I'll find out what's happened. Could you tell me what
    the till said?" drew out the book she was buying ("happened" is one of its words) and left
    the till question unanswered for a later turn. The question is what is in front of her."""
    director = Director(cast_for("loyalty-card-blocked"), "medium")
    text = "Leave it with me, I'll find out what's happened. Could you tell me what the till said?"
    outcome = director.on_trainee_line(text, [B.TAKES_OWNERSHIP, B.OPEN_QUESTION])
    assert outcome.new_facts == []
    line, source = director.composed_line(outcome, text)
    assert source == "answer" and "declined" in line
    # asked in a question, the book still comes out
    text = "What happened with the book you were buying?"
    outcome = director.on_trainee_line(text, [B.OPEN_QUESTION])
    assert [f.id for f in outcome.new_facts] == ["the-book"]


def test_the_merchant_name_is_given_however_the_statement_question_is_put() -> None:
    """Played by hand: "Can you tell me what the statement says about it?" and "What name does
    it show on your statement?" went unanswered (her rent worry, then a thank-you), because the
    answer waited for other words."""
    for text in (
        "Let's look at it together. Can you tell me what the statement says about it?",
        "What name does it show on your statement?",
    ):
        director = Director(cast_for("credit-card-dispute"), "medium")
        outcome = director.on_trainee_line(text, [B.OPEN_QUESTION])
        assert outcome.new_facts == []
        line, source = director.composed_line(outcome, text)
        assert source.endswith("answer") and "Northgate" in line, text


def test_the_father_says_when_a_redelivery_would_suit() -> None:
    """Played by hand: "Is there a time today that works best for the delivery?" was met with
    "I've no idea. I haven't had a minute to think about anything like that.": no answer had
    words for a delivery slot. Asking when it arrived still gets the arrival time."""
    director = Director(cast_for("parent-in-hospital"), "medium")
    text = "Is there a time today that works best for the delivery?"
    outcome = director.on_trainee_line(text, [B.CLOSED_QUESTION])
    line, source = director.composed_line(outcome, text)
    assert source.endswith("answer") and "four" in line
    text = "What time did it arrive?"
    outcome = director.on_trainee_line(text, [B.OPEN_QUESTION])
    line, source = director.composed_line(outcome, text)
    assert source.endswith("answer") and "ten past eight" in line.lower()


def test_asked_what_the_competitor_offered_she_says() -> None:
    """Played by hand: "You mentioned another provider. What have they offered you?" was met
    with news from two turns before (her call to check roaming): "offered" was not one of the
    offer's words."""
    director = Director(cast_for("leaving-for-competitor"), "easy")
    director.state.mood = 30
    text = "You mentioned another provider. What have they offered you?"
    outcome = director.on_trainee_line(text, [B.OPEN_QUESTION])
    assert [f.id for f in outcome.new_facts] == ["other-offer"]
    line, _source = director.composed_line(outcome, text)
    assert "Brightwave" in line


def test_offering_the_new_plan_is_not_asking_about_hers() -> None:
    """Played by hand: "Would you like me to go ahead with the new plan?" was answered with her
    current plan ("SIM only, twenty gigabytes, eighteen pounds a month"): any "plan" asked it."""
    director = Director(cast_for("leaving-for-competitor"), "easy")
    assert director._answer("Would you like me to go ahead with the new plan?", give=False) is None
    asked = director._answer("Which plan are you on at the moment?", give=False)
    assert asked is not None and "eighteen pounds" in asked.says[0]


def _after_fact(scenario_id: str, ask: str, fact: str, then: str, *behaviours: B):  # type: ignore[no-untyped-def]
    """A calm customer asked `ask` (drawing out `fact`), then `then`: the director and the
    second line's outcome and reply."""
    director = Director(cast_for(scenario_id), "medium")
    director.state.mood = 30
    outcome = director.on_trainee_line(ask, [B.CLOSED_QUESTION])
    assert [f.id for f in outcome.new_facts] == [fact]
    outcome = director.on_trainee_line(then, list(behaviours))
    return director, outcome, *director.composed_line(outcome, then)


@pytest.mark.parametrize(
    ("scenario_id", "ask", "fact", "then", "goal", "said"),
    [
        # Played by hand: met with "Please do. Sorry, that part's on me." and no address: the
        # address answer knew "what's the new address" but not "give me the new address".
        (
            "loyalty-card-blocked",
            "Have you moved house recently?",
            "moved-house",
            "Could you give me the new address and I'll update it for you?",
            "update-address",
            "Orchard Way",
        ),
        # Played by hand: met with "Oh, you can do that from your end? Marvellous." and no
        # number: no answer had one.
        (
            "app-login-confused",
            "Did a text message come to your phone when you tried?",
            "old-number",
            "I'll update your number now so our texts reach you. What's the new number?",
            "update-number",
            "07700 900 482",
        ),
    ],
)
def test_asked_for_what_a_met_goal_needs_they_thank_and_give_it(
    scenario_id: str, ask: str, fact: str, then: str, goal: str, said: str
) -> None:
    director, outcome, line, source = _after_fact(
        scenario_id, ask, fact, then, B.TAKES_OWNERSHIP, B.OPEN_QUESTION
    )
    assert [g.id for g in outcome.new_goals] == [goal]
    assert source == "reaction+answer" and said in line, line
    assert director._answer("What's the number on the letter?", give=False) is None


def test_asked_what_the_letter_wanted_she_says_after_her_fear_is_out() -> None:
    """Played by hand: with her fear of probate already told, "What did the letter ask you
    for?" was met with "Forty-one years we were married…": no answer said what the letter
    asked for, so a fact earned by trust came out instead."""
    _, outcome, line, source = _after_fact(
        "bereavement-account",
        "Has the letter worried you?",
        "fears-cost",
        "What did the letter ask you for?",
        B.OPEN_QUESTION,
    )
    assert outcome.new_facts == []
    assert source == "answer" and "grant of probate" in line, line


def test_an_offer_put_as_a_question_is_heard_as_an_offer() -> None:
    """Played by hand: "We do care, and I'd really like you to stay. Shall I switch you to the
    new plan today?" was met with "Goodness, I couldn't tell you offhand. Is it important?", a
    reply to a question for information. Asking leave to act is an offer."""
    director = Director(cast_for("leaving-for-competitor"), "easy")
    text = "We do care, and I'd really like you to stay. Shall I switch you to the new plan today?"
    outcome = director.on_trainee_line(text, [B.CLOSED_QUESTION])
    assert outcome.move == Move.FIX
    outcome = director.on_trainee_line("Which plan are you on?", [B.CLOSED_QUESTION])
    assert outcome.move == Move.QUESTION


def test_news_that_needs_other_news_waits_for_it() -> None:
    """Played by hand: "Is there anything else I can help with today?" drew "My husband offered
    to pay, of course. That's not the point though." before the book she was buying had come
    up: pay for what? The fact now waits for the book (`reveal.after_facts`)."""
    director = Director(cast_for("loyalty-card-blocked"), "medium")
    director.state.mood = 20
    director.state.seen.add(B.ACKNOWLEDGES_FEELING)
    waiting = next(f for f in director.scenario.facts if f.id == "husband-offered")
    assert not director._revealable(waiting)
    director.state.revealed.append("the-book")
    assert director._revealable(waiting)
