"""The embedded model stays loaded between the calls of one app run."""

from __future__ import annotations

import asyncio

from roleplay.config import LocalSettings, Settings
from roleplay.llm.local_backend import LocalBackend
from roleplay.tui.app import _default_backend_maker


class Loaded:
    """Stands for a model in memory."""


class Keepable:
    keep_loaded = False

    def __init__(self, progress):
        self.progress = progress


class Plain:
    def __init__(self, progress):
        self.progress = progress


def test_the_app_makes_a_keepable_backend_once_and_keeps_it(monkeypatch):
    made = []

    def fake_make_backend(settings, name, progress=None):
        backend = (Keepable if name == "local" else Plain)(progress)
        made.append(backend)
        return backend

    monkeypatch.setattr("roleplay.llm.factory.make_backend", fake_make_backend)
    make = _default_backend_maker(Settings())
    first = make("local", print)
    second = make("local", len)
    assert first is second and len(made) == 1
    assert first.keep_loaded is True
    assert second.progress is len  # the new call's loading messages go to the new screen
    assert make("openai", print) is not make("openai", print)  # clients are not shared


def test_a_kept_local_backend_keeps_its_model_when_a_call_closes(monkeypatch):
    monkeypatch.setattr("importlib.util.find_spec", lambda name: object())
    backend = LocalBackend(LocalSettings())
    backend._llama = Loaded()
    backend.keep_loaded = True
    asyncio.run(backend.aclose())
    assert backend.loaded
    backend.keep_loaded = False
    asyncio.run(backend.aclose())
    assert not backend.loaded


class Engine:
    """Stands for llama.cpp's server engine: records each request, streams one word."""

    def __init__(self) -> None:
        self.requests: list[dict] = []

    def handle_completions(self, request, callback):
        self.requests.append(request)
        callback({"choices": [{"text": " fine"}]})
        return None


def test_every_request_reuses_the_engines_prompt_cache_unless_told_not_to(monkeypatch):
    # The cache is what makes a turn read only the call's new lines; the bench turns it off to
    # measure what it saves.
    monkeypatch.setattr("importlib.util.find_spec", lambda name: object())
    backend = LocalBackend(LocalSettings())
    engine = backend._llama = Engine()

    async def reply() -> str:
        from roleplay.llm.base import Prompt

        prompt = Prompt(system="", messages=[], transcript="Customer: hello\nAgent:")
        return "".join([piece async for piece in backend.stream(prompt)])

    assert asyncio.run(reply()) == " fine"
    backend.cache_prompt = False
    asyncio.run(reply())
    assert [r["cache_prompt"] for r in engine.requests] == [True, False]
