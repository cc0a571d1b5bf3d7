"""The model judge: one structured call grading the call against the rubric, quotes checked.

The judge is a separate call from the customer simulation. It sees the scenario's title, the
briefing the trainee saw, the rubric and the transcript; it never sees the persona, the
customer's instructions or the hidden facts. It must back each score with verbatim quotes of
the trainee; every quote is checked against the turn it cites (only whitespace, quote marks
and case are normalised). Unverified quotes are dropped and their criterion flagged, and the
call is retried once when any were dropped. The reason is kept to what the call shows
(`claims.py`): a sentence quoting words nobody said is left out and flagged. Not-applicable
criteria, auto-fail items and pass/fail stay with the machine rules.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, create_model

from roleplay.debrief.call_facts import CallFacts
from roleplay.debrief.claims import check_reason
from roleplay.debrief.model import CriterionResult, Evidence, Metrics
from roleplay.debrief.quotes import verify_quote
from roleplay.debrief.rules import not_applicable, not_applicable_result
from roleplay.debrief.timeline import timeline
from roleplay.llm.base import BackendError, Judge
from roleplay.scenarios.models import Cast, Criterion
from roleplay.transcript import Event, Transcript

MAX_JUDGE_EVIDENCE = 3
MAX_QUOTE_CHARS = 160
MAX_RATIONALE_CHARS = 240
MAX_IMPROVEMENT_CHARS = 200
"""Length limits in the answer's schema: short, quotable answers, and a bounded generation time
for small local models whose output is constrained to the schema."""

GRADING_NOTE = (
    "Graded by a language model ({model}) against the rubric, in one call that saw the rubric "
    "and the transcript but not the customer's instructions. Every evidence quote was checked "
    "word for word against your turn; quotes that did not match were dropped and the criterion "
    "flagged. Not-applicable criteria, auto-fail items and pass/fail follow the scenario's rules."
)

SYSTEM = (
    "You are an experienced contact-centre quality coach. You grade how a trainee agent "
    "handled a practice call, using the rubric you are given. Score every criterion from 1 to 5 "
    "using its anchored levels. Back each score with evidence: the number of an Agent turn and "
    "a short quote copied exactly, word for word, from that turn. Quote only the Agent, never "
    "the Customer. The level descriptions are the standard, not a record of this call: in the "
    "rationale say what the agent did in this call, never repeat a level's words as if they "
    "happened. Give one concrete improvement per criterion, in a sentence. Where asked, "
    "write what the agent could have said instead, in one or two sentences."
)

RETRY_NOTE = (
    "Your previous answer quoted words the agent did not say in the turn given: {examples}. "
    "Copy each quote exactly from the Agent line whose number you give."
)


class JudgeEvidence(BaseModel):
    """One piece of evidence as the judge gives it: an agent turn and words copied from it."""

    turn_id: int
    quote: str = Field(max_length=MAX_QUOTE_CHARS)


@dataclass
class JudgeOutcome:
    """The judge's grades after checking, with what had to be dropped along the way."""

    criteria: list[CriterionResult]
    rewrites: dict[int, str] = field(default_factory=dict)
    attempts: int = 1
    dropped: list[tuple[str, int, str]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def _field_name(criterion_id: str) -> str:
    return "c_" + re.sub(r"[^a-z0-9_]", "_", criterion_id)


def verdict_schema(
    criteria: list[Criterion], trainee_ids: list[int], rewrite_ids: list[int]
) -> type[BaseModel]:
    """The answer's shape for this call: one entry per criterion, rewrites for chosen turns.

    Criterion ids are fixed keys and turn ids are restricted to the trainee's turns, so a
    schema-constrained model cannot skip a criterion or cite a turn that does not exist.
    """
    # A Literal built at run time from this call's turn ids: a value, not a static type.
    turn: Any = Literal[tuple(trainee_ids)] if trainee_ids else int
    evidence_model = create_model(
        "Evidence",
        __base__=JudgeEvidence,
        turn_id=(turn, Field(description="The number of an Agent turn.")),
    )
    config = ConfigDict(populate_by_name=True)
    score = Literal[1, 2, 3, 4, 5]
    graded = create_model(
        "CriterionGrade",
        __config__=config,
        score=(score, Field(description="1 poor .. 5 excellent, per the anchors.")),
        rationale=(
            str,
            Field(
                max_length=MAX_RATIONALE_CHARS,
                description="Why this score, in one or two sentences.",
            ),
        ),
        evidence=(
            list[evidence_model],  # type: ignore[valid-type]  # a model made for this call
            Field(
                min_length=1,
                max_length=MAX_JUDGE_EVIDENCE,
                description="Verbatim quotes of the Agent backing the score.",
            ),
        ),
        improvement=(
            str,
            Field(max_length=MAX_IMPROVEMENT_CHARS, description="One concrete thing to do better."),
        ),
    )
    per_criterion: dict[str, Any] = {
        _field_name(c.id): (graded, Field(alias=c.id)) for c in criteria
    }
    grades = create_model("Criteria", __config__=config, **per_criterion)
    fields: dict[str, Any] = {"criteria": (grades, ...)}
    if rewrite_ids:
        per_turn: dict[str, Any] = {
            f"turn_{i}": (
                str,
                Field(
                    max_length=MAX_RATIONALE_CHARS,
                    description=f"A better line for Agent turn {i}.",
                ),
            )
            for i in rewrite_ids
        }
        fields["rewrites"] = (create_model("Rewrites", **per_turn), ...)
    return create_model("JudgeVerdict", __config__=config, **fields)


def render_transcript(transcript: Transcript) -> str:
    """The call as numbered lines for the judge: 'Agent' for the trainee, holds noted."""
    lines: list[str] = []
    for step in timeline(transcript):
        if isinstance(step, Event):
            if step.kind == "hold":
                asked = "permission asked" if step.asked_permission else "no permission asked"
                lines.append(f"(the agent put the customer on hold; {asked})")
            elif step.kind == "resume":
                lines.append(f"(the hold ended after {step.duration_s or 0:g} seconds)")
            continue
        if step.speaker == "system":
            continue
        who = "Agent" if step.speaker == "trainee" else "Customer"
        lines.append(f"[{step.id}] {who}: {' '.join(step.text.split())}")
    lines.append(f"(call ended: {transcript.end_reason.replace('_', ' ')})")
    return "\n".join(lines)


def judge_prompt(
    cast: Cast, transcript: Transcript, criteria: list[Criterion], rewrite_ids: list[int]
) -> str:
    """The user message: scenario title, the trainee's briefing, rubric, transcript, requests."""
    scenario = cast.scenario
    parts = [
        f"Scenario: {scenario.title}",
        f"What the agent was told before the call: {scenario.briefing.summary}",
        "",
        "Rubric (score each criterion by its id):",
    ]
    for c in criteria:
        parts.append(f"- {c.id}: {c.name} (weight {c.weight}). {c.description}")
        parts.extend(f"    {level}: {text}" for level, text in c.levels.items())
    parts += ["", "Transcript:", render_transcript(transcript)]
    if rewrite_ids:
        listed = ", ".join(str(i) for i in rewrite_ids)
        parts += ["", f"Write a better line for each of these Agent turns: {listed}."]
    return "\n".join(parts)


def _check(
    data: dict[str, Any],
    schema: type[BaseModel],
    criteria: list[Criterion],
    transcript: Transcript,
) -> JudgeOutcome:
    try:
        parsed = schema.model_validate(data)
    except ValidationError as exc:
        raise BackendError(
            "the judge's answer did not match the grading form",
            f"{exc.errors()[0].get('msg')}; try again or use the heuristic grader",
        ) from None
    outcome = JudgeOutcome(criteria=[])
    for c in criteria:
        # `parsed` has this call's schema, made at run time: its fields are not static types.
        grade = getattr(parsed.criteria, _field_name(c.id))  # type: ignore[attr-defined]
        kept: list[Evidence] = []
        dropped: list[str] = []
        for ev in grade.evidence:
            quote = verify_quote(transcript, int(ev.turn_id), ev.quote)
            if quote is None:
                dropped.append(f'turn {ev.turn_id}: "{ev.quote}"')
                outcome.dropped.append((c.id, int(ev.turn_id), ev.quote))
            elif all(k.quote != quote or k.turn_id != ev.turn_id for k in kept):
                kept.append(Evidence(turn_id=int(ev.turn_id), quote=quote))
        elsewhere = [t for o in criteria if o.id != c.id for t in o.levels.values()]
        reason = check_reason(grade.rationale.strip(), transcript, c.levels, elsewhere)
        flags = []
        if dropped:
            flags.append(
                f"dropped {len(dropped)} quote(s) the trainee did not say: " + "; ".join(dropped)
            )
        if reason.left_out:
            flags.append("left out of the judge's reason: " + "; ".join(reason.left_out))
        outcome.criteria.append(
            CriterionResult(
                id=c.id,
                name=c.name,
                measures=c.measures.value,
                weight=c.weight,
                score=int(grade.score),
                rationale=reason.text,
                evidence=kept,
                improvement=grade.improvement.strip(),
                flagged=bool(flags),
                flag_reason="; ".join(flags),
                rubric_levels=dict(c.levels),
            )
        )
    rewrites = getattr(parsed, "rewrites", None)
    if rewrites is not None:
        for name, value in rewrites.model_dump().items():
            outcome.rewrites[int(name.removeprefix("turn_"))] = str(value)
    return outcome


async def judge(
    backend: Judge,
    transcript: Transcript,
    cast: Cast,
    metrics: Metrics,
    facts: CallFacts,
    *,
    rewrite_ids: list[int] | None = None,
) -> JudgeOutcome:
    """Grade every applicable criterion with the model; BackendError if it cannot answer."""
    rubric = cast.scenario.rubric
    skipped = {c.id: not_applicable(c, metrics) for c in rubric.criteria}
    graded = [c for c in rubric.criteria if skipped[c.id] is None]
    trainee_ids = [d.turn.id for d in facts.trainee]
    rewrite_ids = [i for i in (rewrite_ids or []) if i in trainee_ids]
    outcome = JudgeOutcome(criteria=[])
    if graded:
        schema = verdict_schema(graded, trainee_ids, rewrite_ids)
        user = judge_prompt(cast, transcript, graded, rewrite_ids)
        outcome = _check(
            await backend.complete_json(SYSTEM, user, schema), schema, graded, transcript
        )
        if outcome.dropped:
            examples = "; ".join(f'turn {t}: "{q}"' for _, t, q in outcome.dropped[:3])
            retry_user = user + "\n\n" + RETRY_NOTE.format(examples=examples)
            first = outcome
            try:
                outcome = _check(
                    await backend.complete_json(SYSTEM, retry_user, schema),
                    schema,
                    graded,
                    transcript,
                )
                outcome.attempts = 2
                outcome.notes.append(
                    f"The judge quoted words the trainee did not say ({len(first.dropped)} "
                    f"quote(s)); it was asked once more, and {len(outcome.dropped)} quote(s) "
                    "still failed the check and were dropped."
                )
            except BackendError as exc:
                outcome = first
                outcome.attempts = 2
                outcome.notes.append(
                    f"The judge's second attempt failed ({exc}); its first answer is kept, "
                    "with the unverified quotes dropped."
                )
    by_id = {r.id: r for r in outcome.criteria}
    outcome.criteria = [
        by_id[c.id] if c.id in by_id else not_applicable_result(c, skipped[c.id] or "")
        for c in rubric.criteria
    ]
    return outcome
