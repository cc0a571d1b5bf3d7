"""Give a call with no debrief a heuristic one, so every finished call can be reviewed and counted.

The index calls this for transcripts it finds without a `.debrief.json`; the review screen calls
it when such a call is opened, and asks it (`regrade_stale`) to grade a call again whose saved
heuristic debrief was made with other grading rules, another detector or another scenario. It
grades through `Grading` with the heuristic judge. Grading needs the scenario (its rubric), so
calls whose scenario is no longer in the library stay ungraded and say why.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

from roleplay.choices import JudgeMode
from roleplay.debrief.files import debrief_path, load_debrief
from roleplay.debrief.fingerprint import digest, fingerprint
from roleplay.errors import UserError
from roleplay.grading.service import MODEL_REGRADE_HINT, Grading
from roleplay.scenarios.library import Library
from roleplay.scenarios.models import Cast
from roleplay.transcript import TranscriptError, read_transcript

STILL_WRITING_S = 3600.0
"""A transcript without a closing line that changed within this many seconds may be a live call."""

CastLookup = Callable[[str], Cast]


class AutoGrader:
    """Grades ungraded calls with the heuristic grader and saves the debrief beside them."""

    def __init__(self, cast_for: CastLookup) -> None:
        self.cast_for = cast_for
        self.grading = Grading(JudgeMode.HEURISTIC)
        self.problems: list[str] = []
        self._casts: dict[str, Cast | None] = {}

    def _cast(self, scenario_id: str) -> Cast | None:
        if scenario_id not in self._casts:
            try:
                self._casts[scenario_id] = self.cast_for(scenario_id)
            except (UserError, KeyError, ValueError):
                self._casts[scenario_id] = None
        return self._casts[scenario_id]

    def __call__(self, transcript: Path) -> Path | None:
        """Write and return the debrief path, or None when the call cannot be graded yet."""
        try:
            call = read_transcript(transcript)
        except TranscriptError:
            return None
        if call.close is None:
            try:
                age = time.time() - transcript.stat().st_mtime
            except OSError:
                return None
            if age < STILL_WRITING_S:
                return None
        cast = self._cast(call.header.scenario_id)
        if cast is None:
            self.problems.append(
                f"{transcript.name}: not graded: scenario '{call.header.scenario_id}' "
                "is not in the library"
            )
            return None
        self.grading.grade_transcript(call, transcript, cast, must_save=True)
        return debrief_path(transcript)

    def regrade_stale(self, transcript: Path) -> str:
        """Grade a call again when its saved heuristic debrief is stale; what to tell the reviewer.

        "" when the saved debrief still holds (or cannot be checked). A stale model grade is not
        replaced by the rules' grade: the note says how to grade it again with the model.
        """
        where = debrief_path(transcript)
        try:
            call = read_transcript(transcript)
            found = load_debrief(where)
        except (TranscriptError, UserError):
            return ""
        cast = self._cast(call.header.scenario_id)
        if cast is None:
            return ""
        why = Grading.stale(found, cast)
        if not why:
            return ""
        if found.grader != "heuristic":
            return _kept_note(why)
        self.grading.grade_transcript(call, transcript, cast, must_save=True, regraded=why)
        return f"Graded again by the heuristic grader: {why}."

    def graded_with(self, scenario_id: str) -> str | None:
        """The digest a grade of this scenario's calls is made with today (`fingerprint.digest`),
        to compare with the one the index recorded; None when the scenario is not in the library.
        """
        cast = self._cast(scenario_id)
        return digest(fingerprint(cast)) if cast is not None else None

    def out_of_date(self, transcript: Path, scenario_id: str) -> str:
        """The note for a stale model grade, which is kept, read from its debrief alone ("" when
        it holds or is not a model grade). Every call of a scenario that records the same
        fingerprint gets the same note, so a report reads one of them."""
        cast = self._cast(scenario_id)
        try:
            found = load_debrief(debrief_path(transcript))
        except UserError:
            return ""
        if cast is None or found.grader == "heuristic":
            return ""
        why = Grading.stale(found, cast)
        return _kept_note(why) if why else ""


def _kept_note(why: str) -> str:
    return f"This model grade is out of date: {why}. {MODEL_REGRADE_HINT}"


def grader_for(library_loader: Callable[[], Library]) -> AutoGrader | None:
    """An AutoGrader over a workspace's library (`workspace.library`), or None if it won't load."""
    try:
        library = library_loader()
    except UserError:
        return None
    return AutoGrader(library.cast)


def warn_lines(warnings: list[str], limit: int = 10) -> list[str]:
    """Refresh warnings as lines for stderr, the first `limit` of them and a count of the rest."""
    lines = [f"warning: {w}" for w in warnings[:limit]]
    if len(warnings) > limit:
        lines.append(f"warning: … and {len(warnings) - limit} more")
    return lines
