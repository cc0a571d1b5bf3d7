"""Two `roleplay report` runs at once over a new index: how many fail, and is the index right?

    python bench/refresh_race.py --pairs 50 [--calls 300] [--processes 2]

A team lead's review and a scheduled report overlap. Each pair deletes the index, starts
`--processes` real `roleplay report --format json` processes together over the same synthetic
transcripts (real file formats), and counts runs that exit non-zero or print an error, and
pairs after which the index does not hold exactly the calls on disk. Prints one JSON object;
the target is `errors: 0` and `wrong_index: 0`.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))  # synthetic calls

from support.synthetic import write_synthetic_calls

import roleplay
from roleplay.store.index import INDEX_NAME, ReviewIndex


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pairs", type=int, default=50)
    parser.add_argument("--calls", type=int, default=300)
    parser.add_argument("--processes", type=int, default=2, help="Reports started together.")
    args = parser.parse_args(argv)

    base = Path(tempfile.mkdtemp(prefix="refresh-race-"))
    root, cwd = base / "transcripts", base / "cwd"
    cwd.mkdir()
    write_synthetic_calls(root, args.calls, seed=7)
    on_disk = sorted(p.relative_to(root).as_posix() for p in root.rglob("*.jsonl"))
    source = str(Path(roleplay.__file__).resolve().parents[1])
    env = {
        **os.environ,
        "PYTHONPATH": source + os.pathsep + os.environ.get("PYTHONPATH", ""),
        "ROLEPLAY_TRANSCRIPTS": str(root),
        "ROLEPLAY_CONFIG": str(base / "config.toml"),
    }
    env.pop("ROLEPLAY_HOME", None)
    errors, wrong, seconds, messages = 0, 0, [], []
    try:
        for _ in range(args.pairs):
            for suffix in ("", "-wal", "-shm"):
                Path(str(root / INDEX_NAME) + suffix).unlink(missing_ok=True)
            start = time.perf_counter()
            runs = [
                subprocess.Popen(
                    [sys.executable, "-m", "roleplay", "report", "--format", "json"],
                    stdout=subprocess.PIPE,
                    stderr=subprocess.PIPE,
                    text=True,
                    env=env,
                    cwd=cwd,
                )
                for _ in range(args.processes)
            ]
            for run in runs:
                out, err = run.communicate()
                failed = run.returncode != 0 or "error" in err
                if not failed:
                    failed = json.loads(out)["team"]["calls"] != len(on_disk)
                if failed:
                    errors += 1
                    messages.append((err.strip().splitlines() or ["(no message)"])[-1])
            seconds.append(time.perf_counter() - start)
            with ReviewIndex(root) as index:
                paths = sorted(p for (p,) in index.db.execute("SELECT path FROM calls"))
                wrong += paths != on_disk
        print(
            json.dumps(
                {
                    "pairs": args.pairs,
                    "processes_per_pair": args.processes,
                    "calls": len(on_disk),
                    "runs": args.pairs * args.processes,
                    "errors": errors,
                    "wrong_index": wrong,
                    "median_pair_s": round(statistics.median(seconds), 2),
                    "messages": sorted(set(messages))[:5],
                },
                indent=2,
            )
        )
    finally:
        shutil.rmtree(base, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
