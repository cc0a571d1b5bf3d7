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
