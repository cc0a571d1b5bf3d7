"""A personal disclosure left unanswered: the debrief no longer gives full marks for a warm opening.

Found in a call played by a helper: the trainee earned "My daughter's in intensive care" with a
good first line, answered it with "Umm, I'm not sure…", and the debrief still gave empathy 5/5
and personal touch 5/5 (overall 90.3). The committed calls are the good and bad ones of
tests/data/transcripts; the mixed call is the good parent-in-hospital call with the two replies
after the disclosure swapped for lines that go straight on with the task.
"""

from __future__ import annotations

import re

import pytest
from debrief_data import cast_for, scenarios_with_pairs, transcript

from roleplay.debrief import build_debrief
from roleplay.debrief.call_facts import redetect
from roleplay.debrief.moments import missed_text, personal_facts, says_fact
from roleplay.transcript import Transcript

PARENT = "parent-in-hospital"
GOING_ON = {
    4: "Umm, okay. I'm not really sure about that. Can I take the order number?",
    6: "Right. Where should the order have gone?",
}


def _mixed(going_on: dict[int, str] = GOING_ON) -> Transcript:
    call = transcript(PARENT, "good")
    turns = [
        t.model_copy(update={"text": going_on[t.id]}) if t.id in going_on else t for t in call.turns
    ]
    return call.model_copy(update={"turns": turns, "path": None})


def _criterion(debrief, measures: str):  # type: ignore[no-untyped-def]
    return next(c for c in debrief.criteria if c.measures == measures)


def test_the_disclosure_is_found_in_the_customers_words_and_in_a_retelling() -> None:
    cast = cast_for(PARENT)
    icu = next(f for f in personal_facts(cast) if f.id == "daughter-in-icu")
    assert all(says_fact(w, icu) for w in icu.every_wording())
    assert says_fact("It's my daughter Amara. She's six and she's in intensive care.", icu)
    assert not says_fact("It went to my house in Kettering. I'm not there.", icu)
    assert not says_fact("My daughter usually does the shopping.", icu)


@pytest.mark.parametrize("scenario", scenarios_with_pairs())
def test_the_good_calls_answer_every_disclosure(scenario: str) -> None:
    cast = cast_for(scenario)
    facts = redetect(transcript(scenario, "good"), cast)
    assert all(not m.missed for m in facts.moments)
    if scenario == PARENT:
        # "I'm so sorry to hear Amara is in intensive care." two replies after she was named.
        assert [(m.customer_turn, m.fact_id, m.answered_in) for m in facts.moments] == [
            (3, "daughter-in-icu", 6)
        ]


def test_a_disclosure_left_unanswered_caps_empathy_and_personal_touch() -> None:
    cast = cast_for(PARENT)
    good = build_debrief(transcript(PARENT, "good"), cast)
    mixed_call = _mixed()
    mixed = build_debrief(mixed_call, cast)

    moments = redetect(mixed_call, cast).moments
    assert [(m.customer_turn, m.fact_id, m.missed) for m in moments] == [
        (3, "daughter-in-icu", True)
    ]
    empathy, touch = _criterion(mixed, "empathy"), _criterion(mixed, "personal_touch")
    assert empathy.score <= 4 and touch.score <= 2
    for criterion in (empathy, touch):
        assert "Did not answer what the customer shared in turn 3" in criterion.rationale
        assert "intensive care" in criterion.rationale
        assert "answer it before the task" in criterion.improvement
    assert _criterion(good, "personal_touch").score > touch.score
    assert "Did not answer" not in _criterion(good, "empathy").rationale
    assert mixed.overall < good.overall


def test_a_brush_off_at_the_disclosure_still_leaves_the_advice_to_answer_it() -> None:
    """With a brush-off among the replies that went on with the task, empathy's advice was the
    generic "Replace 'calm down' or 'that's policy' …", and the moment the call failed on went
    unnamed; the brush-off keeps its own coaching item."""
    going_on = {**GOING_ON, 6: "That's just policy, I'm afraid. Where should the order have gone?"}
    debrief = build_debrief(_mixed(going_on), cast_for(PARENT))
    empathy = _criterion(debrief, "empathy")
    assert re.search(r"Lost empathy in turns? [\d, ]*\b6\b", empathy.rationale)  # 4 may be too
    assert "answer it before the task" in empathy.improvement
    item = next(i for i in debrief.improvements if i.turn_id == 6)
    assert "closes the door" in item.why


def _cut(call: Transcript, last_turn: int) -> Transcript:
    turns = [t for t in call.turns if t.id <= last_turn]
    return call.model_copy(update={"turns": turns, "path": None})


def test_a_disclosure_after_the_last_reply_is_not_held_against_the_trainee() -> None:
    """Played by hand: the customer told "We were married forty-one years…" after the trainee's
    goodbye, the trainee ended the call, and the debrief said "Did not answer what the customer
    shared in turn 15: the next 2 replies went straight on." There were none."""
    cast = cast_for(PARENT)
    call = transcript(PARENT, "good")
    told_last = _cut(call, 3)
    assert told_last.turns[-1].speaker == "customer"
    assert redetect(told_last, cast).moments == []
    one_reply = redetect(_cut(call, 4), cast).moments
    assert [(m.customer_turn, m.missed, m.replies) for m in one_reply] == [(3, True, 1)]
    assert "the next reply went straight on" in missed_text(one_reply)
