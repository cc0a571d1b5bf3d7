"""Sentences of three debriefs a team lead read in full and would not believe, fixed.

The calls are the committed good service-down call and the poor parent-in-hospital and
demands-supervisor calls (tests/data/transcripts).
"""

from __future__ import annotations

from debrief_data import FIXTURE, cast_for, transcript
from support.sim_cast import make_cast

from roleplay.debrief import build_debrief, render
from roleplay.debrief.call_facts import CallFacts, DetectedTurn
from roleplay.debrief.coaching import coach
from roleplay.debrief.model import MoodJump
from roleplay.detectors.detect import DetectContext, Detection, detect
from roleplay.scenarios.behaviours import Behaviour as B
from roleplay.scenarios.persona import Archetype
from roleplay.transcript import Close, Event, Header, Transcript, Turn, TurnState


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


def _selfplay_poor_bereavement() -> Transcript:
    """The poor self-play call as the scripted run wrote it: every line within a few
    milliseconds of the first, each trainee reply recorded as taking 8 to 13 seconds."""
    at = "2026-12-06T08:25:29.{:03d}+00:00".format
    lines = [
        ("customer", "Hello. Sorry. I need to do something about my husband's account. He "
                     "passed away three weeks ago. You sent a letter asking for papers I "
                     "haven't got, and I'm a bit lost.", 56, None),
        ("trainee", "I need the account number of the deceased.", 60, 8.0),
        ("customer", "I don't understand what you want from me. I've told you what I've "
                     "got.", 60, None),
        ("trainee", "You'll need a grant of probate and the original certificate, that's "
                    "policy.", 90, 13.0),
        ("customer", "A photocopy of the certificate is all I've got. The man who did the "
                     "funeral has the originals. Nobody said you'd want the real one.", 90, None),
        ("trainee", "Umm, I'm not really sure about photocopies.", 99, 13.0),
        ("customer", "I'm sorry. I can't do this today. I'll ask my son to ring. Goodbye.", 99,
         None),
    ]  # fmt: skip
    turns = [
        Turn(
            id=i,
            speaker=who,  # type: ignore[arg-type]
            text=text,
            state=TurnState(mood=mood, band="upset"),
            started_at=at(i),
            ended_at=at(i),
            response_s=response,
        )
        for i, (who, text, mood, response) in enumerate(lines, 1)
    ]
    header = Header(call_id="sp", scenario_id="bereavement-account", started_at=at(0))
    return Transcript(header=header, turns=turns, close=Close(end_reason="hung_up", ended_at=at(8)))


def test_a_hedge_that_says_something_is_not_rewritten_into_nonsense() -> None:
    """'The same line said plainly: 'I'm about photocopies.'' from 'Umm, I'm not really sure
    about photocopies.'"""
    debrief = build_debrief(_selfplay_poor_bereavement(), cast_for("bereavement-account"))
    item = next(i for i in debrief.improvements if i.turn_id == 6)
    assert "I'm about photocopies" not in item.could_say
    assert "'Umm', 'not really sure'" in item.why


def test_a_line_that_took_a_step_is_not_said_to_have_done_nothing() -> None:
    """'Nothing in this line moved the call forward, so the customer grew more impatient' for
    'I need the account number of the deceased', a grieving widow's call."""
    debrief = build_debrief(_selfplay_poor_bereavement(), cast_for("bereavement-account"))
    item = next(i for i in debrief.improvements if i.turn_id == 2)
    assert "moved the call forward" not in item.why and "impatient" not in item.why


def test_recorded_response_times_longer_than_the_call_are_explained() -> None:
    """'Duration: 0 s' beside 'Mean / slowest response 11.3 s / 13 s', with no word of why."""
    debrief = build_debrief(_selfplay_poor_bereavement(), cast_for("bereavement-account"))
    assert debrief.metrics.mean_response_s == 11.3
    assert any("recorded without waiting" in n for n in debrief.notes)


def test_a_tip_for_a_widow_offers_condolence_not_i_understand() -> None:
    """'Acknowledge, then take a step: 'I understand. Let me check your account now.'' was the
    tip after 'I need the account number of the deceased' to a widow."""
    debrief = build_debrief(_selfplay_poor_bereavement(), cast_for("bereavement-account"))
    item = next(i for i in debrief.improvements if i.turn_id == 2)
    assert "I'm so sorry for your loss" in item.could_say
    assert "I understand." not in item.could_say


def _widow_answered_with(line: str) -> Transcript:
    call = _selfplay_poor_bereavement()
    turns = [t.model_copy(update={"text": line}) if t.id == 2 else t for t in call.turns]
    return call.model_copy(update={"turns": turns})


def test_a_task_question_that_passes_a_widow_by_is_coached_as_that() -> None:
    """'You said 'Right'. That closes the door without offering an alternative. Say what you can
    do: 'I can't change that rule…'' was the tip for "Right. Can I take the account number,
    please?" straight after a widow told us her husband had died: heard as a brush-off, it was
    coached as a refusal. A refusal ("That's policy") is still coached as one."""
    cast = cast_for("bereavement-account")
    passed_by = _widow_answered_with("Right. Can I take the account number, please?")
    assert B.DISMISSIVE in detect(
        "Right. Can I take the account number, please?",
        DetectContext(customer_lines=(passed_by.turns[0].text,)),
    )  # the shipped detector hears the brush-off this test is about
    item = next(i for i in build_debrief(passed_by, cast).improvements if i.turn_id == 2)
    assert item.said == "Right. Can I take the account number, please?"
    assert "went straight to the task past it" in item.why
    assert "He passed away three weeks ago." in item.why  # not cut off behind "Hello. Sorry."
    assert "I'm so sorry for your loss" in item.could_say
    assert "rule" not in item.could_say
    refused = _widow_answered_with("That's policy, I'm afraid. What's the account number?")
    item = next(i for i in build_debrief(refused, cast).improvements if i.turn_id == 2)
    assert "closes the door" in item.why and "what I can do" in item.could_say


def test_a_task_put_as_a_statement_that_passes_a_widow_by_is_coached_as_that() -> None:
    """A detector retrained on more brush-offs hears "I need the account number of the
    deceased." to a widow as dismissive (the corpus labels such lines so); it was then coached
    as a refusal ("Say what you can do: 'I can't change that rule…'"), because the line is a
    statement, not a question."""
    widow = "Hello. Sorry. I need to do something about my husband's account. He passed away."
    ctx = DetectContext(customer_lines=(widow,))
    said = "I need the account number of the deceased."
    heard = (Detection(B.DISMISSIVE, 0, len(said), "model", 0.9),)  # as the retrained model
    facts = CallFacts(trainee=[DetectedTurn(Turn(id=2, speaker="trainee", text=said), heard, ctx)])
    facts.jumps = [MoodJump(turn_id=2, before=40, after=52, delta=12, text=said)]
    item = coach(facts, archetype=Archetype.GRIEVING)[0]
    assert item.said == said
    assert "went straight to the task past it" in item.why
    assert "rule" not in item.could_say and "Now, may I ask" in item.could_say


def test_calm_down_is_answered_with_words_for_this_customer() -> None:
    """'Colin, I can hear how upsetting this is' for a man who is angry, not upset."""
    _, debrief = _debrief("demands-supervisor", "bad")
    item = next(i for i in debrief.improvements if i.turn_id == 6)
    assert "Colin, I can hear how angry this has made you" in item.could_say


def test_the_escalation_criterion_is_scored_on_the_escalation_not_the_greeting() -> None:
    """'Escalation handled honestly: Greeting: no; open questions: 1; proper close: yes; no
    hold…' was the call-control rule under the escalation criterion's name."""
    scores = {}
    for name in ("good", "bad"):
        _, debrief = _debrief("demands-supervisor", name)
        result = debrief.criterion("escalation")
        assert result is not None and result.score is not None
        assert "Greeting" not in result.rationale and "hold" not in result.rationale
        assert "route to a team leader or supervisor" in result.rationale
        scores[name] = result.score
    assert scores["good"] >= 4 > scores["bad"]


def test_dismissive_or_blaming_phrases_are_counted_as_phrases_not_labels() -> None:
    """'Calm down, it's your own fault' is one phrase, not two ('says calm down' and
    'blames customer' were each a line of the list and each counted)."""
    at = "2026-03-02T09:30:{:02d}.000+00:00".format
    lines = [
        ("customer", "My internet is down again."),
        ("trainee", "Calm down, it's your own fault for not restarting it."),
        ("customer", "Excuse me?"),
        ("trainee", "Whatever, not my problem."),
    ]
    turns = [
        Turn(id=i, speaker=s, text=t, state=TurnState(mood=60, band="upset"), started_at=at(i))  # type: ignore[arg-type]
        for i, (s, t) in enumerate(lines, start=1)
    ]
    call = Transcript(header=Header(call_id="x", scenario_id=FIXTURE), turns=turns)
    debrief = build_debrief(call, make_cast())
    phrases = debrief.metrics.dismissive
    assert [q.turn_id for q in phrases] == [2, 4]
    # The labels are the detector's; what this test guards is that one phrase with several
    # labels counts once (the trained model may hear more in it, e.g. "dismissive").
    assert {"says_calm_down", "blames_customer"} <= set(phrases[0].label.split(", "))
    assert {"dismissive", "rude"} <= set(phrases[1].label.split(", "))
    markdown = render(debrief, "md", call)
    assert "| Dismissive or blaming phrases | 2 |" in markdown
    listed = [line for line in markdown.splitlines() if line.startswith("- Turn 2 (")]
    assert len(listed) == 1
    assert "says calm down" in listed[0] and "blames customer" in listed[0]


def test_evidence_is_quoted_in_the_order_it_was_said() -> None:
    """'Reducing her effort' quoted turn 10, then 4, then 6."""
    scenarios = ("loyalty-card-blocked", "parent-in-hospital", "service-down-hold-music")
    for scenario in (*scenarios, "demands-supervisor"):
        for name in ("good", "bad"):
            _, debrief = _debrief(scenario, name)
            for criterion in debrief.criteria:
                turns = [e.turn_id for e in criterion.evidence]
                assert turns == sorted(turns), (scenario, name, criterion.id, turns)


def test_response_times_are_lengths_in_words_at_one_precision() -> None:
    """'Mean / slowest response 48 s / 122.25 s' mixed precisions and was not in words."""
    call = _selfplay_poor_bereavement()
    debrief = build_debrief(call, cast_for("bereavement-account"))
    metrics = debrief.metrics.model_copy(
        update={"mean_response_s": 48.0, "slowest_response_s": 122.25}
    )
    slow = debrief.model_copy(update={"metrics": metrics})
    assert "| Mean / slowest response | 48 s / 2 min 02 s |" in render(slow, "md", call)
    assert "48 s / 2 min 02 s" in render(slow, "html", call)
    quick = metrics.model_copy(update={"mean_response_s": 4.5, "slowest_response_s": 9.0})
    shown = render(debrief.model_copy(update={"metrics": quick}), "md", call)
    assert "| Mean / slowest response | 4.5 s / 9 s |" in shown
