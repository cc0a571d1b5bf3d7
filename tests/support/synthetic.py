"""Synthetic calls (transcript + debrief files) for the review benchmark, tests and demos.

They follow the real file formats exactly, so the index, the review screen and the reports
read them like any team's history; the words are filler, the numbers are plausible.
"""

from __future__ import annotations

import json
import random
from datetime import UTC, datetime, timedelta
from pathlib import Path

from roleplay.debrief.model import overall_score
from roleplay.store.index_rows import debrief_file

TRAINEES = (
    "Aisha Khan", "Ben Carter", "Chloe Martin", "Dev Patel", "Ella Jones", "Femi Ade",
    "Grace Liu", "Harry Walsh", "Isla Reid", "Jonas Berg", "Kemi Okafor", "Liam Byrne",
)  # fmt: skip
SCENARIOS = (
    ("broadband-outage", "Broadband down for three days"),
    ("bereavement-account", "Closing a late parent's account"),
    ("double-charge", "Charged twice for one order"),
    ("missed-delivery", "Third missed delivery"),
    ("confused-bill", "A bill they cannot follow"),
)
CRITERIA = (
    ("empathy", "Empathy", "empathy", 30),
    ("ownership", "Ownership", "ownership", 25),
    ("personal-touch", "Personal touch", "personal_touch", 15),
    ("composure", "Composure", "composure", 15),
    ("call-control", "Call control", "call_control", 15),
)
END_REASONS = ("resolved", "resolved", "resolved", "hung_up", "supervisor_requested", "turn_limit")


def _iso(moment: datetime) -> str:
    return moment.isoformat(timespec="milliseconds")


def synthetic_call(
    root: Path,
    rng: random.Random,
    *,
    number: int,
    when: datetime,
    trainee: str,
    scenario: tuple[str, str],
    turns: int = 8,
    graded: bool = True,
) -> Path:
    """Write one synthetic call (and its debrief when `graded`); returns the transcript path."""
    scenario_id, title = scenario
    skill = (TRAINEES.index(trainee) % 5 + 1) / 6 if trainee in TRAINEES else 0.5
    call_id = f"syn{number:09d}"
    folder = root / when.strftime("%Y-%m-%d")
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{when.strftime('%H%M%S')}-{scenario_id}-{number}.jsonl"
    mood = rng.uniform(45, 75)
    clock = when
    lines = [
        {
            "type": "header",
            "schema_version": 1,
            "call_id": call_id,
            "scenario_id": scenario_id,
            "scenario_title": title,
            "persona_name": "Sam Customer",
            "difficulty": rng.choice(("easy", "medium", "medium", "hard")),
            "backend": "scripted",
            "model": "authored-lines",
            "trainee": trainee,
            "started_at": _iso(when),
        }
    ]
    for turn_id in range(1, turns + 1):
        speaker = "customer" if turn_id % 2 else "trainee"
        clock += timedelta(seconds=rng.uniform(4, 25))
        mood = max(0.0, min(100.0, mood + rng.uniform(-12, 8) * (skill + 0.3)))
        band = ("calm", "uneasy", "upset", "angry", "furious")[min(4, int(mood // 20))]
        lines.append(
            {
                "type": "turn",
                "id": turn_id,
                "speaker": speaker,
                "text": f"Line {turn_id} of a practice call about {title.lower()}.",
                "started_at": _iso(clock - timedelta(seconds=3)),
                "ended_at": _iso(clock),
                "behaviours": [],
                "state": {"mood": round(mood, 1), "band": band, "revealed": [], "goals_met": []},
            }
        )
    lines.append({"type": "close", "end_reason": rng.choice(END_REASONS), "ended_at": _iso(clock)})
    path.write_text("".join(json.dumps(x) + "\n" for x in lines), encoding="utf-8")
    if graded:
        _write_debrief(path, rng, lines[0], skill)
    return path


def _write_debrief(path: Path, rng: random.Random, header: dict, skill: float) -> None:
    criteria = []
    for cid, name, measures, weight in CRITERIA:
        score = max(1, min(5, round(rng.gauss(1 + 4 * skill, 0.9))))
        criteria.append(
            {
                "id": cid,
                "name": name,
                "measures": measures,
                "weight": weight,
                "score": score,
                "rationale": "Synthetic score.",
                "evidence": [{"turn_id": 2, "quote": "Line 2 of a practice call."}],
            }
        )
    overall = overall_score((c["weight"], c["score"]) for c in criteria)
    debrief = {
        "schema_version": 1,
        "call_id": header["call_id"],
        "transcript": str(path),
        "scenario_id": header["scenario_id"],
        "scenario_title": header["scenario_title"],
        "trainee": header["trainee"],
        "difficulty": header["difficulty"],
        "started_at": header["started_at"],
        "grader": "heuristic",
        "overall": overall,
        "passed": overall >= 70,
        "pass_mark": 70,
        "criteria": criteria,
        "overrides": [],
    }
    debrief_file(path).write_text(json.dumps(debrief), encoding="utf-8")


def write_synthetic_calls(
    root: Path,
    count: int,
    *,
    seed: int = 7,
    trainees: tuple[str, ...] = TRAINEES,
    scenarios: tuple[tuple[str, str], ...] = SCENARIOS,
    start: datetime | None = None,
    days: int = 365,
    first: int = 0,
) -> list[Path]:
    """Write `count` calls spread over `days` days from `start`; returns the transcript paths.

    Calls are numbered from `first`, so a second batch into the same folder gets new call ids.
    """
    rng = random.Random(seed)
    start = start or datetime(2025, 1, 1, 8, 0, tzinfo=UTC)
    step = timedelta(days=days) / max(count, 1)
    paths = []
    for number in range(count):
        when = start + step * number
        paths.append(
            synthetic_call(
                root,
                rng,
                number=first + number,
                when=when,
                trainee=trainees[rng.randrange(len(trainees))],
                scenario=scenarios[rng.randrange(len(scenarios))],
                turns=rng.randrange(6, 13),
            )
        )
    return paths
