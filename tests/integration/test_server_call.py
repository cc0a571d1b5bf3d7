"""A whole call through the openai backend against the real local server, saved turn by turn."""

from __future__ import annotations

import pytest

from roleplay.config import OpenAISettings
from roleplay.llm.openai_backend import OpenAIBackend
from roleplay.sim.events import Chunk, Said
from roleplay.sim.session import CallSession
from roleplay.transcript import read_transcript

pytestmark = pytest.mark.integration

TRAINEE_LINES = [
    "I'm so sorry, that sounds really frustrating. Let me look into this for you.",
    "Can you tell me what the lights on your router are doing right now?",
    "I'll take care of this myself and explain exactly what happens next.",
]


async def test_multi_turn_call_streams_from_the_server_and_saves_every_turn(
    llama_server, cast, tmp_path
):
    settings = OpenAISettings(
        base_url=llama_server.base_url,
        model=llama_server.model,
        api="completions",
        timeout_s=60,
        max_retries=1,
    )
    backend = OpenAIBackend(settings)
    session = CallSession(cast, backend, trainee="tester", transcripts=tmp_path)
    opening = await session.start()
    chunks, said = 0, []
    for line in TRAINEE_LINES:
        if session.ended:
            break
        async for event in session.reply_to(line):
            if isinstance(event, Chunk):
                chunks += 1
            elif isinstance(event, Said):
                said.append(event.turn)
    session.end_call()
    await session.aclose()

    assert said, "the customer never answered"
    assert all(turn.text.strip() for turn in said)
    # A line from the model arrives in many pieces; an authored fallback alone is one chunk.
    assert chunks > len(said), "nothing was streamed from the server"

    transcript = read_transcript(session.path)
    assert transcript.problems == []
    assert transcript.header.backend == "openai"
    assert transcript.header.model == llama_server.model
    spoken = [(t.speaker, t.text) for t in transcript.turns]
    expected = [("customer", t.text) for t in opening]
    for line, turn in zip(TRAINEE_LINES, said, strict=False):
        expected += [("trainee", line), ("customer", turn.text)]
    assert spoken == expected
    assert transcript.end_reason in ("trainee_ended", "resolved", "hung_up", "supervisor_requested")
