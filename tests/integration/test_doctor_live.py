"""`roleplay doctor` against the real server and the embedded model."""

from __future__ import annotations

import pytest

from roleplay.cli import main

pytestmark = pytest.mark.integration


def test_doctor_passes_against_a_running_server(llama_server, capsys, monkeypatch):
    monkeypatch.setenv("ROLEPLAY_BACKEND", "openai")
    monkeypatch.setenv("OPENAI_BASE_URL", llama_server.base_url)
    monkeypatch.setenv("ROLEPLAY_OPENAI__MODEL", llama_server.model)
    monkeypatch.setenv("ROLEPLAY_OPENAI__API", "completions")
    code = main(["doctor"])
    lines = capsys.readouterr().out.splitlines()
    assert code == 0, lines
    assert any(line.startswith("ok   model listed:") for line in lines)
    assert any(line.startswith("ok   one short reply: first text after") for line in lines)


def test_doctor_names_the_models_a_server_offers_when_ours_is_missing(
    llama_server, capsys, monkeypatch
):
    monkeypatch.setenv("OPENAI_BASE_URL", llama_server.base_url)
    monkeypatch.setenv("ROLEPLAY_OPENAI__MODEL", "no-such-model")
    code = main(["doctor", "--backend", "openai"])
    lines = capsys.readouterr().out.splitlines()
    assert code == 1
    failed = [line for line in lines if line.startswith("FAIL")]
    assert len(failed) == 1 and failed[0].startswith("FAIL model listed:")
    assert llama_server.model in failed[0] and "ROLEPLAY_OPENAI__MODEL" in failed[0]


def test_doctor_loads_the_embedded_model_and_times_a_reply(capsys):
    pytest.importorskip("llama_cpp")
    code = main(["doctor", "--backend", "local"])
    lines = capsys.readouterr().out.splitlines()
    assert code == 0, lines
    assert any(line.startswith("ok   model loads: in") for line in lines)
    assert any(line.startswith("ok   one short reply: first text after") for line in lines)
