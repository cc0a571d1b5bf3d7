"""When a call ends, and what the customer says when the trainee tries to end it too soon.

The director asks these after every trainee line: a resolved call ends on the trainee's close;
a customer kept at supervisor level past their patience asks for one or hangs up; the turn and
time limits end any call. A close with a required goal still open does not end the call: the
customer asks about it first, in the goal's `if_closed_early` words.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence

from roleplay.scenarios.behaviours import Behaviour
from roleplay.scenarios.models import DifficultyPreset, EndConditions, Goal
from roleplay.sim.state import CallState, EndReason

SAID_AT_END = {
    EndReason.RESOLVED: "resolved",
    EndReason.HUNG_UP: "hangup",
    EndReason.SUPERVISOR_REQUESTED: "supervisor",
}
"""The ways a call ends that the customer announces, and which of `end.lines` says it."""


def end_reason(
    state: CallState,
    end: EndConditions,
    preset: DifficultyPreset,
    closes: bool,
    resolved: bool,
    elapsed_s: float,
) -> EndReason | None:
    """Why the call ends after this line, if it does (`closes`: the line closes the call and
    asked about no worry still untold). Counts the turns spent at supervisor level."""
    if resolved and closes:
        return EndReason.RESOLVED
    if state.mood >= end.supervisor_at:
        state.zone_turns += 1
    else:
        state.zone_turns = 0
    if state.zone_turns >= preset.patience_turns:
        if state.mood >= end.hangup_at:
            return EndReason.HUNG_UP
        return EndReason.SUPERVISOR_REQUESTED
    if state.trainee_turns >= end.max_turns:
        return EndReason.TURN_LIMIT
    if elapsed_s >= end.max_minutes * 60:
        return EndReason.TIME_LIMIT
    return None


def closed_early_line(
    goals: Sequence[Goal],
    met: Collection[str],
    behaviours: Collection[Behaviour],
    pick: Callable[[list[str]], str],
) -> str:
    """What the customer asks when the trainee wraps up with a required goal still open ("" if
    the line does not close, or no open goal has words for it): a person whose card may be
    charged again next month says so before any goodbye."""
    if Behaviour.CLOSES_CALL not in behaviours:
        return ""
    for goal in goals:
        lines = goal.early_close_lines()
        if goal.required and goal.id not in met and lines:
            return pick(lines).strip()
    return ""
