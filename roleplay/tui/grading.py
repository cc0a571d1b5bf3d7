"""Grading a finished call for the app: the one place a screen asks for a debrief.

Everything here runs off the UI thread (reading, re-detecting, judging, rendering, saving), so
the summary stays live while it works and shows each step. When one grading service serves the
CLI, the summary and the review, `grade_finished_call` is the call to point at it.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from roleplay.errors import UserError
from roleplay.scenarios.models import Cast

if TYPE_CHECKING:
    from roleplay.debrief import Debrief
    from roleplay.llm.base import Backend

Progress = Callable[[str], None]
"""Told each step as it starts (safe to call from a worker thread if it posts a message)."""


@dataclass(frozen=True)
class GradedCall:
    """A debrief, as Markdown for the debrief screen, and where it was saved."""

    debrief: Debrief
    markdown: str
    saved_to: Path | None
    not_saved: str = ""
    """Why the debrief could not be saved beside the transcript ("" when it was)."""


def _grade(
    path: Path, cast: Cast, judge: Callable[[], Backend] | None, progress: Progress
) -> GradedCall:
    from roleplay.debrief import (
        abuild_debrief,
        build_debrief,
        debrief_path,
        render_markdown,
        save_debrief,
    )
    from roleplay.store.transcript import read_transcript

    progress("Reading the call…")
    transcript = read_transcript(path)
    if judge is None:
        progress("Scoring the call…")
        debrief = build_debrief(transcript, cast)
    else:
        progress("Grading the call with the model…")

        async def with_model() -> Debrief:
            backend = judge()
            try:
                return await abuild_debrief(transcript, cast, backend=backend)
            finally:
                await backend.aclose()

        debrief = asyncio.run(with_model())
    progress("Writing the debrief…")
    markdown = render_markdown(debrief, transcript)
    try:
        saved = save_debrief(debrief, debrief_path(path))
    except (OSError, UserError) as exc:
        return GradedCall(debrief, markdown, None, str(exc))
    return GradedCall(debrief, markdown, saved)


async def grade_finished_call(
    path: Path, cast: Cast, judge: Callable[[], Backend] | None, progress: Progress
) -> GradedCall:
    """Grade the saved call: the model judge when given, else the heuristic rules (a thread)."""
    return await asyncio.to_thread(_grade, path, cast, judge, progress)
