"""The rubric of a scenario: the QA form's weighted criteria, auto-fail items and pass mark."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

from pydantic import Field, field_validator, model_validator

from roleplay.scenarios.fields import ONE_PER_LINE, Line, Slug, Strict, Text
from roleplay.scenarios.patterns import pattern_problem


class CriterionKind(StrEnum):
    """What a rubric criterion measures; the heuristic grader knows how to score each kind."""

    EMPATHY = "empathy"
    PERSONAL_TOUCH = "personal_touch"
    OWNERSHIP = "ownership"
    GOING_BEYOND = "going_beyond"
    COMPOSURE = "composure"
    CONFIDENCE = "confidence"
    CALL_CONTROL = "call_control"
    ESCALATION = "escalation"


class NotApplicableWhen(StrEnum):
    """Machine-checkable conditions under which a criterion is left out of the score."""

    NO_HOLD = "no_hold"
    NO_ESCALATION_REQUEST = "no_escalation_request"
    CUSTOMER_NEVER_ABUSIVE = "customer_never_abusive"


class Criterion(Strict):
    """One line of the QA form: what is judged, its weight and the anchors for each score."""

    id: Slug
    name: Text
    measures: CriterionKind
    weight: int = Field(ge=0, le=100)
    description: Text
    levels: dict[Annotated[int, Field(ge=1, le=5)], Line]
    not_applicable_when: NotApplicableWhen | None = None

    @field_validator("levels")
    @classmethod
    def _all_levels(cls, levels: dict[int, str]) -> dict[int, str]:
        missing = sorted({1, 2, 3, 4, 5} - set(levels))
        if missing:
            raise ValueError(f"anchor every level 1 to 5; missing {missing}")
        return dict(sorted(levels.items()))


class AutoFail(Strict):
    """A compliance item: any trainee line matching one of the patterns fails the call."""

    id: Slug
    description: Text
    patterns: list[Line] = Field(min_length=1, description="Regular expressions, case-insensitive.")

    @field_validator("patterns")
    @classmethod
    def _compiles(cls, patterns: list[str]) -> list[str]:
        for pattern in patterns:
            problem = pattern_problem(pattern)
            if problem:
                raise ValueError(problem)
        return patterns


class Rubric(Strict):
    """How the call is graded: weighted criteria (summing to 100), auto-fail items, a pass mark."""

    pass_mark: int = Field(default=70, ge=0, le=100)
    criteria: list[Criterion] = Field(min_length=1)
    auto_fail: list[AutoFail] = Field(default_factory=list)

    @model_validator(mode="after")
    def _weights(self) -> Rubric:
        problems = []
        total = sum(c.weight for c in self.criteria)
        if total != 100:
            problems.append(f"criteria weights must sum to 100 (got {total})")
        ids = [c.id for c in self.criteria]
        dupes = sorted({i for i in ids if ids.count(i) > 1})
        if dupes:
            problems.append(f"criterion ids must be unique; repeated: {', '.join(dupes)}")
        if problems:
            raise ValueError(ONE_PER_LINE.join(problems))
        return self
