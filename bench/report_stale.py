"""What `roleplay report`'s stale-grade check costs: read every call (before) or ask the index.

    python bench/report_stale.py --calls 20000 [--stale 300] [--repeat 3]

Writes `--calls` copies of real graded calls of four bundled scenarios (transcript and heuristic
debrief, 1,000 a day folder), indexes them, then times, alternating in one process so both share
the machine's load:

- `check_*`: the stale-grade check alone with nothing stale: `before` is the old path (every
  call's transcript and debrief read and compared with today's fingerprint), `after` the index's
  recorded fingerprints compared per scenario, reading nothing;
- `report_*`: the whole `roleplay report --format json` (index refresh, check, figures) with the
  one or the other check;
- `all_stale`: `--stale` calls whose debriefs record older grading rules, every one graded again
  (the rare case, where the progress line shows); per call, and extrapolated to `--calls`.

Prints one JSON object, with the load average before and after.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import os
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "tests" / "data" / "transcripts"
SCENARIOS = ("demands-supervisor", "loyalty-card-blocked", "parent-in-hospital")
SCENARIOS += ("service-down-hold-music",)
PER_DAY = 1000
SETTLE_S = 6.0
"""The index lists a folder changed in the last 5 s again on every refresh (see index.py)."""


def _write_calls(root: Path, count: int, *, old_rules: bool = False) -> None:
    """`count` graded calls, copies of the bundled scenarios' good and bad test calls."""
    from roleplay.choices import JudgeMode
    from roleplay.debrief import debrief_path, load_debrief, save_debrief
    from roleplay.grading import Grading
    from roleplay.workspace import find_workspace

    library = find_workspace().playable_library()[0]
    grading = Grading(JudgeMode.HEURISTIC)
    seeds = root / "seeds"
    seeds.mkdir(parents=True)
    originals = []
    for scenario in SCENARIOS:
        for kind in ("good", "bad"):
            call = seeds / f"{scenario}-{kind}.jsonl"
            shutil.copy(DATA / scenario / f"{kind}.jsonl", call)
            grading.grade_now(call, library.cast)
            if old_rules:
                saved = load_debrief(debrief_path(call))
                saved.graded_with = {**saved.graded_with, "code": "an older roleplay"}
                save_debrief(saved, debrief_path(call))
            originals.append((call, debrief_path(call)))
    calls = root / "calls"
    for number in range(count):
        folder = calls / f"2025-{1 + number // PER_DAY // 28:02d}-{1 + number // PER_DAY % 28:02d}"
        folder.mkdir(parents=True, exist_ok=True)
        transcript, debrief = originals[number % len(originals)]
        target = folder / f"call-{number}.jsonl"
        shutil.copyfile(transcript, target)
        shutil.copyfile(debrief, debrief_path(target))
    shutil.rmtree(seeds)


def old_check(index: object, grader: object, flt: object, progress: object = None) -> list[str]:
    """The stale-grade check as it was: every call's transcript and debrief read."""
    from collections import Counter

    from roleplay.store import queries

    db, root = index.db, index.root  # type: ignore[attr-defined]
    rows = queries.list_calls(db, flt, limit=queries.count_calls(db, flt))  # type: ignore[arg-type]
    notes: Counter[str] = Counter()
    for row in rows:
        if row.grader is None:
            continue
        note = grader.regrade_stale(root / row.path)  # type: ignore[attr-defined]
        if note:
            index.refresh_one(root / row.path)  # type: ignore[attr-defined]
            notes[note] += 1
    return [f"{count} calls: {note}" for note, count in notes.items()]


def _timed(action: Callable[[], object]) -> float:
    start = time.perf_counter()
    action()
    return (time.perf_counter() - start) * 1000


def _report(calls: Path) -> Callable[[], object]:
    """`roleplay report --format json` over `calls`, its output swallowed."""
    from roleplay.cli import main

    def run() -> object:
        os.environ["ROLEPLAY_TRANSCRIPTS"] = str(calls)
        err = io.StringIO()
        with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(err):
            code = main(["report", "--format", "json"])
        if code:
            raise SystemExit(f"report failed ({code}): {err.getvalue()}")
        return code

    return run


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=20_000)
    parser.add_argument("--stale", type=int, default=300, help="Calls in the all-stale run.")
    parser.add_argument("--repeat", type=int, default=3, help="Timed runs per figure (median).")
    args = parser.parse_args(argv)
    sys.path[:0] = [str(ROOT), str(ROOT / "tests")]
    import roleplay.reports.fresh as fresh
    from roleplay.grading.auto import grader_for
    from roleplay.store.index import ReviewIndex
    from roleplay.store.queries import CallFilter
    from roleplay.workspace import find_workspace

    scratch = Path(tempfile.mkdtemp(prefix="report-stale-"))
    os.chdir(scratch)  # no workspace here: the bundled library
    result: dict[str, object] = {"load_before": [round(x, 2) for x in os.getloadavg()]}
    try:
        start = time.perf_counter()
        _write_calls(scratch / "fresh", args.calls)
        _write_calls(scratch / "stale", args.stale, old_rules=True)
        result["generate_s"] = round(time.perf_counter() - start, 1)
        time.sleep(SETTLE_S)
        calls = scratch / "fresh" / "calls"
        with ReviewIndex(calls) as index:
            start = time.perf_counter()
            index.refresh()
            result["index_s"] = round(time.perf_counter() - start, 1)
            result["calls"] = len(index)

        def check(how: Callable[..., list[str]]) -> float:
            """The check alone, ms: the library loaded and the index opened beforehand."""
            grader = grader_for(lambda: find_workspace().playable_library()[0])
            with ReviewIndex(calls) as index:
                start = time.perf_counter()
                notes = how(index, grader, CallFilter())
                taken = (time.perf_counter() - start) * 1000
            assert not notes, notes  # nothing is stale here
            return taken

        new_check = fresh.regrade_stale
        figures: dict[str, list[float]] = {}
        for round_ in range(args.repeat):  # alternating, each going first in turn
            order = ("before", "after") if round_ % 2 == 0 else ("after", "before")
            for name in order:
                how = old_check if name == "before" else new_check
                figures.setdefault(f"check_{name}_ms", []).append(check(how))
                fresh.regrade_stale = how  # type: ignore[assignment]
                figures.setdefault(f"report_{name}_ms", []).append(_timed(_report(calls)))
                fresh.regrade_stale = new_check
        for key, runs in figures.items():
            result[key] = round(statistics.median(runs), 1)
            result[f"{key}_each"] = [round(r, 1) for r in runs]
        result["check_speedup"] = round(result["check_before_ms"] / result["check_after_ms"])  # type: ignore[operator]
        result["report_speedup"] = round(result["report_before_ms"] / result["report_after_ms"], 1)  # type: ignore[operator]

        stale_calls = scratch / "stale" / "calls"
        with ReviewIndex(stale_calls) as index:
            index.refresh()
        all_stale = _timed(_report(stale_calls))
        result["all_stale"] = {
            "calls": args.stale,
            "report_ms": round(all_stale),
            "ms_per_call": round(all_stale / args.stale, 1),
            "extrapolated_to_calls_s": round(all_stale / args.stale * args.calls / 1000),
            "report_again_ms": round(_timed(_report(stale_calls)), 1),
        }
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    result["load_after"] = [round(x, 2) for x in os.getloadavg()]
    result["cores"] = os.cpu_count()
    print(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
