"""Turn latency: how long a trainee waits for the customer, and what our layers add.

Starts a real llama_cpp.server with the bundled model, then in the same run:
  1. plays N trainee turns through CallSession + the openai backend (completions), timing each
     turn from submit to the customer's first streamed text and to the end of the line (which
     includes the actor's checks and any retry of a line that failed them);
  2. replays the prompts the session sent, in the same order, straight to the server with the
     bare `openai` client (completions, stream=True); session / direct medians = our overhead;
  3. sends each prompt at temperature 0 through our backend and the bare client, interleaved,
     with the server's prompt cache emptied before each: the transport layer's own overhead;
  4. measures the local backend's tokens per second in this process.
Prints one JSON object on stdout (progress goes to stderr). The 1-minute load average is
included: on a shared 2-core machine it explains most of the spread.

    python bench/turn_latency.py [--turns 6] [--scenario ID] [--local-tokens 64]
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
from collections.abc import AsyncIterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import openai

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))  # the server launcher

from figures import nearest_rank
from support.local_server import LocalServer, start_server

from roleplay.config import LocalSettings, OpenAISettings
from roleplay.llm.base import Prompt
from roleplay.llm.model_file import ensure_model
from roleplay.llm.openai_backend import OpenAIBackend
from roleplay.scenarios.loader import load_library
from roleplay.scenarios.models import Cast
from roleplay.sim.events import Chunk, Said
from roleplay.sim.session import CallSession
from roleplay.workspace import bundled_library_dir

TRAINEE_LINES = [
    "Hello, thank you for calling. I'm sorry to hear something has gone wrong.",
    "That sounds really frustrating. Can you tell me what happened?",
    "Thank you for explaining. When did this start?",
    "I understand. Let me take ownership of this and look at your account now.",
    "Could you tell me a little more about what you have tried so far?",
    "Here is what I can do: I will fix this today and call you back to confirm.",
    "Is there anything else that is worrying you about this?",
    "I'll explain the next steps so you know exactly what happens.",
]


def say(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def summary(values: list[float]) -> dict[str, float | int]:
    """Median and p90 (nearest rank) in seconds."""
    ordered = sorted(values)
    if not ordered:
        return {"n": 0}
    p90 = nearest_rank(ordered, 0.9)
    return {
        "n": len(ordered),
        "median_s": round(statistics.median(ordered), 4),
        "p90_s": round(p90, 4),
    }


class Recording(OpenAIBackend):
    """The openai backend, keeping every prompt it was asked so they can be replayed directly."""

    def __init__(self, settings: OpenAISettings) -> None:
        super().__init__(settings)
        self.prompts: list[Prompt] = []

    async def stream(self, prompt: Prompt) -> AsyncIterator[str]:
        self.prompts.append(prompt)
        async for piece in super().stream(prompt):
            yield piece


WARM_UP = Prompt("", [], "Hello.", max_tokens=4)
FLUSH = Prompt("", [], "Unrelated words, so the next prompt shares no cached prefix.", max_tokens=1)


def client_for(server: LocalServer) -> openai.AsyncOpenAI:
    """A bare openai client for the server, with no retries of its own."""
    return openai.AsyncOpenAI(base_url=server.base_url, api_key="none", max_retries=0)


def pick_cast(scenario_id: str | None) -> Cast:
    root = bundled_library_dir()
    library = load_library(root / "scenarios", root / "personas")
    if not library.scenarios:
        from support.sim_cast import make_cast

        return make_cast()
    return library.cast(scenario_id or sorted(library.scenarios)[0])


async def session_turns(
    server: LocalServer, cast: Cast, turns: int, folder: Path
) -> tuple[dict[str, Any], list[Prompt]]:
    """N trainee turns through CallSession; new calls are started when one ends."""
    settings = OpenAISettings(
        base_url=server.base_url, model=server.model, api="completions", timeout_s=60
    )
    backend = Recording(settings)
    first: list[float] = []
    end: list[float] = []
    sources: dict[str, int] = {}
    calls = 0
    session: CallSession | None = None
    for index in range(turns):
        if session is None or session.ended:
            session = CallSession(cast, backend, trainee="bench", transcripts=folder)
            await session.start()
            calls += 1
        began = time.perf_counter()
        first_at: float | None = None
        async for event in session.reply_to(TRAINEE_LINES[index % len(TRAINEE_LINES)]):
            if isinstance(event, Chunk) and first_at is None:
                first_at = time.perf_counter() - began
            elif isinstance(event, Said):
                end.append(time.perf_counter() - began)
                sources[event.turn.source] = sources.get(event.turn.source, 0) + 1
        first.append(first_at if first_at is not None else end[-1])
        say(f"  session turn {index + 1}: first {first[-1]:.3f} s, line {end[-1]:.3f} s")
    await backend.aclose()
    return {
        "first_token": summary(first),
        "end_of_line": summary(end),
        "calls": calls,
        "model_requests": len(backend.prompts),
        "customer_line_sources": sources,
    }, backend.prompts


async def timed(pieces: AsyncIterator[str]) -> tuple[float, float, int]:
    """Seconds to the first non-empty text and to the end, and how many pieces came."""
    began = time.perf_counter()
    first: float | None = None
    count = 0
    async for piece in pieces:
        count += 1
        if first is None and piece:
            first = time.perf_counter() - began
    total = time.perf_counter() - began
    return (first if first is not None else total), total, count


async def direct_stream(
    client: openai.AsyncOpenAI, model: str, prompt: Prompt
) -> AsyncIterator[str]:
    """One streamed completion with the bare openai client, yielding text like a backend."""
    stream = await client.completions.create(
        model=model,
        prompt=prompt.transcript,
        stop=prompt.stop or None,
        max_tokens=prompt.max_tokens,
        temperature=prompt.temperature,
        stream=True,
    )
    async for chunk in stream:
        yield chunk.choices[0].text if chunk.choices else ""


async def replay(server: LocalServer, prompts: list[Prompt]) -> dict[str, Any]:
    """The session's prompts again, in the same order, straight to the server with the bare
    client: the server's prompt cache then sees what it saw during the session."""
    client = client_for(server)
    # The session's first request followed the warm-up; so does the replay's.
    await timed(direct_stream(client, server.model, WARM_UP))
    rows = [await timed(direct_stream(client, server.model, prompt)) for prompt in prompts]
    await client.close()
    return {
        "first_token": summary([r[0] for r in rows]),
        "end_of_request": summary([r[1] for r in rows]),
    }


async def overhead(server: LocalServer, prompts: list[Prompt]) -> dict[str, Any]:
    """The same prompts through our backend and the bare client, interleaved, at temperature 0.

    Greedy decoding makes both sides generate the same tokens; an unrelated request before each
    measured one empties the server's prompt cache, so neither side inherits the other's work;
    alternating which side goes first spreads any background load over both.
    """
    settings = OpenAISettings(
        base_url=server.base_url, model=server.model, api="completions", timeout_s=60
    )
    ours = OpenAIBackend(settings)
    client = client_for(server)
    results: dict[str, list[tuple[float, float, int]]] = {"ours": [], "direct": []}
    for index, original in enumerate(prompts):
        prompt = replace(original, temperature=0.0)
        sides = [("ours", lambda p=prompt: ours.stream(p)),
                 ("direct", lambda p=prompt: direct_stream(client, server.model, p))]  # fmt: skip
        for name, make in sides if index % 2 == 0 else reversed(sides):
            await timed(direct_stream(client, server.model, FLUSH))
            results[name].append(await timed(make()))
    await ours.aclose()
    await client.close()

    def side(name: str) -> dict[str, Any]:
        rows = results[name]
        return {
            "first_token": summary([r[0] for r in rows]),
            "end_of_request": summary([r[1] for r in rows]),
            "pieces": sum(r[2] for r in rows),
        }

    return {"openai_backend": side("ours"), "direct_openai_client": side("direct")}


async def local_speed(prompt: Prompt, tokens: int) -> dict[str, Any]:
    """Tokens per second of the embedded model in this process (after it has loaded)."""
    from roleplay.llm.local_backend import LocalBackend

    backend = LocalBackend(LocalSettings(n_ctx=2048))
    began = time.perf_counter()
    await backend.prepare()
    load_s = time.perf_counter() - began
    free = Prompt(
        system="", messages=[], transcript=prompt.transcript, max_tokens=tokens, temperature=0.8
    )
    runs = []
    for _ in range(4):
        began = time.perf_counter()
        stamps = [time.perf_counter() - began async for _piece in backend.stream(free)]
        if len(stamps) > 1:
            runs.append((len(stamps) - 1) / (stamps[-1] - stamps[0]))
    await backend.aclose()
    # The first run after loading pays for paging the weights in; it is reported, not counted.
    steady = runs[1:]
    return {
        "load_s": round(load_s, 3),
        "tokens_per_s": round(statistics.median(steady), 2) if steady else None,
        "first_run_tokens_per_s": round(runs[0], 2) if runs else None,
        "runs": [round(r, 2) for r in runs],
        "max_tokens": tokens,
    }


async def run(args: argparse.Namespace) -> dict[str, Any]:
    load_start = round(os.getloadavg()[0], 2)
    cast = pick_cast(args.scenario)
    model_path = ensure_model(say)
    with tempfile.TemporaryDirectory(prefix="roleplay-bench-") as tmp:
        folder = Path(tmp)
        say("starting llama_cpp.server …")
        with start_server(model_path, folder / "server.log", n_ctx=2048) as server:
            say("warming up …")
            await timed(direct_stream(client_for(server), server.model, WARM_UP))
            say(f"{args.turns} turns through CallSession + openai backend …")
            session, prompts = await session_turns(server, cast, args.turns, folder / "transcripts")
            say(f"the same {len(prompts)} prompts replayed with the bare openai client …")
            replayed = await replay(server, prompts)
            say("our backend vs the bare client, same prompts at temperature 0, interleaved …")
            compared = await overhead(server, prompts)
        say("local backend in-process …")
        local = await local_speed(prompts[0], args.local_tokens)

    def ratio(a: dict[str, Any], b: dict[str, Any]) -> float | None:
        if not a.get("median_s") or not b.get("median_s"):
            return None
        return round(a["median_s"] / b["median_s"], 3)

    ours, direct = compared["openai_backend"], compared["direct_openai_client"]
    return {
        "benchmark": "turn_latency",
        "scenario": cast.scenario.id,
        "model": model_path.name,
        "turns": args.turns,
        "load_average_1m": {"start": load_start, "end": round(os.getloadavg()[0], 2)},
        "cpu_count": os.cpu_count(),
        "session": session,
        "direct_replay_same_order": replayed,
        "backend_vs_client_temperature_0": compared,
        "overhead_ratio": {
            "session_first_token_vs_direct": ratio(session["first_token"], replayed["first_token"]),
            "session_end_of_line_vs_direct": ratio(
                session["end_of_line"], replayed["end_of_request"]
            ),
            "backend_first_token_vs_client": ratio(ours["first_token"], direct["first_token"]),
            "backend_end_vs_client": ratio(ours["end_of_request"], direct["end_of_request"]),
        },
        "local_backend": local,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--turns", type=int, default=6)
    parser.add_argument("--scenario", default=None, help="a bundled scenario id")
    parser.add_argument("--local-tokens", type=int, default=64)
    args = parser.parse_args()
    print(json.dumps(asyncio.run(run(args)), indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
