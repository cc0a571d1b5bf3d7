"""From "End call" to scores on screen in the app, on the embedded model; prints JSON.

Plays one call of the bereavement scenario in the real app (headless, the embedded model, the
configured settings), ends it with Ctrl+G and Y, and measures:

- `summary_s`: until the summary screen is up;
- `scores_s`: until the debrief is graded and on the summary;
- `cli_s`: the same transcript graded as `roleplay debrief` does it (a fresh process);
- `frame_lag_s`: the median time the app takes to get through one idle frame after each
  customer line, while the trainee would be typing (the embedded model may be reading the call
  in the background then: `--no-warm` turns that off to compare).

With `--baseline DIR` (another checkout, e.g. the commit before a change) both checkouts run in
fresh processes, alternating, so they share the machine's load. The machine is shared: compare
the two columns of one run, not figures across runs.

    python bench/debrief_in_app.py [--runs N] [--baseline DIR] [--no-warm]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from checkouts import run_child

ROOT = Path(__file__).resolve().parents[1]
SCENARIO = "bereavement-account"
LINES = [
    "Hello, you're through to Sam at Thistle Savings. How can I help?",
    "I'm so sorry about Raymond. Please take your time.",
    "Can you tell me what the letter asked you for?",
    "You won't need a solicitor or any court papers for this account.",
    "A copy of the death certificate certified by the registrar is enough.",
    "I'll post you the form with a freepost envelope today.",
]


def _one(checkout: Path, home: Path, no_warm: bool = False) -> dict[str, float]:
    """One call in a fresh process importing `checkout`; its figures."""
    return run_child(__file__, checkout, home, env={"BENCH_NO_WARM": "1"} if no_warm else None)


async def _child() -> dict[str, float]:
    import asyncio

    from tui_helpers import reply_done, wait_for

    if os.environ.get("BENCH_NO_WARM"):
        from roleplay.sim.speaking import CustomerVoice

        CustomerVoice.warm_up = lambda self, turns: None  # type: ignore[method-assign]

    from roleplay.config import load_settings
    from roleplay.tui.app import build_app
    from roleplay.workspace import find_workspace

    app = build_app(
        settings=load_settings(backend="local"),
        workspace=find_workspace(),
        scenario_id=SCENARIO,
        trainee="bench",
        remember=False,
    )
    figures: dict[str, float] = {}
    lags: list[float] = []
    async with app.run_test(size=(100, 32)) as pilot:
        screen = app.screen
        await wait_for(pilot, lambda: screen.session is not None, "connect", tries=30000)
        for line in LINES:
            await pilot.press(*line, "enter")
            await pilot.pause(0.05)
            await wait_for(pilot, lambda: reply_done(screen), "reply", tries=30000)
            if screen.session.ended:
                break
            for _ in range(5):
                began = time.perf_counter()
                await asyncio.sleep(0)
                await pilot.pause()
                lags.append(time.perf_counter() - began)
        figures["frame_lag_s"] = statistics.median(lags) if lags else 0.0
        path = screen.session.path
        start = time.perf_counter()
        await pilot.press("ctrl+g", "y")
        await wait_for(
            pilot, lambda: type(app.screen).__name__ == "SummaryScreen", "summary", tries=30000
        )
        figures["summary_s"] = time.perf_counter() - start
        summary = app.screen
        await wait_for(pilot, lambda: summary.debrief is not None, "scores", tries=60000)
        figures["scores_s"] = time.perf_counter() - start
    start = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "roleplay", "debrief", str(path), "--judge", "heuristic"],
        capture_output=True,
        check=True,
        env=dict(os.environ, ROLEPLAY_TRANSCRIPTS=str(Path(path).parent)),
    )
    figures["cli_s"] = time.perf_counter() - start
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=2)
    parser.add_argument("--baseline", type=Path)
    parser.add_argument("--child", type=Path)
    parser.add_argument(
        "--no-warm", action="store_true", help="also run this checkout without the warm-up"
    )
    args = parser.parse_args()
    if args.child is not None:
        import asyncio

        tests = args.child / "tests"
        sys.path[:0] = [str(args.child), str(tests), str(tests / "tui")]
        print(json.dumps(asyncio.run(_child())))
        return
    checkouts = {"this": ROOT}
    if args.baseline is not None:
        checkouts["baseline"] = args.baseline.resolve()
    variants = [(name, checkout, False) for name, checkout in checkouts.items()]
    if args.no_warm:
        variants.append(("this, no warm-up", ROOT, True))
    runs: dict[str, list[dict[str, float]]] = {name: [] for name, _, _ in variants}
    with tempfile.TemporaryDirectory() as tmp:
        for _ in range(args.runs):
            for name, checkout, no_warm in variants:
                runs[name].append(_one(checkout, Path(tmp), no_warm))
    report = {
        name: {
            key: round(statistics.median(r[key] for r in results), 2)
            for key in ("summary_s", "scores_s", "cli_s", "frame_lag_s")
        }
        | {"runs": results}
        for name, results in runs.items()
    }
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
