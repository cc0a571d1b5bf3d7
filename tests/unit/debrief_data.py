"""Shared helpers for the debrief tests: the committed transcripts and the casts that grade them.

The transcripts under tests/data/transcripts/ were written by make_transcripts.py there. Those of
the fixture scenario are graded with the fixture cast; the rest with the bundled library.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from support.sim_cast import SCENARIO, make_cast

from roleplay.scenarios.loader import load_library
from roleplay.scenarios.models import Cast
from roleplay.transcript import Transcript, read_transcript
from roleplay.workspace import bundled_library_dir

DATA = Path(__file__).resolve().parents[1] / "data" / "transcripts"
FIXTURE = "test-broadband-down"

FULL_RUBRIC = {
    "pass_mark": 70,
    "criteria": [
        {
            "id": kind,
            "name": kind.replace("_", " ").capitalize(),
            "measures": kind,
            "weight": weight,
            "description": f"How well the agent did on {kind.replace('_', ' ')}.",
            "levels": {1: "poor", 2: "weak", 3: "fair", 4: "good", 5: "excellent"},
            **({"not_applicable_when": "no_hold"} if kind == "call_control" else {}),
        }
        for kind, weight in [
            ("empathy", 20),
            ("personal_touch", 15),
            ("ownership", 20),
            ("going_beyond", 10),
            ("composure", 15),
            ("confidence", 10),
            ("call_control", 10),
        ]
    ],
    "auto_fail": SCENARIO["rubric"]["auto_fail"],
}
"""Every criterion kind but escalation (the fixture customer never asks for a supervisor; the
demands-supervisor calls exercise it), so the fixture calls exercise every other rule."""


def full_cast() -> Cast:
    """The fixture scenario with a rubric holding every kind of criterion."""
    return make_cast(rubric=FULL_RUBRIC)


@cache
def _bundled_library():  # type: ignore[no-untyped-def]
    root = bundled_library_dir()
    return load_library(root / "scenarios", root / "personas")


def cast_for(scenario_id: str) -> Cast:
    """The cast a committed transcript was recorded against."""
    if scenario_id == FIXTURE:
        return make_cast()
    return _bundled_library().cast(scenario_id)


def transcript(scenario_id: str, name: str) -> Transcript:
    """One committed transcript, read from disk."""
    return read_transcript(DATA / scenario_id / f"{name}.jsonl")


def scenarios_with_pairs() -> list[str]:
    """Scenario ids that have both a good and a bad committed call."""
    return sorted(
        d.name for d in DATA.iterdir() if (d / "good.jsonl").exists() and (d / "bad.jsonl").exists()
    )
