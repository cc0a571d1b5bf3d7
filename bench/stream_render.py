"""Streaming render speed: 2,000 tokens at full speed through the call screen, headless.

In the same run, the same tokens go through a plain Textual `Markdown` widget fed by
`Markdown.get_stream` (the baseline: what Textual itself manages). For each, it reports tokens
per second (first token to the complete line on screen), the number of screen updates and the
longest stall between two screen updates while the tokens arrive. Prints one JSON object.

    python bench/stream_render.py [--tokens 2000] [--rounds 3] [--scenario ID]
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import json
import os
import statistics
import sys
import tempfile
import time
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel
from textual.app import App, ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Input, Markdown

SENTENCE = (
    "I have been waiting on this for three days and nobody has rung me back even once "
    "so forgive me if I sound short with you because my daughter has an exam on Thursday "
    "and the router keeps flashing red at me"
)


def make_tokens(count: int) -> list[str]:
    """Word-sized tokens with a leading space, like a model streams; a paragraph every 80."""
    words = SENTENCE.split()
    tokens = []
    for i in range(count):
        word = words[i % len(words)]
        if i % 80 == 79:
            tokens.append(f" {word}.\n\n")
        elif i % 17 == 0:
            tokens.append(f" **{word}**")
        else:
            tokens.append(f" {word}")
    return tokens


class Frames:
    """Records when the app hands a screen update to its (headless) driver."""

    def __init__(self, app: App[Any]) -> None:
        self.times: list[float] = []
        original: Callable[..., None] = app._display

        def display(screen: Any, renderable: Any) -> None:
            if renderable is not None:
                self.times.append(time.perf_counter())
            original(screen, renderable)

        app._display = display  # type: ignore[method-assign]

    def figures(self, start: float, end: float, tokens: int) -> dict[str, float | int]:
        inside = [t for t in self.times if start <= t <= end]
        marks = [start, *inside, end]
        gaps = [b - a for a, b in itertools.pairwise(marks)]
        return {
            "tokens_per_s": round(tokens / (end - start), 1),
            "seconds": round(end - start, 3),
            "screen_updates": len(inside),
            "longest_stall_ms": round(max(gaps) * 1000, 1),
            "median_gap_ms": round(statistics.median(gaps) * 1000, 1),
        }


class FloodBackend:
    """Streams the given tokens with no delay at all (the fastest a model could ever be)."""

    name = "bench"
    model = "flood"
    mode: Literal["scripted"] = "scripted"
    can_judge = False
    can_choose = False

    def __init__(self, tokens: list[str]) -> None:
        self.tokens = tokens
        self.first_token_at: float | None = None

    async def stream(self, prompt: Any) -> AsyncIterator[str]:
        for token in self.tokens:
            if self.first_token_at is None:
                self.first_token_at = time.perf_counter()
            yield token

    async def complete_json(self, system: str, user: str, schema: type[BaseModel]) -> Any:
        raise NotImplementedError

    async def aclose(self) -> None:
        return None


async def until(condition: Callable[[], bool], pilot: Any) -> None:
    """Wait without `pilot.pause()`, which would force an extra screen refresh per poll."""
    for _ in range(60_000):
        if condition():
            return
        await asyncio.sleep(0.005)
    raise RuntimeError("gave up waiting")


async def through_call_screen(tokens: list[str], scenario_id: str | None) -> dict[str, Any]:
    """One reply of `tokens` streamed into the real call screen (session, transcript and all)."""
    from roleplay.config import load_settings
    from roleplay.tui.app import build_app
    from roleplay.tui.screens.call import CallScreen
    from roleplay.tui.widgets.conversation import CustomerLine
    from roleplay.workspace import find_workspace

    workspace = find_workspace()
    scenarios = sorted(workspace.library().scenarios)
    if not scenarios:
        raise SystemExit("no scenarios in the workspace; set ROLEPLAY_HOME or pass --scenario")
    backend = FloodBackend(tokens)
    app = build_app(
        settings=load_settings(backend="scripted"),
        workspace=workspace,
        scenario_id=scenario_id or scenarios[0],
        backend_factory=lambda progress: backend,
        remember=False,
    )
    async with app.run_test(size=(100, 32)) as pilot:
        await until(lambda: isinstance(app.screen, CallScreen), pilot)
        screen = app.screen
        assert isinstance(screen, CallScreen)
        await until(lambda: screen.session is not None, pilot)
        await pilot.pause()
        frames = Frames(app)
        line = "Could you tell me what happened?"
        screen.say.value = line
        await screen._send(Input.Submitted(screen.say, line))
        await until(lambda: screen.streaming, pilot)
        await until(
            lambda: (
                not screen.streaming
                and not any(line.streaming for line in screen.query(CustomerLine))
            ),
            pilot,
        )
        end = time.perf_counter()
        shown = [line.text for line in screen.query(CustomerLine)][-1]
    assert backend.first_token_at is not None
    result = frames.figures(backend.first_token_at, end, len(tokens))
    result["complete"] = " ".join(shown.split()) == " ".join("".join(tokens).split())
    return result


class PlainMarkdownApp(App[None]):
    """The baseline: one Markdown widget in an anchored scroll, nothing else."""

    def compose(self) -> ComposeResult:
        with VerticalScroll() as scroll:
            scroll.anchor()
            yield Markdown()


async def through_plain_markdown(tokens: list[str]) -> dict[str, Any]:
    """The same tokens through `Markdown.get_stream`, as fast as it takes them."""
    app = PlainMarkdownApp()
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.pause()
        markdown = app.query_one(Markdown)
        frames = Frames(app)
        stream = Markdown.get_stream(markdown)
        start = time.perf_counter()
        for token in tokens:
            await stream.write(token)
        await stream.stop()
        end = time.perf_counter()
        shown = markdown.source
    result = frames.figures(start, end, len(tokens))
    result["complete"] = " ".join(shown.split()) == " ".join("".join(tokens).split())
    return result


def summarise(rounds: list[dict[str, Any]]) -> dict[str, Any]:
    keys = ("tokens_per_s", "longest_stall_ms", "screen_updates", "median_gap_ms")
    summary: dict[str, Any] = {
        f"median_{key}": statistics.median(r[key] for r in rounds) for key in keys
    }
    summary["worst_stall_ms"] = max(r["longest_stall_ms"] for r in rounds)
    summary["all_complete"] = all(r["complete"] for r in rounds)
    summary["rounds"] = rounds
    return summary


async def main(args: argparse.Namespace) -> dict[str, Any]:
    tokens = make_tokens(args.tokens)
    plain: list[dict[str, Any]] = []
    call: list[dict[str, Any]] = []
    for i in range(args.rounds):
        print(f"round {i + 1}/{args.rounds}", file=sys.stderr)
        plain.append(await through_plain_markdown(tokens))
        call.append(await through_call_screen(tokens, args.scenario))
    call_s, plain_s = summarise(call), summarise(plain)
    return {
        "benchmark": "stream_render",
        "tokens": len(tokens),
        "rounds": args.rounds,
        "terminal": "100x32 headless",
        "call_screen": call_s,
        "plain_markdown_stream": plain_s,
        "call_vs_plain_tokens_per_s": round(
            call_s["median_tokens_per_s"] / plain_s["median_tokens_per_s"], 2
        ),
    }


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tokens", type=int, default=2000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--scenario", default=None, help="scenario id (default: the first)")
    arguments = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        os.environ.setdefault("ROLEPLAY_TRANSCRIPTS", str(Path(scratch) / "calls"))
        os.environ["ROLEPLAY_CONFIG"] = str(Path(scratch) / "config.toml")
        print(json.dumps(asyncio.run(main(arguments)), indent=2))
