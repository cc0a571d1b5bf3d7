"""The embedded model's loading cue is out before the load, which holds Python's lock.

Plain mode (scripts, screen readers): the cue is printed and flushed before the engine starts,
whether the model loads while the trainee reads or on the first reply.
"""

from __future__ import annotations

import asyncio
import io
import time

import pytest
from cli_helpers import fixture_workspace
from support.fake_engine import install
from support.sim_cast import SCENARIO

from roleplay.commands.call import plain_call
from roleplay.config import LocalSettings, load_settings
from roleplay.llm.local_backend import LOADING_CUE, LocalBackend
from roleplay.workspace import find_workspace


class Flushed(io.StringIO):
    """A slow terminal: keeps apart what has been flushed (what a person could see)."""

    def __init__(self) -> None:
        super().__init__()
        self.out = ""

    def flush(self) -> None:
        time.sleep(0.05)
        self.out = self.getvalue()


class Lines(io.StringIO):
    """Standard input that waits a little before each line, as a person typing does."""

    def readline(self, size: int = -1) -> str:
        time.sleep(0.05)
        return super().readline(size)


def test_plain_mode_prints_the_cue_before_the_model_loads(tmp_path, monkeypatch):
    fixture_workspace(tmp_path, monkeypatch)
    err = Flushed()
    runtime, model = install(monkeypatch, tmp_path, lambda: err.out)
    settings = load_settings(backend="local", local={"model_path": str(model)})
    code = asyncio.run(
        plain_call(
            find_workspace().cast(SCENARIO["id"]),
            backend_name="local",
            settings=settings,
            difficulty="medium",
            trainee="t",
            transcripts=tmp_path / "calls",
            stdin=Lines("Hello Dana, what do the router lights show?\n/end\ny\n"),
            out=Flushed(),
            err=err,
        )
    )
    assert code == 0
    assert len(runtime.seen_at_load) == 1
    assert LOADING_CUE in runtime.seen_at_load[0]


@pytest.mark.parametrize("how", ["prepare", "first reply"])
def test_the_load_waits_until_the_cue_is_said_and_shown(tmp_path, monkeypatch, how):
    said: list[str] = []
    shown: list[str] = []
    runtime, model = install(monkeypatch, tmp_path, lambda: f"{said} {shown}")

    def say(message: str) -> None:
        time.sleep(0.05)  # a busy event loop
        said.append(message)

    backend = LocalBackend(LocalSettings(model_path=model), progress=say)

    async def until_shown() -> None:
        await asyncio.sleep(0.05)  # a screen taking its time to draw
        shown.extend(said)

    async def load() -> None:
        if how == "prepare":
            await backend.prepare(shown=until_shown)
        else:
            from roleplay.llm.base import Prompt

            [_ async for _ in backend.stream(Prompt("", [], "Customer: hello\nAgent:"))]

    asyncio.run(load())
    assert backend.loaded
    expected = f"{[LOADING_CUE]} {[LOADING_CUE] if how == 'prepare' else []}"
    assert runtime.seen_at_load == [expected]


def test_a_load_without_an_event_loop_to_say_the_cue_still_loads(tmp_path, monkeypatch):
    # The loop closing under it (the app quitting mid-load) must not hang or fail the load.
    runtime, model = install(monkeypatch, tmp_path, lambda: "")
    backend = LocalBackend(LocalSettings(model_path=model))
    loop = asyncio.new_event_loop()
    loop.close()
    backend._load(loop)
    assert backend.loaded and runtime.seen_at_load == [""]


def test_a_cue_that_cannot_be_shown_does_not_stop_the_load(tmp_path, monkeypatch):
    runtime, model = install(monkeypatch, tmp_path, lambda: "")

    def screen_gone(message: str) -> None:
        raise LookupError("no such widget")

    backend = LocalBackend(LocalSettings(model_path=model), progress=screen_gone)
    asyncio.run(backend.prepare())
    assert backend.loaded and runtime.seen_at_load == [""]
