"""What a grade depends on, as digests: the grading code, the detector, the scenario.

A saved debrief records these beside the transcript's digest. When any of them has changed
since (a new version of the grading rules, a retrained detector, an edited rubric), the saved
grade is stale: the grading service grades the call again and says why, keeping the team lead's
overrides beside the new machine scores.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
from collections.abc import Mapping
from functools import cache
from pathlib import Path

from roleplay.detectors import active
from roleplay.scenarios.models import Cast

GRADING_CODE: tuple[str, ...] = (
    "roleplay.debrief.build",
    "roleplay.debrief.call_facts",
    "roleplay.debrief.claims",
    "roleplay.debrief.coaching",
    "roleplay.debrief.tips",
    "roleplay.debrief.escalation",
    "roleplay.debrief.graded",
    "roleplay.debrief.heuristic",
    "roleplay.debrief.moments",
    "roleplay.debrief.judge",
    "roleplay.debrief.metrics",
    "roleplay.debrief.model",
    "roleplay.debrief.quotes",
    "roleplay.debrief.rules",
    "roleplay.debrief.timeline",
    "roleplay.detectors.active",
    "roleplay.detectors.blend",
    "roleplay.detectors.context_rules",
    "roleplay.detectors.corpus",
    "roleplay.detectors.detect",
    "roleplay.detectors.features",
    "roleplay.detectors.frame",
    "roleplay.detectors.history",
    "roleplay.detectors.jargon",
    "roleplay.detectors.line_scores",
    "roleplay.detectors.model",
    "roleplay.detectors.readings",
    "roleplay.detectors.repeats",
    "roleplay.detectors.rules",
    "roleplay.detectors.sentences",
    "roleplay.detectors.transformer",
    "roleplay.detectors.wordpiece",
    "roleplay.scenarios.behaviours",
    "roleplay.scenarios.patterns",
    "roleplay.scenarios.tone",
    "roleplay.sim.actor",
    "roleplay.sim.deltas",
    "roleplay.sim.director",
    "roleplay.sim.hearing",
    "roleplay.sim.line_review",
    "roleplay.transcript.durations",
    "roleplay.transcript.endings",
    "roleplay.transcript.file",
    "roleplay.transcript.records",
    "roleplay.words",
)
"""The modules whose code decides a grade (what is detected, counted, scored and quoted).
Rendering (report.py, the templates) and storage are left out: a report is drawn afresh from
the saved debrief every time."""

WHY: dict[str, str] = {
    "code": "the grading rules changed (a newer version of roleplay grades differently)",
    "detector": "the behaviour detector changed (a retrained or different detector model)",
    "rubric": "the scenario's rubric or goals changed",
    "scenario": "the scenario or persona file changed",
}
"""Each part of the fingerprint, in the words a debrief note uses when it has changed."""

NOT_RECORDED = "the saved debrief does not record what it was graded with (an older roleplay)"


def _source(module: str) -> bytes:
    spec = importlib.util.find_spec(module)
    if spec is None or spec.origin is None:
        return b""
    try:
        return Path(spec.origin).read_bytes()
    except OSError:
        return b""


@cache
def code_digest() -> str:
    """sha256 over the source of every module in GRADING_CODE (read once per process)."""
    digest = hashlib.sha256()
    for module in GRADING_CODE:
        digest.update(module.encode() + b"\0" + _source(module) + b"\0")
    return digest.hexdigest()


def detector_digest() -> str:
    """The detector model in force (bundled, a workspace's own, or rules only)."""
    return active.digest()


def rubric_digest(cast: Cast) -> str:
    """sha256 of what the scenario grades against: the rubric and the goals."""
    scenario = cast.scenario
    data = (
        scenario.rubric.model_dump_json()
        + "\0"
        + "\0".join(g.model_dump_json() for g in scenario.goals)
    )
    return hashlib.sha256(data.encode()).hexdigest()


def scenario_digest(cast: Cast) -> str:
    """sha256 of the scenario and persona as loaded (their meaning, not their comments)."""
    data = cast.scenario.model_dump_json() + "\0" + cast.persona.model_dump_json()
    return hashlib.sha256(data.encode()).hexdigest()


def fingerprint(cast: Cast) -> dict[str, str]:
    """Everything a grade of a call against `cast` depends on, besides the call itself."""
    return {
        "code": code_digest(),
        "detector": detector_digest(),
        "rubric": rubric_digest(cast),
        "scenario": scenario_digest(cast),
    }


def digest(parts: Mapping[str, object] | None) -> str | None:
    """One short string for a whole fingerprint, so the review index can keep the one a saved
    debrief records and a report find the stale ones in SQL (None: nothing recorded)."""
    if not parts:
        return None
    text = json.dumps(parts, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def what_changed(saved: dict[str, str], now: dict[str, str]) -> str:
    """Why a saved grade is stale, in words ("" when it still holds)."""
    if not saved:
        return NOT_RECORDED
    parts = [part for part in WHY if saved.get(part) != now.get(part)]
    if "rubric" in parts and "scenario" in parts:  # the rubric is the sharper reason
        parts.remove("scenario")
    return "; ".join(WHY[part] for part in parts)
