"""Pydantic models of scenario files (the persona models are in `persona.py`).

These are the contract between trainers (who write YAML), the simulator and the debrief.
Every model forbids unknown keys, so a typo in a scenario file is an error, not a silent default.
"""

from __future__ import annotations

from typing import Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationInfo,
    field_validator,
    model_validator,
)

from roleplay.choices import Difficulty as Difficulty
from roleplay.scenarios.behaviours import Behaviour, Move
from roleplay.scenarios.fields import (
    ONE_PER_LINE,
    Delta,
    Line,
    Mood,
    Slug,
    Strict,
    Text,
    Wording,
    wordings,
)

# Shared field types, the persona and the rubric live in their own modules; every caller finds
# them here.
from roleplay.scenarios.fields import SLUG_MAX as SLUG_MAX
from roleplay.scenarios.fields import SLUG_PATTERN as SLUG_PATTERN
from roleplay.scenarios.fields import is_slug as is_slug
from roleplay.scenarios.persona import Archetype as Archetype
from roleplay.scenarios.persona import MoodBand, Persona, PersonaOverrides
from roleplay.scenarios.references import reference_problems
from roleplay.scenarios.rubric import AutoFail as AutoFail
from roleplay.scenarios.rubric import Criterion as Criterion
from roleplay.scenarios.rubric import CriterionKind as CriterionKind
from roleplay.scenarios.rubric import NotApplicableWhen as NotApplicableWhen
from roleplay.scenarios.rubric import Rubric

# --------------------------------------------------------------------------- scenario


class DifficultyPreset(Strict):
    """How one difficulty level bends the scenario: start, speed, patience, openness."""

    mood_offset: Delta = Field(default=0, description="Added to the persona's baseline mood.")
    mood_scale: float = Field(
        default=1.0, ge=0.25, le=3.0, description="Multiplies mood rises; divides mood falls."
    )
    patience_turns: int = Field(
        default=2, ge=1, le=10, description="Turns in the supervisor/hang-up zone before acting."
    )
    reveal_ease: Delta = Field(
        default=0, description="Raises (easier) or lowers (harder) every fact's mood_below."
    )


def _easy() -> DifficultyPreset:
    return DifficultyPreset(mood_offset=-10, mood_scale=0.7, patience_turns=4, reveal_ease=15)


def _hard() -> DifficultyPreset:
    return DifficultyPreset(mood_offset=10, mood_scale=1.4, patience_turns=1, reveal_ease=-15)


class Difficulties(Strict):
    """The easy, medium and hard presets (sensible defaults; override any of them)."""

    easy: DifficultyPreset = Field(default_factory=_easy)
    medium: DifficultyPreset = Field(default_factory=DifficultyPreset)
    hard: DifficultyPreset = Field(default_factory=_hard)

    def preset(self, level: Difficulty | str) -> DifficultyPreset:
        """The preset for a difficulty name."""
        return getattr(self, Difficulty(level).value)


class Briefing(Strict):
    """What the trainee sees before the call: a summary and the account screen."""

    summary: Text
    account: dict[str, str] = Field(default_factory=dict)


class Article(Strict):
    """One knowledge-base entry the trainee may consult during the call."""

    title: Text
    body: Text
    tags: list[str] = Field(default_factory=list)


def said_in(says: Wording, by_mood: dict[MoodBand, Wording], band: MoodBand) -> list[str]:
    """Authored words for this mood: the band's own, else a neighbouring band's, else `says`.

    An angry or furious customer with words only for the other of the two uses those rather
    than the calm ones; a calmer customer never borrows heated words.
    """
    if band in by_mood:
        return wordings(by_mood[band])
    if band.floor < MoodBand.ANGRY.floor:
        return wordings(says)
    near = [b for b in by_mood if abs(b.floor - band.floor) == 20]
    near.sort(key=lambda b: -b.floor)
    return wordings(by_mood[near[0]] if near else says)


def every_wording(says: Wording, by_mood: dict[MoodBand, Wording]) -> list[str]:
    """Every way the author wrote something, in any mood: any of them counts as saying it."""
    return [*wordings(says), *(w for band in by_mood.values() for w in wordings(band))]


class RevealCondition(Strict):
    """When a hidden fact may come out; every condition given must hold."""

    asked_about: list[Line] = Field(
        default_factory=list, description="Words; any of them in a trainee line counts as asking."
    )
    mood_below: Mood | None = Field(
        default=None, description="The customer must be calmer than this."
    )
    behaviours: list[Behaviour] = Field(
        default_factory=list, description="Any of these seen so far in the call."
    )
    after_facts: list[Slug] = Field(default_factory=list, description="Facts out first.")

    @model_validator(mode="after")
    def _some_condition(self) -> RevealCondition:
        given = self.asked_about or self.behaviours or self.after_facts
        if not given and self.mood_below is None:
            raise ValueError("give one of asked_about, mood_below, behaviours, after_facts")
        return self


class HiddenFact(Strict):
    """Something the customer knows but says only when asked or when trust is earned."""

    id: Slug
    fact: Text = Field(description="What is true, in the trainer's words.")
    says: Wording = Field(description="How the customer says it when it comes out.")
    says_by_mood: dict[MoodBand, Wording] = Field(
        default_factory=dict,
        description="How the customer says it in a mood where `says` would sound wrong "
        "(usually angry and furious): the same news, in that mood's words.",
    )
    reveal: RevealCondition

    def wordings(self, band: MoodBand) -> list[str]:
        """The fact's wordings for this mood (see `said_in`); the call picks one."""
        return said_in(self.says, self.says_by_mood, band)

    def words(self, band: MoodBand) -> str:
        """The fact in the author's first wording for this mood."""
        return self.wordings(band)[0]

    @property
    def plain(self) -> str:
        """The author's first calm wording: the news as a prompt shows it to a model."""
        return wordings(self.says)[0]

    def every_wording(self) -> list[str]:
        """Every wording in every mood: the fact counts as told whichever was said."""
        return every_wording(self.says, self.says_by_mood)


class GoalDetector(Strict):
    """How the simulator notices a goal is met: each list given needs a match in one turn."""

    behaviours: list[Behaviour] = Field(default_factory=list)
    keywords: list[Line] = Field(default_factory=list)
    after_facts: list[Slug] = Field(default_factory=list)

    @model_validator(mode="after")
    def _something_to_detect(self) -> GoalDetector:
        if not (self.behaviours or self.keywords):
            raise ValueError("give behaviours or keywords to detect the goal")
        return self


class Goal(Strict):
    """Something the trainee should achieve on the call."""

    id: Slug
    description: Text
    detect: GoalDetector
    required: bool = Field(default=True, description="Needed for the call to count as resolved.")
    going_beyond: bool = Field(
        default=False,
        description="A gesture past the fix (a goodwill credit, a book set aside): the line that "
        "meets it counts as going beyond in the debrief, whatever its words.",
    )
    customer_reaction: Wording | None = Field(
        default=None, description="What the customer says when this goal is met (scripted)."
    )
    settles: list[Slug] = Field(
        default_factory=list,
        description="Facts whose worry this goal answers: once it is met they are not raised "
        "as news (the facts in detect.after_facts count too).",
    )
    if_closed_early: Wording | None = Field(
        default=None,
        description="What the customer asks when the trainee wraps up the call before this "
        'required goal is met ("Hang on, will they take it again next month?").',
    )

    def reactions(self) -> list[str]:
        """The wordings of the customer's reaction to this goal (none when not authored)."""
        return wordings(self.customer_reaction) if self.customer_reaction else []

    def early_close_lines(self) -> list[str]:
        """The wordings the customer uses to hold a too-early goodbye (none when not authored)."""
        return wordings(self.if_closed_early) if self.if_closed_early else []


class EndLines(Strict):
    """Lines the customer says verbatim when the call ends one way or another."""

    supervisor: Wording = "I want to speak to your supervisor. Now, please."
    hangup: Wording = "Forget it. I'm done with this. Goodbye."
    resolved: Wording = "Thank you, that really helps. Goodbye."

    def wordings(self, reason: str) -> list[str]:
        """The wordings of the line for one way of ending (supervisor, hangup, resolved)."""
        return wordings(getattr(self, reason))


class EndConditions(Strict):
    """Thresholds and limits that end a call."""

    supervisor_at: Mood = Field(default=80, description="Mood at which they ask for a supervisor.")
    hangup_at: Mood = Field(default=95, description="Mood at which they hang up.")
    max_turns: int = Field(default=30, ge=2, le=200, description="Trainee turns before time's up.")
    max_minutes: float = Field(default=20, gt=0, le=240)
    lines: EndLines = Field(default_factory=EndLines)

    @field_validator("hangup_at")
    @classmethod
    def _order(cls, hangup_at: float, info: ValidationInfo) -> float:
        # a field check (not a whole-model one), so it is reported beside the other fields' problems
        supervisor_at = info.data.get("supervisor_at")
        if supervisor_at is not None and hangup_at < supervisor_at:
            raise ValueError(
                f"must not be below supervisor_at (got {hangup_at:g}, "
                f"supervisor_at {supervisor_at:g})"
            )
        return hangup_at


class Answer(Strict):
    """A plain answer to a question a trainee is likely to ask (nothing secret: facts are that)."""

    asked_about: list[Line] = Field(
        min_length=1, description="Words or phrases a question would contain, any one will do."
    )
    says: Wording = Field(description="What the customer answers, in their own words.")
    says_by_mood: dict[MoodBand, Wording] = Field(
        default_factory=dict,
        description="The answer in a mood where `says` would sound wrong (angry, furious).",
    )

    def wordings(self, band: MoodBand) -> list[str]:
        """The answer's wordings for this mood (see `said_in`); the call picks one."""
        return said_in(self.says, self.says_by_mood, band)

    def words(self, band: MoodBand) -> str:
        """The answer in the author's first wording for this mood."""
        return self.wordings(band)[0]

    def every_wording(self) -> list[str]:
        """Every wording of the answer in every mood."""
        return every_wording(self.says, self.says_by_mood)


Reactions = dict[Move, dict[MoodBand, list[Line]]]


class Scenario(Strict):
    """A practice call: who calls, why, what they hide, what good handling is, how it's graded."""

    id: Slug
    title: Text
    summary: Text = Field(description="One or two sentences for the scenario list.")
    persona: Slug = Field(description="The id of a persona in personas/.")
    persona_overrides: PersonaOverrides | None = None
    company: Text = "the company"
    channel: Literal["phone", "chat"] = "phone"
    default_difficulty: Difficulty = Difficulty.MEDIUM
    difficulty: Difficulties = Field(default_factory=Difficulties)
    briefing: Briefing
    knowledge_base: list[Article] = Field(min_length=1)
    opening: list[Wording] = Field(
        min_length=1,
        description="Said verbatim when the call starts, one turn per item; an item may be a "
        "list of alternative wordings.",
    )
    opening_by_mood: dict[MoodBand, list[Wording]] = Field(
        default_factory=dict,
        description="The opening for a customer who starts the call in this mood (a harder "
        "difficulty can start them angrier than `opening` sounds).",
    )
    facts: list[HiddenFact] = Field(default_factory=list)
    goals: list[Goal] = Field(min_length=1)
    end: EndConditions = Field(default_factory=EndConditions)
    fallbacks: dict[MoodBand, list[Line]] = Field(
        description="Authored lines per mood band: used when the model's line fails its checks."
    )
    reactions: Reactions = Field(
        default_factory=dict,
        description="What the customer says back to each kind of trainee move, by mood band: "
        "the embedded model chooses from these rather than writing its own lines.",
    )
    answers: list[Answer] = Field(
        default_factory=list,
        description="Plain answers to questions a trainee is likely to ask.",
    )
    rubric: Rubric
    tags: list[str] = Field(default_factory=list)

    @field_validator("fallbacks")
    @classmethod
    def _every_band(cls, fallbacks: dict[MoodBand, list[str]]) -> dict[MoodBand, list[str]]:
        missing = [band.value for band in MoodBand if not fallbacks.get(band)]
        if missing:
            raise ValueError(
                f"give at least one line for every mood band; missing {', '.join(missing)}"
            )
        return fallbacks

    @model_validator(mode="after")
    def _references(self) -> Scenario:
        waits = {f.id: f.reveal.after_facts for f in self.facts}
        problems = reference_problems([f.id for f in self.facts], self.goals, waits)
        if problems:
            raise ValueError(ONE_PER_LINE.join(problems))
        return self

    def opening_for(self, band: MoodBand) -> list[list[str]]:
        """The opening turns for a customer starting in this mood, each as its wordings: the
        band's own, else (angry or furious) the other of those two, else `opening`."""
        heated = [
            b for b in self.opening_by_mood if b.floor >= 60 and abs(b.floor - band.floor) == 20
        ]
        if band in self.opening_by_mood:
            turns = self.opening_by_mood[band]
        elif band.floor >= 60 and heated:
            turns = self.opening_by_mood[heated[0]]
        else:
            turns = self.opening
        return [wordings(turn) for turn in turns]

    @property
    def situation(self) -> str:
        """The first opening line in the author's first wording: why the customer is calling."""
        return wordings(self.opening[0])[0]

    def opening_lines(self) -> list[str]:
        """The opening turns in the author's first wordings (briefings, trials, examples)."""
        return [wordings(turn)[0] for turn in self.opening]

    def resolve_persona(self, persona: Persona) -> Persona:
        """The persona as this scenario plays it: overrides applied, triggers merged."""
        over = self.persona_overrides
        if over is None:
            return persona
        merged = {t.behaviour: t for t in persona.triggers}
        merged.update({t.behaviour: t for t in over.triggers})
        return persona.model_copy(
            update={
                "name": over.name or persona.name,
                "background": over.background or persona.background,
                "speaking_style": over.speaking_style or persona.speaking_style,
                "mood_baseline": (
                    over.mood_baseline if over.mood_baseline is not None else persona.mood_baseline
                ),
                "triggers": list(merged.values()),
                "boundaries": [*persona.boundaries, *over.boundaries],
                "cares_about": [*persona.cares_about, *over.cares_about],
            }
        )


class Cast(BaseModel):
    """A scenario with its persona resolved: everything one call needs from the files."""

    model_config = ConfigDict(frozen=True)

    scenario: Scenario
    persona: Persona
    content_hash: str = Field(description="sha256 of the scenario and persona files as loaded.")
