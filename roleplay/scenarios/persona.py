"""Pydantic models of a persona file: who the customer is, how they speak, what moves them.

Kept apart from the scenario models because a persona is written once and cast into many
scenarios; the mood bands live here because a persona's baseline and voice are read through them.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Literal

from pydantic import Field, field_validator

from roleplay.scenarios.behaviours import Behaviour
from roleplay.scenarios.fields import Delta, Line, Mood, Slug, Strict, Text


class Archetype(StrEnum):
    """The kind of difficult customer a persona is."""

    IRATE = "irate"
    FRUSTRATED = "frustrated"
    CONFUSED = "confused"
    GRIEVING = "grieving"
    ANXIOUS = "anxious"
    STRESSED = "stressed"
    DISAPPOINTED = "disappointed"


class MoodBand(StrEnum):
    """Named ranges of the customer's distress (0 calm .. 100 furious); they set the tone."""

    CALM = "calm"
    UNEASY = "uneasy"
    UPSET = "upset"
    ANGRY = "angry"
    FURIOUS = "furious"

    @classmethod
    def of(cls, mood: float) -> MoodBand:
        """The band a mood value falls in."""
        if mood < 20:
            return cls.CALM
        if mood < 40:
            return cls.UNEASY
        if mood < 60:
            return cls.UPSET
        if mood < 80:
            return cls.ANGRY
        return cls.FURIOUS

    @property
    def floor(self) -> int:
        """Lowest mood value in this band."""
        return {"calm": 0, "uneasy": 20, "upset": 40, "angry": 60, "furious": 80}[self.value]


class SpeakingStyle(Strict):
    """How the customer talks: the actor turns this into instructions and length checks."""

    sentence_length: Literal["short", "medium", "long"] = "medium"
    max_words: int = Field(default=60, ge=5, le=200, description="Longest reply, in words.")
    quirks: list[Line] = Field(default_factory=list, description="Habits of speech.")
    example_lines: list[Line] = Field(default_factory=list, description="Lines in their voice.")


class Trigger(Strict):
    """A trainee behaviour that moves this customer's mood (negative calms, positive angers)."""

    behaviour: Behaviour
    delta: Delta
    note: str = ""


class Persona(Strict):
    """A customer: who they are, how they speak, and what calms or angers them."""

    id: Slug
    name: Text
    archetype: Archetype
    background: Text
    speaking_style: SpeakingStyle = Field(default_factory=SpeakingStyle)
    mood_baseline: Mood = 50
    triggers: list[Trigger] = Field(default_factory=list)
    boundaries: list[Line] = Field(default_factory=list, description="What they will never do.")
    cares_about: list[Line] = Field(
        default_factory=list,
        description="Words for what matters to them; mentioning these counts as a personal touch.",
    )

    @field_validator("triggers")
    @classmethod
    def _one_trigger_per_behaviour(cls, triggers: list[Trigger]) -> list[Trigger]:
        seen: set[Behaviour] = set()
        for trig in triggers:
            if trig.behaviour in seen:
                raise ValueError(f"behaviour '{trig.behaviour.value}' has two triggers; keep one")
            seen.add(trig.behaviour)
        return triggers

    def delta_for(self, behaviour: Behaviour) -> int:
        """The mood change this persona feels for a behaviour (0 when it has no trigger)."""
        for trig in self.triggers:
            if trig.behaviour == behaviour:
                return trig.delta
        return 0


class PersonaOverrides(Strict):
    """Scenario-specific changes to a persona; triggers listed here replace same-behaviour ones."""

    name: Text | None = None
    background: Text | None = None
    speaking_style: SpeakingStyle | None = None
    mood_baseline: Mood | None = None
    triggers: list[Trigger] = Field(default_factory=list)
    boundaries: list[Line] = Field(default_factory=list, description="Added to the persona's.")
    cares_about: list[Line] = Field(default_factory=list, description="Added to the persona's.")
