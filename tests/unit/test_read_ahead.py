"""The model reads the call ahead in pieces, below the screen's priority, and yields to a reply.

On a 2-core machine the embedded model reading the whole call at once kept the call screen's
frames waiting (0.3 to 1 s while it read); bench/screen_while_warming.py measures that.
"""

from __future__ import annotations

import asyncio
import itertools
import os
import sys
import threading

import pytest
from fake_backends import ChoosingBackend

from roleplay.config import LocalSettings
from roleplay.llm.base import Prompt
from roleplay.llm.local_backend import ENGINE_NICENESS, LocalBackend
from roleplay.llm.read_ahead import pieces
from roleplay.scenarios.loader import load_library
from roleplay.sim.session import CallSession
from roleplay.workspace import bundled_library_dir

LIBRARY = load_library(bundled_library_dir() / "scenarios", bundled_library_dir() / "personas")
CALL = (
    "A phone call to a broadband company. The customer, Dev, is furious: the TV box has shown "
    "'activation pending' for three days.\n\n"
    + "Agent: I'm sorry you've been waiting so long. Can you tell me what the box says?\n"
    "Dev (angry): It says activation pending, same as it has for three days.\n"
    * 4
    + "Agent: I can resend the activation now."
)


def test_the_call_is_read_in_growing_pieces_cut_before_a_space_or_a_line_break() -> None:
    got = pieces(CALL, 100)
    assert got[-1] == CALL
    assert len(got) > 4
    for shorter, longer in itertools.pairwise(got):
        assert longer.startswith(shorter) and len(longer) > len(shorter)
        assert CALL[len(shorter)] in " \n", "a cut inside a word reads different tokens"
        assert len(longer) - len(shorter) <= 100
    assert pieces(CALL, None) == [CALL]
    assert pieces("short", 100) == ["short"]


def test_a_word_longer_than_a_piece_is_not_cut() -> None:
    text = "x" * 50 + " tail"
    assert pieces(text, 10) == ["x" * 50, text]


class Engine:
    """Stands for llama.cpp's engine: records what it was asked to read and on which thread."""

    def __init__(self) -> None:
        self.prompts: list[str] = []
        self.threads: list[threading.Thread] = []

    def handle_completions(self, request, callback):  # type: ignore[no-untyped-def]
        self.prompts.append(request["prompt"])
        self.threads.append(threading.current_thread())
        callback({"choices": [{"text": " fine"}]})


@pytest.fixture
def backend(monkeypatch: pytest.MonkeyPatch) -> LocalBackend:
    monkeypatch.setattr("importlib.util.find_spec", lambda name: object())
    made = LocalBackend(LocalSettings())
    made._llama = Engine()
    made.read_ahead_chars = 100
    return made


class Pauses:
    """A wait before each piece, held by the test: it returns only once the gate is open."""

    def __init__(self) -> None:
        self.waits = 0
        self.gate = asyncio.Event()

    async def __call__(self) -> None:
        self.waits += 1
        await self.gate.wait()


async def test_the_read_ahead_reads_in_pieces_off_the_event_loop(backend) -> None:
    engine = backend._llama
    pauses = Pauses()
    warming = asyncio.ensure_future(backend.warm(Prompt("", [], CALL), pauses))
    for _ in range(20):
        await asyncio.sleep(0)
    assert engine.prompts == [], "nothing is read while the wait holds"
    pauses.gate.set()
    await asyncio.wait_for(warming, 10)
    assert engine.prompts == pieces(CALL, 100)
    assert pauses.waits == len(engine.prompts)
    assert threading.main_thread() not in engine.threads, "the event loop never reads"


async def test_a_reply_asked_for_stops_the_read_ahead_after_the_piece_in_hand(backend) -> None:
    engine = backend._llama
    pauses = Pauses()
    pauses.gate.set()
    first_read = asyncio.Event()
    loop = asyncio.get_running_loop()
    read = engine.handle_completions

    def reading(request, callback):  # type: ignore[no-untyped-def]
        read(request, callback)
        loop.call_soon_threadsafe(pauses.gate.clear)  # the next piece would wait
        loop.call_soon_threadsafe(first_read.set)

    engine.handle_completions = reading
    warming = asyncio.ensure_future(backend.warm(Prompt("", [], CALL), pauses))
    await asyncio.wait_for(first_read.wait(), 10)
    warming.cancel()
    reply = [p async for p in backend.stream(Prompt("", [], CALL + "\nDev (angry):"))]
    assert reply == [" fine"]
    await asyncio.wait([warming])
    assert engine.prompts == [pieces(CALL, 100)[0], CALL + "\nDev (angry):"]


class Reading(ChoosingBackend):
    """A choosing backend whose read-ahead never ends by itself, and says when it was stopped."""

    def __init__(self) -> None:
        super().__init__()
        self.stopped = 0

    async def warm(self, prompt) -> None:  # type: ignore[no-untyped-def]
        try:
            await asyncio.Event().wait()
        except asyncio.CancelledError:
            self.stopped += 1
            raise


async def test_the_reply_does_not_wait_for_the_read_ahead_it_stops() -> None:
    backend = Reading()
    session = CallSession(LIBRARY.cast("credit-card-dispute"), backend)
    await session.start()
    for _ in range(5):
        await asyncio.sleep(0)
    async for _ in session.reply_to("Thanks for waiting, I'm here now and I'm listening."):
        pass
    assert session.turns[-1].speaker == "customer"
    for _ in range(5):
        await asyncio.sleep(0)
    assert backend.stopped == 1
    await session.aclose()


class FakeRuntime:
    """Stands for xllamacpp: notes the thread that started the engine and its priority."""

    def __init__(self) -> None:
        self.started_on: int | None = None
        self.params = None

    @staticmethod
    def CommonParams():  # type: ignore[no-untyped-def]
        from types import SimpleNamespace

        return SimpleNamespace(
            model=SimpleNamespace(path=""),
            cpuparams=SimpleNamespace(n_threads=0),
            cpuparams_batch=SimpleNamespace(n_threads=0),
        )

    def Server(self, params):  # type: ignore[no-untyped-def]
        self.started_on = threading.get_native_id()
        self.params = params
        return Engine()


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="thread priorities are Linux's")
def test_the_engine_starts_on_a_thread_of_its_own_lowered_in_priority(
    monkeypatch: pytest.MonkeyPatch, tmp_path
) -> None:
    # The engine's threads inherit the priority of the thread that starts it; the app's own
    # threads keep theirs, so the screen gets the processor before the model does.
    runtime = FakeRuntime()
    monkeypatch.setitem(sys.modules, "xllamacpp", runtime)
    monkeypatch.setattr("importlib.util.find_spec", lambda name: object())
    lowered: list[tuple[int, int]] = []
    monkeypatch.setattr(os, "getpriority", lambda which, who: 2)
    monkeypatch.setattr(os, "setpriority", lambda which, who, nice: lowered.append((who, nice)))
    model = tmp_path / "model.gguf"
    model.write_bytes(b"GGUF")
    backend = LocalBackend(LocalSettings(model_path=model))
    asyncio.run(backend.prepare())
    assert backend.loaded
    assert runtime.started_on is not None and runtime.started_on != threading.get_native_id()
    assert lowered == [(runtime.started_on, 2 + ENGINE_NICENESS)]
