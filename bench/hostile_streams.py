"""Hostile streams: how long a customer line takes to end when the server misbehaves.

Plays one reply through the openai backend against an in-process HTTP transport that (a) drips a
token every `--drip` seconds forever, (b) streams text forever as fast as it can, (c) accepts the
request and never sends a byte, (d) answers normally. Prints one JSON object: per mode, the
seconds until the reply ended, the characters kept, and the message the trainee would see.
Defaults are the shipped settings (`openai.reply_deadline_s`, `openai.timeout_s`).

    python bench/hostile_streams.py [--deadline 60] [--timeout 30] [--drip 2] [--max-tokens 120]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import time
from collections.abc import AsyncIterator, Callable

import httpx
import openai

from roleplay.config import OpenAISettings
from roleplay.llm.base import BackendError, Prompt
from roleplay.llm.openai_backend import OpenAIBackend

URL = "http://hostile.invalid/v1"


def _event(text: str, finish: str | None = None) -> bytes:
    choice = {"index": 0, "delta": {"content": text}, "finish_reason": finish}
    chunk = {"id": "b", "object": "chat.completion.chunk", "created": 0, "model": "m"}
    return f"data: {json.dumps({**chunk, 'choices': [choice]})}\n\n".encode()


class _Body(httpx.AsyncByteStream):
    def __init__(self, pieces: AsyncIterator[bytes]) -> None:
        self.pieces = pieces

    async def __aiter__(self) -> AsyncIterator[bytes]:
        async for piece in self.pieces:
            yield piece


def _modes(drip_s: float) -> dict[str, Callable[[], AsyncIterator[bytes]]]:
    """Each mode makes a fresh body per request (a retry asks again)."""

    async def drip() -> AsyncIterator[bytes]:
        while True:
            yield _event("word ")
            await asyncio.sleep(drip_s)

    async def endless() -> AsyncIterator[bytes]:
        while True:
            yield _event("on and on ")
            await asyncio.sleep(0)

    async def silent() -> AsyncIterator[bytes]:
        await asyncio.sleep(3600)
        yield b""

    async def normal() -> AsyncIterator[bytes]:
        yield _event("I just want it ")
        yield _event("working.", finish="stop")

    return {"drip": drip, "endless": endless, "silent": silent, "normal": normal}


async def _one(
    body: Callable[[], AsyncIterator[bytes]], settings: OpenAISettings, prompt: Prompt
) -> dict:
    def handler(request: httpx.Request) -> httpx.Response:
        headers = {"content-type": "text/event-stream"}
        return httpx.Response(200, headers=headers, stream=_Body(body()))

    backend = OpenAIBackend(settings)
    backend._client = openai.AsyncOpenAI(
        base_url=URL,
        api_key="bench",
        max_retries=0,
        http_client=httpx.AsyncClient(transport=httpx.MockTransport(handler)),
    )
    kept, message = "", ""
    began = time.monotonic()
    try:
        async for piece in backend.stream(prompt):
            kept += piece
    except BackendError as exc:
        message = str(exc)
    ended = time.monotonic() - began
    await backend.aclose()
    return {"ended_after_s": round(ended, 2), "chars_kept": len(kept), "message": message}


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    defaults = OpenAISettings()
    parser.add_argument("--deadline", type=float, default=defaults.reply_deadline_s)
    parser.add_argument("--timeout", type=float, default=defaults.timeout_s)
    parser.add_argument("--drip", type=float, default=2.0)
    parser.add_argument("--max-tokens", type=int, default=120)
    args = parser.parse_args()
    settings = OpenAISettings(
        base_url=URL, model="m", timeout_s=args.timeout, reply_deadline_s=args.deadline
    )
    prompt = Prompt(
        system="",
        messages=[{"role": "user", "content": "hi"}],
        transcript="",
        max_tokens=args.max_tokens,
    )
    results = {name: await _one(body, settings, prompt) for name, body in _modes(args.drip).items()}
    figures = {
        "reply_deadline_s": args.deadline,
        "timeout_s": args.timeout,
        "drip_every_s": args.drip,
        "max_tokens": args.max_tokens,
        "modes": results,
    }
    print(json.dumps(figures, indent=2))


if __name__ == "__main__":
    asyncio.run(main())
