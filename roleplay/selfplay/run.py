"""Play one self-play call through the real CallSession and record what a trainer must see.

The call runs on a simulated clock (a few seconds per line, the scripted length of each hold),
so hold etiquette and response times count as they would in a real call, without waiting.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field
from pathlib import Path

from roleplay.debrief.build import heuristic_debrief
from roleplay.llm.base import Backend, BackendError
from roleplay.scenarios.models import Cast
from roleplay.selfplay.lines import hold_command
from roleplay.sim.events import Said
from roleplay.sim.line_review import review_call
from roleplay.sim.session import CallSession
from roleplay.sim.state import EndReason
from roleplay.transcript import Turn, read_transcript

LINE_S = 8.0
"""Simulated seconds a trainee takes per line (the customer's reply adds REPLY_S)."""
REPLY_S = 5.0
MAX_TRAINEE_TURNS = 30


class SimClock:
    """A clock self-play moves by hand: lines and holds take time without anyone waiting."""

    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


@dataclass
class RunResult:
    """One self-play call as the trainer reads it."""

    kind: str
    run: int
    end_reason: str
    mood_start: float
    mood_end: float
    mood_peak: float
    moods: list[float]
    facts_revealed: list[str]
    facts_total: int
    goals_met: list[str]
    goals_total: int
    trainee_turns: int
    score: float | None = None
    passed: bool | None = None
    fallbacks: int = 0
    check_failures: list[str] = field(default_factory=list)
    consistency: list[str] = field(default_factory=list)
    transcript: str | None = None

    def as_dict(self) -> dict[str, object]:
        """Plain data for `--json`."""
        return dict(self.__dict__)


TraineeLines = Callable[[CallSession], AsyncIterator[str]]
"""Where the trainee's next line comes from: a fixed script or a model reading the call."""


def scripted_lines(lines: tuple[str, ...]) -> TraineeLines:
    """A trainee that says the given lines in order."""

    async def source(session: CallSession) -> AsyncIterator[str]:
        for line in lines:
            yield line

    return source


def consistency_problems(cast: Cast, turns: list[Turn]) -> list[str]:
    """What the customer said that was wrong, line by line (see `sim/line_review.py`).

    Every customer line is read with the call before it: the actor's line checks (out of role
    or frame, echoes of the trainee, repeats, leaked secrets), the trainee called "Agent", and
    words that belong to neither the scenario nor the call.
    """
    return [str(problem) for problem in review_call(cast, turns, written_only=False)]


async def play(
    cast: Cast,
    backend: Backend,
    trainee: TraineeLines,
    *,
    kind: str,
    run: int = 1,
    difficulty: str = "medium",
    transcripts: Path | None = None,
) -> RunResult:
    """Play one call to its end (or until the trainee runs out of lines) and summarise it."""
    clock = SimClock()
    session = CallSession(
        cast,
        backend,
        difficulty=difficulty,
        trainee=f"selfplay-{kind}",
        transcripts=transcripts,
        clock=clock,
    )
    mood_start = session.state.mood
    await session.start()
    count = 0
    try:
        async for raw in trainee(session):
            if session.ended or count >= MAX_TRAINEE_TURNS:
                break
            command = hold_command(raw)
            if command is not None:
                what, seconds = command
                if what == "hold" and not session.state.on_hold:
                    session.hold()
                    clock.advance(seconds)
                elif what == "resume" and session.state.on_hold:
                    session.resume()
                continue
            clock.advance(LINE_S)
            async for event in session.reply_to(raw):
                if isinstance(event, Said):
                    clock.advance(REPLY_S)
            count += 1
    except BackendError as error:
        # The transcript says what stopped the call; the caller reports the runs that finished.
        session.note_error(str(error))
        if not session.ended:
            session.end_call(EndReason.ABANDONED)
        raise
    if not session.ended:
        session.end_call(EndReason.TRAINEE_ENDED)
    # The backend is the caller's: runs share one (the embedded model loads once).
    return _result(session, cast, kind=kind, run=run, mood_start=mood_start)


def _result(
    session: CallSession, cast: Cast, *, kind: str, run: int, mood_start: float
) -> RunResult:
    state = session.state
    moods = [round(mood_start, 1)] + [
        t.state.mood
        for t in session.turns
        if t.speaker == "customer" and t.state and t.source != "opening"
    ]
    moods.append(round(state.mood, 1))
    result = RunResult(
        kind=kind,
        run=run,
        end_reason=state.end_reason.value if state.end_reason else "abandoned",
        mood_start=round(mood_start, 1),
        mood_end=round(state.mood, 1),
        mood_peak=max(moods),
        moods=_dedupe_tail(moods),
        facts_revealed=list(state.revealed),
        facts_total=len(cast.scenario.facts),
        goals_met=list(state.goals_met),
        goals_total=len(cast.scenario.goals),
        trainee_turns=state.trainee_turns,
        fallbacks=session.fallbacks,
        check_failures=list(session.check_failures),
        consistency=consistency_problems(cast, session.turns),
    )
    if session.path is not None:
        result.transcript = str(session.path)
        debrief = heuristic_debrief(read_transcript(session.path), cast)
        result.score, result.passed = debrief.overall, debrief.passed
    return result


def _dedupe_tail(moods: list[float]) -> list[float]:
    if len(moods) > 1 and moods[-1] == moods[-2]:
        return moods[:-1]
    return moods
