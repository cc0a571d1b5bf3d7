"""Streaming render speed: 2,000 tokens at full speed through the call screen, headless.

In the same run, the same tokens go through a plain Textual `Markdown` widget fed by
`Markdown.get_stream` (the baseline: what Textual itself manages), and through the call screen
with its customer line as it was before issue 13 (`before`: one `MarkdownStream` append each time
the stream wakes, a new Markdown parser per append, full garbage sweeps whenever they fell, the
whole line restyled when it finishes). For each, it reports tokens per second (first token to
the complete line on screen), the number of screen updates and the gaps between two screen
updates while the tokens arrive (p50/p90/p99 and the longest stall), in wall time and in the
app thread's own CPU time (`cpu_*`: what a frame waited for, whatever the machine's load).
Prints one JSON object; rounds alternate between the three so a noisy machine weighs on each
alike.

    PYTHONPATH=. python bench/stream_render.py [--tokens 2000] [--rounds 3] [--pace 0]
        [--scenario ID]

`--pace 40` streams at 40 tokens a second, like a model: tokens/s is then the pace for all
three, and the frame gaps are what a person watching the line sees. `--first-token-after 0.3`
holds the first token back as a model does while it reads the prompt: the screen's own work on
sending a line (the footer's keys change with the phase) then falls before the first token, as
it does in a real call, instead of in the same frame. The figures still start at the first token.
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
from collections.abc import AsyncIterator, Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Literal
from unittest import mock

import roleplay.tui  # noqa: F401  (sets the frame rate the apps draw at, before textual loads)

# isort: split
from figures import nearest_rank
from textual import constants
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
        self.cpu: list[float] = []
        original: Callable[..., None] = app._display

        def display(screen: Any, renderable: Any) -> None:
            if renderable is not None:
                self.times.append(time.perf_counter())
                self.cpu.append(time.thread_time())
            original(screen, renderable)

        app._display = display  # type: ignore[method-assign]

    def figures(
        self, start: float, end: float, tokens: int, cpu_s: float, cpu_marks: tuple[float, float]
    ) -> dict[str, float | int]:
        inside = [t for t in self.times if start <= t <= end]
        marks = [start, *inside, end]
        timed = sorted(((b - a, a - start) for a, b in itertools.pairwise(marks)), reverse=True)
        gaps = sorted(gap for gap, _ in timed)
        cpu_inside = [c for t, c in zip(self.times, self.cpu, strict=True) if start <= t <= end]
        cpu_gaps = sorted(
            b - a for a, b in itertools.pairwise([cpu_marks[0], *cpu_inside, cpu_marks[1]])
        )
        return {
            "tokens_per_s": round(tokens / (end - start), 1),
            "seconds": round(end - start, 3),
            "screen_updates": len(inside),
            "longest_stall_ms": round(gaps[-1] * 1000, 1),
            "median_gap_ms": round(statistics.median(gaps) * 1000, 1),
            "p90_gap_ms": round(nearest_rank(gaps, 0.90) * 1000, 1),
            "p99_gap_ms": round(nearest_rank(gaps, 0.99) * 1000, 1),
            "gaps_over_50ms": sum(gap > 0.050 for gap in gaps),
            "gaps": len(gaps),
            # Where the three longest gaps began, in seconds after the first token (0 is the
            # first token's own frame; the line's end is at `seconds`).
            "longest_stalls_at_s": [[round(gap * 1000, 1), round(at, 3)] for gap, at in timed[:3]],
            # The app thread's own CPU time between two screen updates: the work a frame waited
            # for, whatever else the machine was doing (on an idle machine, about the wall gap).
            "cpu_median_gap_ms": round(statistics.median(cpu_gaps) * 1000, 1),
            "cpu_p90_gap_ms": round(nearest_rank(cpu_gaps, 0.90) * 1000, 1),
            "cpu_p99_gap_ms": round(nearest_rank(cpu_gaps, 0.99) * 1000, 1),
            "cpu_longest_stall_ms": round(cpu_gaps[-1] * 1000, 1),
            "cpu_gaps_over_50ms": sum(gap > 0.050 for gap in cpu_gaps),
            # The share of one core the app's thread got: on a busy machine every gap above
            # is stretched by about 1 / cpu_share.
            "cpu_share": round(cpu_s / (end - start), 2),
        }


class FloodBackend:
    """Streams the given tokens with no delay at all (the fastest a model could ever be)."""

    name = "bench"
    model = "flood"
    mode: Literal["scripted"] = "scripted"
    can_choose = False

    def __init__(self, tokens: list[str], pace: float = 0.0, first_after: float = 0.0) -> None:
        self.tokens = tokens
        self.pace = pace
        self.first_after = first_after
        self.first_token_at: float | None = None
        self.first_token_cpu = 0.0

    async def stream(self, prompt: Any) -> AsyncIterator[str]:
        if self.first_after:
            await asyncio.sleep(self.first_after)
        for token in self.tokens:
            if self.first_token_at is None:
                self.first_token_at = time.perf_counter()
                self.first_token_cpu = time.thread_time()
            elif self.pace:
                await asyncio.sleep(1 / self.pace)
            yield token

    async def aclose(self) -> None:
        return None


@contextmanager
def customer_line_before_issue_13() -> Iterator[None]:
    """The call screen's customer line as it streamed before issue 13, for the same-run compare."""
    from textual.widgets import Label
    from textual.widgets.markdown import MarkdownStream

    from roleplay.tui.widgets.conversation import CustomerLine

    def compose(self: Any) -> ComposeResult:
        yield Label(self._label(), classes="speaker")
        yield Markdown(self._initial, classes="body")

    async def write(self: Any, fragment: str) -> None:
        if getattr(self, "_stream", None) is None:
            self._stream = Markdown.get_stream(self.query_one(Markdown))
        await self._stream.write(fragment)

    async def stop(self: Any) -> None:
        stream: MarkdownStream | None = getattr(self, "_stream", None)
        if stream is not None:
            self._stream = None
            await stream.stop()

    async def finish(self: Any, text: str) -> None:
        await self._stop()
        body = self.query_one(Markdown)
        if body.source != text:
            await body.update(text)
        self.streaming = False
        self.remove_class("-streaming")
        self.query_one(".speaker", Label).update(self._label())

    def nothing(self: Any) -> None:
        """Nor did a streaming line hold full garbage sweeps back."""

    replaced = {
        "compose": compose,
        "write": write,
        "_stop": stop,
        "finish": finish,
        "on_mount": nothing,
        "on_unmount": nothing,
    }
    saved = {name: CustomerLine.__dict__[name] for name in replaced}
    for name, method in replaced.items():
        setattr(CustomerLine, name, method)
    try:
        # Nor did the call screen keep what it had loaded out of the collector's full sweeps.
        with mock.patch("gc.freeze"):
            yield
    finally:
        for name, method in saved.items():
            setattr(CustomerLine, name, method)


async def until(condition: Callable[[], bool], pilot: Any) -> None:
    """Wait without `pilot.pause()`, which would force an extra screen refresh per poll."""
    for _ in range(60_000):
        if condition():
            return
        await asyncio.sleep(0.005)
    raise RuntimeError("gave up waiting")


async def through_call_screen(
    tokens: list[str], scenario_id: str | None, pace: float = 0.0, first_after: float = 0.0
) -> dict[str, Any]:
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
    backend = FloodBackend(tokens, pace, first_after)
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
        end, end_cpu = time.perf_counter(), time.thread_time()
        shown = [line.text for line in screen.query(CustomerLine)][-1]
    assert backend.first_token_at is not None
    cpu_s = end_cpu - backend.first_token_cpu
    result = frames.figures(
        backend.first_token_at, end, len(tokens), cpu_s, (backend.first_token_cpu, end_cpu)
    )
    result["complete"] = " ".join(shown.split()) == " ".join("".join(tokens).split())
    return result


class PlainMarkdownApp(App[None]):
    """The baseline: one Markdown widget in an anchored scroll, nothing else."""

    def compose(self) -> ComposeResult:
        with VerticalScroll() as scroll:
            scroll.anchor()
            yield Markdown()


async def through_plain_markdown(tokens: list[str], pace: float = 0.0) -> dict[str, Any]:
    """The same tokens through `Markdown.get_stream`, as fast as it takes them."""
    app = PlainMarkdownApp()
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.pause()
        markdown = app.query_one(Markdown)
        frames = Frames(app)
        stream = Markdown.get_stream(markdown)
        start, start_cpu = time.perf_counter(), time.thread_time()
        for i, token in enumerate(tokens):
            if pace and i:
                await asyncio.sleep(1 / pace)
            await stream.write(token)
        await stream.stop()
        end, end_cpu = time.perf_counter(), time.thread_time()
        shown = markdown.source
    result = frames.figures(start, end, len(tokens), end_cpu - start_cpu, (start_cpu, end_cpu))
    result["complete"] = " ".join(shown.split()) == " ".join("".join(tokens).split())
    return result


def summarise(rounds: list[dict[str, Any]]) -> dict[str, Any]:
    keys = (
        "tokens_per_s",
        "cpu_share",
        "screen_updates",
        "median_gap_ms",
        "p90_gap_ms",
        "p99_gap_ms",
        "longest_stall_ms",
        "cpu_median_gap_ms",
        "cpu_p90_gap_ms",
        "cpu_p99_gap_ms",
        "cpu_longest_stall_ms",
    )
    summary: dict[str, Any] = {
        f"median_{key}": statistics.median(r[key] for r in rounds) for key in keys
    }
    summary["worst_stall_ms"] = max(r["longest_stall_ms"] for r in rounds)
    summary["worst_cpu_stall_ms"] = max(r["cpu_longest_stall_ms"] for r in rounds)
    summary["all_complete"] = all(r["complete"] for r in rounds)
    summary["rounds"] = rounds
    return summary


async def main(args: argparse.Namespace) -> dict[str, Any]:
    tokens = make_tokens(args.tokens)
    plain: list[dict[str, Any]] = []
    call: list[dict[str, Any]] = []
    before: list[dict[str, Any]] = []
    for i in range(args.rounds):
        print(f"round {i + 1}/{args.rounds}", file=sys.stderr)
        plain.append(await through_plain_markdown(tokens, args.pace))
        call.append(await through_call_screen(tokens, args.scenario, args.pace, args.first_after))
        with customer_line_before_issue_13():
            before.append(
                await through_call_screen(tokens, args.scenario, args.pace, args.first_after)
            )
    call_s, plain_s, before_s = summarise(call), summarise(plain), summarise(before)
    plain_rate = plain_s["median_tokens_per_s"]
    return {
        "benchmark": "stream_render",
        "tokens": len(tokens),
        "rounds": args.rounds,
        "pace_tokens_per_s": args.pace or "flood",
        "first_token_after_s": args.first_after,
        "terminal": "100x32 headless",
        "frames_per_s": constants.MAX_FPS,
        "call_screen": call_s,
        "call_screen_before": before_s,
        "plain_markdown_stream": plain_s,
        "call_vs_plain_tokens_per_s": round(call_s["median_tokens_per_s"] / plain_rate, 2),
        "before_vs_plain_tokens_per_s": round(before_s["median_tokens_per_s"] / plain_rate, 2),
    }


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tokens", type=int, default=2000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument(
        "--pace",
        type=float,
        default=0.0,
        help="tokens per second, as a model streams them (default 0: as fast as they are taken)",
    )
    parser.add_argument(
        "--first-token-after",
        dest="first_after",
        type=float,
        default=0.0,
        help="seconds before the first token, as a model reads the prompt (default 0)",
    )
    parser.add_argument("--scenario", default=None, help="scenario id (default: the first)")
    arguments = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        os.environ.setdefault("ROLEPLAY_TRANSCRIPTS", str(Path(scratch) / "calls"))
        os.environ["ROLEPLAY_CONFIG"] = str(Path(scratch) / "config.toml")
        print(json.dumps(asyncio.run(main(arguments)), indent=2))
