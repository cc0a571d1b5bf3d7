"""A stand-in for xllamacpp: its engine notes what the person could see when the load began.

The real engine's constructor keeps Python's lock until the model is loaded, so whatever was
not on screen (or printed) by then stays unseen for the whole load.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest


class Engine:
    """Answers every request with one word."""

    def handle_completions(self, request: dict[str, Any], callback: Any) -> None:
        callback({"choices": [{"text": " fine"}]})


class FakeRuntime:
    """Stands for the xllamacpp module; `Server` calls `seen()` and keeps what it returns."""

    def __init__(self, seen: Callable[[], str]) -> None:
        self.seen = seen
        self.seen_at_load: list[str] = []

    @staticmethod
    def CommonParams() -> SimpleNamespace:
        return SimpleNamespace(
            model=SimpleNamespace(path=""),
            cpuparams=SimpleNamespace(n_threads=0),
            cpuparams_batch=SimpleNamespace(n_threads=0),
        )

    def Server(self, params: Any) -> Engine:
        self.seen_at_load.append(self.seen())
        return Engine()


def install(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, seen: Callable[[], str]
) -> tuple[FakeRuntime, Path]:
    """Put a FakeRuntime in place of xllamacpp; returns it and a model file for model_path."""
    runtime = FakeRuntime(seen)
    monkeypatch.setitem(sys.modules, "xllamacpp", runtime)
    monkeypatch.setattr("importlib.util.find_spec", lambda name: object())
    model = tmp_path / "model.gguf"
    model.write_bytes(b"GGUF")
    return runtime, model
