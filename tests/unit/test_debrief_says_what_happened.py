"""The debrief says only what happened: rubric words are the standard, evidence is a turn.

A poor bereavement call scored 1 for personal touch with the rationale ending 'Level 1: "Says
"the deceased""', though nobody in the call said "the deceased". A team lead reads that as what
the trainee said.
"""

from __future__ import annotations

import re
from typing import Any

from debrief_data import cast_for
from pydantic import BaseModel

from roleplay.debrief import build_debrief, render
from roleplay.debrief.build import abuild_debrief
from roleplay.debrief.claims import check_reason
from roleplay.debrief.model import AutoFailHit, Debrief, MoodJump
from roleplay.transcript import Header, Transcript, Turn, TurnState

SCENARIO = "bereavement-account"
AT = "2026-12-06T07:00:{:02d}.000+00:00".format


def _turn(i: int, speaker: str, text: str, mood: float) -> Turn:
    state = TurnState(mood=mood, band="upset")
    return Turn(id=i, speaker=speaker, text=text, state=state, started_at=AT(i))  # type: ignore[arg-type]


def brisk_call() -> Transcript:
    """Straight to procedure, no name, no condolence: scores 1 where the anchors say things."""
    lines = [
        ("customer", "Hello. I'm calling about my husband's account. He passed away.", 56),
        ("trainee", "Okay. I need the death certificate and the account number.", 62),
        ("customer", "I have his statements here somewhere. It's all in his name.", 64),
        ("trainee", "Send the documents in and it gets processed.", 70),
        ("customer", "I see. Well. Goodbye then.", 72),
    ]
    turns = [_turn(i, w, said, m) for i, (w, said, m) in enumerate(lines, 1)]
    return Transcript(header=Header(call_id="brisk", scenario_id=SCENARIO), turns=turns)


def _said(call: Transcript) -> str:
    return " ".join(t.text for t in call.turns).lower()


def _unsaid_anchors(debrief: Debrief, call: Transcript) -> list[str]:
    """Level descriptions of this call's criteria whose quoted words nobody said."""
    said = _said(call)
    found = []
    for c in debrief.criteria:
        for text in c.rubric_levels.values():
            quoted = re.findall(r'"([^"]+)"', text)
            if any(q.lower() not in said for q in quoted) or text.lower() not in said:
                found.append(text)
    return found


def test_the_rationale_never_holds_a_rubric_level_description() -> None:
    call = brisk_call()
    debrief = build_debrief(call, cast_for(SCENARIO))
    touch = debrief.criterion("personal-touch")
    assert touch is not None and touch.score == 1
    assert touch.rubric_levels[1] == 'Says "the deceased".'
    anchors = _unsaid_anchors(debrief, call)
    assert 'Says "the deceased".' in anchors
    for c in debrief.criteria:
        for text in anchors:
            assert text not in c.rationale, (c.id, c.rationale)
            assert text not in c.improvement, (c.id, c.improvement)


def _section(markdown: str, name: str) -> str:
    start = markdown.index(f"### {name}:")
    end = markdown.find("\n### ", start + 1)
    return markdown[start : end if end > 0 else None]


def test_markdown_shows_the_levels_only_as_the_standard() -> None:
    call = brisk_call()
    debrief = build_debrief(call, cast_for(SCENARIO))
    markdown = render(debrief, "md", call)
    for c in debrief.criteria:
        section = _section(markdown, c.name)
        head, _, standard = section.partition("The rubric's levels, the standard")
        assert standard, f"{c.name}: the levels are shown as the standard"
        assert "not a record of this call" in standard
        for text in c.rubric_levels.values():
            plain = text.replace('"', "").rstrip(".")
            assert plain not in head.replace("\\", "").replace('"', ""), (c.name, text)


def test_html_shows_the_levels_only_as_the_standard() -> None:
    call = brisk_call()
    debrief = build_debrief(call, cast_for(SCENARIO))
    html = render(debrief, "html", call)
    assert html.count("not a record of this call</summary>") == len(debrief.criteria)
    assert "the deceased" not in html.split("<details")[0]
    for block in re.findall(r'<div class="criterion".*?</div>\s*</div>', html, re.S):
        before = block.split("<details")[0]
        assert "&#34;the deceased&#34;" not in before and "the deceased" not in before


class AnchorEchoingJudge:
    """A judge that copies the level descriptions into its reasons, as small models do."""

    name = "double"
    model = "echo"
    mode = "chat"
    can_choose = False

    async def stream(self, prompt: Any):  # type: ignore[no-untyped-def]
        raise AssertionError("the judge must not stream")
        yield ""

    async def complete_json(
        self, system: str, user: str, schema: type[BaseModel]
    ) -> dict[str, Any]:
        grade = {
            "score": 1,
            "rationale": 'Says "the deceased". Goes straight to the documents list. '
            "The agent asked for the certificate in turn 2.",
            "evidence": [{"turn_id": 2, "quote": "I need the death certificate"}],
            "improvement": "Use Ray's name.",
        }
        criteria = schema.model_fields["criteria"].annotation.model_fields  # type: ignore[union-attr]
        answer: dict[str, Any] = {"criteria": {f.alias: grade for f in criteria.values()}}
        rewrites = schema.model_fields.get("rewrites")
        if rewrites is not None:
            answer["rewrites"] = {n: "A better line." for n in rewrites.annotation.model_fields}  # type: ignore[union-attr]
        return schema.model_validate(answer).model_dump(mode="json", by_alias=True)

    async def aclose(self) -> None:
        return None


async def test_a_judge_reason_quoting_words_nobody_said_is_left_out_and_flagged() -> None:
    call = brisk_call()
    debrief = await abuild_debrief(call, cast_for(SCENARIO), backend=AnchorEchoingJudge())
    for c in debrief.criteria:
        if not c.applicable:
            continue
        assert "the deceased" not in c.rationale
        assert "Goes straight to the documents list" not in c.rationale
        assert "The agent asked for the certificate in turn 2." in c.rationale
        assert c.flagged and "the deceased" in c.flag_reason
    empathy = debrief.criterion("empathy")
    assert empathy is not None
    assert "The judge placed this at the rubric's level 1." in empathy.rationale


def test_a_judge_quote_of_the_customer_is_borne_out() -> None:
    call = brisk_call()
    checked = check_reason('She said "It\'s all in his name" and was not answered.', call, {})
    assert checked.left_out == [] and "all in his name" in checked.text


def test_an_auto_fail_is_shown_as_a_rule_that_matched_words() -> None:
    """'Auto-fail: Asks for her PIN' read as a fact even when the words were 'never ask for your
    PIN'; the rule and the words that matched it are shown apart."""
    call = brisk_call()
    debrief = build_debrief(call, cast_for(SCENARIO))
    debrief.auto_fail = [
        AutoFailHit(id="x", description="Asks for her PIN", turn_id=2, quote="I need the PIN.")
    ]
    markdown = render(debrief, "md", call)
    assert 'Rule: Asks for her PIN. Matched by turn 2: "I need the PIN."' in markdown
    assert "Auto-fail rule:</b> Asks for her PIN. Matched by turn 2" in render(
        debrief, "html", call
    )
    assert debrief.auto_fail[0].matched() == (
        'rule "Asks for her PIN", matched by turn 2: "I need the PIN."'
    )


def test_a_mood_rise_from_a_hold_is_not_quoted_as_if_someone_said_it() -> None:
    """'Turn 4 (the hold before it): 40 to 55, "hold: silent hold"' put words in quotes that
    nobody said."""
    call = brisk_call()
    debrief = build_debrief(call, cast_for(SCENARIO))
    debrief.metrics.mood.biggest_rises = [
        MoodJump(turn_id=4, cause="hold", before=40, after=55, delta=15, text="hold: silent hold")
    ]
    markdown = render(debrief, "md", call)
    assert '"hold: silent hold"' not in markdown
    assert "- Turn 4, the hold before it (silent hold): 40 to 55" in markdown
