"""The header a call's transcript starts with: who, which scenario, which model."""

from __future__ import annotations

from roleplay.llm.base import Backend
from roleplay.scenarios.models import Cast
from roleplay.transcript import Header


def call_header(
    cast: Cast, backend: Backend, call_id: str, difficulty: str, trainee: str, exam: bool
) -> Header:
    """What a reader of the transcript needs before the first line (the review index reads it)."""
    return Header(
        call_id=call_id,
        scenario_id=cast.scenario.id,
        scenario_title=cast.scenario.title,
        scenario_hash=cast.content_hash,
        persona_id=cast.persona.id,
        persona_name=cast.persona.name,
        difficulty=difficulty,
        backend=backend.name,
        model=backend.model,
        trainee=trainee,
        exam=exam,
    )
