"""The debrief: grade a finished call with metrics, evidence, coaching and a pass/fail.

`build_debrief(transcript, cast, backend=None)` grades by heuristic rules, or with a model
judge when the backend can judge (`abuild_debrief` is the async form). Debriefs are cached
beside the transcript as `<transcript>.debrief.json`.
"""

from roleplay.debrief.build import abuild_debrief, build_debrief, heuristic_debrief
from roleplay.debrief.files import debrief_path, load_debrief, save_debrief
from roleplay.debrief.model import SCHEMA_VERSION, CriterionResult, Debrief, Override

__all__ = [
    "SCHEMA_VERSION",
    "CriterionResult",
    "Debrief",
    "Override",
    "abuild_debrief",
    "build_debrief",
    "debrief_path",
    "heuristic_debrief",
    "load_debrief",
    "save_debrief",
]
