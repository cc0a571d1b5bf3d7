"""Many trainees on one model server: first-token times with N simultaneous scripted trainees.

The deployment `roleplay serve` documents: every browser session's call talks to one
OpenAI-compatible endpoint. Here that endpoint is `python -m llama_cpp.server` with the bundled
model on this machine, started with `--interrupt_requests False` as documented (its default cuts
a streaming reply off whenever another request arrives: `--interrupt-requests` keeps it),
and N scripted trainees (CallSession + the openai backend, as each app process runs it) take
calls at once, each saying the same scripted lines with a short pause to
"read" between them. For N = 1, 4, 16 (by default) it prints, per N:
  - first-token time percentiles (p50, p90, p99, max) over the turns the model answered, and
    over every turn (authored answers need no model and come at once);
  - how unevenly the trainees were served (slowest trainee's median / fastest trainee's median);
  - whether the server's endpoint check (`roleplay.serve.health`) reported saturation while
    the N trainees were talking.
One JSON object on stdout; progress on stderr. The 1-minute load average is included: on a
shared 2-core machine it explains much of the spread.

    python bench/serve_load.py [--trainees 1,4,16] [--turns 3] [--think 1.0]
                               [--interrupt-requests]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))  # the server launcher

from figures import nearest_rank
from support.local_server import LocalServer, start_server

from roleplay.config import OpenAISettings
from roleplay.llm.base import BackendError
from roleplay.llm.model_file import ensure_model
from roleplay.llm.openai_backend import OpenAIBackend
from roleplay.scenarios.loader import load_library
from roleplay.scenarios.models import Cast
from roleplay.serve.health import EndpointHealth, probe_openai
from roleplay.sim.events import Chunk, Said
from roleplay.sim.session import CallSession
from roleplay.workspace import bundled_library_dir

SCRIPT = [
    "Hello, thank you for calling, my name is Sam. How can I help you today?",
    "I'm sorry to hear that, it sounds really frustrating. Can you tell me what happened?",
    "Thank you for explaining. I'll take ownership of this and look at your account now.",
    "Could you tell me a little more about what you have tried so far?",
    "Here is what I can do: I will sort this out today and call you back to confirm.",
]
MODEL_SOURCES = {"model", "retry", "fallback"}


def say(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def percentiles(values: list[float]) -> dict[str, float | int]:
    """p50, p90, p99 and max (nearest rank), in seconds."""
    ordered = sorted(values)
    if not ordered:
        return {"n": 0}

    def rank(p: float) -> float:
        return nearest_rank(ordered, p)

    return {
        "n": len(ordered),
        "p50_s": round(rank(0.5), 3),
        "p90_s": round(rank(0.9), 3),
        "p99_s": round(rank(0.99), 3),
        "max_s": round(ordered[-1], 3),
    }


def casts() -> list[Cast]:
    root = bundled_library_dir()
    library = load_library(root / "scenarios", root / "personas")
    return [library.cast(sid) for sid in sorted(library.scenarios)]


async def trainee(
    number: int, cast: Cast, settings: OpenAISettings, turns: int, think_s: float, folder: Path
) -> list[tuple[float, str]]:
    """One scripted trainee's call: (first-token seconds, customer line source) per turn."""
    rng = random.Random(number)
    backend = OpenAIBackend(settings)
    session = CallSession(cast, backend, trainee=f"trainee-{number}", transcripts=folder)
    rows: list[tuple[float, str]] = []
    try:
        await asyncio.sleep(rng.uniform(0, think_s))  # people do not all press Enter together
        await session.start()
        for index in range(turns):
            if session.ended:
                break
            await asyncio.sleep(think_s * rng.uniform(0.5, 1.5))
            began = time.perf_counter()
            first: float | None = None
            try:
                async for event in session.reply_to(SCRIPT[index % len(SCRIPT)]):
                    if isinstance(event, Chunk) and first is None and event.text:
                        first = time.perf_counter() - began
                    elif isinstance(event, Said):
                        done = time.perf_counter() - began
                        rows.append((first if first is not None else done, event.turn.source))
            except BackendError as exc:
                say(f"  trainee {number}: {exc}")
                rows.append((time.perf_counter() - began, "failed"))
                break
    finally:
        await session.aclose()
    return rows


async def one_level(
    server: LocalServer, n: int, turns: int, think_s: float, cast_list: list[Cast]
) -> dict[str, Any]:
    # Patient settings, so the figures show the queue itself; `over_default_deadline` counts
    # the turns a deployment's default reply deadline would have cut short.
    settings = OpenAISettings(
        base_url=server.base_url,
        model=server.model,
        api="completions",
        timeout_s=300,
        reply_deadline_s=900,
    )
    health = EndpointHealth(
        server.base_url, lambda: probe_openai(server.base_url, "none", server.model)
    )
    with tempfile.TemporaryDirectory() as folder:
        began = time.perf_counter()
        tasks = [
            asyncio.create_task(
                trainee(i, cast_list[i % len(cast_list)], settings, turns, think_s, Path(folder))
            )
            for i in range(n)
        ]
        await asyncio.sleep(think_s * 2)
        probe = await health.check()  # what `roleplay serve` would see mid-load
        results = await asyncio.gather(*tasks)
        wall = time.perf_counter() - began
    every = [t for rows in results for t, source in rows if source != "failed"]
    failed = sum(1 for rows in results for _, source in rows if source == "failed")
    deadline = OpenAISettings().reply_deadline_s
    model = [t for rows in results for t, source in rows if source in MODEL_SOURCES]
    medians = [
        statistics.median([t for t, s in rows if s in MODEL_SOURCES])
        for rows in results
        if any(s in MODEL_SOURCES for _, s in rows)
    ]
    fairness = round(max(medians) / min(medians), 2) if len(medians) > 1 and min(medians) else None
    return {
        "trainees": n,
        "turns": len(every),
        "model_turns": percentiles(model),
        "all_turns": percentiles(every),
        "failed_turns": failed,
        "over_default_deadline": sum(1 for t in every if t > deadline),
        "slowest_over_fastest_trainee_median": fairness,
        "endpoint_check": {
            "first_token_s": round(probe.first_token_s, 3) if probe.first_token_s else None,
            "problem": probe.problem,
            "saturated": health.saturated,
        },
        "wall_s": round(wall, 1),
        "load_1min": round(os.getloadavg()[0], 2),
    }


async def run(levels: list[int], turns: int, think_s: float, interrupt: bool) -> dict[str, Any]:
    model_path = ensure_model()
    cast_list = casts()
    with tempfile.TemporaryDirectory() as logs:
        say("starting llama_cpp.server with the bundled model…")
        extra = () if interrupt else ("--interrupt_requests", "False")
        server = start_server(model_path, Path(logs) / "server.log", n_ctx=4096, extra_args=extra)
        try:
            rows = []
            for n in levels:
                say(f"{n} simultaneous trainee(s), {turns} turns each…")
                row = await one_level(server, n, turns, think_s, cast_list)
                say(f"  {json.dumps(row)}")
                rows.append(row)
        finally:
            server.stop()
    return {
        "bench": "serve_load",
        "endpoint": "llama_cpp.server, bundled model, completions",
        "interrupt_requests": interrupt,
        "cpus": os.cpu_count(),
        "turns_per_trainee": turns,
        "think_s": think_s,
        "levels": rows,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--trainees", default="1,4,16", help="comma-separated N values")
    parser.add_argument("--turns", type=int, default=3, help="trainee lines per call")
    parser.add_argument("--think", type=float, default=1.0, help="seconds between lines")
    parser.add_argument(
        "--interrupt-requests",
        action="store_true",
        help="keep llama_cpp.server's default, which cuts a streaming reply off whenever "
        "another request arrives (the documented deployment turns it off)",
    )
    args = parser.parse_args()
    levels = [int(n) for n in args.trainees.split(",") if n.strip()]
    result = run(levels, args.turns, args.think, args.interrupt_requests)
    print(json.dumps(asyncio.run(result), indent=2))


if __name__ == "__main__":
    main()
