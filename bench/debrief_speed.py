"""How long a heuristic debrief takes for 20, 200 and 2,000-turn calls; prints JSON.

Each call is written in the real transcript format from the committed test calls' lines
(trainee lines from a good and a bad call, alternating with customer lines, a hold every 40
turns), so the detectors see realistic text. Times are medians of several runs. The baseline,
measured in the same run, is reading the transcript file alone; `grade_vs_read` says how many
times longer grading takes than reading.

    python bench/debrief_speed.py [--repeats N]
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from itertools import cycle
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "unit"))

from sim_cast import make_cast  # noqa: E402

from roleplay.debrief import heuristic_debrief  # noqa: E402
from roleplay.debrief.report import render  # noqa: E402
from roleplay.store.transcript import (  # noqa: E402
    Close,
    Event,
    Header,
    Turn,
    TurnState,
    read_transcript,
)

SIZES = (20, 200, 2000)
CALLS = ROOT / "tests" / "data" / "transcripts" / "test-broadband-down"


def _lines() -> tuple[list[str], list[str]]:
    trainee: list[str] = []
    customer: list[str] = []
    for name in ("good", "bad"):
        call = read_transcript(CALLS / f"{name}.jsonl")
        trainee += [t.text for t in call.turns if t.speaker == "trainee"]
        customer += [t.text for t in call.turns if t.speaker == "customer"]
    return trainee, customer


def write_call(path: Path, turns: int) -> Path:
    """A transcript of `turns` turns (customer first), in the real JSONL format."""
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


def _median_ms(action: Callable[[], object], repeats: int) -> float:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return round(statistics.median(times) * 1000, 2)


def measure(turns: int, repeats: int, folder: Path) -> dict[str, float | int]:
    """Median milliseconds to read, grade, and render one call of `turns` turns."""
    path = write_call(folder / f"call-{turns}.jsonl", turns)
    cast = make_cast()
    call = read_transcript(path)
    debrief = heuristic_debrief(call, cast)
    read_ms = _median_ms(lambda: read_transcript(path), repeats)
    grade_ms = _median_ms(lambda: heuristic_debrief(read_transcript(path), cast), repeats)
    return {
        "turns": turns,
        "read_ms": read_ms,
        "debrief_ms": grade_ms,
        "grade_vs_read": round(grade_ms / read_ms, 1) if read_ms else 0.0,
        "markdown_ms": _median_ms(lambda: render(debrief, "md", call), repeats),
        "html_ms": _median_ms(lambda: render(debrief, "html", call), repeats),
    }


def main() -> None:
    """Print one JSON object with a row per call size."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        rows = [
            measure(n, args.repeats if n < 2000 else max(1, args.repeats // 2), Path(tmp))
            for n in SIZES
        ]
    print(
        json.dumps({"benchmark": "debrief_speed", "grader": "heuristic", "results": rows}, indent=2)
    )


if __name__ == "__main__":
    main()
