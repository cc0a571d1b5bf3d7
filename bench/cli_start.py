"""How fast the `roleplay` command starts: every command's --help and `scenarios list`.

Each command is run as a whole process (`python -m roleplay ...`) several times; the table
gives the median wall time and the median CPU time (user + system, which a busy machine
disturbs less), beside `python -c pass` measured in the same run. The commands are found by
walking the Typer app, so a new command is timed without editing this file. Target: --help
under 300 ms wall.

With `--baseline DIR` (another checkout, for example the commit before a change) each command
is also run against that checkout's `roleplay`, alternating run by run, so before and after
share the machine's load.

    python bench/cli_start.py [--runs N] [--baseline DIR] [--json]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TARGET_MS = 300.0


def commands() -> list[list[str]]:
    """The argument lists to time: the root and every command's --help, and `scenarios list`."""
    sys.path.insert(0, str(ROOT))
    import click
    import typer.main

    from roleplay.cli import build_cli

    found: list[list[str]] = []

    def walk(command: click.Command, path: list[str]) -> None:
        found.append([*path, "--help"])
        for name, sub in sorted(getattr(command, "commands", {}).items()):
            walk(sub, [*path, name])

    walk(typer.main.get_command(build_cli()), [])
    return [*found, ["scenarios", "list"]]


def _run(argv: list[str], checkout: Path, folder: Path) -> tuple[float, float] | None:
    """(wall, cpu) seconds for one process; roleplay imported from `checkout`.

    None when the command fails there (a baseline older than the command)."""
    env = {k: v for k, v in os.environ.items() if k not in ("ROLEPLAY_HOME", "PYTHONPATH")}
    env["PYTHONPATH"] = str(checkout)
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, *argv], cwd=folder, env=env, capture_output=True, text=True
    )
    if done.returncode != 0:
        return None
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def measure(
    argvs: list[list[str]], checkouts: dict[str, Path], runs: int
) -> list[dict[str, object]]:
    """Median wall and CPU milliseconds per command and checkout."""
    rows: list[dict[str, object]] = []
    with tempfile.TemporaryDirectory() as tmp:  # a folder with no workspace: the bundled library
        for argv in [["-c", "pass"], *(["-m", "roleplay", *a] for a in argvs)]:
            times: dict[str, list[tuple[float, float]]] = {name: [] for name in checkouts}
            for _ in range(runs):
                for name, checkout in checkouts.items():
                    timed = _run(argv, checkout, Path(tmp))
                    if timed is not None:
                        times[name].append(timed)
            row: dict[str, object] = {
                "command": "python -c pass"
                if argv[0] == "-c"
                else " ".join(["roleplay", *argv[2:]])
            }
            for name, got in times.items():
                if not got:  # the command does not exist in that checkout
                    row[f"{name}_wall_ms"] = row[f"{name}_cpu_ms"] = "-"
                    continue
                row[f"{name}_wall_ms"] = round(statistics.median(w for w, _ in got) * 1000, 1)
                row[f"{name}_cpu_ms"] = round(statistics.median(c for _, c in got) * 1000, 1)
            rows.append(row)
    return rows


def table(rows: list[dict[str, object]], names: list[str]) -> str:
    """The rows as a fixed-width text table."""
    heads = ["command"] + [f"{n} {kind}" for n in names for kind in ("wall ms", "cpu ms")]
    keys = ["command"] + [f"{n}_{kind}_ms" for n in names for kind in ("wall", "cpu")]
    width = max(len(str(r["command"])) for r in rows)
    lines = ["  ".join([heads[0].ljust(width), *(h.rjust(14) for h in heads[1:])])]
    for r in rows:
        cells = [str(r["command"]).ljust(width), *(str(r[k]).rjust(14) for k in keys[1:])]
        lines.append("  ".join(cells))
    return "\n".join(lines)


def main() -> None:
    """Print the table (or JSON), with the slowest --help against the target."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--baseline", type=Path, help="another checkout to compare with")
    parser.add_argument("--json", action="store_true", help="print JSON instead of a table")
    args = parser.parse_args()
    checkouts = {"after": ROOT}
    if args.baseline is not None:
        checkouts = {"before": args.baseline.resolve(), "after": ROOT}
    rows = measure(commands(), checkouts, args.runs)
    helps = [r for r in rows if str(r["command"]).endswith("--help")]
    summary: dict[str, object] = {"target_help_wall_ms": TARGET_MS}
    for name in checkouts:
        timed = [r[f"{name}_wall_ms"] for r in helps if r[f"{name}_wall_ms"] != "-"]
        slowest = max(float(t) for t in timed)  # type: ignore[arg-type]
        summary[f"{name}_slowest_help_wall_ms"] = slowest
        summary[f"{name}_python_pass_wall_ms"] = rows[0][f"{name}_wall_ms"]
        summary[f"{name}_met"] = slowest < TARGET_MS
    if args.json:
        print(json.dumps({"benchmark": "cli_start", "rows": rows, **summary}, indent=2))
        return
    print(table(rows, list(checkouts)))
    print(json.dumps(summary))


if __name__ == "__main__":
    main()
