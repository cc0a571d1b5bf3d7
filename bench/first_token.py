"""First customer words after the trainee's line, on the embedded model, for all 8 scenarios.

Each bundled scenario gets `--calls` calls of `--turns` trainee lines through CallSession and
the in-process embedded model (the app's default), in every variant, in one run:

- `reload_cache_off`: a new backend per call, the model loaded when the call starts, and
  llama.cpp's prompt cache off (every reply reads the whole call again);
- `reload_cache_on`: loaded per call, prompt cache on;
- `kept_cache_off`: one backend kept loaded across calls, prompt cache off;
- `kept_cache_on`: kept loaded, prompt cache on, the model first reading the call after the
  customer's first reply (the app before issue 13's start-of-call warm-up);
- `kept_cache_on_warm_start` (the app now): kept loaded, prompt cache on, and the model reads
  the customer's opening while the trainee types the first line, in pieces, its engine below
  the app's priority (issue 13's fix for the screen; bench/screen_while_warming.py);
- `kept_warm_start_read_whole_not_niced`: the same, reading ahead as before that fix (the whole
  call at once, the engine at the app's priority);
- `kept_warm_start_fitted_load`: the app's variant, loaded as before the loading-cue fix (with
  llama.cpp fitting the context to device memory, a trial load first; bench/model_load.py).

A turn's first-token time runs from the trainee's line to the first piece of the customer's
reply. Between lines the bench waits `--think` seconds, as a trainee reads and types (the
model may read ahead meanwhile). Turns the director answers in the author's words need no model;
they are counted in `all_turns` and left out of `model_turns`. The load wait at the start of a
call is reported apart (`load_s`); a kept backend pays it once.

Scenarios and variants are interleaved so a noisy machine weighs on each alike; the 1-minute
load average is printed (the target, p90 under 1.5 s, is for an idle 2-core machine).

    PYTHONPATH=. python bench/first_token.py [--calls 2] [--turns 4] [--think 1.5]
        [--scenario ID ...] [--variant NAME ...]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from unittest import mock

from figures import nearest_rank

from roleplay.config import LocalSettings
from roleplay.llm.local_backend import LocalBackend
from roleplay.scenarios.loader import load_library
from roleplay.scenarios.models import Cast
from roleplay.sim.events import Chunk, Said
from roleplay.sim.session import CallSession
from roleplay.workspace import bundled_library_dir

TRAINEE_LINES = [  # after the first two, most turns of every scenario are the model's choice
    "Hello, thank you for calling. I'm sorry to hear something has gone wrong.",
    "That sounds really frustrating. Can you tell me what happened?",
    "Okay.",
    "Right, I see.",
    "Let me just have a look at that for you.",
    "Could you tell me a little more about what you have tried so far?",
]
MODEL_SOURCES = frozenset({"chosen", "model", "retry", "fallback"})
TARGET_P90_S = 1.5


@dataclass(frozen=True)
class Variant:
    """How the embedded model is run for one set of calls."""

    name: str
    kept: bool
    cache: bool
    warm_start: bool
    read_ahead_before_13: bool = False
    """The read-ahead as before issue 13's screen fix: whole, the engine at the app's priority."""
    fitted_load: bool = False
    """Loaded with llama.cpp's fitting to device memory on, as before the loading-cue fix."""


VARIANTS = (
    Variant("reload_cache_off", kept=False, cache=False, warm_start=False),
    Variant("reload_cache_on", kept=False, cache=True, warm_start=False),
    Variant("kept_cache_off", kept=True, cache=False, warm_start=False),
    Variant("kept_cache_on", kept=True, cache=True, warm_start=False),
    Variant("kept_cache_on_warm_start", kept=True, cache=True, warm_start=True),
    Variant(
        "kept_warm_start_read_whole_not_niced",
        kept=True,
        cache=True,
        warm_start=True,
        read_ahead_before_13=True,
    ),
    Variant(
        "kept_warm_start_fitted_load", kept=True, cache=True, warm_start=True, fitted_load=True
    ),
)


@dataclass
class Figures:
    """What one variant measured, per scenario."""

    first: dict[str, list[float]] = field(default_factory=dict)
    model_first: dict[str, list[float]] = field(default_factory=dict)
    loads: list[float] = field(default_factory=list)
    sources: dict[str, int] = field(default_factory=dict)


def say(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def summary(values: list[float]) -> dict[str, float | int]:
    """Median and nearest-rank p90, in seconds."""
    ordered = sorted(values)
    if not ordered:
        return {"n": 0}
    p90 = nearest_rank(ordered, 0.9)
    return {
        "n": len(ordered),
        "median_s": round(statistics.median(ordered), 3),
        "p90_s": round(p90, 3),
        "max_s": round(ordered[-1], 3),
    }


class Backends:
    """A backend per call (reloaded), or one per variant kept for the whole run."""

    def __init__(self, settings: LocalSettings) -> None:
        self.settings = settings
        self.kept: dict[str, LocalBackend] = {}

    async def for_call(self, variant: Variant, figures: Figures) -> LocalBackend:
        backend = self.kept.get(variant.name) if variant.kept else None
        if backend is None:
            backend = LocalBackend(self.settings)
            backend.cache_prompt = variant.cache
            backend.keep_loaded = variant.kept
            if variant.read_ahead_before_13:
                backend.read_ahead_chars = None
                backend.niceness = 0
            backend.fit_to_memory = variant.fitted_load
            began = time.perf_counter()
            await backend.prepare()
            figures.loads.append(time.perf_counter() - began)
            if variant.kept:
                self.kept[variant.name] = backend
        return backend

    async def aclose(self) -> None:
        for backend in self.kept.values():
            backend.keep_loaded = False
            await backend.aclose()


async def one_call(
    cast: Cast, backend: LocalBackend, variant: Variant, args: argparse.Namespace, folder: Path
) -> list[tuple[float, str]]:
    """One call: (first-token seconds, source of the customer's line) per trainee turn."""
    session = CallSession(cast, backend, trainee="bench", transcripts=folder)  # type: ignore[arg-type]
    if variant.warm_start:
        await session.start()
    else:
        with mock.patch.object(CallSession, "_read_ahead", lambda self: None):
            await session.start()
    rows: list[tuple[float, str]] = []
    for index in range(args.turns):
        if session.ended:
            break
        await asyncio.sleep(args.think)
        began = time.perf_counter()
        first: float | None = None
        source = ""
        async for event in session.reply_to(TRAINEE_LINES[index % len(TRAINEE_LINES)]):
            if isinstance(event, Chunk) and first is None and event.text.strip():
                first = time.perf_counter() - began
            elif isinstance(event, Said):
                source = event.turn.source or ""
                if first is None:
                    first = time.perf_counter() - began
        assert first is not None
        rows.append((first, source))
    await session.aclose()
    return rows


async def run(args: argparse.Namespace) -> dict[str, Any]:
    load_start = round(os.getloadavg()[0], 2)
    root = bundled_library_dir()
    library = load_library(root / "scenarios", root / "personas")
    scenarios = args.scenario or sorted(library.scenarios)
    variants = [v for v in VARIANTS if not args.variant or v.name in args.variant]
    figures = {v.name: Figures() for v in variants}
    backends = Backends(LocalSettings(n_ctx=2048))
    with tempfile.TemporaryDirectory(prefix="roleplay-first-token-") as tmp:
        # A kept backend's previous call is always another scenario's, so no call starts with
        # its own opening already cached; the order of variants alternates call by call.
        for call in range(args.calls):
            for scenario_id in scenarios:
                cast = library.cast(scenario_id)
                for variant in variants if call % 2 == 0 else list(reversed(variants)):
                    got = figures[variant.name]
                    backend = await backends.for_call(variant, got)
                    rows = await one_call(cast, backend, variant, args, Path(tmp))
                    for seconds, source in rows:
                        got.first.setdefault(scenario_id, []).append(seconds)
                        got.sources[source] = got.sources.get(source, 0) + 1
                        if source in MODEL_SOURCES:
                            got.model_first.setdefault(scenario_id, []).append(seconds)
                    shown = ", ".join(f"{s:.2f} {src}" for s, src in rows)
                    say(f"{scenario_id} call {call + 1} {variant.name}: {shown}")
        await backends.aclose()

    def side(got: Figures) -> dict[str, Any]:
        every = [s for values in got.first.values() for s in values]
        model = [s for values in got.model_first.values() for s in values]
        return {
            "all_turns": summary(every),
            "model_turns": summary(model),
            "load_s": summary(got.loads),
            "per_scenario": {
                sid: {
                    "all_turns": summary(got.first.get(sid, [])),
                    "model_turns": summary(got.model_first.get(sid, [])),
                }
                for sid in scenarios
            },
            "customer_line_sources": got.sources,
        }

    result: dict[str, Any] = {
        "benchmark": "first_token",
        "model": "embedded gemma-3-270m (xllamacpp, in-process)",
        "scenarios": scenarios,
        "calls_per_scenario": args.calls,
        "turns_per_call": args.turns,
        "think_s": args.think,
        "cpu_count": os.cpu_count(),
        "variants": {name: side(got) for name, got in figures.items()},
    }
    sides = result["variants"]
    first = variants[0].name  # ratios against the first variant run (the slowest by default)
    for figure in ("median_s", "p90_s"):
        base = sides[first]["model_turns"].get(figure)
        result[f"model_turn_{figure}_vs_{first}"] = {
            name: round(s["model_turns"][figure] / base, 2)
            for name, s in sides.items()
            if base and s["model_turns"].get(figure)
        }
    result["target"] = {"model_turns_p90_under_s": TARGET_P90_S, "on": "an idle 2-core machine"}
    result["load_average_1m"] = {"start": load_start, "end": round(os.getloadavg()[0], 2)}
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=2)
    parser.add_argument("--turns", type=int, default=4)
    parser.add_argument("--think", type=float, default=1.5, help="seconds between lines")
    parser.add_argument("--scenario", action="append", help="a bundled scenario id (repeatable)")
    parser.add_argument("--variant", action="append", choices=[v.name for v in VARIANTS])
    args = parser.parse_args()
    print(json.dumps(asyncio.run(run(args)), indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
