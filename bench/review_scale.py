"""How the review index scales: build speed, the review screen's queries, and peak memory.

    python bench/review_scale.py --calls 100000

Writes synthetic calls (real file formats) into a temporary folder, indexes them, times each
query the review screen and reports ask, and prints one JSON object. Targets: at least 2,000
calls/s indexed, every query under 200 ms, peak RSS under 300 MB.
"""

from __future__ import annotations

import argparse
import json
import resource
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from roleplay.store import queries
from roleplay.store.index import ReviewIndex
from roleplay.store.synthetic import SCENARIOS, TRAINEES, write_synthetic_calls

TARGETS = {"index_calls_per_s": 2000, "query_ms": 200, "peak_rss_mb": 300}


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


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=5, help="Timed runs per query (median).")
    parser.add_argument("--keep", type=Path, help="Write the calls here and keep them.")
    args = parser.parse_args(argv)

    root = args.keep or Path(tempfile.mkdtemp(prefix="review-scale-"))
    try:
        start = time.perf_counter()
        write_synthetic_calls(root, args.calls, seed=11)
        generate_s = time.perf_counter() - start

        index = ReviewIndex(root)
        start = time.perf_counter()
        report = index.refresh()
        index_s = time.perf_counter() - start
        start = time.perf_counter()
        unchanged = index.refresh()
        refresh_s = time.perf_counter() - start
        db = index.db

        trainee = TRAINEES[3]
        scenario = SCENARIOS[2][0]
        q = queries
        checks: dict[str, Callable[[], object]] = {
            "list_first_page_ms": lambda: (q.list_calls(db, limit=100), q.count_calls(db)),
            "list_deep_page_ms": lambda: q.list_calls(db, limit=100, offset=args.calls // 2),
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
        result: dict[str, object] = {
            "calls": len(index),
            "generate_s": round(generate_s, 1),
            "index_s": round(index_s, 2),
            "index_calls_per_s": round(report.indexed / index_s) if index_s else None,
            "refresh_unchanged_ms": round(refresh_s * 1000, 1),
            "refresh_unchanged_calls": unchanged.unchanged,
        }
        for name, action in checks.items():
            result[name] = _time_ms(action, args.repeat)
        index.close()
        result["index_mb"] = round(sum(
            p.stat().st_size for p in root.glob(".index.sqlite*")
        ) / 1e6, 1)  # fmt: skip
        result["peak_rss_mb"] = _peak_rss_mb()
        slowest = max(v for k, v in result.items() if k.endswith("_ms") and "refresh" not in k)
        result["slowest_query_ms"] = slowest
        result["targets"] = TARGETS
        result["meets_targets"] = bool(
            (result["index_calls_per_s"] or 0) >= TARGETS["index_calls_per_s"]
            and slowest < TARGETS["query_ms"]
            and result["peak_rss_mb"] < TARGETS["peak_rss_mb"]  # type: ignore[operator]
        )
        print(json.dumps(result))
    finally:
        if args.keep is None:
            shutil.rmtree(root, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
