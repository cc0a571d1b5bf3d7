"""The openai backend against misbehaving servers (an in-process HTTP transport, no network).

A reply must end within its deadline and its length cap however the server behaves, keep what
arrived, and say what went wrong; a server that is not the OpenAI API is named as such; and the
API key never appears in any error text.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator, Callable

import httpx
import openai
import pytest

from roleplay.config import OpenAISettings
from roleplay.llm.base import BackendError, Prompt, ReplyCutShort
from roleplay.llm.openai_backend import CHARS_PER_TOKEN, OpenAIBackend
from roleplay.llm.redact import redact

URL = "http://models.test/v1"
KEY = "sk-test-0123456789abcdef"
PROMPT = Prompt(
    system="", messages=[{"role": "user", "content": "hi"}], transcript="", max_tokens=10
)

Handler = Callable[[httpx.Request], httpx.Response]


def event(text: str, finish: str | None = None) -> bytes:
    chunk = {
        "id": "c1",
        "object": "chat.completion.chunk",
        "created": 0,
        "model": "m",
        "choices": [{"index": 0, "delta": {"content": text}, "finish_reason": finish}],
    }
    return f"data: {json.dumps(chunk)}\n\n".encode()


class Body(httpx.AsyncByteStream):
    """A streamed body from an async generator (httpx's mock transport needs this wrapper)."""

    def __init__(self, pieces: AsyncIterator[bytes]) -> None:
        self.pieces = pieces

    async def __aiter__(self) -> AsyncIterator[bytes]:
        async for piece in self.pieces:
            yield piece


def sse(pieces: AsyncIterator[bytes]) -> httpx.Response:
    return httpx.Response(200, headers={"content-type": "text/event-stream"}, stream=Body(pieces))


def backend(handler: Handler, **options: object) -> OpenAIBackend:
    settings = OpenAISettings(
        base_url=URL, model="m", api_key=KEY, **{"timeout_s": 5, "max_retries": 0, **options}
    )
    made = OpenAIBackend(settings)
    made._client = openai.AsyncOpenAI(
        base_url=URL,
        api_key=KEY,
        max_retries=0,
        http_client=httpx.AsyncClient(transport=httpx.MockTransport(handler)),
    )
    return made


async def read(made: OpenAIBackend, pieces: list[str]) -> None:
    async for piece in made.stream(PROMPT):
        pieces.append(piece)


async def drip() -> AsyncIterator[bytes]:
    while True:
        yield event("la ")
        await asyncio.sleep(0.1)


async def endless() -> AsyncIterator[bytes]:
    while True:
        yield event("on and on ")
        await asyncio.sleep(0)


async def test_a_dripping_server_is_cut_at_the_deadline_keeping_the_text():
    made = backend(lambda request: sse(drip()), reply_deadline_s=0.8)
    pieces: list[str] = []
    with pytest.raises(ReplyCutShort) as caught:
        await asyncio.wait_for(read(made, pieces), timeout=20)
    assert pieces and "".join(pieces).startswith("la la")
    assert caught.value.what.startswith(f"the reply from {URL} was still coming after 0.8 s")
    assert "openai.reply_deadline_s" in caught.value.hint


async def test_an_endless_stream_is_cut_at_the_length_cap():
    made = backend(lambda request: sse(endless()))
    pieces: list[str] = []
    with pytest.raises(ReplyCutShort) as caught:
        await asyncio.wait_for(read(made, pieces), timeout=20)
    assert len("".join(pieces)) == PROMPT.max_tokens * CHARS_PER_TOKEN
    assert "ran past 60 characters (max_tokens 10)" in caught.value.what


async def test_a_server_that_never_answers_ends_at_the_deadline_with_nothing_said():
    async def silent() -> AsyncIterator[bytes]:
        await asyncio.sleep(60)
        yield event("late")

    made = backend(lambda request: sse(silent()), reply_deadline_s=0.5, timeout_s=30)
    with pytest.raises(BackendError) as caught:
        await asyncio.wait_for(read(made, []), timeout=20)
    assert not isinstance(caught.value, ReplyCutShort)
    assert caught.value.what == f"no reply from {URL} within 0.5 s"


async def test_a_normal_reply_is_untouched():
    async def short() -> AsyncIterator[bytes]:
        yield event("Hello ")
        yield event("there.", finish="stop")

    pieces: list[str] = []
    await read(backend(lambda request: sse(short())), pieces)
    assert "".join(pieces) == "Hello there."


def not_api(what: str) -> str:
    return f"the server at {URL} answered with {what}, not the OpenAI API"


async def test_garbage_bytes_are_named_not_a_decode_error():
    garbage = b"\xff\xfe\x80\x00\x9f garbage"
    made = backend(lambda request: httpx.Response(200, content=garbage))
    with pytest.raises(BackendError) as caught:
        await read(made, [])
    assert caught.value.what == not_api("bytes that are not text")
    assert "UnicodeDecodeError" not in str(caught.value)
    assert "openai.base_url" in caught.value.hint


async def test_an_html_page_is_named_not_called_cut_off():
    page = b"<!doctype html><html><body>Please log in</body></html>"
    made = backend(
        lambda request: httpx.Response(200, content=page, headers={"content-type": "text/html"})
    )
    with pytest.raises(BackendError) as caught:
        await read(made, [])
    assert caught.value.what == not_api("an HTML page")
    with pytest.raises(BackendError) as listed:
        await made.list_models()
    assert listed.value.what == not_api("an HTML page")


@pytest.mark.parametrize("junk", [{"data": ["a", "b"]}, "hello", {"data": [{"name": "x"}]}])
async def test_a_junk_model_list_is_named(junk):
    made = backend(lambda request: httpx.Response(200, json=junk))
    with pytest.raises(BackendError) as caught:
        await made.list_models()
    assert caught.value.what == not_api("JSON that is not a model list")
    assert "_set_private_attributes" not in str(caught.value)


async def test_a_real_model_list_is_read():
    listing = {"object": "list", "data": [{"id": "b", "object": "model"}, {"id": "a"}]}
    made = backend(lambda request: httpx.Response(200, json=listing))
    assert await made.list_models() == ["a", "b"]


async def test_an_error_body_echoing_the_key_is_redacted():
    def echo(request: httpx.Request) -> httpx.Response:
        said = f"bad request; you sent Authorization: {request.headers['authorization']}"
        return httpx.Response(400, json={"error": {"message": said}})

    made = backend(echo)
    with pytest.raises(BackendError) as caught:
        await read(made, [])
    shown = str(caught.value)
    assert "Authorization: Bearer [redacted]" in shown
    assert KEY not in shown and KEY not in caught.value.what


def test_the_configured_key_is_masked_wherever_it_appears():
    backend(lambda request: httpx.Response(200))  # remembers KEY, as a real backend would
    assert redact(f"key={KEY}!") == "key=[redacted]!"
    assert redact("Bearer abc.def-123 rest") == "Bearer [redacted] rest"
    assert BackendError(f"echo {KEY}", f"hint {KEY}").hint == "hint [redacted]"


async def test_a_model_list_that_never_finishes_times_out():
    async def dripping_list() -> AsyncIterator[bytes]:
        yield b'{"object": "list", "data": ['
        while True:
            await asyncio.sleep(0.05)
            yield b" "

    made = backend(lambda request: httpx.Response(200, stream=Body(dripping_list())), timeout_s=0.5)
    with pytest.raises(BackendError) as caught:
        await asyncio.wait_for(made.list_models(), timeout=20)
    assert caught.value.what == f"no reply from {URL} within 0.5 s (timed out)"


async def test_doctor_gives_up_on_checks_that_do_not_finish(monkeypatch, tmp_path):
    from roleplay.commands import doctor_checks as checks
    from roleplay.config import Settings

    async def hangs(settings: Settings, done: list[checks.Check]) -> list[checks.Check]:
        done.append(checks.Check("endpoint", True, URL))
        await asyncio.sleep(60)
        return done

    monkeypatch.setattr(checks, "check_openai", hangs)
    monkeypatch.setattr(checks, "SLACK_S", 0.1)
    settings = Settings(openai=OpenAISettings(base_url=URL, timeout_s=0.2, reply_deadline_s=0.2))
    found = await asyncio.wait_for(checks.run_checks(settings, "openai"), timeout=20)
    assert [(c.name, c.ok) for c in found] == [("endpoint", True), ("finished in time", False)]
    assert found[-1].detail == f"{URL} did not finish the checks within 0.5 s"
