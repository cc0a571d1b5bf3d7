"""The debrief: grade a finished call with metrics, evidence, coaching and a pass/fail.

`build_debrief(transcript, cast, backend=None)` grades by heuristic rules, or with a model
judge when the backend can judge (`abuild_debrief` is the async form, for code already inside
an event loop). `render_markdown(debrief, transcript)` gives the report as Markdown with every
value from the call escaped; `render(debrief, "json" | "md" | "html", transcript)` any format.
Debriefs are cached beside the transcript as `<transcript>.debrief.json` (`debrief_path`,
`save_debrief`, `load_debrief`).
"""

from roleplay.debrief.build import abuild_debrief, build_debrief, heuristic_debrief
from roleplay.debrief.files import debrief_path, load_debrief, save_debrief
from roleplay.debrief.model import SCHEMA_VERSION, CriterionResult, Debrief, Override
from roleplay.debrief.report import render, render_html, render_markdown

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
    "render",
    "render_html",
    "render_markdown",
    "save_debrief",
]
