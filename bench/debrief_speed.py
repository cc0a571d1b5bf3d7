"""How long a heuristic debrief takes for 20, 200 and 2,000-turn calls; prints JSON.

Each call is written in the real transcript format from the committed test calls' lines
(trainee lines from a good and a bad call, alternating with customer lines, a hold every 40
turns), so the detectors see realistic text. Two figures per size:

- `debrief_ms`: the median of several debriefs in one process, reading the file each time.
  The detectors' cache already holds the call's lines, as in the app just after a call.
- `cold_ms`: the median of single debriefs, each in a fresh process (after the detectors have
  loaded on another call), as `roleplay debrief CALL` is: every line is detected anew.

Each has a `_cpu_ms` twin: the process's own CPU time, which a busy machine stretches far less
than wall time (on an idle machine the two are close).

`grade_vs_read` says how many times longer grading takes than reading the file alone, and
`2000_vs_200` how the time grows with a call ten times longer (linear is about 10).

Within one process the sizes are graded in turn, round after round, so the growth ratio is not
skewed by a slow patch of a shared machine falling on one size. With `--baseline DIR` (another
checkout, for example the commit before a change) each checkout is measured the same way in its
own fresh processes, one after the other; the targets are a 2,000-turn debrief under 200 ms
and a ratio of at most 12.

    python bench/debrief_speed.py [--repeats N] [--cold-runs N] [--baseline DIR]
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from itertools import cycle
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
SIZES = (20, 200, 2000)
TARGET_MS, TARGET_RATIO = 200.0, 12.0


def _use(checkout: Path) -> None:
    """Import `roleplay` (and the test cast) from `checkout`, not whatever is installed."""
    sys.path[:0] = [str(checkout), str(checkout / "tests"), str(checkout / "tests" / "unit")]


def _transcripts() -> Any:
    """`roleplay.transcript`, or the module a checkout from before it kept the same names in."""
    try:
        import roleplay.transcript as module
    except ImportError:
        import roleplay.store.transcript as module  # type: ignore[no-redef]
    return module


def _fixture_cast() -> Any:
    """The tests' fixture cast, from `tests/support` (or `tests/unit` in an older checkout)."""
    try:
        from support.sim_cast import make_cast
    except ImportError:
        from sim_cast import make_cast  # type: ignore[no-redef]
    return make_cast()


def _lines() -> tuple[list[str], list[str]]:
    read_transcript = _transcripts().read_transcript

    calls = ROOT / "tests" / "data" / "transcripts" / "test-broadband-down"
    trainee: list[str] = []
    customer: list[str] = []
    for name in ("good", "bad"):
        call = read_transcript(calls / f"{name}.jsonl")
        trainee += [t.text for t in call.turns if t.speaker == "trainee"]
        customer += [t.text for t in call.turns if t.speaker == "customer"]
    return trainee, customer


def write_call(path: Path, turns: int) -> Path:
    """A transcript of `turns` turns (customer first), in the real JSONL format."""
    t = _transcripts()
    Close, Event, Header, Turn, TurnState = t.Close, t.Event, t.Header, t.Turn, t.TurnState

    trainee, customer = _lines()
    said, heard = cycle(trainee), cycle(customer)
    records: list[object] = [Header(call_id=f"bench-{turns}", scenario_id="test-broadband-down")]
    mood = 60.0
    for i in range(1, turns + 1):
        speaker = "customer" if i % 2 else "trainee"
        text = next(heard) if speaker == "customer" else next(said)
        if speaker == "trainee":
            mood = max(0.0, min(100.0, mood + (-3 if "sorry" in text.lower() else 2)))
        records.append(
            Turn(
                id=i,
                speaker=speaker,  # type: ignore[arg-type]
                text=text,
                response_s=6.0 if speaker == "trainee" else None,
                state=TurnState(mood=mood, band="upset"),
            )
        )
        if speaker == "trainee" and i % 40 == 0:
            records.append(Event(kind="hold", asked_permission=i % 80 == 0))
            records.append(Event(kind="resume", duration_s=45.0))
    records.append(Close(end_reason="trainee_ended", state=TurnState(mood=mood, band="upset")))
    lines = [r.model_dump_json(exclude_none=True) for r in records]  # type: ignore[attr-defined]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _timed(action: Callable[[], object]) -> tuple[float, float]:
    """(wall, CPU) milliseconds of one run; CPU time is this process's alone."""
    wall, cpu = time.perf_counter(), time.process_time()
    action()
    return (time.perf_counter() - wall) * 1000, (time.process_time() - cpu) * 1000


def _median_ms(action: Callable[[], object], repeats: int) -> float:
    return round(statistics.median(_timed(action)[0] for _ in range(repeats)), 2)


def measure(sizes: list[int], repeats: int, folder: Path) -> list[dict[str, float | int]]:
    """Median milliseconds to read, grade, and render one call of each size.

    The sizes are graded in turn, round after round (20, 200, 2,000, 20, 200, …), so a slow
    patch of a shared machine falls on every size alike and the growth ratio stays honest."""
    from roleplay.debrief import heuristic_debrief
    from roleplay.debrief.report import render

    read_transcript = _transcripts().read_transcript

    cast = _fixture_cast()
    paths = {n: write_call(folder / f"call-{n}.jsonl", n) for n in sizes}
    calls = {n: read_transcript(path) for n, path in paths.items()}
    debriefs = {n: heuristic_debrief(call, cast) for n, call in calls.items()}
    graded: dict[int, list[tuple[float, float]]] = {n: [] for n in sizes}

    def grade(path: Path) -> object:
        return heuristic_debrief(read_transcript(path), cast)

    for _ in range(repeats):
        for n, path in paths.items():
            graded[n].append(_timed(lambda path=path: grade(path)))
    rows: list[dict[str, float | int]] = []
    for n, path in paths.items():
        read_ms = _median_ms(lambda path=path: read_transcript(path), repeats)
        grade_ms = round(statistics.median(wall for wall, _ in graded[n]), 2)
        debrief, call = debriefs[n], calls[n]

        def md(debrief: Any = debrief, call: Any = call) -> object:
            return render(debrief, "md", call)

        def html(debrief: Any = debrief, call: Any = call) -> object:
            return render(debrief, "html", call)

        rows.append(
            {
                "turns": n,
                "read_ms": read_ms,
                "debrief_ms": grade_ms,
                "debrief_cpu_ms": round(statistics.median(cpu for _, cpu in graded[n]), 2),
                "grade_vs_read": round(grade_ms / read_ms, 1) if read_ms else 0.0,
                "markdown_ms": _median_ms(md, repeats),
                "html_ms": _median_ms(html, repeats),
            }
        )
    return rows


def cold_once(turns: int, folder: Path) -> tuple[float, float]:
    """(wall, CPU) ms for one debrief in this fresh process, detectors loaded on another call."""
    from roleplay.debrief import heuristic_debrief

    read_transcript = _transcripts().read_transcript

    cast = _fixture_cast()
    heuristic_debrief(read_transcript(write_call(folder / "warm-up.jsonl", 4)), cast)
    path = write_call(folder / f"call-{turns}.jsonl", turns)
    return _timed(lambda: heuristic_debrief(read_transcript(path), cast))


def _child(checkout: Path, *args: str) -> object:
    """Run this script for `checkout` in a fresh process; its JSON answer."""
    command = [sys.executable, __file__, "--checkout", str(checkout), *args]
    done = subprocess.run(command, capture_output=True, text=True, check=True)
    return json.loads(done.stdout)


def _rows(checkout: Path, repeats: int, cold_runs: int) -> list[dict[str, float | int]]:
    sizes = ",".join(str(n) for n in SIZES)
    rows = _child(checkout, "--one", sizes, "--repeats", str(repeats))
    assert isinstance(rows, list)
    for row in rows:
        colds = [_child(checkout, "--cold", str(row["turns"])) for _ in range(cold_runs)]
        row["cold_ms"] = round(statistics.median(wall for wall, _ in colds), 2)
        row["cold_cpu_ms"] = round(statistics.median(cpu for _, cpu in colds), 2)
    return rows


def _growth(rows: list[dict[str, float | int]]) -> dict[str, float]:
    by = {r["turns"]: r for r in rows}
    return {
        f"{key}_2000_vs_200": round(by[2000][key] / by[200][key], 1)
        for key in ("debrief_ms", "debrief_cpu_ms", "cold_ms", "cold_cpu_ms")
    }


def main() -> None:
    """Print one JSON object: a row per call size (per checkout with --baseline), and ratios."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=9)
    parser.add_argument("--cold-runs", type=int, default=3)
    parser.add_argument("--baseline", type=Path, help="another checkout to compare with")
    parser.add_argument("--checkout", type=Path, default=ROOT, help=argparse.SUPPRESS)
    parser.add_argument("--one", help=argparse.SUPPRESS)
    parser.add_argument("--cold", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one or args.cold:
        _use(args.checkout.resolve())
        with tempfile.TemporaryDirectory() as tmp:
            if args.cold:
                print(json.dumps(cold_once(args.cold, Path(tmp))))
            else:
                sizes = [int(n) for n in args.one.split(",")]
                print(json.dumps(measure(sizes, args.repeats, Path(tmp))))
        return
    checkouts = {"after": ROOT}
    if args.baseline is not None:
        checkouts = {"before": args.baseline, "after": ROOT}
    rows: dict[str, list[dict[str, float | int]]] = {name: [] for name in checkouts}
    for name, checkout in checkouts.items():
        rows[name] = _rows(checkout.resolve(), args.repeats, args.cold_runs)
    result: dict[str, object] = {"benchmark": "debrief_speed", "grader": "heuristic"}
    for name, found in rows.items():
        result[name] = {"results": found, **_growth(found)}
    after, growth = rows["after"][-1], _growth(rows["after"])
    result["targets"] = {
        "debrief_ms_2000_under": TARGET_MS,
        "ratio_at_most": TARGET_RATIO,
        **{
            f"met_{key}": after[key] < TARGET_MS and growth[f"{key}_2000_vs_200"] <= TARGET_RATIO
            for key in ("debrief_ms", "debrief_cpu_ms")
        },
    }
    if "before" in rows:
        result["speedup_2000"] = {
            key: round(rows["before"][-1][key] / after[key], 1)
            for key in ("debrief_ms", "debrief_cpu_ms", "cold_ms", "cold_cpu_ms")
        }
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
