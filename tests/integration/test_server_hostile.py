"""The openai backend against a hostile or broken server: the real server behind the fault proxy.

A server that drips text or never stops must not keep a trainee waiting past the reply's
deadline: what it said stays, and the trainee is told why it stopped. An error that echoes the
API key must not put the key anywhere; a server that is not the API is named as such; and
`doctor` and `selfplay` always finish with a clear message.
"""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from faultproxy import Fault

from roleplay.cli import main
from roleplay.config import OpenAISettings
from roleplay.llm.base import BackendError, Prompt
from roleplay.llm.openai_backend import CHARS_PER_TOKEN, OpenAIBackend
from roleplay.llm.retry import RetryPolicy
from roleplay.sim import actor
from roleplay.sim.events import Chunk, Retract, Said
from roleplay.sim.session import CallSession
from roleplay.transcript import read_transcript

pytestmark = pytest.mark.integration

KEY = "sk-hostile-test-5f2c9a7e31"
LINE = "I'm so sorry about this. What has been happening?"


def backend_via(proxy, server, *, deadline_s: float = 60.0) -> OpenAIBackend:
    settings = OpenAISettings(
        base_url=proxy.base_url,
        model=server.model,
        api="completions",
        api_key=KEY,
        timeout_s=30,
        reply_deadline_s=deadline_s,
        max_retries=1,
    )
    return OpenAIBackend(settings, policy=RetryPolicy(max_retries=1, base_s=0.05, max_delay_s=0.2))


async def reply(session: CallSession, line: str = LINE) -> tuple[Said, str, bool]:
    """The reply to `line`: Said, the text streamed, and whether a check retracted it."""
    said, streamed, retracted = [], "", False
    async for event in session.reply_to(line):
        if isinstance(event, Said):
            said.append(event)
        elif isinstance(event, Chunk):
            streamed += event.text
        elif isinstance(event, Retract):
            streamed, retracted = "", True
    assert len(said) == 1
    return said[0], streamed, retracted


async def test_a_dripping_server_ends_at_the_deadline_keeping_the_line(
    llama_server, fault_proxy, fixture_cast, tmp_path
):
    backend = backend_via(fault_proxy, llama_server, deadline_s=120.0)
    session = CallSession(fixture_cast, backend, transcripts=tmp_path)
    await session.start()
    await reply(session, "Hello, you're through to Sam. How can I help?")  # the server warms up
    backend.settings = backend.settings.model_copy(update={"reply_deadline_s": 8.0})
    fault_proxy.plan(Fault.drip(1.0))
    said, streamed, retracted = await reply(session)
    await session.aclose()
    assert said.notice.startswith(
        f"the reply from {fault_proxy.base_url} was still coming after 8 s, so it was cut short"
    )
    assert "openai.reply_deadline_s" in said.notice
    if not retracted:  # what the customer said before the deadline is the line kept
        assert said.turn.text == actor.clean_line(streamed, fixture_cast.persona)
    assert said.turn.text
    saved = read_transcript(session.path)
    assert [(t.speaker, t.text) for t in saved.turns][-2:] == [
        ("trainee", LINE),
        ("customer", said.turn.text),
    ]
    assert [e.kind for e in saved.events] == ["error"]
    assert len(fault_proxy.model_requests()) == 1


async def test_an_endless_stream_is_cut_at_the_length_cap(
    llama_server, fault_proxy, fixture_cast, tmp_path
):
    backend = backend_via(fault_proxy, llama_server, deadline_s=120.0)
    session = CallSession(fixture_cast, backend, transcripts=tmp_path)
    await session.start()
    fault_proxy.plan(Fault.endless())
    said, _, _ = await reply(session)
    await session.aclose()
    asked = fault_proxy.model_requests()[0].body["max_tokens"]
    assert f"ran past {asked * CHARS_PER_TOKEN} characters (max_tokens {asked})" in said.notice
    assert said.turn.text
    assert read_transcript(session.path).turns[-1].text == said.turn.text


PROMPT = Prompt(
    system="",
    messages=[],
    transcript="Agent: Thank you for calling. How can I help?\nCustomer:",
    stop=["\n"],
    max_tokens=16,
    temperature=0.0,
)


@pytest.mark.parametrize(
    ("fault", "sent"),
    [(Fault.garbage(), "bytes that are not text"), (Fault.html(), "an HTML page")],
)
async def test_a_server_that_is_not_the_api_is_named(llama_server, fault_proxy, fault, sent):
    backend = backend_via(fault_proxy, llama_server)
    fault_proxy.plan(fault)
    with pytest.raises(BackendError) as caught:
        async for _ in backend.stream(PROMPT):
            pass
    await backend.aclose()
    assert caught.value.what == (
        f"the server at {fault_proxy.base_url} answered with {sent}, not the OpenAI API"
    )
    assert "openai.base_url" in caught.value.hint
    assert len(fault_proxy.model_requests()) == 1, "a wrong server is not asked again"


@pytest.fixture
def workspace(tmp_path, monkeypatch, fixture_cast, fault_proxy, llama_server) -> Path:
    """The fixture cast in a workspace, with the openai backend pointed at the proxy."""
    from support.sim_cast import PERSONA, SCENARIO  # on the path once fixture_cast is built

    root = tmp_path / "workspace"
    for folder, name, data in (
        ("scenarios", SCENARIO["id"], SCENARIO),
        ("personas", PERSONA["id"], PERSONA),
    ):
        (root / folder).mkdir(parents=True)
        (root / folder / f"{name}.yaml").write_text(yaml.safe_dump(data))
    env = {
        "ROLEPLAY_HOME": str(root),
        "ROLEPLAY_TRANSCRIPTS": str(tmp_path / "transcripts"),
        "ROLEPLAY_CONFIG": str(tmp_path / "config.toml"),
        "ROLEPLAY_BACKEND": "openai",
        "OPENAI_API_KEY": KEY,
        "ROLEPLAY_OPENAI__BASE_URL": fault_proxy.base_url,
        "ROLEPLAY_OPENAI__MODEL": llama_server.model,
        "ROLEPLAY_OPENAI__API": "completions",
    }
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    return tmp_path


def test_an_error_echoing_the_key_never_shows_or_stores_it(
    workspace, fault_proxy, monkeypatch, capsys
):
    from support.sim_cast import SCENARIO

    monkeypatch.setattr(sys, "stdin", io.StringIO(f"{LINE}\n/end\n"))
    fault_proxy.plan(Fault.echo_key(400))
    code = main(["call", SCENARIO["id"], "--plain"])
    out, err = capsys.readouterr()
    assert code == 0, err
    assert "Authorization: Bearer [redacted]" in err, "the server's words are still shown"
    transcript = next((workspace / "transcripts").glob("*/*.jsonl"))
    stored = transcript.read_text()
    assert "[redacted]" in stored
    for where in (out, err, stored):
        assert KEY not in where


def test_doctor_explains_a_junk_model_list(workspace, fault_proxy, capsys):
    fault_proxy.plan_models(Fault.junk_model_list())
    code = main(["doctor"])
    lines = capsys.readouterr().out.splitlines()
    assert code == 1
    failed = [line for line in lines if line.startswith("FAIL")]
    assert failed == [
        f"FAIL endpoint reachable: the server at {fault_proxy.base_url} answered with JSON "
        "that is not a model list, not the OpenAI API; try: check openai.base_url "
        "(ROLEPLAY_OPENAI__BASE_URL or OPENAI_BASE_URL) points at an OpenAI-compatible API, "
        "usually ending in /v1, and that no proxy or login page is in between"
    ]


@pytest.mark.parametrize("fault", [Fault.drip(1.0), Fault.endless()], ids=["drip", "endless"])
def test_doctor_finishes_against_a_dripping_or_endless_server(
    workspace, fault_proxy, monkeypatch, capsys, fault
):
    monkeypatch.setenv("ROLEPLAY_OPENAI__REPLY_DEADLINE_S", "6")
    fault_proxy.plan(fault)
    code = main(["doctor"])
    lines = capsys.readouterr().out.splitlines()
    assert code == 1
    failed = [line for line in lines if line.startswith("FAIL")]
    assert len(failed) == 1 and failed[0].startswith("FAIL one short reply: ")
    # A busy machine may not have produced a first word within the deadline; either way the
    # check ends and says why.
    explained = (
        f"no reply from {fault_proxy.base_url} within 6 s",
        "after 6 s, so it was cut short there",
        "without ending, so it was cut short there",
    )
    assert any(reason in failed[0] for reason in explained), failed[0]
    assert failed[0].count("; try: ") == 1


def test_selfplay_against_a_server_that_starts_stalling_keeps_the_finished_runs(
    workspace, fault_proxy
):
    from support.sim_cast import SCENARIO

    lines = workspace / "lines.txt"
    lines.write_text(
        "Hello, I'm sorry to hear that.\nWhat lights can you see?\n"
        "I understand.\nLet me look into it.\n"
    )
    env = {
        **os.environ,
        "ROLEPLAY_OPENAI__TIMEOUT_S": "20",
        "ROLEPLAY_OPENAI__MAX_RETRIES": "0",
    }
    command = [sys.executable, "-m", "roleplay", "selfplay", SCENARIO["id"]]
    command += ["--backend", "openai", "--trainee", str(lines), "--runs", "3"]
    process = subprocess.Popen(
        command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    first: list[str] = []
    assert process.stdout is not None
    for text in process.stdout:
        first.append(text)
        if text.startswith("[lines #1] ended"):
            fault_proxy.plan(*[Fault.stall(60)] * 50)  # from now on, the server hangs
            break
    out, err = process.communicate(timeout=300)
    out = "".join(first) + out
    assert process.returncode == 1, err
    assert "[lines #1] ended" in out and "Summary" in out
    assert "internal error" not in err and "Traceback" not in err
    assert "roleplay: self-play stopped during run lines #" in err
    assert f"no reply from {fault_proxy.base_url} within 20 s (timed out)" in err
    assert "finished and are reported above; try:" in err
