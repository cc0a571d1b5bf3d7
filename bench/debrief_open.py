"""From pressing d on the summary to the debrief on screen, in the real app; prints JSON.

Plays one call of the bereavement scenario in the real app (headless, the scripted backend, so
no model is loaded: the debrief screen's own cost is what is measured), ends it, waits for the
scores, then presses d and times until the debrief is laid out and drawn (`open_s`). It then
goes back and opens it again (`reopen_s`), and also gives Ctrl+G to the scores on the summary
(`scores_s`) for comparison.

With `--baseline DIR` (another checkout, e.g. the commit before a change) both checkouts run in
fresh processes, alternating, so they share the machine's load. The machine is shared: compare
the two columns of one run (their ratio), not figures across runs.

    python bench/debrief_open.py [--runs N] [--baseline DIR]
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

from checkouts import run_child
from figures import nearest_rank

ROOT = Path(__file__).resolve().parents[1]

SCENARIO = "bereavement-account"
FIGURES = ("open_s", "reopen_s", "scores_s")


def _one(checkout: Path, home: Path) -> dict[str, float]:
    """One call in a fresh process importing `checkout`; its figures."""
    settings = {"ROLEPLAY_CONFIG": str(home / "config.toml"), "ROLEPLAY_HOME": None}
    return run_child(__file__, checkout, home, env=settings, cwd=home)


async def _open_debrief(pilot, app) -> float:  # type: ignore[no-untyped-def]
    """Press d on the summary; seconds until the debrief is laid out and drawn."""
    from tui_helpers import wait_for

    start = time.perf_counter()
    await pilot.press("d")
    await wait_for(
        pilot, lambda: type(app.screen).__name__ == "DebriefScreen", "debrief", tries=30000
    )
    body = app.screen.query_one("#debrief-body")
    await wait_for(pilot, lambda: body.max_scroll_y > 0, "the debrief laid out", tries=30000)
    await pilot.pause()
    return time.perf_counter() - start


async def _child(checkout: Path) -> dict[str, float]:
    import yaml
    from tui_helpers import reply_done, wait_for

    from roleplay.config import load_settings
    from roleplay.tui.app import build_app
    from roleplay.workspace import find_workspace

    lines = yaml.safe_load((checkout / "selfplay" / f"{SCENARIO}.yaml").read_text())["good"]
    app = build_app(
        settings=load_settings(backend="scripted"),
        workspace=find_workspace(),
        scenario_id=SCENARIO,
        trainee="bench",
        backend="scripted",
        remember=False,
    )
    figures: dict[str, float] = {}
    async with app.run_test(size=(100, 32)) as pilot:
        screen = app.screen
        await wait_for(pilot, lambda: screen.session is not None, "connect", tries=30000)
        for line in lines[:4]:
            await pilot.press(*" ".join(line.split()), "enter")
            await pilot.pause(0.05)
            await wait_for(pilot, lambda: reply_done(screen), "reply", tries=30000)
            if screen.session.ended:
                break
        start = time.perf_counter()
        await pilot.press("ctrl+g", "y")
        await wait_for(
            pilot, lambda: type(app.screen).__name__ == "SummaryScreen", "summary", tries=30000
        )
        summary = app.screen
        await wait_for(pilot, lambda: summary.debrief is not None, "scores", tries=60000)
        figures["scores_s"] = time.perf_counter() - start
        await pilot.pause(0.5)
        figures["open_s"] = await _open_debrief(pilot, app)
        await pilot.press("escape")
        await wait_for(pilot, lambda: app.screen is summary, "back", tries=30000)
        await pilot.pause(0.5)
        figures["reopen_s"] = await _open_debrief(pilot, app)
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--baseline", type=Path)
    parser.add_argument("--child", type=Path)
    args = parser.parse_args()
    if args.child is not None:
        import asyncio

        tests = args.child / "tests"
        sys.path[:0] = [str(args.child), str(tests), str(tests / "tui")]
        print(json.dumps(asyncio.run(_child(args.child))))
        return
    checkouts = {"this": ROOT}
    if args.baseline is not None:
        checkouts["baseline"] = args.baseline.resolve()
    runs: dict[str, list[dict[str, float]]] = {name: [] for name in checkouts}
    with tempfile.TemporaryDirectory() as tmp:
        for _ in range(args.runs):
            for name, checkout in checkouts.items():
                runs[name].append(_one(checkout, Path(tmp)))
    report: dict[str, object] = {}
    for name, results in runs.items():
        summary: dict[str, object] = {}
        for key in FIGURES:
            ordered = sorted(r[key] for r in results)
            summary[key] = {
                "median": round(statistics.median(ordered), 3),
                "p90": round(nearest_rank(ordered, 0.9), 3),
            }
        report[name] = summary | {"runs": results}
    if "baseline" in runs:
        report["ratio_this_to_baseline"] = {
            key: round(
                statistics.median(r[key] for r in runs["this"])
                / statistics.median(r[key] for r in runs["baseline"]),
                2,
            )
            for key in FIGURES
        }
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
