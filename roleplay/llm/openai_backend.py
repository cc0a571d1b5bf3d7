"""Any OpenAI-compatible endpoint (OpenAI, vLLM, Ollama, llama.cpp server) as a customer voice.

The openai client's own retries are off: ours back off with jitter, honour Retry-After, cap the
total wait, and only ever retry before the first piece of text reaches the trainee, so streamed
text is never repeated. Every failure becomes a BackendError naming the endpoint.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncGenerator, AsyncIterator, Awaitable, Callable
from contextlib import aclosing
from typing import Any, Literal, TypeVar

import openai
from pydantic import BaseModel

from roleplay.config import OpenAISettings
from roleplay.llm import redact, structured
from roleplay.llm.base import BackendError, Prompt
from roleplay.llm.openai_errors import (
    Failure,
    cut_off,
    map_failure,
    not_the_api,
    stalled,
    too_long,
    too_slow,
    what_was_sent,
)
from roleplay.llm.retry import RetryPolicy

T = TypeVar("T")

# Statuses with which a server turns down a response_format it does not support.
REJECTED = frozenset({400, 415, 422, 500, 501})

# Placeholder key for local servers that need none; the openai client insists on one.
NO_KEY = "no-key-needed"

CHARS_PER_TOKEN = 6
"""Client-side length cap: a reply is cut after max_tokens × this many characters, so a server
that ignores max_tokens (or streams forever) cannot keep the customer talking."""


class _Late(Exception):
    """The reply's deadline passed while waiting for the server."""


def _model_ids(body: bytes) -> list[str] | None:
    """The ids in an OpenAI model list, or None when `body` is not one."""
    try:
        page = json.loads(body)
    except ValueError:
        return None
    data = page.get("data") if isinstance(page, dict) else None
    if not isinstance(data, list):
        return None
    ids = [m["id"] for m in data if isinstance(m, dict) and isinstance(m.get("id"), str)]
    return ids if len(ids) == len(data) else None


class OpenAIBackend:
    """Streams customer lines from an OpenAI-compatible server; grades with structured output."""

    name = "openai"
    can_choose = False

    def __init__(self, settings: OpenAISettings, *, policy: RetryPolicy | None = None) -> None:
        self.settings = settings
        self.model = settings.model
        self.endpoint = settings.base_url.rstrip("/")
        self.mode: Literal["chat", "completion"] = (
            "chat" if settings.api == "chat" else "completion"
        )
        self.policy = policy or RetryPolicy(max_retries=settings.max_retries)
        self.json_mode: structured.JsonMode | None = None
        self.judge_timeout_s = max(120.0, 4 * settings.timeout_s)
        self._client: openai.AsyncOpenAI | None = None
        redact.remember(settings.api_key)

    @property
    def client(self) -> openai.AsyncOpenAI:
        """The openai client, built on first use (with its own retries turned off)."""
        if self._client is None:
            self._client = openai.AsyncOpenAI(
                base_url=self.settings.base_url,
                api_key=self.settings.api_key or NO_KEY,
                timeout=self.settings.timeout_s,
                max_retries=0,
            )
        return self._client

    def _fail(self, exc: BaseException, *, streaming: bool) -> Failure:
        return map_failure(
            exc, self.endpoint, self.model, streaming=streaming, timeout_s=self.settings.timeout_s
        )

    async def _give_up(self, failure: Failure, tries: int) -> BackendError:
        error = failure.error
        if failure.status == 404:
            offered = await self.list_models(quiet=True)
            if offered:
                shown = ", ".join(offered[:8]) + (" …" if len(offered) > 8 else "")
                error = BackendError(
                    error.what,
                    f"models it offers: {shown}; set openai.model (ROLEPLAY_OPENAI__MODEL)",
                    retryable=False,
                )
        if tries > 1:
            error = BackendError(
                f"{error.what} (tried {tries} times)", error.hint, retryable=error.retryable
            )
        return error

    # ------------------------------------------------------------------ streaming lines

    async def stream(self, prompt: Prompt) -> AsyncIterator[str]:
        """Yield the customer's line as it arrives; retries happen only before the first text.

        The whole reply, retries included, must end within `reply_deadline_s` and stay within
        `max_tokens × CHARS_PER_TOKEN` characters; past either, what arrived stands and
        ReplyCutShort says why it ended (or, with nothing yet, a BackendError).
        """
        loop = asyncio.get_running_loop()
        deadline = loop.time() + self.settings.reply_deadline_s
        limit = prompt.max_tokens * CHARS_PER_TOKEN
        attempt, waited, said = 0, 0.0, 0
        while True:
            try:
                async with aclosing(self._attempt(prompt, deadline)) as pieces:
                    async for piece in pieces:
                        if said + len(piece) > limit:
                            if limit > said:
                                yield piece[: limit - said]
                            raise too_long(self.endpoint, limit, prompt.max_tokens)
                        said += len(piece)
                        yield piece
                return
            except _Late:
                raise too_slow(
                    self.endpoint, self.settings.reply_deadline_s, said=said > 0
                ) from None
            except Failure as failure:
                wait = None
                if failure.transient and not said:
                    wait = self.policy.delay(attempt, waited, failure.retry_after)
                if wait is not None and loop.time() + wait >= deadline:
                    wait = None
                if wait is None:
                    raise await self._give_up(failure, attempt + 1) from None
                await asyncio.sleep(wait)
                waited += wait
                attempt += 1

    async def _open(self, prompt: Prompt) -> Any:
        if self.mode == "chat":
            return await self.client.chat.completions.create(
                model=self.model,
                # Plain role/content dicts: what the client's message TypedDicts describe.
                messages=prompt.messages,  # type: ignore[arg-type]
                max_tokens=prompt.max_tokens,
                temperature=prompt.temperature,
                stream=True,
            )
        return await self.client.completions.create(
            model=self.model,
            prompt=prompt.transcript,
            stop=prompt.stop or None,
            max_tokens=prompt.max_tokens,
            temperature=prompt.temperature,
            stream=True,
        )

    async def _attempt(self, prompt: Prompt, deadline: float) -> AsyncGenerator[str, None]:
        """One request: open the stream, then yield text until the server says it is done.

        Each wait is the shorter of the stall timeout and what is left before `deadline`;
        running out of the latter raises _Late.
        """
        loop = asyncio.get_running_loop()
        try:
            response = await asyncio.wait_for(
                self._open(prompt), timeout=max(0.0, deadline - loop.time())
            )
        except TimeoutError:
            raise _Late from None
        except Exception as exc:
            raise self._fail(exc, streaming=False) from exc
        http = getattr(response, "response", None)
        sent = what_was_sent(http)
        if sent == "an HTML page":
            await response.close()
            raise not_the_api(self.endpoint, sent)
        finished = received = False
        try:
            while not finished:
                left = deadline - loop.time()
                wait = min(self.settings.timeout_s, max(0.0, left))
                try:
                    chunk = await asyncio.wait_for(response.__anext__(), timeout=wait)
                except StopAsyncIteration:
                    break
                except TimeoutError:
                    if left <= self.settings.timeout_s:
                        raise _Late from None
                    raise stalled(self.endpoint, self.settings.timeout_s, streaming=True) from None
                except Exception as exc:
                    raise self._fail(exc, streaming=True) from exc
                received = True
                for choice in chunk.choices or ():
                    if self.mode == "chat":
                        text = choice.delta.content if choice.delta else None
                    else:
                        text = choice.text
                    if text:
                        yield text
                    if choice.finish_reason:
                        finished = True
        finally:
            await response.close()
        if not finished:
            kind = http.headers.get("content-type", "") if http is not None else ""
            if not received and "event-stream" not in kind:
                raise not_the_api(self.endpoint, sent)
            raise cut_off(self.endpoint)

    # ------------------------------------------------------------------ one-shot requests

    async def _call(
        self, make: Callable[[], Awaitable[T]], *, retry_server_errors: bool = True
    ) -> T:
        """One non-streaming request with the retry policy (server errors may be left to caller)."""
        attempt, waited = 0, 0.0
        while True:
            try:
                return await make()
            except Exception as exc:
                failure = self._fail(exc, streaming=False)
                if not retry_server_errors and failure.status in REJECTED:
                    raise failure from exc
                wait = (
                    self.policy.delay(attempt, waited, failure.retry_after)
                    if failure.transient
                    else None
                )
                if wait is None:
                    raise await self._give_up(failure, attempt + 1) from None
                await asyncio.sleep(wait)
                waited += wait
                attempt += 1

    async def complete_json(
        self, system: str, user: str, schema: type[BaseModel], *, max_tokens: int = 1024
    ) -> dict[str, Any]:
        """One answer validated against `schema`, trying json_schema, json_object, then plain.

        Structured answers always use the chat endpoint; the mode that worked is remembered.
        A whole answer arrives at once, so it may take `judge_timeout_s` rather than timeout_s.
        """
        modes = structured.JSON_MODES
        if self.json_mode is not None:
            modes = modes[modes.index(self.json_mode) :]
        problems: list[str] = []
        for mode in modes:
            request = structured.request_for(mode, system, user, schema)

            async def make(request: dict[str, Any] = request) -> Any:
                client = self.client.with_options(timeout=self.judge_timeout_s)
                return await client.chat.completions.create(
                    model=self.model, temperature=0, max_tokens=max_tokens, **request
                )

            try:
                response = await self._call(make, retry_server_errors=mode == "plain")
            except Failure as rejected:
                problems.append(f"{mode}: {rejected.error.what}")
                continue
            content = response.choices[0].message.content if response.choices else ""
            try:
                data = structured.parse_answer(content or "", schema)
            except ValueError as exc:
                problems.append(f"{mode}: {exc}")
                continue
            self.json_mode = mode
            return data
        raise BackendError(
            f"{self.endpoint} gave no valid structured answer ({'; '.join(problems)})",
            "use a model that supports JSON output, or the heuristic grader (judge = 'heuristic')",
        )

    async def list_models(self, *, quiet: bool = False) -> list[str]:
        """The model ids the server offers (empty if it won't say and `quiet`).

        The list is read here rather than by the openai client, so a reply that is not a
        model list is named as such, and the whole request ends within `timeout_s`.
        """
        try:
            raw = await asyncio.wait_for(
                self.client.models.with_raw_response.list(), timeout=self.settings.timeout_s
            )
        except Exception as exc:
            if quiet:
                return []
            raise self._fail(exc, streaming=False).error from exc
        body = raw.http_response.content
        ids = _model_ids(body)
        if ids is None:
            if quiet:
                return []
            sent = what_was_sent(raw.http_response, body)
            sent = "JSON that is not a model list" if sent == "JSON of another shape" else sent
            raise not_the_api(self.endpoint, sent).error
        return sorted(ids)

    async def aclose(self) -> None:
        """Close the HTTP connections."""
        if self._client is not None:
            await self._client.close()
            self._client = None
