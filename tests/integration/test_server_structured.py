"""Structured (JSON) answers from the real server, as the debrief judge asks for them."""

from __future__ import annotations

import pytest
from pydantic import BaseModel, Field

from roleplay.config import OpenAISettings
from roleplay.llm.openai_backend import OpenAIBackend

pytestmark = pytest.mark.integration


class Verdict(BaseModel):
    """A tiny grading answer: enough shape to prove the schema was followed."""

    score: int = Field(ge=1, le=5)
    reason: str


async def test_structured_answer_falls_back_to_a_mode_the_server_supports(llama_server):
    backend = OpenAIBackend(
        OpenAISettings(base_url=llama_server.base_url, model=llama_server.model, timeout_s=60)
    )
    answer = await backend.complete_json(
        "You grade customer service calls.",
        "The agent apologised, reset the line and offered a credit. "
        "Give a score from 1 to 5 and a one-sentence reason.",
        Verdict,
        max_tokens=80,
    )
    await backend.aclose()
    verdict = Verdict.model_validate(answer)
    assert verdict.reason.strip()
    # llama_cpp.server turns down `json_schema` with a 500; the schema-constrained
    # `json_object` mode is the one that should have answered, and is remembered.
    assert backend.json_mode == "json_object"
