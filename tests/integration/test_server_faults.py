"""The openai backend against the real server behind a fault-injecting proxy.

Each test plans what the next model requests suffer (a 500, a 429, a stall, a cut stream) and
checks what a trainee would notice: the call goes on after a retry, or a clear error names the
endpoint and what to try, and nothing already said is lost.
"""

from __future__ import annotations

import time

import pytest
from faultproxy import Fault

from roleplay.config import OpenAISettings
from roleplay.llm.base import BackendError, Prompt
from roleplay.llm.openai_backend import OpenAIBackend
from roleplay.llm.retry import RetryPolicy
from roleplay.sim.events import Said
from roleplay.sim.session import CallSession
from roleplay.transcript import read_transcript

pytestmark = pytest.mark.integration

PROMPT = Prompt(
    system="",
    messages=[],
    transcript=(
        "A phone call to a broadband company.\n\n"
        "Agent: Thank you for calling, my name is Sam. How can I help?\nCustomer:"
    ),
    stop=["\n"],
    max_tokens=24,
    temperature=0.0,
)


def backend_via(proxy, server, *, timeout_s: float = 60, max_retries: int = 3) -> OpenAIBackend:
    settings = OpenAISettings(
        base_url=proxy.base_url,
        model=server.model,
        api="completions",
        timeout_s=timeout_s,
        max_retries=max_retries,
    )
    policy = RetryPolicy(max_retries=max_retries, base_s=0.05, max_delay_s=0.2)
    return OpenAIBackend(settings, policy=policy)


async def said_after(session: CallSession, line: str | None) -> Said:
    stream = session.reply_to(line) if line is not None else session.retry_reply()
    said = [event async for event in stream if isinstance(event, Said)]
    assert len(said) == 1
    return said[0]


async def collect(backend: OpenAIBackend, pieces: list[str]) -> str:
    async for piece in backend.stream(PROMPT):
        pieces.append(piece)
    return "".join(pieces)


async def test_a_server_error_is_retried_and_the_call_goes_on(
    llama_server, fault_proxy, fixture_cast, tmp_path
):
    session = CallSession(
        fixture_cast, backend_via(fault_proxy, llama_server), transcripts=tmp_path
    )
    await session.start()
    fault_proxy.plan(Fault.error(500))
    said = await said_after(session, "I'm sorry to hear that. What seems to be the problem?")
    kinds = [seen.fault for seen in fault_proxy.model_requests()]
    assert kinds[:2] == ["status", "pass"]
    assert said.turn.text.strip()
    await session.aclose()
    saved = read_transcript(session.path)
    assert [t.speaker for t in saved.turns][-2:] == ["trainee", "customer"]
    assert not [e for e in saved.events if e.kind == "error"]


async def test_a_rate_limit_is_retried_after_the_wait_the_server_asked_for(
    llama_server, fault_proxy
):
    backend = backend_via(fault_proxy, llama_server)
    fault_proxy.plan(Fault.error(429, retry_after="1"))
    began = time.monotonic()
    text = await collect(backend, [])
    waited = time.monotonic() - began
    await backend.aclose()
    assert text.strip()
    assert [seen.fault for seen in fault_proxy.model_requests()] == ["status", "pass"]
    # Our own backoff here is at most 0.2 s; only honouring Retry-After waits a whole second.
    assert waited >= 1.0


async def test_a_server_that_keeps_failing_gives_one_clear_error(llama_server, fault_proxy):
    backend = backend_via(fault_proxy, llama_server, max_retries=2)
    fault_proxy.plan(*[Fault.error(503)] * 3)
    with pytest.raises(BackendError) as caught:
        await collect(backend, [])
    await backend.aclose()
    message = str(caught.value)
    assert fault_proxy.base_url in message
    assert "503" in message and "tried 3 times" in message
    assert len(fault_proxy.model_requests()) == 3


async def test_a_stall_before_the_reply_times_out_with_a_clear_error(llama_server, fault_proxy):
    backend = backend_via(fault_proxy, llama_server, timeout_s=1.0, max_retries=1)
    fault_proxy.plan(Fault.stall(4), Fault.stall(4))
    with pytest.raises(BackendError) as caught:
        await collect(backend, [])
    await backend.aclose()
    error = caught.value
    assert fault_proxy.base_url in error.what
    assert "timeout_s" in error.hint
    assert len(fault_proxy.model_requests()) == 2


async def test_a_stall_mid_reply_is_reported_not_retried(llama_server, fault_proxy):
    # The timeout leaves room for a busy machine's normal wait for the first token.
    backend = backend_via(fault_proxy, llama_server, timeout_s=5.0)
    fault_proxy.plan(*[Fault.stall(10, after_events=2)] * 4)
    pieces: list[str] = []
    with pytest.raises(BackendError) as caught:
        await collect(backend, pieces)
    await backend.aclose()
    assert pieces, "the first part of the line should have arrived before the stall"
    assert "stalled for more than 5 s" in caught.value.what
    assert fault_proxy.base_url in caught.value.what
    assert len(fault_proxy.model_requests()) == 1, "text had arrived, so no second request"


async def test_a_stream_cut_halfway_keeps_the_call_and_retry_reply_works(
    llama_server, fault_proxy, fixture_cast, tmp_path
):
    session = CallSession(
        fixture_cast, backend_via(fault_proxy, llama_server), transcripts=tmp_path
    )
    await session.start()
    first = await said_after(session, "I'm sorry about this. Can you tell me what happened?")

    fault_proxy.plan(Fault.cut(after_events=2))
    with pytest.raises(BackendError) as caught:
        await said_after(session, "Thank you. What do the lights on the router show?")
    assert "cut off" in caught.value.what and fault_proxy.base_url in caught.value.what
    assert len(fault_proxy.model_requests()) == 1, "streamed text must never be retried"
    assert session.awaiting_reply

    on_disk = read_transcript(session.path)
    assert on_disk.problems == []
    assert [t.text for t in on_disk.turns][-3:] == [
        "I'm sorry about this. Can you tell me what happened?",
        first.turn.text,
        "Thank you. What do the lights on the router show?",
    ]

    fault_proxy.plan()
    retried = await said_after(session, None)
    assert retried.turn.text.strip()
    session.end_call()
    await session.aclose()
    final = read_transcript(session.path)
    assert [t.speaker for t in final.turns][-2:] == ["trainee", "customer"]
    assert final.turns[-1].text == retried.turn.text
    assert final.end_reason == "trainee_ended"
