"""The debrief as data: what the grader found, kept as JSON beside the transcript.

A debrief holds the machine's grading (heuristic rules or a model judge), the deterministic
metrics behind it, coaching on the turns that hurt the call, and human overrides. Overrides
are stored beside the machine's scores, never over them, so a team lead's judgement and the
grader's can always be compared.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

SCHEMA_VERSION = 1

Score = Annotated[int, Field(ge=1, le=5)]
Grader = Literal["heuristic", "model"]


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


class DebriefModel(BaseModel):
    """Base for debrief records: unknown keys are kept so a newer file still loads."""

    model_config = ConfigDict(extra="allow")


# --------------------------------------------------------------------------- metrics


class Quote(DebriefModel):
    """A trainee's words from one turn, verbatim, so a reviewer can find them in the call."""

    turn_id: int
    quote: str
    label: str = Field(default="", description="What it counted as, e.g. 'says_calm_down'.")


class TurnTime(DebriefModel):
    """How long the trainee took to answer the customer's previous line."""

    turn_id: int
    seconds: float


class HoldMetric(DebriefModel):
    """One hold: was it asked for, was a reason given, how long, did the trainee check back."""

    after_turn: int | None = Field(description="The last turn before the hold.")
    asked_permission: bool
    reason_given: bool
    duration_s: float | None = None
    checked_back: bool = False
    long: bool = False


class MoodPoint(DebriefModel):
    """The customer's mood (0 calm .. 100 furious) after one turn."""

    turn_id: int
    speaker: str
    mood: float


class MoodJump(DebriefModel):
    """A change of mood and what caused it: a trainee turn or the hold just before it."""

    turn_id: int
    cause: Literal["turn", "hold"] = "turn"
    before: float
    after: float
    delta: float
    text: str = ""


class MoodTrajectory(DebriefModel):
    """How the customer's mood moved through the call."""

    start: float | None = None
    peak: float | None = None
    end: float | None = None
    points: list[MoodPoint] = Field(default_factory=list)
    biggest_rises: list[MoodJump] = Field(default_factory=list)
    biggest_falls: list[MoodJump] = Field(default_factory=list)


class Metrics(DebriefModel):
    """Deterministic facts about the call, computed the same way every time."""

    duration_s: float | None = None
    turns: int = 0
    trainee_turns: int = 0
    customer_turns: int = 0
    trainee_words: int = 0
    customer_words: int = 0
    words_per_trainee_turn: float = 0.0
    talk_share: float = Field(default=0.0, description="Trainee's share of all words, 0..1.")
    response_times: list[TurnTime] = Field(default_factory=list)
    mean_response_s: float | None = None
    slowest_response_s: float | None = None
    greeted: bool = False
    open_questions: int = 0
    closed_questions: int = 0
    paraphrases: int = 0
    acknowledgements: int = 0
    first_acknowledgement_turn: int | None = None
    first_solution_turn: int | None = None
    acknowledged_before_solution: bool | None = Field(
        default=None, description="None when the call had neither."
    )
    apologies: int = 0
    name_uses: int = 0
    personal_touches: int = 0
    ownership: int = 0
    next_steps: int = 0
    reassurances: int = 0
    went_beyond: int = 0
    repeated_questions: int = 0
    hedges: list[Quote] = Field(default_factory=list)
    dismissive: list[Quote] = Field(
        default_factory=list, description="Dismissive, blaming, rude or 'calm down' phrases."
    )
    jargon: list[Quote] = Field(default_factory=list)
    boundaries_set: int = 0
    holds: list[HoldMetric] = Field(default_factory=list)
    closed_properly: bool = False
    goals_met: list[str] = Field(default_factory=list)
    goals_missed: list[str] = Field(default_factory=list, description="Required goals not met.")
    facts_uncovered: list[str] = Field(default_factory=list)
    facts_total: int = 0
    hints_used: int = 0
    escalation_requested: bool = False
    customer_abusive: bool = False
    mood: MoodTrajectory = Field(default_factory=MoodTrajectory)
    end_reason: str = "abandoned"
    behaviours: dict[str, list[int]] = Field(
        default_factory=dict, description="Behaviour -> trainee turn ids, as re-detected."
    )


# --------------------------------------------------------------------------- grading


class Evidence(DebriefModel):
    """A verbatim quote of the trainee backing a score."""

    turn_id: int
    quote: str


class CriterionResult(DebriefModel):
    """The grade for one rubric criterion, with why, the words that show it and what to try."""

    id: str
    name: str
    measures: str
    weight: int
    score: Score | None = Field(default=None, description="None when not applicable.")
    applicable: bool = True
    rationale: str = ""
    evidence: list[Evidence] = Field(default_factory=list)
    improvement: str = ""
    flagged: bool = False
    flag_reason: str = ""
    rubric_levels: dict[int, str] = Field(
        default_factory=dict,
        description="The rubric's words for each level: the standard the score is set against, "
        "never evidence of what happened in the call (evidence is a quoted turn).",
    )


class AutoFailHit(DebriefModel):
    """A compliance item the trainee tripped: it fails the call whatever the score."""

    id: str
    description: str
    turn_id: int
    quote: str

    def matched(self) -> str:
        """The hit as a team lead reads it: the rule (the standard) and the words that matched
        it (the evidence), never the rule's description as if it were what happened."""
        return f'rule "{self.description}", matched by turn {self.turn_id}: "{self.quote}"'


class CoachingItem(DebriefModel):
    """'What you said / what you could say': one turn that hurt the call and a better way."""

    turn_id: int
    said: str
    could_say: str
    why: str
    mood_change: float | None = None
    source: Grader = "heuristic"
    cause: Literal["turn", "hold"] = "turn"
    """What hurt: the line itself, or the hold before it (then `said` is not what hurt and
    is not shown as "you said")."""


class Override(DebriefModel):
    """A reviewer's score for a criterion, kept beside the machine's (None: not applicable)."""

    criterion_id: str
    score: Score | None
    note: str = ""
    by: str
    at: str = Field(default_factory=_now)
    machine_then: str = Field(
        default="",
        description="The machine's score when the review was made ('3', 'n/a'; '' if not "
        "recorded): a regrade may change the machine's score, never the reviewer's.",
    )


def overall_score(weighted: Iterable[tuple[int, int | None]]) -> float:
    """Weighted mean of (score-1)/4*100 over applicable criteria (weight, score); 0 if none."""
    pairs = [(w, s) for w, s in weighted if s is not None and w > 0]
    total = sum(w for w, _ in pairs)
    if not total:
        return 0.0
    return round(sum(w * (s - 1) / 4 * 100 for w, s in pairs) / total, 1)


def not_graded_reason(end_reason: str, trainee_turns: int) -> str:
    """Why a call is not graded ("" when it is): one that never finished, or where the trainee
    never spoke, says nothing about the trainee, so its score counts nowhere."""
    if end_reason == "abandoned":
        return "the call was never finished"
    if trainee_turns == 0:
        return "the trainee said nothing"
    return ""


def score_text(value: float) -> str:
    """An overall score as every screen writes it: "87.5", "95" (kept to its one decimal).

    Never rounded to a whole number: the summary's 88 beside the debrief's 87.5 disagreed, and
    69.5 shown as 70 would read as a pass next to "pass mark 70".
    """
    return f"{value:g}"


class Debrief(DebriefModel):
    """The graded call: scores, evidence, metrics, coaching and any human overrides."""

    schema_version: int = SCHEMA_VERSION
    call_id: str
    transcript: str | None = Field(default=None, description="Path of the transcript file.")
    transcript_sha256: str = ""
    graded_with: dict[str, str] = Field(
        default_factory=dict,
        description="Digests of what the grade depends on besides the call (grading code, "
        "detector, rubric, scenario): a saved debrief whose digests differ is graded again.",
    )
    scenario_id: str
    scenario_title: str = ""
    persona_name: str = ""
    trainee: str = ""
    difficulty: str = "medium"
    started_at: str = ""
    created_at: str = Field(default_factory=_now)
    grader: Grader
    grader_model: str = ""
    detector: str = Field(
        default="standard",
        description="Which detector heard the trainee's lines: standard, or transformer.",
    )
    grading_note: str = Field(default="", description="How this was graded, in plain words.")
    overall: float = Field(ge=0, le=100)
    passed: bool
    pass_mark: int
    auto_fail: list[AutoFailHit] = Field(default_factory=list)
    criteria: list[CriterionResult]
    metrics: Metrics = Field(default_factory=Metrics)
    improvements: list[CoachingItem] = Field(default_factory=list)
    overrides: list[Override] = Field(default_factory=list)
    notes: list[str] = Field(default_factory=list, description="Warnings about this grading.")

    @property
    def not_graded(self) -> str:
        """Why this call's score does not count ("" when it does); see `not_graded_reason`."""
        return not_graded_reason(self.metrics.end_reason, self.metrics.trainee_turns)

    def criterion(self, criterion_id: str) -> CriterionResult | None:
        """The result for one criterion, if the rubric has it."""
        return next((c for c in self.criteria if c.id == criterion_id), None)

    def override_for(self, criterion_id: str) -> Override | None:
        """The latest human override for a criterion, if any."""
        found = [o for o in self.overrides if o.criterion_id == criterion_id]
        return found[-1] if found else None

    def effective_score(self, criterion_id: str) -> int | None:
        """The score a report should count: the latest override if there is one, else the machine's.

        None means not applicable (or an unknown criterion).
        """
        override = self.override_for(criterion_id)
        if override is not None:
            return override.score
        result = self.criterion(criterion_id)
        return result.score if result else None

    def effective_overall(self) -> float:
        """The overall score with overrides applied (equals `overall` when there are none)."""
        return overall_score((c.weight, self.effective_score(c.id)) for c in self.criteria)

    def effective_passed(self) -> bool:
        """Pass/fail with overrides applied; an auto-fail hit still fails the call."""
        return not self.auto_fail and self.effective_overall() >= self.pass_mark

    def add_override(
        self, criterion_id: str, score: int | None, *, by: str, note: str = ""
    ) -> Override:
        """Record a reviewer's score beside the machine's (the machine's score is kept)."""
        if self.criterion(criterion_id) is None:
            known = ", ".join(c.id for c in self.criteria)
            raise ValueError(f"no criterion '{criterion_id}' in this debrief; criteria: {known}")
        machine = self.criterion(criterion_id)
        then = "n/a" if machine is None or machine.score is None else str(machine.score)
        override = Override(
            criterion_id=criterion_id, score=score, note=note, by=by, machine_then=then
        )
        self.overrides.append(override)
        return override
