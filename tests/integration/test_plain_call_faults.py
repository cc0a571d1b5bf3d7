"""A plain call on the openai backend whose reply is cut: the trainee is told, types /retry."""

from __future__ import annotations

import io
import sys

import pytest
import yaml
from faultproxy import Fault

from roleplay.cli import main
from roleplay.transcript import read_transcript

pytestmark = pytest.mark.integration


def test_a_cut_reply_in_a_plain_call_is_explained_and_retried(
    llama_server, fault_proxy, fixture_cast, tmp_path, monkeypatch, capsys
):
    from support.sim_cast import PERSONA, SCENARIO  # on the path once fixture_cast is built

    root = tmp_path / "workspace"
    (root / "scenarios").mkdir(parents=True)
    (root / "personas").mkdir()
    (root / "scenarios" / "call.yaml").write_text(yaml.safe_dump(SCENARIO))
    (root / "personas" / "who.yaml").write_text(yaml.safe_dump(PERSONA))
    monkeypatch.setenv("ROLEPLAY_HOME", str(root))
    monkeypatch.setenv("ROLEPLAY_TRANSCRIPTS", str(tmp_path / "transcripts"))
    monkeypatch.setenv("ROLEPLAY_BACKEND", "openai")
    monkeypatch.setenv("ROLEPLAY_OPENAI__BASE_URL", fault_proxy.base_url)
    monkeypatch.setenv("ROLEPLAY_OPENAI__MODEL", llama_server.model)
    monkeypatch.setenv("ROLEPLAY_OPENAI__API", "completions")

    line = "I'm so sorry about this. What has been happening?"
    monkeypatch.setattr(sys, "stdin", io.StringIO(f"{line}\n/retry\n/end\n"))
    fault_proxy.plan(Fault.cut(after_events=2))
    code = main(["call", SCENARIO["id"], "--plain"])
    out, err = capsys.readouterr()

    assert code == 0, err
    assert f"the reply from {fault_proxy.base_url} was cut off mid-stream" in err
    assert "Your line is saved. Type /retry" in err
    assert "Traceback" not in err
    name = PERSONA["name"]
    replies = [text for text in out.splitlines() if text.startswith(f"{name}: ")]
    assert len(replies) == 2, out  # the opening line, then the reply that came on /retry

    transcripts = sorted((tmp_path / "transcripts").glob("*/*.jsonl"))
    saved = read_transcript(transcripts[0])
    assert [(t.speaker, t.text) for t in saved.turns][1:] == [
        ("trainee", line),
        ("customer", replies[1].removeprefix(f"{name}: ")),
    ]
    assert [e.kind for e in saved.events] == ["error"]
    assert saved.end_reason == "trainee_ended"
