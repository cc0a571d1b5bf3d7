"""What the openai client raises becomes one message a trainee or trainer can act on."""

from __future__ import annotations

import httpx
import openai
import pytest

from roleplay.llm.base import BackendError
from roleplay.llm.openai_errors import map_failure

ENDPOINT = "http://models.example:8000/v1"
REQUEST = httpx.Request("POST", f"{ENDPOINT}/completions")


def status(code: int, message: str = "", headers: dict[str, str] | None = None):
    body = {"error": {"message": message}} if message else None
    response = httpx.Response(code, request=REQUEST, headers=headers or {}, json=body)
    return openai.APIStatusError(message or "error", response=response, body=body)


def fail(exc: BaseException, *, streaming: bool = False):
    return map_failure(exc, ENDPOINT, "gemma", streaming=streaming, timeout_s=7)


def test_a_refused_key_is_not_retried_and_says_which_setting():
    failure = fail(status(401))
    assert not failure.transient and not failure.error.retryable
    assert ENDPOINT in failure.error.what
    assert "OPENAI_API_KEY" in failure.error.hint


def test_an_unknown_model_points_at_the_model_setting():
    failure = fail(status(404, "model 'gemma' not found"))
    assert not failure.transient
    assert "'gemma'" in failure.error.what and "not found" in failure.error.what
    assert "openai.model" in failure.error.hint


def test_a_rate_limit_is_transient_and_carries_the_servers_wait():
    failure = fail(status(429, "slow down", {"retry-after": "2"}))
    assert failure.transient
    assert failure.retry_after == 2.0
    assert "429" in failure.error.what


def test_an_exhausted_quota_is_not_retried():
    failure = fail(status(429, "You exceeded your current quota, check billing"))
    assert not failure.transient
    assert "billing" in failure.error.hint


def test_a_server_error_is_transient_and_quotes_the_server():
    failure = fail(status(502, "upstream exploded\nsecond line"))
    assert failure.transient
    assert failure.error.what == f"{ENDPOINT} failed with a server error (502): upstream exploded"


# The openai client raises its HTTP library's own errors, unwrapped, when a streamed body goes
# quiet or breaks off: httpx2 since openai 3, httpx before. Both are recognised.
HTTP_LIBRARIES = [httpx, pytest.importorskip("httpx2")]


@pytest.mark.parametrize("http", HTTP_LIBRARIES, ids=lambda m: m.__name__)
def test_a_connection_closed_mid_stream_is_a_cut_off_reply(http):
    exc = http.RemoteProtocolError("peer closed connection without sending complete message body")
    failure = fail(exc, streaming=True)
    assert failure.error.what == f"the reply from {ENDPOINT} was cut off mid-stream"
    assert failure.error.hint.startswith("retry")


@pytest.mark.parametrize("http", HTTP_LIBRARIES, ids=lambda m: m.__name__)
def test_a_quiet_stream_is_a_stall_naming_the_timeout(http):
    failure = fail(http.ReadTimeout("timed out"), streaming=True)
    assert "stalled for more than 7 s" in failure.error.what
    assert "openai.timeout_s" in failure.error.hint


@pytest.mark.parametrize("http", HTTP_LIBRARIES, ids=lambda m: m.__name__)
def test_a_refused_connection_says_to_check_the_address(http):
    failure = fail(http.ConnectError("connection refused"))
    assert failure.transient
    assert failure.error.what.startswith(f"cannot reach {ENDPOINT}")


def test_an_unreachable_server_says_to_check_the_address():
    failure = fail(openai.APIConnectionError(request=REQUEST))
    assert failure.transient
    assert failure.error.what.startswith(f"cannot reach {ENDPOINT}")
    assert "OPENAI_BASE_URL" in failure.error.hint


def test_a_backend_error_reads_as_what_then_what_to_try():
    error = BackendError("the server went away", "start it again")
    assert str(error) == "the server went away. start it again"
    assert str(BackendError("just this")) == "just this"


@pytest.mark.parametrize("code", [400, 422])
def test_other_rejections_suggest_checking_model_and_api(code):
    failure = fail(status(code, "bad field"))
    assert not failure.transient
    assert "openai.api" in failure.error.hint
