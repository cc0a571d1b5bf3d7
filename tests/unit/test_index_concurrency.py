"""Several processes refreshing one new index at once: none fails, and the index is right.

A team lead's review and a scheduled report overlap; each is its own process on the same
SQLite file. Real processes, started together, several rounds, each over a fresh index.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

from support.synthetic import write_synthetic_calls

import roleplay
from roleplay.store.index import INDEX_NAME, ReviewIndex

PROCESSES = 3
ROUNDS = 3
CALLS = 300

REFRESH = """
import sys, time
from pathlib import Path
from roleplay.store.index import ReviewIndex

root, go = Path(sys.argv[1]), Path(sys.argv[2])
while not go.exists():
    time.sleep(0.005)
with ReviewIndex(root) as index:
    report = index.refresh()
print(report.added + report.updated + report.unchanged)
"""


def _env() -> dict[str, str]:
    """The child processes import this checkout's roleplay, whatever is installed."""
    source = str(Path(roleplay.__file__).resolve().parents[1])
    return {**os.environ, "PYTHONPATH": source + os.pathsep + os.environ.get("PYTHONPATH", "")}


def _refresh_together(root: Path, go: Path) -> list[subprocess.CompletedProcess[str]]:
    children = [
        subprocess.Popen(
            [sys.executable, "-c", REFRESH, str(root), str(go)],
            env=_env(),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(PROCESSES)
    ]
    time.sleep(0.5)  # let every child start and wait on the same signal
    go.touch()
    done = []
    for child in children:
        out, err = child.communicate(timeout=120)
        done.append(subprocess.CompletedProcess(child.args, child.returncode, out, err))
    return done


def test_concurrent_refreshes_of_a_new_index_all_succeed(tmp_path: Path) -> None:
    root = tmp_path / "transcripts"
    write_synthetic_calls(root, CALLS, seed=5)
    for round_ in range(ROUNDS):
        for suffix in ("", "-wal", "-shm"):
            Path(str(root / INDEX_NAME) + suffix).unlink(missing_ok=True)
        go = tmp_path / f"go-{round_}"
        for child in _refresh_together(root, go):
            assert child.returncode == 0, child.stderr
            assert child.stderr == ""
            assert int(child.stdout) == CALLS  # every call seen, whoever indexed it
        with ReviewIndex(root) as index:
            paths = [p for (p,) in index.db.execute("SELECT path FROM calls")]
            assert sorted(paths) == sorted(
                p.relative_to(root).as_posix() for p in root.rglob("*.jsonl")
            )
            assert index.refresh().indexed == 0  # what they wrote matches the files
