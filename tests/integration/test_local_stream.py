"""The embedded model through llama-cpp-python, in this process, on a worker thread."""

from __future__ import annotations

from contextlib import aclosing

import pytest

from roleplay.config import LocalSettings
from roleplay.llm.base import Prompt

pytestmark = pytest.mark.integration

PROMPT = Prompt(
    system="",
    messages=[],
    transcript=(
        "A phone call to a broadband company.\n\n"
        "Agent: Thank you for calling, my name is Sam. How can I help?\nCustomer:"
    ),
    stop=["\nAgent:", "\n\n"],
    max_tokens=16,
    temperature=0.0,
)


@pytest.fixture(scope="module")
def local_backend():
    pytest.importorskip("xllamacpp")
    from roleplay.llm.local_backend import LocalBackend

    messages: list[str] = []
    backend = LocalBackend(LocalSettings(n_ctx=512, seed=7), progress=messages.append)
    backend.messages = messages  # type: ignore[attr-defined]
    yield backend
    backend._release()


async def test_the_local_backend_streams_a_line_in_process(local_backend):
    pieces = [piece async for piece in local_backend.stream(PROMPT)]
    assert len(pieces) > 1, "the line should arrive token by token"
    assert "".join(pieces).strip()
    assert local_backend.loaded
    assert any("Loading the embedded model" in m for m in local_backend.messages)


async def test_a_reply_abandoned_halfway_frees_the_model_for_the_next(local_backend):
    async with aclosing(local_backend.stream(PROMPT)) as reply:
        async for _first in reply:
            break
    pieces = [piece async for piece in local_backend.stream(PROMPT)]
    assert "".join(pieces).strip()
