"""The call's state as the director keeps it, and what one trainee line changed in it (the
reasons a call ends live with the transcript)."""

from __future__ import annotations

from dataclasses import dataclass, field

from roleplay.scenarios.behaviours import Behaviour, Move
from roleplay.scenarios.models import Answer, Goal, HiddenFact, MoodBand
from roleplay.transcript.endings import EndReason

__all__ = ["CallState", "EndReason", "TurnOutcome"]


@dataclass
class CallState:
    """What the director knows after each turn; the TUI and the debrief read it."""

    mood: float
    mood_start: float
    band: MoodBand
    revealed: list[str] = field(default_factory=list)
    goals_met: list[str] = field(default_factory=list)
    seen: set[Behaviour] = field(default_factory=set)
    trainee_turns: int = 0
    zone_turns: int = 0
    on_hold: bool = False
    holds: int = 0
    hints_used: int = 0
    end_reason: EndReason | None = None

    @property
    def ended(self) -> bool:
        """True once the call is over, for whatever reason."""
        return self.end_reason is not None

    def snapshot(self) -> dict[str, object]:
        """The part of the state written after every turn."""
        return {
            "mood": round(self.mood, 1),
            "band": self.band.value,
            "revealed": list(self.revealed),
            "goals_met": list(self.goals_met),
        }


@dataclass
class TurnOutcome:
    """What one trainee line changed, and what the customer should do about it."""

    behaviours: list[Behaviour]
    mood_before: float
    mood_after: float
    new_facts: list[HiddenFact] = field(default_factory=list)
    new_goals: list[Goal] = field(default_factory=list)
    end_reason: EndReason | None = None
    authored: str = ""
    move: Move = Move.IDLE
    answer: Answer | None = None
