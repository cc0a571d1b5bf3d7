"""Grading a finished call for the app: the one place a screen asks for a debrief.

The grading service (`roleplay.grading`) chooses the judge, reuses a still-valid debrief,
keeps reviewers' overrides and saves; this adds what the summary needs on top: each step
told as it starts, and the debrief as Markdown for the debrief screen, all off the UI thread.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from roleplay.scenarios.models import Cast

if TYPE_CHECKING:
    from roleplay.debrief import Debrief
    from roleplay.grading import Grading

Progress = Callable[[str], None]
"""Told each step as it starts."""


@dataclass(frozen=True)
class GradedCall:
    """A debrief, as Markdown for the debrief screen, and why it was not saved (if not)."""

    debrief: Debrief
    markdown: str
    not_saved: str = ""
    """Why the debrief could not be saved beside the transcript ("" when it was)."""


async def grade_finished_call(
    path: Path, cast: Cast, grading: Grading | None, progress: Progress
) -> GradedCall:
    """Grade the saved call through the grading service (heuristic when none is given)."""
    from roleplay.choices import JudgeMode
    from roleplay.debrief import render_markdown
    from roleplay.grading import Grading

    grading = grading or Grading(JudgeMode.HEURISTIC)
    progress("Grading the call with the model…" if grading.uses_model else "Scoring the call…")
    graded = await grading.grade(path, lambda _scenario_id: cast)
    progress("Writing the debrief…")
    markdown = await asyncio.to_thread(render_markdown, graded.debrief, graded.transcript)
    return GradedCall(graded.debrief, markdown, graded.not_saved)
