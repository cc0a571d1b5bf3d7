"""The call screen while the embedded model reads the call ahead: does typing keep up?

Drives the real call screen headless (Pilot) on the embedded model, kept loaded across calls as
the app keeps it. When the customer's opening is said, the model may start reading the call
ahead (so its first reply starts sooner); a typist thread types a trainee line into the reply
box key by key, `--key-ms` apart, after `--read-s` spent reading the opening, then presses
Enter. Keys are timed from when they were due, as a terminal buffers them whatever the app is
doing. For every variant, in one run, it prints:

- `timer_lag_ms`: how late a 10 ms timer on the app's event loop woke (p50/p90/p99/max), from
  the opening to Enter; `timer_lag_while_reading_ms`: only the wakes that overlapped the model
  reading ahead;
- `key_to_screen_ms`: from a key being due to the first screen update that shows it;
- `first_token_s`: from Enter to the first piece of the customer's reply from the model
  (median, p90, max over all calls; the line chosen makes the reply the model's choice);
- `read_ahead`: how long it took from the opening, and how many calls it finished before Enter.

Variants (`--variant`, repeatable; all by default):

- `off`: no read-ahead;
- `before`: the read-ahead before issue 13's fix: the whole call at once, as soon as the
  opening is said, the engine on all cores at the app's priority;
- `batch_1_thread`: as before, with llama.cpp reading prompts on one thread (writing on all);
- `after_pause`: the whole call at once, started only once the trainee paused typing 300 ms;
- `pieces`: in pieces of about 240 characters, with the event loop free between them;
- `pieces_paused`: in pieces, each only once the trainee paused typing 300 ms;
- `niced`: as before, with the engine's threads 10 below the app's priority (Linux);
- `pieces_niced` (the app now): in pieces, the engine 10 below the app's priority;
- `pieces_paused_niced`, `pieces_paused_1_thread`: those combined.

The pauses are heard as the typist types the keys (the tried design heard them from the reply
box; it was not kept, so the app has no such hook).

Scenarios rotate call by call and variants alternate within each round, so a noisy machine
weighs on each alike. Each call's prompts start with a mark of their own, so the engine's memory
of earlier calls never spares a read (the first call of an app run; later calls of the same
scenario may find part of it kept). The 1-minute load average is printed at the start and the
end.

    PYTHONPATH=. python bench/screen_while_warming.py [--calls 8] [--key-ms 80] [--read-s 0]
        [--variant NAME ...] [--scenario ID ...]

Measured 6 December 2026, 2 cores heavily loaded by other work (load 8.0 to 8.7), `--read-s 1`,
8 calls each (all variants and `--read-s 0` in docs/setup.md): key to screen p50 / p90 / max
18 / 36 / 86 ms with no read-ahead, 56 / 150 / 828 ms as before, 18 / 41 / 589 ms in pieces
with the engine lowered (kept); first token 0.52 of no read-ahead's median as before, 0.66 kept.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Awaitable, Callable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from unittest import mock

from figures import nearest_rank

LINE = "Thanks for waiting, I'm here now and I'm listening."
"""Every bundled scenario answers this first line with a reaction the model chooses."""
TICK_S = 0.010


@dataclass(frozen=True)
class Variant:
    """One way of reading ahead (or not)."""

    name: str
    read_ahead: bool = True
    piece_chars: int | None = None
    quiet_s: float = 0.0
    batch_threads: int | None = None
    niceness: int = 0


VARIANTS = (
    Variant("off", read_ahead=False),
    Variant("before"),
    Variant("batch_1_thread", batch_threads=1),
    Variant("after_pause", quiet_s=0.3),
    Variant("pieces", piece_chars=240),
    Variant("pieces_paused", piece_chars=240, quiet_s=0.3),
    Variant("niced", niceness=10),
    Variant("pieces_niced", piece_chars=240, niceness=10),
    Variant("pieces_paused_niced", piece_chars=240, quiet_s=0.3, niceness=10),
    Variant("pieces_paused_1_thread", piece_chars=240, quiet_s=0.3, batch_threads=1),
)


@dataclass
class Watch:
    """What one call's instruments saw, all in `time.perf_counter` seconds."""

    opened: float | None = None
    opened_event: threading.Event = field(default_factory=threading.Event)
    reading: list[tuple[float, float]] = field(default_factory=list)
    read_done: float | None = None
    first_piece: float | None = None
    lags: list[tuple[float, float, float]] = field(default_factory=list)
    """(slept from, woke at, lag) for each tick of the event-loop timer."""
    frames: list[tuple[float, int]] = field(default_factory=list)
    """(time, characters in the reply box) at each screen update."""
    due: list[float] = field(default_factory=list)
    enter: float | None = None
    source: str = ""
    """Where the customer's reply came from ("chosen": the model chose it)."""


def percentiles(values: list[float], scale: float = 1.0) -> dict[str, float | int]:
    """p50/p90/p99/max (nearest rank), scaled (1000: milliseconds)."""
    ordered = sorted(values)
    if not ordered:
        return {"n": 0}

    def rank(share: float) -> float:
        return nearest_rank(ordered, share)

    return {
        "n": len(ordered),
        "p50": round(rank(0.5) * scale, 1 if scale > 1 else 3),
        "p90": round(rank(0.9) * scale, 1 if scale > 1 else 3),
        "p99": round(rank(0.99) * scale, 1 if scale > 1 else 3),
        "max": round(ordered[-1] * scale, 1 if scale > 1 else 3),
    }


def key_event(char: str) -> Any:
    """The Key event a terminal's driver makes for one typed character."""
    from textual import events
    from textual.keys import _character_to_key

    if char == "\n":
        return events.Key("enter", "\r")
    return events.Key(char if char.isalnum() else _character_to_key(char), char)


def typist(app: Any, watch: Watch, line: str, read_s: float, key_s: float) -> None:
    """Types `line` and Enter from its own thread, as a terminal's input thread would."""
    if not watch.opened_event.wait(120):
        return
    assert watch.opened is not None
    start = watch.opened + read_s
    driver = app._driver
    for index, char in enumerate([*line, "\n"]):
        due = start + index * key_s
        pause = due - time.perf_counter()
        if pause > 0:
            time.sleep(pause)
        if char == "\n":
            watch.enter = due
        else:
            watch.due.append(due)
        driver.process_message(key_event(char))


async def sample_loop(watch: Watch, stop: asyncio.Event) -> None:
    """How late a 10 ms sleep on the app's event loop wakes: what every frame waits behind."""
    while not stop.is_set():
        began = time.perf_counter()
        await asyncio.sleep(TICK_S)
        woke = time.perf_counter()
        watch.lags.append((began, woke, woke - began - TICK_S))


def typing_pause(watch: Watch, quiet_s: float) -> Callable[[], Awaitable[None]]:
    """A wait that returns once no key has been typed for `quiet_s` (0: at once).

    Tried and not kept: the app would hear the keys from the reply box; here they are heard
    as the typist types them.
    """

    async def until_quiet() -> None:
        while quiet_s > 0:
            now = time.perf_counter()
            typed = [due for due in list(watch.due) if due <= now]
            left = typed[-1] + quiet_s - now if typed else 0.0
            if left <= 0:
                return
            await asyncio.sleep(left)

    return until_quiet


def instrument(backend: Any, watch: Watch, until_quiet: Callable[[], Awaitable[None]]) -> None:
    """Record when the model reads ahead and when the reply's first piece arrives."""
    read_piece = backend._warm
    warm = backend.warm
    stream = backend.stream

    def timed_piece(text: str) -> None:
        began = time.perf_counter()
        try:
            read_piece(text)
        finally:
            watch.reading.append((began, time.perf_counter()))

    async def timed_warm(prompt: Any) -> None:
        await warm(prompt, until_quiet)
        watch.read_done = time.perf_counter()

    async def timed_stream(prompt: Any) -> Any:
        async for piece in stream(prompt):
            if watch.first_piece is None and piece.strip():
                watch.first_piece = time.perf_counter()
            yield piece

    backend._warm = timed_piece
    backend.warm = timed_warm
    backend.stream = timed_stream


def uninstrument(backend: Any) -> None:
    for name in ("_warm", "warm", "stream"):
        backend.__dict__.pop(name, None)


@contextmanager
def variant_patches(variant: Variant, watch: Watch) -> Iterator[None]:
    """The session's read-ahead as `variant` wants it, noting when the opening was said."""
    from dataclasses import replace

    from roleplay.sim import actor
    from roleplay.sim.speaking import CustomerVoice

    original = CustomerVoice.warm_up
    build_prompt = actor.build_prompt
    mark = f"Call {uuid.uuid4().hex[:8]}.\n"

    def unique_prompt(*args: Any, **kwargs: Any) -> Any:
        # The engine keeps earlier prompts in memory and restores the longest match; a mark of
        # its own at the start of each call's prompts makes every call read from nothing.
        prompt = build_prompt(*args, **kwargs)
        return replace(prompt, transcript=mark + prompt.transcript)

    def warm_up(self: Any, turns: Any) -> Any:
        if watch.opened is None:
            watch.opened = time.perf_counter()
            watch.opened_event.set()
        if not variant.read_ahead:
            return None
        return original(self, turns)

    with ExitStack() as stack:
        stack.enter_context(mock.patch.object(CustomerVoice, "warm_up", warm_up))
        stack.enter_context(mock.patch.object(actor, "build_prompt", unique_prompt))
        yield


async def until(condition: Callable[[], bool], limit_s: float = 120.0) -> None:
    """Wait without `pilot.pause()`, which would force extra screen refreshes."""
    deadline = time.perf_counter() + limit_s
    while not condition():
        if time.perf_counter() > deadline:
            raise RuntimeError("gave up waiting")
        await asyncio.sleep(0.005)


async def one_call(
    backend: Any, variant: Variant, scenario_id: str, args: argparse.Namespace
) -> Watch:
    """One call on the real call screen: the opening, a typed line, the customer's reply."""
    from roleplay.config import load_settings
    from roleplay.tui.app import build_app
    from roleplay.tui.screens.call import CallScreen
    from roleplay.workspace import find_workspace

    watch = Watch()
    instrument(backend, watch, typing_pause(watch, variant.quiet_s))
    backend.read_ahead_chars = variant.piece_chars
    app = build_app(
        settings=load_settings(backend="local"),
        workspace=find_workspace(),
        scenario_id=scenario_id,
        backend_factory=lambda progress: backend,
        remember=False,
    )
    stop = asyncio.Event()
    with variant_patches(variant, watch):
        async with app.run_test(size=(100, 32)):
            original = app._display

            def display(screen: Any, renderable: Any) -> None:
                if renderable is not None and isinstance(app.screen, CallScreen):
                    watch.frames.append((time.perf_counter(), len(app.screen.say.value)))
                original(screen, renderable)

            app._display = display  # type: ignore[method-assign]
            sampler = asyncio.create_task(sample_loop(watch, stop))
            thread = threading.Thread(
                target=typist,
                args=(app, watch, args.line, args.read_s, args.key_ms / 1000),
                daemon=True,
            )
            thread.start()
            await until(lambda: isinstance(app.screen, CallScreen))
            screen = app.screen
            assert isinstance(screen, CallScreen)
            await until(lambda: screen.session is not None)
            session = screen.session
            assert session is not None

            def answered() -> bool:
                speakers = [t.speaker for t in session.turns]
                return (
                    "trainee" in speakers
                    and speakers[-1] == "customer"
                    and not session.awaiting_reply
                    and not screen.streaming
                )

            await until(answered)
            stop.set()
            await sampler
            thread.join()
    uninstrument(backend)
    watch.source = session.turns[-1].source or ""
    return watch


def call_figures(watch: Watch) -> dict[str, Any]:
    """One call's raw figures (lags, key delays, first token) for the summary."""
    assert watch.opened is not None and watch.enter is not None
    begin, end = watch.opened, watch.enter
    lags = [lag for began, woke, lag in watch.lags if began >= begin and woke <= end]
    reading = [
        lag
        for began, woke, lag in watch.lags
        if began >= begin
        and woke <= end
        and any(began < stop and woke > start for start, stop in watch.reading)
    ]
    keys = []
    for index, due in enumerate(watch.due):
        shown = next((t for t, chars in watch.frames if t >= due and chars > index), None)
        if shown is not None:
            keys.append(shown - due)
    first = watch.first_piece - watch.enter if watch.first_piece is not None else None
    read_s = (watch.read_done - watch.opened) if watch.read_done is not None else None
    busy = sum(max(0.0, min(stop, end) - max(start, begin)) for start, stop in watch.reading)
    return {
        "lags": lags,
        "reading_lags": reading,
        "keys": keys,
        "keys_missed": len(watch.due) - len(keys),
        "first_token_s": first,
        "source": watch.source,
        "read_ahead_s": read_s,
        "read_before_enter": watch.read_done is not None and watch.read_done <= watch.enter,
        "reading_before_enter_s": busy,
        "pieces_before_enter": sum(start < end for start, _ in watch.reading),
    }


def summary(calls: list[dict[str, Any]]) -> dict[str, Any]:
    firsts = [c["first_token_s"] for c in calls if c["first_token_s"] is not None]
    reads = [c["read_ahead_s"] for c in calls if c["read_ahead_s"] is not None]
    sources: dict[str, int] = {}
    for c in calls:
        sources[c["source"]] = sources.get(c["source"], 0) + 1
    return {
        "timer_lag_ms": percentiles([x for c in calls for x in c["lags"]], 1000),
        "timer_lag_while_reading_ms": percentiles(
            [x for c in calls for x in c["reading_lags"]], 1000
        ),
        "key_to_screen_ms": percentiles([x for c in calls for x in c["keys"]], 1000),
        "keys_never_shown": sum(c["keys_missed"] for c in calls),
        "first_token_s": {
            **percentiles(firsts),
            "median": round(statistics.median(firsts), 3) if firsts else None,
        },
        "read_ahead": {
            "median_s": round(statistics.median(reads), 3) if reads else None,
            "finished_before_enter": sum(c["read_before_enter"] for c in calls),
            "median_reading_before_enter_s": round(
                statistics.median(c["reading_before_enter_s"] for c in calls), 2
            ),
            "median_pieces_before_enter": statistics.median(
                c["pieces_before_enter"] for c in calls
            ),
            "calls": len(calls),
        },
        "reply_sources": sources,
    }


async def run(args: argparse.Namespace) -> dict[str, Any]:
    from roleplay.config import LocalSettings
    from roleplay.llm.local_backend import LocalBackend
    from roleplay.workspace import find_workspace

    load_start = round(os.getloadavg()[0], 2)
    scenarios = args.scenario or sorted(find_workspace().library().scenarios)
    variants = [v for v in VARIANTS if not args.variant or v.name in args.variant]
    backends: dict[tuple[int | None, int], Any] = {}
    for variant in variants:
        key = (variant.batch_threads, variant.niceness)
        if key not in backends:
            backend = LocalBackend(LocalSettings(n_ctx=2048))
            backend.n_threads_batch = variant.batch_threads
            backend.niceness = variant.niceness
            backend.keep_loaded = True
            await backend.prepare()
            backends[key] = backend
    calls: dict[str, list[dict[str, Any]]] = {v.name: [] for v in variants}
    for call in range(args.calls):
        scenario_id = scenarios[call % len(scenarios)]
        order = variants if call % 2 == 0 else list(reversed(variants))
        for variant in order:
            backend = backends[(variant.batch_threads, variant.niceness)]
            watch = await one_call(backend, variant, scenario_id, args)
            got = call_figures(watch)
            calls[variant.name].append(got)
            first = got["first_token_s"]
            print(
                f"call {call + 1} {scenario_id} {variant.name}: first token "
                f"{first if first is None else round(first, 2)} ({got['source']}), "
                f"worst lag {max(got['lags'], default=0) * 1000:.0f} ms, "
                f"read ahead {got['read_ahead_s'] and round(got['read_ahead_s'], 2)} s, "
                f"reading before Enter {got['reading_before_enter_s']:.2f} s "
                f"({got['pieces_before_enter']} pieces)",
                file=sys.stderr,
                flush=True,
            )
    for backend in backends.values():
        backend.keep_loaded = False
        await backend.aclose()
    result: dict[str, Any] = {
        "benchmark": "screen_while_warming",
        "model": "embedded gemma-3-270m (xllamacpp, in-process)",
        "cpu_count": os.cpu_count(),
        "calls_per_variant": args.calls,
        "scenarios": scenarios,
        "line": args.line,
        "key_ms": args.key_ms,
        "read_s": args.read_s,
        "variants": {name: summary(got) for name, got in calls.items()},
    }
    sides = result["variants"]
    if "off" in sides and sides["off"]["first_token_s"].get("median"):
        base = sides["off"]["first_token_s"]
        result["first_token_vs_off"] = {
            name: {
                figure: round(s["first_token_s"][figure] / base[figure], 2)
                for figure in ("median", "p90")
                if s["first_token_s"].get(figure) and base.get(figure)
            }
            for name, s in sides.items()
        }
    result["load_average_1m"] = {"start": load_start, "end": round(os.getloadavg()[0], 2)}
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=8, help="calls per variant")
    parser.add_argument("--key-ms", type=float, default=80.0, help="between two keys")
    parser.add_argument("--read-s", type=float, default=0.0, help="before the first key")
    parser.add_argument("--line", default=LINE, help="the trainee's line")
    parser.add_argument("--variant", action="append", choices=[v.name for v in VARIANTS])
    parser.add_argument("--scenario", action="append", help="a bundled scenario id (repeatable)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        os.environ["ROLEPLAY_TRANSCRIPTS"] = str(Path(scratch) / "calls")
        os.environ["ROLEPLAY_CONFIG"] = str(Path(scratch) / "config.toml")
        print(json.dumps(asyncio.run(run(args)), indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
