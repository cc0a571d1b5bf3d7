"""Turn what the openai client raises into BackendErrors a trainee or trainer can act on.

Each message names the endpoint and what happened; each hint says what to try. `Failure` also
records whether waiting and asking again might help (`transient`) and how long the server asked
us to wait.
"""

from __future__ import annotations

import importlib
import json
from collections.abc import Mapping
from dataclasses import dataclass
from types import ModuleType
from typing import Protocol

import openai

from roleplay.llm.base import BackendError, ReplyCutShort
from roleplay.llm.retry import parse_retry_after

KEY_HINT = "check OPENAI_API_KEY (or openai.api_key in the settings file)"
URL_HINT = (
    "check the server is running and openai.base_url is right "
    "(ROLEPLAY_OPENAI__BASE_URL or OPENAI_BASE_URL)"
)
TIMEOUT_HINT = "the server may be busy; retry, or raise openai.timeout_s in the settings"
CUT_HINT = "retry; if it keeps happening, check the server (or any proxy in between)"
DEADLINE_HINT = (
    "the server is slow: retry, use a faster model, or raise openai.reply_deadline_s "
    "in the settings"
)
NOT_API_HINT = (
    "check openai.base_url (ROLEPLAY_OPENAI__BASE_URL or OPENAI_BASE_URL) points at an "
    "OpenAI-compatible API, usually ending in /v1, and that no proxy or login page is in between"
)


def _installed(*names: str) -> tuple[ModuleType, ...]:
    found = []
    for name in names:
        try:
            found.append(importlib.import_module(name))
        except ImportError:
            continue
    return tuple(found)


HTTP_LIBRARIES = _installed("httpx2", "httpx")
"""What the openai client sends requests with: httpx2 from openai 3, httpx before. A body that
goes quiet or a connection dropped mid-stream surfaces as that library's own error, unwrapped."""
TIMEOUTS: tuple[type[BaseException], ...] = tuple(m.TimeoutException for m in HTTP_LIBRARIES)
TRANSPORT_ERRORS: tuple[type[BaseException], ...] = tuple(m.TransportError for m in HTTP_LIBRARIES)


@dataclass(eq=False)
class Failure(Exception):
    """One failed attempt: the user-facing error, and whether a retry might succeed."""

    error: BackendError
    transient: bool = False
    retry_after: float | None = None
    status: int | None = None


def server_message(exc: openai.APIStatusError) -> str:
    """The error text the server sent, shortened to one line."""
    body = exc.body
    message = ""
    if isinstance(body, dict):
        inner = body.get("error", body)
        message = str(inner.get("message", "")) if isinstance(inner, dict) else str(inner)
    message = message or str(exc.message or "")
    first = message.strip().splitlines()[0] if message.strip() else ""
    return first[:200]


def _status_failure(exc: openai.APIStatusError, endpoint: str, model: str) -> Failure:
    status = exc.status_code
    said = server_message(exc)
    detail = f": {said}" if said else ""
    if status == 401:
        return Failure(
            BackendError(
                f"{endpoint} refused the API key (401 Unauthorized)", KEY_HINT, retryable=False
            ),
            status=status,
        )
    if status == 403:
        return Failure(
            BackendError(
                f"{endpoint} denied access (403 Forbidden){detail}",
                f"{KEY_HINT}, and that the key may use model '{model}'",
                retryable=False,
            ),
            status=status,
        )
    if status == 404:
        return Failure(
            BackendError(
                f"{endpoint} has no model '{model}' (404 Not Found){detail}",
                "set openai.model to one the server offers, and check openai.base_url "
                "(it usually ends in /v1)",
                retryable=False,
            ),
            status=status,
        )
    if status == 429:
        quota = "quota" in said.lower() or "billing" in said.lower()
        hint = (
            "check the account's plan and billing"
            if quota
            else "wait a moment and retry; the server is limiting how often it is asked"
        )
        return Failure(
            BackendError(
                f"{endpoint} is rate limiting requests (429 Too Many Requests){detail}", hint
            ),
            transient=not quota,
            retry_after=parse_retry_after(exc.response.headers),
            status=status,
        )
    if status >= 500:
        return Failure(
            BackendError(
                f"{endpoint} failed with a server error ({status}){detail}",
                "retry; if it keeps happening, check the server's log",
            ),
            transient=True,
            retry_after=parse_retry_after(exc.response.headers),
            status=status,
        )
    return Failure(
        BackendError(
            f"{endpoint} rejected the request ({status}){detail}",
            "check openai.model and openai.api ('chat' or 'completions') suit this server",
            retryable=False,
        ),
        status=status,
    )


def map_failure(
    exc: BaseException, endpoint: str, model: str, *, streaming: bool, timeout_s: float
) -> Failure:
    """The Failure for an exception raised while opening (or, if `streaming`, reading) a reply."""
    if isinstance(exc, Failure):
        return exc
    if isinstance(exc, openai.APIStatusError):
        return _status_failure(exc, endpoint, model)
    if isinstance(exc, openai.APITimeoutError | TimeoutError):
        return stalled(endpoint, timeout_s, streaming=streaming)
    if isinstance(exc, TIMEOUTS):
        # Raised as is (not wrapped by openai) when the body goes quiet mid-stream.
        return stalled(endpoint, timeout_s, streaming=streaming)
    if isinstance(exc, TRANSPORT_ERRORS) and streaming:
        # e.g. RemoteProtocolError: the connection closed before the stream's end.
        return cut_off(endpoint)
    if isinstance(exc, (openai.APIConnectionError, *TRANSPORT_ERRORS)):
        if streaming:
            return cut_off(endpoint)
        cause = exc.__cause__ or exc.__context__
        reason = f": {cause}" if cause and str(cause) else ""
        return Failure(BackendError(f"cannot reach {endpoint}{reason}", URL_HINT), transient=True)
    if isinstance(exc, UnicodeDecodeError):
        return not_the_api(endpoint, "bytes that are not text")
    if isinstance(exc, openai.APIError):
        where = "mid-reply" if streaming else "for the request"
        return Failure(
            BackendError(f"{endpoint} reported an error {where}: {exc.message}", CUT_HINT),
            transient=True,
        )
    return Failure(
        BackendError(f"talking to {endpoint} failed: {exc.__class__.__name__}: {exc}", CUT_HINT),
        transient=False,
    )


def stalled(endpoint: str, timeout_s: float, *, streaming: bool) -> Failure:
    """The server went quiet for longer than the timeout."""
    what = (
        f"the reply from {endpoint} stalled for more than {timeout_s:g} s"
        if streaming
        else f"no reply from {endpoint} within {timeout_s:g} s (timed out)"
    )
    return Failure(BackendError(what, TIMEOUT_HINT), transient=True)


def cut_off(endpoint: str) -> Failure:
    """The streamed reply ended before the server said it was complete."""
    return Failure(
        BackendError(f"the reply from {endpoint} was cut off mid-stream", CUT_HINT), transient=True
    )


def not_the_api(endpoint: str, sent: str) -> Failure:
    """The server answered, but not as the OpenAI API would (`sent` says what it sent)."""
    return Failure(
        BackendError(
            f"the server at {endpoint} answered with {sent}, not the OpenAI API", NOT_API_HINT
        ),
        transient=False,
    )


class _Reply(Protocol):
    """What `what_was_sent` reads of an HTTP response (httpx's, or the openai client's own)."""

    @property
    def headers(self) -> Mapping[str, str]: ...


def what_was_sent(response: _Reply | None, body: bytes | None = None) -> str:
    """A few words on a reply that is not the API's: an HTML page, non-text bytes, other JSON.

    Without `body` (a stream not yet read) only the content type can tell.
    """
    if response is None:
        return "something unexpected"
    kind = response.headers.get("content-type", "").split(";")[0].strip().lower()
    if body is None:
        return "an HTML page" if "html" in kind else f"{kind or 'untyped'} content, not a stream"
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        return "bytes that are not text"
    head = text.lstrip()[:200].lower()
    if "html" in kind or head.startswith(("<!doctype html", "<html")):
        return "an HTML page"
    if not head:
        return "an empty reply"
    try:
        json.loads(text)
    except ValueError:
        return f"text ({' '.join(text.split())[:60]!r})"
    return "JSON of another shape"


def too_slow(endpoint: str, deadline_s: float, *, said: bool) -> BackendError:
    """The whole reply took longer than `openai.reply_deadline_s`."""
    if not said:
        return BackendError(f"no reply from {endpoint} within {deadline_s:g} s", DEADLINE_HINT)
    return ReplyCutShort(
        f"the reply from {endpoint} was still coming after {deadline_s:g} s, "
        "so it was cut short there",
        DEADLINE_HINT,
    )


def too_long(endpoint: str, limit: int, max_tokens: int) -> ReplyCutShort:
    """The reply ran far past the length asked for (a server ignoring max_tokens)."""
    return ReplyCutShort(
        f"the reply from {endpoint} ran past {limit} characters (max_tokens {max_tokens}) "
        "without ending, so it was cut short there",
        "the server seems to ignore max_tokens; check its settings, or try another model",
    )
