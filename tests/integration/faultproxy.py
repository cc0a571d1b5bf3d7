"""A small HTTP proxy that forwards to a real server and injects faults on request.

Tests put it between the openai backend and llama_cpp.server, then plan what the next model
requests should suffer: a 500, a 429 with Retry-After, a stall past the client's timeout, a
streamed answer cut off part-way, one that drips or never ends, an error that echoes the API key,
garbage bytes or an HTML page; and what the next model list (`plan_models`) should be: junk.
Requests with no planned fault pass through untouched.
It runs uvicorn on its own thread and event loop, so any test (sync or async) can use it.
"""

from __future__ import annotations

import asyncio
import json
import socket
import threading
import time
from collections import deque
from collections.abc import AsyncIterator
from dataclasses import dataclass, field

import httpx
import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response, StreamingResponse
from starlette.routing import Route

MODEL_PATHS = ("/v1/completions", "/v1/chat/completions")
HOP_HEADERS = {"host", "content-length", "transfer-encoding", "connection", "keep-alive"}


@dataclass(frozen=True)
class Fault:
    """What to do to one model request: pass, fail with a status, stall, or cut the stream."""

    kind: str  # "pass" | "status" | "stall" | "cut" | "drip" | "echo_key" | "garbage" | "html"
    #            | "junk_models"
    status: int = 0
    retry_after: str | None = None
    seconds: float = 0.0
    after_events: int = 0
    body: dict | None = None

    @classmethod
    def passthrough(cls) -> Fault:
        """Forward this request untouched."""
        return cls("pass")

    @classmethod
    def error(cls, status: int, *, retry_after: str | None = None, body: dict | None = None):
        """Answer with an HTTP error instead of forwarding (e.g. 500, 429, 404, 401)."""
        return cls("status", status=status, retry_after=retry_after, body=body)

    @classmethod
    def stall(cls, seconds: float, *, after_events: int = 0) -> Fault:
        """Go silent for `seconds`, before answering or after `after_events` stream events."""
        return cls("stall", seconds=seconds, after_events=after_events)

    @classmethod
    def cut(cls, after_events: int = 3) -> Fault:
        """Forward `after_events` stream events, then drop the connection mid-body."""
        return cls("cut", after_events=after_events)

    @classmethod
    def drip(cls, seconds: float) -> Fault:
        """Forward the stream an event every `seconds`, then repeat its text forever, unfinished."""
        return cls("drip", seconds=seconds)

    @classmethod
    def endless(cls) -> Fault:
        """Like drip with no pause: text as fast as it can go, and never a finish."""
        return cls("drip", seconds=0.0)

    @classmethod
    def echo_key(cls, status: int = 400) -> Fault:
        """Fail with an error body that quotes the request's Authorization header back."""
        return cls("echo_key", status=status)

    @classmethod
    def garbage(cls) -> Fault:
        """Answer 200 with bytes that are not text at all."""
        return cls("garbage")

    @classmethod
    def html(cls) -> Fault:
        """Answer 200 with an HTML page (a login or captive portal in front of the API)."""
        return cls("html")

    @classmethod
    def junk_model_list(cls) -> Fault:
        """For the model list: 200 with JSON that is not a list of models."""
        return cls("junk_models")


HTML_PAGE = b"<!DOCTYPE html><html><head><title>Sign in</title></head><body>Sign in</body></html>"
GARBAGE = bytes(range(128, 256)) * 4


def _finishing(event: bytes) -> bool:
    """True for the stream's end marker and for events that carry a finish_reason."""
    data = event.strip().removeprefix(b"data:").strip()
    if data == b"[DONE]":
        return True
    try:
        parsed = json.loads(data)
    except ValueError:
        return False
    return any(c.get("finish_reason") for c in parsed.get("choices", []) if isinstance(c, dict))


def _parsed(event: bytes) -> dict | None:
    try:
        parsed = json.loads(event.strip().removeprefix(b"data:").strip())
    except ValueError:
        return None
    return parsed if isinstance(parsed, dict) else None


def _text_of(event: bytes) -> str:
    """The text a completions or chat stream event carries ("" if none)."""
    parsed = _parsed(event) or {}
    texts = []
    for choice in parsed.get("choices", []):
        texts.append(choice.get("text") or (choice.get("delta") or {}).get("content") or "")
    return "".join(texts)


def _with_text(event: bytes, text: str) -> bytes:
    """A copy of a stream event that carries `text` and no finish_reason (b"" if it can't)."""
    parsed = _parsed(event)
    if parsed is None or not parsed.get("choices"):
        return b""
    for choice in parsed["choices"]:
        choice["finish_reason"] = None
        if "delta" in choice:
            choice["delta"] = {"content": text}
        else:
            choice["text"] = text
    return b"data: " + json.dumps(parsed).encode() + b"\n\n"


@dataclass
class Seen:
    """One request the proxy handled, for tests to assert on."""

    method: str
    path: str
    fault: str
    body: dict = field(default_factory=dict)


class _Cut(Exception):
    """Raised inside the response body to break the connection part-way."""


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


async def _events(lines: AsyncIterator[bytes]) -> AsyncIterator[bytes]:
    """Regroup a byte stream into whole server-sent events (each ending in a blank line)."""
    buffer = b""
    async for chunk in lines:
        buffer += chunk
        while b"\n\n" in buffer:
            event, buffer = buffer.split(b"\n\n", 1)
            yield event + b"\n\n"
    if buffer:
        yield buffer


class FaultProxy:
    """Forwards to `upstream` (e.g. http://127.0.0.1:8000) and injects planned faults."""

    def __init__(self, upstream: str) -> None:
        self.upstream = upstream.rstrip("/")
        self.port = _free_port()
        self.seen: list[Seen] = []
        self._plan: deque[Fault] = deque()
        self._models_plan: deque[Fault] = deque()
        self._lock = threading.Lock()
        app = Starlette(routes=[Route("/{path:path}", self._handle, methods=["GET", "POST"])])
        config = uvicorn.Config(
            app,
            host="127.0.0.1",
            port=self.port,
            log_level="critical",
            lifespan="off",
            timeout_graceful_shutdown=1,  # a planned stall must not hold up the test's teardown
        )
        self._server = uvicorn.Server(config)
        self._thread: threading.Thread | None = None
        self._client: httpx.AsyncClient | None = None

    @property
    def base_url(self) -> str:
        """The OpenAI-style base URL clients should use (ends in /v1)."""
        return f"http://127.0.0.1:{self.port}/v1"

    # ------------------------------------------------------------------ control

    def plan(self, *faults: Fault) -> None:
        """Apply these faults, in order, to the next model requests (replacing any left over)."""
        with self._lock:
            self._plan = deque(faults)
            self.seen.clear()

    def plan_models(self, *faults: Fault) -> None:
        """Apply these faults, in order, to the next model-list requests (GET /v1/models)."""
        with self._lock:
            self._models_plan = deque(faults)

    def model_requests(self) -> list[Seen]:
        """The completion requests seen since the last `plan()`."""
        with self._lock:
            return [s for s in self.seen if s.path in MODEL_PATHS]

    def _next_fault(self, path: str) -> Fault:
        with self._lock:
            if path in MODEL_PATHS and self._plan:
                return self._plan.popleft()
            if path == "/v1/models" and self._models_plan:
                return self._models_plan.popleft()
            return Fault.passthrough()

    def start(self) -> FaultProxy:
        """Serve on a background thread; returns once it accepts connections."""
        self._thread = threading.Thread(target=self._server.run, daemon=True)
        self._thread.start()
        deadline = time.monotonic() + 10
        while not self._server.started:
            if time.monotonic() > deadline:
                raise RuntimeError("the fault proxy did not start")
            time.sleep(0.02)
        return self

    def stop(self) -> None:
        """Shut the server down and wait for its thread."""
        self._server.should_exit = True
        if self._thread is not None:
            self._thread.join(timeout=10)

    # ------------------------------------------------------------------ serving

    async def _handle(self, request: Request) -> Response:
        path = "/" + request.path_params["path"]
        body = await request.body()
        fault = self._next_fault(path)
        try:
            parsed = json.loads(body) if body else {}
        except ValueError:
            parsed = {}
        with self._lock:
            self.seen.append(Seen(request.method, path, fault.kind, parsed))
        if fault.kind == "status":
            headers = {"retry-after": fault.retry_after} if fault.retry_after else {}
            content = fault.body or {
                "error": {"message": f"injected {fault.status}", "type": "injected", "code": None}
            }
            return JSONResponse(content, status_code=fault.status, headers=headers)
        if fault.kind == "echo_key":
            said = request.headers.get("authorization", "(none)")
            content = {"error": {"message": f"bad request; headers: Authorization: {said}"}}
            return JSONResponse(content, status_code=fault.status)
        if fault.kind == "garbage":
            return Response(GARBAGE, media_type="text/event-stream")
        if fault.kind == "html":
            return Response(HTML_PAGE, media_type="text/html")
        if fault.kind == "junk_models":
            return JSONResponse({"object": "list", "data": ["gemma", 3, None]})
        if fault.kind == "stall" and fault.after_events == 0:
            await asyncio.sleep(fault.seconds)
        if self._client is None:
            self._client = httpx.AsyncClient(timeout=httpx.Timeout(120.0))
        headers = {k: v for k, v in request.headers.items() if k.lower() not in HOP_HEADERS}
        upstream = self._client.build_request(
            request.method,
            self.upstream + path,
            params=request.query_params,
            headers=headers,
            content=body,
        )
        response = await self._client.send(upstream, stream=True)
        out_headers = {k: v for k, v in response.headers.items() if k.lower() not in HOP_HEADERS}
        return StreamingResponse(
            self._body(response, fault),
            status_code=response.status_code,
            headers=out_headers,
        )

    async def _body(self, response: httpx.Response, fault: Fault) -> AsyncIterator[bytes]:
        if fault.kind == "drip":
            async for event in self._drip(response, fault.seconds):
                yield event
            return
        sent = 0
        try:
            async for event in _events(response.aiter_bytes()):
                if fault.kind == "cut" and sent == fault.after_events:
                    raise _Cut("connection cut by the fault proxy")
                if fault.kind == "stall" and sent == fault.after_events > 0:
                    await asyncio.sleep(fault.seconds)
                yield event
                sent += 1
        finally:
            await response.aclose()

    async def _drip(self, response: httpx.Response, seconds: float) -> AsyncIterator[bytes]:
        """The real events, slowed, then more text again and again: never finished."""
        again = b""
        try:
            async for event in _events(response.aiter_bytes()):
                if _finishing(event):
                    again = again or _with_text(event, " and")
                    continue
                if _text_of(event):
                    again = event
                await asyncio.sleep(seconds)
                yield event
        finally:
            await response.aclose()
        while again:  # ends when the client hangs up
            await asyncio.sleep(max(seconds, 0.001))
            yield again
