"""How long loading and checking scenario files takes, and how fast hostile files are refused.

Prints JSON. Times are medians of several runs, in milliseconds:
- `bundled_library_ms`: validate the whole bundled library (every scenario and persona);
- `workspace_100_ms`: a workspace of 100 scenarios and 100 personas (copies of the test files);
- `broken_100_ms`: the same, with every file carrying a mistake (all problems collected);
- `alias_bomb_ms`, `one_megabyte_ms`: refusing a billion-laughs file and an oversized file.
The baseline, measured in the same run, is `plain_yaml_ms`: parsing the bundled library's files
with the same safe YAML parser and no checks at all; `library_vs_plain_yaml` is the ratio.

    python bench/library_load.py [--repeats N]
"""

from __future__ import annotations

import argparse
import contextlib
import json
import shutil
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import yaml

from roleplay.scenarios.loader import LibraryError, load_library
from roleplay.workspace import bundled_library_dir

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "tests" / "data"


def median_ms(action: Callable[[], object], repeats: int) -> float:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        with contextlib.suppress(LibraryError):
            action()
        times.append((time.perf_counter() - start) * 1000)
    return round(statistics.median(times), 2)


def make_workspace(root: Path, count: int, broken: bool) -> None:
    scenario = (DATA / "valid" / "scenarios" / "broadband-down.yaml").read_text()
    persona = (DATA / "valid" / "personas" / "dana-whitfield.yaml").read_text()
    (root / "scenarios").mkdir(parents=True)
    (root / "personas").mkdir(parents=True)
    for i in range(count):
        p = persona.replace("id: dana-whitfield", f"id: p{i}")
        s = scenario.replace("id: broadband-down", f"id: s{i}").replace(
            "persona: dana-whitfield", f"persona: p{i}"
        )
        if broken:
            p = p.replace("delta: 20", "delta: 80")
            s = s.replace("speaking", "speking").replace("weight: 50", "weight: 40", 1)
        (root / "personas" / f"p{i}.yaml").write_text(p)
        (root / "scenarios" / f"s{i}.yaml").write_text(s)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    bundled = bundled_library_dir()
    files = sorted([*bundled.glob("scenarios/*.yaml"), *bundled.glob("personas/*.yaml")])
    results: dict[str, object] = {"bundled_files": len(files)}
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    results["plain_yaml_ms"] = median_ms(
        lambda: [yaml.load(f.read_text(), Loader=loader) for f in files],
        args.repeats,
    )
    results["bundled_library_ms"] = median_ms(
        lambda: load_library(bundled / "scenarios", bundled / "personas"), args.repeats
    )
    results["library_vs_plain_yaml"] = round(
        results["bundled_library_ms"] / max(results["plain_yaml_ms"], 0.01),
        2,  # type: ignore[operator]
    )
    tmp = Path(tempfile.mkdtemp())
    try:
        for name, broken in (("workspace_100_ms", False), ("broken_100_ms", True)):
            root = tmp / name
            make_workspace(root, 100, broken)
            results[name] = median_ms(
                lambda r=root: load_library(r / "scenarios", r / "personas"), args.repeats
            )
        hostile = tmp / "hostile"
        shutil.copytree(DATA / "valid", hostile)
        shutil.copy(DATA / "broken" / "alias-bomb.scenario.yaml", hostile / "scenarios" / "b.yaml")
        results["alias_bomb_ms"] = median_ms(
            lambda: load_library(hostile / "scenarios", hostile / "personas"), args.repeats
        )
        (hostile / "scenarios" / "b.yaml").write_text("# padding\n" * 120_000)
        results["one_megabyte_ms"] = median_ms(
            lambda: load_library(hostile / "scenarios", hostile / "personas"), args.repeats
        )
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
