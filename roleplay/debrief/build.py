"""Putting a debrief together: metrics, a grader, auto-fail, coaching, one Debrief.

The heuristic grader always works. The model judge is used when a backend that can judge is
given; if it fails, the heuristic grade is returned with a note saying why, so a trainee
always gets a debrief.
"""

from __future__ import annotations

import asyncio
import hashlib

from roleplay.debrief import coaching, heuristic
from roleplay.debrief.call_facts import CallFacts, redetect
from roleplay.debrief.fingerprint import fingerprint
from roleplay.debrief.judge import GRADING_NOTE as MODEL_NOTE
from roleplay.debrief.judge import judge
from roleplay.debrief.metrics import compute_metrics
from roleplay.debrief.model import (
    AutoFailHit,
    CoachingItem,
    CriterionResult,
    Debrief,
    Grader,
    Metrics,
)
from roleplay.debrief.rules import auto_fail_hits, verdict
from roleplay.detectors import active
from roleplay.llm.base import BackendError, Judge
from roleplay.scenarios.models import Cast
from roleplay.transcript import Transcript
from roleplay.transcript.durations import spoken


def transcript_digest(transcript: Transcript) -> str:
    """sha256 of the transcript file, so a cached debrief can tell the call has changed."""
    if transcript.path is None:
        return ""
    try:
        return hashlib.sha256(transcript.path.read_bytes()).hexdigest()
    except OSError:
        return ""


def _notes(transcript: Transcript, cast: Cast) -> list[str]:
    notes = list(transcript.problems)
    header = transcript.header
    if header.scenario_hash and cast.content_hash and header.scenario_hash != cast.content_hash:
        notes.append(
            "The scenario file has changed since this call; it was graded against the current "
            "version."
        )
    if transcript.close is None:
        notes.append("The call never closed properly (a crash or a quit); graded as it stands.")
    waited = sum(t.response_s or 0.0 for t in transcript.trainee_turns())
    lasted = transcript.duration_s
    if lasted is not None and waited > lasted + 1:
        notes.append(
            f"The trainee's response times add up to {spoken(waited)}, longer than the call's "
            f"{spoken(lasted)} by the clock: they were recorded without waiting (a self-play or "
            "scripted run), so the duration and the response times do not describe the same call."
        )
    return notes


def _assemble(
    transcript: Transcript,
    cast: Cast,
    metrics: Metrics,
    criteria: list[CriterionResult],
    improvements: list[CoachingItem],
    hits: list[AutoFailHit],
    *,
    grader: Grader,
    grader_model: str,
    note: str,
    notes: list[str],
) -> Debrief:
    rubric = cast.scenario.rubric
    overall, passed = verdict(criteria, rubric, hits)
    header = transcript.header
    return Debrief(
        call_id=header.call_id,
        transcript=str(transcript.path) if transcript.path else None,
        transcript_sha256=transcript_digest(transcript),
        graded_with=fingerprint(cast),
        scenario_id=header.scenario_id,
        scenario_title=header.scenario_title or cast.scenario.title,
        persona_name=header.persona_name or cast.persona.name,
        trainee=header.trainee,
        difficulty=header.difficulty,
        started_at=header.started_at,
        grader=grader,
        grader_model=grader_model,
        detector=active.detector(),
        grading_note=note,
        overall=overall,
        passed=passed,
        pass_mark=rubric.pass_mark,
        auto_fail=hits,
        criteria=criteria,
        metrics=metrics,
        improvements=improvements,
        notes=notes,
    )


def _heuristic(
    transcript: Transcript,
    cast: Cast,
    metrics: Metrics,
    facts: CallFacts,
    notes: list[str],
    hits: list[AutoFailHit] | None = None,
) -> Debrief:
    if hits is None:  # the auto-fail patterns run once per debrief; their notes are said once
        hits = auto_fail_hits(cast.scenario.rubric, transcript, notes)
    return _assemble(
        transcript,
        cast,
        metrics,
        heuristic.grade(metrics, facts, cast),
        coaching.coach(facts, hits=hits, archetype=cast.persona.archetype),
        hits,
        grader="heuristic",
        grader_model="",
        note=heuristic.GRADING_NOTE,
        notes=notes,
    )


def heuristic_debrief(transcript: Transcript, cast: Cast) -> Debrief:
    """The debrief by the heuristic grader alone (no model, deterministic, milliseconds)."""
    facts = redetect(transcript, cast)
    metrics = compute_metrics(transcript, cast, facts)
    return _heuristic(transcript, cast, metrics, facts, _notes(transcript, cast))


async def abuild_debrief(
    transcript: Transcript, cast: Cast, *, backend: Judge | None = None
) -> Debrief:
    """Grade a call: with the model judge when one is given, else by heuristic rules."""
    facts = redetect(transcript, cast)
    metrics = compute_metrics(transcript, cast, facts)
    notes = _notes(transcript, cast)
    if backend is None or not facts.trainee:
        if backend is not None:
            notes.append("The trainee said nothing, so there was nothing for the model to judge.")
        return _heuristic(transcript, cast, metrics, facts, notes)
    hits = auto_fail_hits(cast.scenario.rubric, transcript, notes)
    worst = [  # auto-fail turns get a warning, never a rephrasing, so none is asked for
        h.turn.turn.id for h in coaching.worst_turns(facts, hits=hits) if h.auto_fail is None
    ]
    try:
        outcome = await judge(backend, transcript, cast, metrics, facts, rewrite_ids=worst)
    except BackendError as exc:
        notes.append(
            f"Model grading failed ({exc}); this debrief was graded by the heuristic rules."
        )
        return _heuristic(transcript, cast, metrics, facts, notes, hits)
    return _assemble(
        transcript,
        cast,
        metrics,
        outcome.criteria,
        coaching.coach(facts, outcome.rewrites, hits, cast.persona.archetype),
        hits,
        grader="model",
        grader_model=f"{backend.name}:{backend.model}",
        note=MODEL_NOTE.format(model=backend.model or backend.name),
        notes=notes + outcome.notes,
    )


def build_debrief(transcript: Transcript, cast: Cast, *, backend: Judge | None = None) -> Debrief:
    """Grade a call from synchronous code (use `abuild_debrief` inside an event loop)."""
    if backend is None:
        return heuristic_debrief(transcript, cast)
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(abuild_debrief(transcript, cast, backend=backend))
    raise RuntimeError(
        "build_debrief with a judging backend was called inside an event loop; "
        "await abuild_debrief(...) instead"
    )
