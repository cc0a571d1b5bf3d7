"""The grading service: choose the judge, reuse a still-valid debrief, keep overrides, save.

A debrief is cached beside its transcript and carries the sha256 of the file it graded and the
digests of what its grade depends on (the grading code, the detector, the scenario's rubric and
files: `debrief/fingerprint.py`), so a cached grade is reused only while the call and all of
those are unchanged; a stale one is graded again automatically, with a note saying why.
Reviewers' overrides are kept when a call is graded again: the machine's scores change, the
people's judgements stay.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from roleplay.choices import BackendName, JudgeMode
from roleplay.debrief.build import abuild_debrief, heuristic_debrief, transcript_digest
from roleplay.debrief.files import debrief_path, load_debrief, save_debrief
from roleplay.debrief.fingerprint import fingerprint, what_changed
from roleplay.debrief.model import Debrief, Override
from roleplay.errors import UserError
from roleplay.llm.base import Backend, Judge, can_judge
from roleplay.scenarios.models import Cast
from roleplay.transcript import Transcript, TranscriptError, read_transcript

if TYPE_CHECKING:
    from roleplay.config import Settings

MODEL_REGRADE_HINT = (
    "It is kept as it was; grade the call again with the model (`roleplay debrief CALL "
    "--regrade --judge model --backend openai`) to bring it up to date."
)

CastLookup = Callable[[str], Cast]
"""Finds a call's scenario (with its persona) by id; raises UserError when it is not there."""

BackendMaker = Callable[[str], Backend]
"""Builds the backend with this name."""


@dataclass
class Graded:
    """A call's debrief, the transcript it grades, and what happened on the way."""

    debrief: Debrief
    transcript: Transcript
    cached: bool = False
    """True when the saved debrief still matched the call and was reused."""
    not_saved: str = ""
    """Why the debrief could not be saved beside the call ("" when it was)."""
    regraded: str = ""
    """Why a saved debrief was stale and the call graded again ("" when it was not)."""
    out_of_date: str = ""
    """Why a saved model grade is stale but kept: this grading cannot ask a model."""


def transcript_to_grade(path: Path) -> Transcript:
    """The transcript at `path`, or a UserError saying why it cannot be graded."""
    if not path.exists():
        raise UserError(
            f"no transcript at {path}",
            hint="give the path of a call's .jsonl file (see your transcripts folder)",
        )
    if path.is_dir():
        raise UserError(f"{path} is a folder, not a transcript", hint="give a call's .jsonl file")
    try:
        return read_transcript(path)
    except TranscriptError as exc:
        raise UserError(
            f"cannot grade {path}: {str(exc).removeprefix(f'{path}: ')}",
            hint="give the .jsonl file a call wrote; it starts with a header line",
        ) from None


def _previous_overrides(path: Path) -> list[Override]:
    """Reviewers' overrides from an earlier debrief of the same call (kept across regrades)."""
    if not path.exists():
        return []
    try:
        return list(load_debrief(path).overrides)
    except UserError:
        return []


class Grading:
    """Grades calls with the judge the settings (or the command line) ask for.

    `judge = auto` grades with a model only on the openai backend (the embedded model is too
    small to grade); `model` asks the chosen backend, which must be able to judge; `heuristic`
    never asks a model.
    """

    def __init__(
        self,
        judge: JudgeMode | str = JudgeMode.AUTO,
        backend: BackendName | str = BackendName.LOCAL,
        make_backend: BackendMaker | None = None,
    ) -> None:
        self.judge = JudgeMode(judge)
        self.backend = BackendName(backend)
        self._make_backend = make_backend

    @classmethod
    def from_settings(
        cls,
        settings: Settings,
        *,
        judge: JudgeMode | str | None = None,
        backend: BackendName | str | None = None,
        make_backend: BackendMaker | None = None,
    ) -> Grading:
        """Grading as configured, with the command line's choices (if any) on top."""
        if make_backend is None:

            def make_backend(name: str) -> Backend:
                from roleplay.llm.factory import make_backend as factory

                return factory(settings, name)

        return cls(judge or settings.judge, backend or settings.backend, make_backend)

    @property
    def uses_model(self) -> bool:
        """True when grading will ask a model (and so take seconds, not milliseconds)."""
        return self.judge is JudgeMode.MODEL or (
            self.judge is JudgeMode.AUTO and self.backend is BackendName.OPENAI
        )

    def _judge(self) -> Judge | None:
        """The model that will grade, or None for the heuristic grader."""
        if not self.uses_model:
            return None
        if self._make_backend is None:
            raise UserError(
                "no backend to grade with was given",
                hint="use --judge heuristic, or configure a model backend",
            )
        backend = self._make_backend(self.backend)
        if not can_judge(backend):
            raise UserError(
                f"the {backend.name} backend cannot grade calls with a model",
                hint="use --backend openai with a model endpoint, or --judge heuristic",
            )
        assert isinstance(backend, Judge)
        return backend

    def cached(self, path: Path, transcript: Transcript) -> Debrief | None:
        """The saved debrief if it still matches the call and this grading's judge.

        Whether the grading rules, the detector or the scenario changed since is `stale`'s
        question (it needs the call's scenario).
        """
        where = debrief_path(path)
        if not where.exists():
            return None
        found = load_debrief(where)
        if found.transcript_sha256 and found.transcript_sha256 != transcript_digest(transcript):
            return None
        if self.judge is not JudgeMode.AUTO and found.grader != self.judge.value:
            return None
        return found

    @staticmethod
    def stale(found: Debrief, cast: Cast) -> str:
        """Why a saved debrief no longer holds for today's grading and scenario ("" if it does)."""
        return what_changed(found.graded_with, fingerprint(cast))

    def _keep(
        self,
        debrief: Debrief,
        transcript: Transcript,
        path: Path,
        *,
        must_save: bool = False,
        regraded: str = "",
    ) -> Graded:
        """Carry the reviewers' overrides over and save the debrief beside the call.

        A debrief that cannot be saved is still shown (`not_saved` says why), unless
        `must_save`, when the OSError is raised: a debrief nobody sees is worth only its file.
        `regraded` says why a saved debrief was stale; the debrief's notes say it too.
        """
        where = debrief_path(path)
        debrief.overrides = _previous_overrides(where)
        if regraded:
            debrief.notes.insert(0, regraded_note(regraded, debrief.overrides))
        try:
            save_debrief(debrief, where)
        except OSError as exc:
            if must_save:
                raise
            return Graded(
                debrief,
                transcript,
                not_saved=f"could not save it at {where} ({exc})",
                regraded=regraded,
            )
        return Graded(debrief, transcript, regraded=regraded)

    def _start(
        self, path: Path, regrade: bool, cast_for: CastLookup
    ) -> tuple[Transcript, Graded | Cast, str]:
        """The call, and either its still-valid saved debrief or its scenario to grade it
        against (with why a saved debrief was stale)."""
        transcript = transcript_to_grade(path)
        found = None if regrade else self.cached(path, transcript)
        try:
            cast = cast_for(transcript.header.scenario_id)
        except UserError:
            if found is None:
                raise
            return transcript, Graded(found, transcript, cached=True), ""  # cannot check: keep
        if found is None:
            return transcript, cast, ""
        why = self.stale(found, cast)
        if not why:
            return transcript, Graded(found, transcript, cached=True), ""
        if found.grader == "model" and not self.uses_model:  # the rules never replace a model
            note = f"This model grade is out of date: {why}. {MODEL_REGRADE_HINT}"
            found.notes.insert(0, note)
            return transcript, Graded(found, transcript, cached=True, out_of_date=note), ""
        return transcript, cast, why

    def grade_now(self, path: Path, cast_for: CastLookup, *, regrade: bool = False) -> Graded:
        """Grade from synchronous code (the CLI, the index's refresh); see `grade`."""
        transcript, done, why = self._start(path, regrade, cast_for)
        if isinstance(done, Graded):
            return done
        return self.grade_transcript(transcript, path, done, regraded=why)

    def grade_transcript(
        self,
        transcript: Transcript,
        path: Path,
        cast: Cast,
        *,
        must_save: bool = False,
        regraded: str = "",
    ) -> Graded:
        """Grade a call already read from `path`, from synchronous code, and save it."""
        if not self.uses_model:
            debrief = heuristic_debrief(transcript, cast)
            return self._keep(debrief, transcript, path, must_save=must_save, regraded=regraded)
        return asyncio.run(self._by_model(transcript, cast, path, regraded))

    async def grade(self, path: Path, cast_for: CastLookup, *, regrade: bool = False) -> Graded:
        """Grade one call (or reuse its still-valid debrief) and save it; never blocks the loop.

        A saved debrief is reused while the call, the judge asked for, the grading code, the
        detector and the scenario are all as they were; otherwise the call is graded again and
        the debrief's notes (and `Graded.regraded`) say why. Reading, heuristic grading and
        saving run in a thread; a model judge is awaited.
        """
        if not self.uses_model:
            return await asyncio.to_thread(self.grade_now, path, cast_for, regrade=regrade)
        transcript, done, why = await asyncio.to_thread(self._start, path, regrade, cast_for)
        if isinstance(done, Graded):
            return done
        return await self._by_model(transcript, done, path, why)

    async def _by_model(
        self, transcript: Transcript, cast: Cast, path: Path, regraded: str = ""
    ) -> Graded:
        judge = self._judge()
        try:
            debrief = await abuild_debrief(transcript, cast, backend=judge)
        finally:
            if judge is not None:
                await judge.aclose()
        return await asyncio.to_thread(
            partial(self._keep, regraded=regraded), debrief, transcript, path
        )


def regraded_note(why: str, overrides: list[Override]) -> str:
    """The note a debrief graded again over a stale one carries first."""
    note = f"Graded again automatically: {why} since the saved debrief was made."
    if overrides:
        note += (
            " The reviewers' scores are kept as they were and shown beside the new machine scores."
        )
    return note
