"""What the summary screen shows about a finished call, computed from the session (no UI).

Kept apart from the screens so the figures can be checked without a terminal, and so the
summary never has to reach back into a live session.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from roleplay.scenarios.models import Cast
from roleplay.sim.actor import facts_told
from roleplay.sim.session import CallSession
from roleplay.transcript.durations import clock, spoken
from roleplay.transcript.endings import end_sentence as end_words

__all__ = ["CallOutcome", "clock_text", "end_words", "outcome_of", "spoken"]


def clock_text(seconds: float) -> str:
    """Seconds as m:ss (or h:mm:ss), the way the call timer shows them."""
    return clock(seconds, pad=True)


@dataclass(frozen=True)
class CallOutcome:
    """The figures of one finished call, in the trainer's terms."""

    cast: Cast
    difficulty: str
    trainee: str
    exam: bool
    end_reason: str | None
    duration_s: float
    trainee_turns: int
    customer_turns: int
    mood_start: float
    mood_end: float
    band_end: str
    mood_trail: list[float]
    goals_met: list[str]
    goals_missed: list[str]
    facts_uncovered: list[str]
    facts_hidden: int
    holds: int
    hints_used: int
    transcript: Path | None = None
    notes: list[str] = field(default_factory=list)

    @property
    def scenario_id(self) -> str:
        """The scenario played, for "same scenario again"."""
        return self.cast.scenario.id

    @property
    def end_text(self) -> str:
        """Why the call ended, in plain words."""
        return end_words(self.end_reason)


def _duration(session: CallSession) -> float:
    """The call's one duration (as its debrief says it); the running clock if none is known."""
    duration = session.duration_s()
    return session.elapsed() if duration is None else duration


def outcome_of(session: CallSession) -> CallOutcome:
    """Summarise a (normally ended) session for the summary screen."""
    scenario = session.scenario
    state = session.state
    # An optional goal says so, so a miss of it does not read as a mistake.
    goals = {g.id: g.description + ("" if g.required else " (optional)") for g in scenario.goals}
    facts = {f.id: f.fact for f in scenario.facts}
    said = [t.text for t in session.turns if t.speaker == "customer"]
    found = facts_told(state.revealed, scenario.facts, said)
    trail = [state.mood_start] + [t.state.mood for t in session.turns if t.state is not None]
    notes: list[str] = []
    if session.fallbacks:
        notes.append(f"{session.fallbacks} customer line(s) came from the scenario's fallbacks.")
    return CallOutcome(
        cast=session.cast,
        difficulty=session.difficulty,
        trainee=session.trainee,
        exam=session.exam,
        end_reason=state.end_reason.value if state.end_reason else None,
        duration_s=_duration(session),
        trainee_turns=sum(1 for t in session.turns if t.speaker == "trainee"),
        customer_turns=sum(1 for t in session.turns if t.speaker == "customer"),
        mood_start=state.mood_start,
        mood_end=state.mood,
        band_end=state.band.value,
        mood_trail=trail,
        goals_met=[goals[g] for g in state.goals_met if g in goals],
        goals_missed=[d for g, d in goals.items() if g not in state.goals_met],
        facts_uncovered=[facts[f] for f in found],
        facts_hidden=len(facts) - len(found),
        holds=state.holds,
        hints_used=state.hints_used,
        transcript=session.path,
        notes=notes,
    )
