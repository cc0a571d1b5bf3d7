"""Choosing a backend by name: cheap to build, configured from settings, clear when unknown."""

from __future__ import annotations

import sys

import pytest

from roleplay.config import OpenAISettings, Settings
from roleplay.errors import UserError
from roleplay.llm.factory import make_backend


def test_the_scripted_backend_needs_nothing():
    backend = make_backend(Settings(), "scripted")
    assert (backend.name, backend.mode) == ("scripted", "scripted")


def test_the_openai_backend_takes_its_settings_and_connects_lazily():
    settings = Settings(
        openai=OpenAISettings(
            base_url="http://127.0.0.1:9/v1/", model="llama3", api="completions", max_retries=5
        )
    )
    backend = make_backend(settings, "openai")
    assert (backend.name, backend.model, backend.mode) == ("openai", "llama3", "completion")
    assert backend.endpoint == "http://127.0.0.1:9/v1"
    assert backend.policy.max_retries == 5
    assert backend._client is None, "no connection until the first request"


def test_the_configured_backend_is_the_default():
    assert make_backend(Settings(backend="scripted")).name == "scripted"


def test_an_unknown_backend_is_bad_input():
    with pytest.raises(UserError) as caught:
        make_backend(Settings(), "telepathy")
    assert caught.value.exit_code == 2
    assert "local|openai|scripted" in caught.value.hint


def test_the_local_backend_without_its_runtime_says_how_to_install(monkeypatch):
    monkeypatch.setitem(sys.modules, "xllamacpp", None)
    monkeypatch.setattr("importlib.util.find_spec", lambda name: None)
    with pytest.raises(UserError) as caught:
        make_backend(Settings(), "local")
    assert caught.value.exit_code == 1
    assert "pip install 'roleplay[local]'" in caught.value.hint
    assert "--backend openai" in caught.value.hint
