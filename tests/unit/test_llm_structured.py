"""Structured answers: three ways of asking, one strict way of reading what comes back."""

from __future__ import annotations

import pytest
from pydantic import BaseModel, Field

from roleplay.llm.structured import JSON_MODES, parse_answer, request_for


class Verdict(BaseModel):
    score: int = Field(ge=1, le=5)
    reason: str


def test_modes_are_tried_strongest_first():
    assert JSON_MODES == ("json_schema", "json_object", "plain")


def test_each_mode_asks_in_its_own_way():
    schema = request_for("json_schema", "sys", "user", Verdict)["response_format"]
    assert schema["type"] == "json_schema"
    assert schema["json_schema"]["schema"]["required"] == ["score", "reason"]
    obj = request_for("json_object", "sys", "user", Verdict)["response_format"]
    assert obj == {"type": "json_object", "schema": Verdict.model_json_schema()}
    plain = request_for("plain", "sys", "user", Verdict)
    assert "response_format" not in plain
    assert '"score"' in plain["messages"][0]["content"], "plain mode spells the schema out"
    assert plain["messages"][1] == {"role": "user", "content": "user"}


def test_an_answer_in_fences_or_with_chatter_is_still_read():
    assert parse_answer('```json\n{"score": 4, "reason": "kind"}\n```', Verdict) == {
        "score": 4,
        "reason": "kind",
    }
    assert parse_answer('Sure! {"score": 2, "reason": "late"} Hope that helps.', Verdict) == {
        "score": 2,
        "reason": "late",
    }


@pytest.mark.parametrize(
    ("text", "why"),
    [
        ("no json here", "no JSON object"),
        ('{"score": 4, "reason": }', "not valid JSON"),
        ('{"score": 9, "reason": "x"}', "score"),
        ('{"reason": "x"}', "score"),
    ],
)
def test_a_weak_answer_is_never_trusted(text, why):
    with pytest.raises(ValueError, match=why):
        parse_answer(text, Verdict)
