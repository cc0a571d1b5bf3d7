"""Evidence quotes: only words the trainee really said in that turn survive, in the judge too."""

from __future__ import annotations

from typing import Any

import pytest
from debrief_data import full_cast, transcript
from pydantic import BaseModel

from roleplay.debrief import build_debrief
from roleplay.debrief.build import abuild_debrief
from roleplay.debrief.quotes import find_quote, verify_quote
from roleplay.llm.base import BackendError

GOOD = transcript("test-broadband-down", "good")
# Turn 4 of the good call, as the trainee typed it.
TURN_4 = (
    "I'm so sorry, Dana. Three days without broadband, that sounds really frustrating, "
    "especially working night shifts."
)


def test_the_fixture_turn_is_what_the_tests_assume() -> None:
    turn = GOOD.turn(4)
    assert turn is not None and turn.speaker == "trainee" and turn.text == TURN_4


@pytest.mark.parametrize(
    "quote",
    [
        "that sounds really frustrating",
        "That sounds  really\nfrustrating",  # whitespace
        "THAT SOUNDS REALLY FRUSTRATING",  # case
        "I\u2019m so sorry, Dana.",  # curly apostrophe
        '"I\'m so sorry, Dana."',  # wrapped in quote marks
        "especially working night shifts.",
        "that sounds really frustrating.",  # a full stop the turn does not have there
    ],
)
def test_a_verbatim_quote_is_accepted_and_returned_as_written(quote: str) -> None:
    found = verify_quote(GOOD, 4, quote)
    assert found is not None
    assert found in " ".join(TURN_4.split())


@pytest.mark.parametrize(
    "quote",
    [
        "that sounds very frustrating",  # a changed word
        "that sounds really, really frustrating",  # an added word
        "three days without internet",  # a paraphrase
        "I'm so sorry, Dana. Three days without broadband is awful",  # true start, made-up end
        "ound really frustrat",  # words cut in half
        "",
        "  ",
    ],
)
def test_an_altered_or_fabricated_quote_is_rejected(quote: str) -> None:
    assert verify_quote(GOOD, 4, quote) is None


def test_a_quote_from_the_wrong_turn_or_the_customer_is_rejected() -> None:
    assert verify_quote(GOOD, 2, "that sounds really frustrating") is None
    customer = GOOD.turn(3)
    assert customer is not None and customer.speaker == "customer"
    assert verify_quote(GOOD, 3, customer.text) is None
    assert verify_quote(GOOD, 999, "that sounds really frustrating") is None


def test_a_fragment_that_flips_the_meaning_is_not_a_quote() -> None:
    assert find_quote("I cannot refund it today.", "I can") is None
    assert find_quote("I cannot refund it today.", "I cannot refund it") == "I cannot refund it"


# ------------------------------------------------------------------ the judge's quotes


class JudgeDouble:
    """A judging backend that answers from a list of prepared verdicts, recording each prompt."""

    name = "double"
    model = "prepared-verdicts"
    mode = "chat"
    can_choose = False

    def __init__(self, *answers: dict[str, Any] | BackendError) -> None:
        self.answers = list(answers)
        self.prompts: list[tuple[str, str]] = []

    async def stream(self, prompt: Any):  # type: ignore[no-untyped-def]
        raise AssertionError("the judge must not stream customer lines")
        yield ""

    async def complete_json(
        self, system: str, user: str, schema: type[BaseModel]
    ) -> dict[str, Any]:
        self.prompts.append((system, user))
        answer = self.answers.pop(0)
        if isinstance(answer, BackendError):
            raise answer
        rewrites = schema.model_fields.get("rewrites")
        if rewrites is not None and "rewrites" not in answer:
            wanted = rewrites.annotation.model_fields  # type: ignore[union-attr]
            answer = {**answer, "rewrites": {name: "A better line." for name in wanted}}
        return schema.model_validate(answer).model_dump(mode="json", by_alias=True)

    async def aclose(self) -> None:
        return None


def _grade(score: int, *evidence: tuple[int, str]) -> dict[str, Any]:
    return {
        "score": score,
        "rationale": "Because of what the agent said.",
        "evidence": [{"turn_id": t, "quote": q} for t, q in evidence],
        "improvement": "Keep naming the feeling.",
    }


def _verdict(
    empathy_quote: tuple[int, str],
    other: tuple[int, str] = (10, "I'll reset the line remotely now"),
) -> dict[str, Any]:
    criteria = {c.id: _grade(4, other) for c in full_cast().scenario.rubric.criteria}
    criteria["empathy"] = _grade(5, empathy_quote)
    return {"criteria": criteria}


async def test_a_fabricated_judge_quote_is_dropped_flagged_and_the_judge_asked_again() -> None:
    made_up = (4, "I completely understand your pain, Dana")
    judge = JudgeDouble(_verdict(made_up), _verdict(made_up))
    debrief = await abuild_debrief(GOOD, full_cast(), backend=judge)
    assert debrief.grader == "model"
    assert len(judge.prompts) == 2, "one retry after a dropped quote, and only one"
    assert "did not say" in judge.prompts[1][1] and made_up[1] in judge.prompts[1][1]
    empathy = debrief.criterion("empathy")
    assert empathy is not None and empathy.flagged
    assert empathy.evidence == []
    assert made_up[1] in empathy.flag_reason
    ownership = debrief.criterion("ownership")
    assert ownership is not None and not ownership.flagged
    assert [e.quote for e in ownership.evidence] == ["I'll reset the line remotely now"]
    assert any("asked once more" in n for n in debrief.notes)


async def test_a_corrected_retry_is_kept_unflagged() -> None:
    judge = JudgeDouble(
        _verdict((4, "I feel your pain")), _verdict((4, "that sounds REALLY frustrating"))
    )
    debrief = await abuild_debrief(GOOD, full_cast(), backend=judge)
    empathy = debrief.criterion("empathy")
    assert empathy is not None and not empathy.flagged
    assert [(e.turn_id, e.quote) for e in empathy.evidence] == [
        (4, "that sounds really frustrating")
    ]


async def test_verified_quotes_need_no_retry() -> None:
    judge = JudgeDouble(_verdict((4, "that sounds really frustrating")))
    debrief = await abuild_debrief(GOOD, full_cast(), backend=judge)
    assert len(judge.prompts) == 1
    assert not any(c.flagged for c in debrief.criteria)


async def test_the_judge_never_sees_the_persona_or_hidden_facts() -> None:
    cast = full_cast()
    judge = JudgeDouble(_verdict((4, "that sounds really frustrating")))
    await abuild_debrief(GOOD, cast, backend=judge)
    system, user = judge.prompts[0]
    prompt = system + user
    assert cast.persona.background not in prompt
    for fact in cast.scenario.facts:
        assert fact.fact not in prompt
    for quirk in cast.persona.speaking_style.quirks:
        assert quirk not in prompt
    assert TURN_4 in prompt, "the judge does see the transcript"


async def test_a_failing_judge_falls_back_to_the_heuristic_grade_with_a_note() -> None:
    judge = JudgeDouble(BackendError("the server said 500", "try later"))
    debrief = await abuild_debrief(GOOD, full_cast(), backend=judge)
    assert debrief.grader == "heuristic"
    assert any("Model grading failed" in n and "500" in n for n in debrief.notes)
    assert debrief.overall == build_debrief(GOOD, full_cast()).overall


async def test_model_grades_drive_the_overall_score_and_na_stays_with_the_rules() -> None:
    judge = JudgeDouble(_verdict((4, "that sounds really frustrating")))
    debrief = await abuild_debrief(GOOD, full_cast(), backend=judge)
    # empathy 5 (weight 20), the six others 4; every criterion applies (the call had a hold).
    assert debrief.overall == pytest.approx((20 * 100 + 80 * 75) / 100)
    bad = transcript("test-broadband-down", "hostile")  # no hold: call control is n/a
    quote = (4, "I understand how frustrating this is.")
    judge = JudgeDouble(_verdict(quote, quote))
    graded = await abuild_debrief(bad, full_cast(), backend=judge)
    control = graded.criterion("call_control")
    assert control is not None and not control.applicable and control.score is None


@pytest.mark.parametrize(
    ("line", "words", "sentence"),
    [
        (
            "I've put a credit through within 5 minutes, and £14.99 comes off your bill. "
            "Anything else?",
            "credit",
            "I've put a credit through within 5 minutes, and £14.99 comes off your bill.",
        ),
        (
            "Sorry. The speed should be 3.5 times faster after the v2.1 update, I promise.",
            "promise",
            "The speed should be 3.5 times faster after the v2.1 update, I promise.",
        ),
        ("First line\nsecond line. Third!", "second", "second line."),
    ],
)
def test_a_quote_is_never_cut_at_a_decimal_point(line: str, words: str, sentence: str) -> None:
    from roleplay.debrief.quotes import sentence_around
    from roleplay.detectors.detect import _sentences

    start = line.index(words)
    assert sentence_around(line, start, start + len(words)) == sentence
    # Detection scores the same sentences the debrief quotes.
    assert sentence in [line[s:e] for s, e in _sentences(line)]
