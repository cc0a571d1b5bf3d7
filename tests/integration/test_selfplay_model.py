"""Self-play with the model playing both sides through the real local server."""

from __future__ import annotations

import pytest

from roleplay.config import OpenAISettings
from roleplay.llm.openai_backend import OpenAIBackend
from roleplay.selfplay.plan import run_selfplay

pytestmark = pytest.mark.integration


async def test_model_plays_the_trainee_when_no_lines_are_authored(llama_server, cast, tmp_path):
    backend = OpenAIBackend(
        OpenAISettings(
            base_url=llama_server.base_url,
            model=llama_server.model,
            api="completions",
            timeout_s=60,
            max_retries=1,
        )
    )
    empty = tmp_path / "no-selfplay-files"
    empty.mkdir()
    (run,) = await run_selfplay(
        cast,
        backend,
        ["poor"],
        runs=1,
        difficulty="easy",
        folders=[empty],
        transcripts=tmp_path / "calls",
        model_turns=2,
    )
    assert run.kind == "poor" and run.transcript
    assert 1 <= run.trainee_turns <= 2
    assert run.end_reason in {"resolved", "hung_up", "supervisor_requested", "trainee_ended"}
    assert len(run.moods) >= 2 and run.score is not None
    # Every customer line either passed its checks or was replaced, and both are counted.
    assert run.fallbacks <= run.trainee_turns
