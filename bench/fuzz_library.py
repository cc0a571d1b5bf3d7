"""How the loader copes with hostile files: N fuzzed scenario and persona files, one at a time.

Each file is a bundled one mutated by `tests/unit/fuzz_files.py` (YAML tags, catastrophic or
huge auto-fail patterns, thousands of unknown keys, very long keys, odd values, lost lines,
junk characters) and checked as `roleplay scenarios validate FILE` checks it. Prints JSON:
- `outcomes`: files that loaded, files refused with the loader's own error (every problem a
  `path:line:` line), refused with a problem line not in that form, and any other exception;
- `per_mutation`: the same outcomes by the kind of mutation applied;
- `slowest`: the slowest files by wall-clock milliseconds, with their CPU milliseconds and
  mutations; `over_1s_wall` and `over_1s_cpu` count files over a second each way (on a shared
  machine the wall clock includes waiting for a core, so CPU time is the figure to compare);
- `debrief_patterns_slowest_ms`: for files that loaded as scenarios, the longest time the
  auto-fail check took over a set of lines chosen to make bad patterns backtrack;
- `exceptions`: the first few unexpected ones, for a bug report.

    python bench/fuzz_library.py [--files N] [--seed S]
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
import tempfile
import time
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "unit"))

from fuzz_files import write_fuzzed  # noqa: E402

from roleplay.debrief.rules import auto_fail_hits  # noqa: E402
from roleplay.scenarios.chosen import load_paths  # noqa: E402
from roleplay.scenarios.loader import LibraryError  # noqa: E402
from roleplay.transcript import Header, Transcript, Turn  # noqa: E402
from roleplay.workspace import bundled_library_dir  # noqa: E402

PROBLEM_LINE = re.compile(r"^(scenarios|personas)/fuzzed\.yaml:\d+: \S")
HOSTILE_LINES = ["a" * 30 + "!", "x" * 40, "a" * 60 + "b", "word " * 120 + "!", "(" * 50]


def hostile_call() -> Transcript:
    """A transcript of trainee lines that make bad patterns backtrack."""
    header = Header(call_id="bench", scenario_id="fuzzed", trainee="bench")
    turns = [Turn(id=i, speaker="trainee", text=text) for i, text in enumerate(HOSTILE_LINES)]
    return Transcript(header=header, turns=turns)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=16)
    args = parser.parse_args()
    rnd = random.Random(args.seed)
    personas = bundled_library_dir() / "personas"
    outcomes: Counter[str] = Counter()
    per_mutation: dict[str, Counter[str]] = defaultdict(Counter)
    times: list[tuple[float, float, int, list[str]]] = []
    exceptions: list[str] = []
    pattern_ms = 0.0
    call = hostile_call()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        for index in range(args.files):
            for old in root.glob("*/fuzzed.yaml"):
                old.unlink()
            path, applied = write_fuzzed(root, rnd)
            start, cpu = time.perf_counter(), time.process_time()
            library = None
            try:
                library = load_paths([path], extra_personas=[personas], base=root)
                outcome = "loaded"
            except LibraryError as err:
                good = err.problems and all(PROBLEM_LINE.match(p) for p in err.problems)
                outcome = "refused_with_path_line" if good else "refused_without_path_line"
            except Exception as exc:  # what this bench exists to count
                outcome = "other_exception"
                if len(exceptions) < 10:
                    exceptions.append(f"{type(exc).__name__}: {str(exc)[:200]} ({applied})")
            wall_ms = (time.perf_counter() - start) * 1000
            times.append((wall_ms, (time.process_time() - cpu) * 1000, index, applied))
            outcomes[outcome] += 1
            for name in set(applied):
                per_mutation[name][outcome] += 1
            if library is not None and "fuzzed" in library.scenarios:
                start = time.perf_counter()
                auto_fail_hits(library.scenarios["fuzzed"].rubric, call, [])
                pattern_ms = max(pattern_ms, (time.perf_counter() - start) * 1000)
    times.sort(reverse=True)
    print(
        json.dumps(
            {
                "files": args.files,
                "seed": args.seed,
                "outcomes": dict(sorted(outcomes.items())),
                "per_mutation": {
                    k: dict(sorted(v.items())) for k, v in sorted(per_mutation.items())
                },
                "over_1s_wall": sum(1 for wall, _, _, _ in times if wall > 1000),
                "over_1s_cpu": sum(1 for _, cpu, _, _ in times if cpu > 1000),
                "median_wall_ms": round(times[len(times) // 2][0], 2) if times else None,
                "max_cpu_ms": round(max(cpu for _, cpu, _, _ in times), 1) if times else None,
                "slowest": [
                    {
                        "file": index,
                        "wall_ms": round(wall, 1),
                        "cpu_ms": round(cpu, 1),
                        "mutations": applied,
                    }
                    for wall, cpu, index, applied in times[:5]
                ],
                "debrief_patterns_slowest_ms": round(pattern_ms, 1),
                "exceptions": exceptions,
            },
            indent=2,
        )
    )


if __name__ == "__main__":
    main()
