"""How the review index scales: build speed, no-change refresh, the review screen's queries, memory.

    python bench/review_scale.py --calls 100000 [--baseline DIR] [--rounds N] [--repeat N]

Writes synthetic calls (real file formats) into a temporary folder, indexes them, refreshes the
index with nothing changed, times each query the review screen and reports ask, and prints one
JSON object. Targets: at least 2,000 calls/s indexed, a no-change refresh under 500 ms, every
query under 200 ms, peak RSS under 300 MB.

With `--baseline DIR` (another checkout, for example main before a change) both checkouts index
the same calls, each in a fresh process into its own index file, alternating, so before and
after share the machine's load (`--rounds N` builds each N times, taking turns to go first, and
reports medians); `after_vs_before` gives the ratios measured in that one run.
`refresh_unchanged_first_ms` is the first refresh after the build; `refresh_unchanged_ms` the
median of `--repeat` more.
"""

from __future__ import annotations

import argparse
import json
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TARGETS = {"index_calls_per_s": 2000, "refresh_unchanged_ms": 500, "query_ms": 200}
TARGETS["peak_rss_mb"] = 300
SETTLE_S = 6.0
"""Wait this long after writing the calls: the index lists a folder changed in the last 5 s
again on the next refresh (a change in the same clock tick could hide), as it should for a
call being taken now, but a team's history was written before the review opens."""


def _peak_rss_mb() -> float:
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return round(peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024, 1)


def _time_ms(action: Callable[[], object], repeat: int) -> float:
    """Median wall time of `repeat` runs, after one warm-up run."""
    action()
    runs = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        runs.append((time.perf_counter() - start) * 1000)
    return round(statistics.median(runs), 2)


def measure(root: Path, db_path: Path, repeat: int, queries_too: bool) -> dict[str, object]:
    """Build a fresh index of `root` into `db_path`, then time no-change refreshes and queries."""
    from support.synthetic import SCENARIOS, TRAINEES

    from roleplay.store import queries
    from roleplay.store.index import ReviewIndex

    index = ReviewIndex(root, db_path)
    start = time.perf_counter()
    report = index.refresh()
    index_s = time.perf_counter() - start
    start = time.perf_counter()
    index.refresh()
    first_s = time.perf_counter() - start
    refreshes = []
    for _ in range(repeat):
        start = time.perf_counter()
        unchanged = index.refresh()
        refreshes.append(time.perf_counter() - start)
    result: dict[str, object] = {
        "calls": len(index),
        "index_s": round(index_s, 2),
        "index_calls_per_s": round(report.indexed / index_s) if index_s else None,
        "refresh_unchanged_first_ms": round(first_s * 1000, 1),
        "refresh_unchanged_ms": round(statistics.median(refreshes) * 1000, 1),
        "refresh_unchanged_max_ms": round(max(refreshes) * 1000, 1),
        "refresh_unchanged_calls": unchanged.unchanged,
    }
    if queries_too:
        db, q = index.db, queries
        trainee, scenario, calls = TRAINEES[3], SCENARIOS[2][0], len(index)
        checks: dict[str, Callable[[], object]] = {
            "list_first_page_ms": lambda: (q.list_calls(db, limit=100), q.count_calls(db)),
            "list_deep_page_ms": lambda: q.list_calls(db, limit=100, offset=calls // 2),
            "filter_trainee_ms": lambda: (
                q.list_calls(db, q.CallFilter(trainee=trainee)),
                q.count_calls(db, q.CallFilter(trainee=trainee)),
            ),
            "filter_scenario_pass_ms": lambda: (
                q.list_calls(db, q.CallFilter(scenario=scenario, passed=True)),
                q.count_calls(db, q.CallFilter(scenario=scenario, passed=True)),
            ),
            "date_range_ms": lambda: (
                q.list_calls(db, q.CallFilter(since="2025-06-01", until="2025-06-30")),
                q.count_calls(db, q.CallFilter(since="2025-06-01", until="2025-06-30")),
            ),
            "sort_by_score_ms": lambda: q.list_calls(db, sort="score", descending=True),
            "per_trainee_aggregate_ms": lambda: q.trainee_summaries(db),
            "team_aggregate_ms": lambda: q.team_summary(db),
            "criterion_averages_team_ms": lambda: q.criterion_averages(db),
            "criterion_averages_trainee_ms": lambda: q.criterion_averages(
                db, q.CallFilter(trainee=trainee)
            ),
            "trainee_trend_ms": lambda: (
                q.trend(db, q.CallFilter(trainee=trainee)),
                q.recent_scores(db, q.CallFilter(trainee=trainee)),
            ),
            "filter_choices_ms": lambda: (q.distinct(db, "trainee"), q.distinct(db, "scenario_id")),
        }
        for name, action in checks.items():
            result[name] = _time_ms(action, repeat)
        result["slowest_query_ms"] = max(_time for k, _time in result.items() if k in checks)
    index.close()
    result["index_mb"] = round(sum(
        p.stat().st_size for p in db_path.parent.glob(db_path.name + "*")
    ) / 1e6, 1)  # fmt: skip
    result["peak_rss_mb"] = _peak_rss_mb()
    return result


def _child(checkout: Path, root: Path, db_path: Path, repeat: int, queries_too: bool) -> dict:
    """Run `measure` for `checkout` in a fresh process that imports that checkout's roleplay."""
    command = [sys.executable, __file__, "--checkout", str(checkout), "--child", str(root)]
    command += ["--db", str(db_path), "--repeat", str(repeat)]
    if not queries_too:
        command.append("--no-queries")
    done = subprocess.run(command, capture_output=True, text=True)
    if done.returncode:
        raise SystemExit(f"{checkout}: the measurement failed\n{done.stderr}")
    return json.loads(done.stdout)


def _medians(runs: list[dict]) -> dict[str, object]:
    """The build and refresh figures as medians over rounds, with every round's value beside."""
    keys = ("index_calls_per_s", "refresh_unchanged_first_ms", "refresh_unchanged_ms")
    out: dict[str, object] = {"rounds": len(runs)}
    for key in keys:
        out[key] = round(statistics.median(run[key] for run in runs), 1)
        out[f"{key}_each"] = [run[key] for run in runs]
    return out


def _meets(row: dict) -> bool:
    return bool(
        (row["index_calls_per_s"] or 0) >= TARGETS["index_calls_per_s"]
        and row["refresh_unchanged_ms"] < TARGETS["refresh_unchanged_ms"]
        and row.get("slowest_query_ms", 0) < TARGETS["query_ms"]
        and row["peak_rss_mb"] < TARGETS["peak_rss_mb"]
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=5, help="Timed runs per figure (median).")
    parser.add_argument("--rounds", type=int, default=1, help="Fresh builds per checkout.")
    parser.add_argument("--keep", type=Path, help="Write the calls here and keep them.")
    parser.add_argument("--baseline", type=Path, help="another checkout to compare with")
    parser.add_argument("--checkout", type=Path, default=ROOT, help=argparse.SUPPRESS)
    parser.add_argument("--child", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--db", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--no-queries", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child is not None:
        sys.path[:0] = [str(args.checkout.resolve()), str(ROOT / "tests")]
        print(json.dumps(measure(args.child, args.db, args.repeat, not args.no_queries)))
        return 0

    sys.path.insert(0, str(ROOT / "tests"))
    from support.synthetic import write_synthetic_calls

    root = args.keep or Path(tempfile.mkdtemp(prefix="review-scale-"))
    scratch = Path(tempfile.mkdtemp(prefix="review-scale-db-"))
    try:
        start = time.perf_counter()
        if not any(root.glob("*/*.jsonl")):
            write_synthetic_calls(root, args.calls, seed=11)
        result: dict[str, object] = {"generate_s": round(time.perf_counter() - start, 1)}
        time.sleep(SETTLE_S)  # a history, not calls written this instant (see the docstring)
        checkouts = {"after": ROOT}
        if args.baseline is not None:
            checkouts = {"before": args.baseline.resolve(), "after": ROOT}
        runs: dict[str, list[dict]] = {name: [] for name in checkouts}
        for round_ in range(args.rounds):  # alternating, first one then the other going first
            order = list(checkouts) if round_ % 2 == 0 else list(reversed(checkouts))
            for name in order:
                db_path = scratch / f"{name}-{round_}.sqlite"
                queries_too = name == "after" and round_ == 0  # queries did not change
                runs[name].append(_child(checkouts[name], root, db_path, args.repeat, queries_too))
                db_path.unlink()
        for name, found in runs.items():
            result[name] = {**found[0], **_medians(found)}
        after = result["after"]
        assert isinstance(after, dict)
        if "before" in result:
            before = result["before"]
            assert isinstance(before, dict)
            result["after_vs_before"] = {
                "index_calls_per_s": round(
                    after["index_calls_per_s"] / before["index_calls_per_s"], 2
                ),
                "refresh_unchanged_speedup": round(
                    before["refresh_unchanged_ms"] / after["refresh_unchanged_ms"], 1
                ),
            }
        result["targets"] = TARGETS
        result["meets_targets"] = _meets(after)
        print(json.dumps(result, indent=2))
    finally:
        if args.keep is None:
            shutil.rmtree(root, ignore_errors=True)
        shutil.rmtree(scratch, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
