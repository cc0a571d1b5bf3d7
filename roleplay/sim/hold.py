"""The customer's words around a hold: agreeing to one, and greeting the trainee back.

A scenario authors `back_from_hold` reactions per mood band, shortest wait first; the mood band
already carries how the wait landed (a silent or long hold moves it), and the wait's length picks
among the band's lines. Asked for a hold, the customer agrees in the scenario's `hold_asked`
words for the mood, or in the built-in ones.
"""

from __future__ import annotations

from roleplay.scenarios.behaviours import Move
from roleplay.scenarios.hold_request import DEFAULT_HOLD_ASKED, GENTLE_HOLD_ASKED
from roleplay.scenarios.models import Reactions
from roleplay.scenarios.persona import Archetype
from roleplay.sim.frame_replies import GENTLE

WAIT_STEPS_S = (30.0, 90.0)
"""Waits shorter than the first step are short, then medium, then long (index 0, 1, 2)."""


def wait_step(duration_s: float) -> int:
    """0 for a short wait, 1 for a medium one, 2 for a long one."""
    return sum(duration_s >= step for step in WAIT_STEPS_S)


def back_from_hold_line(lines: list[str], duration_s: float) -> str:
    """The line for this wait among a band's lines, ordered shortest wait first ("" if none)."""
    if not lines:
        return ""
    return lines[min(wait_step(duration_s), len(lines) - 1)].strip()


def hold_asked_lines(reactions: Reactions, archetype: Archetype) -> Reactions:
    """The reactions to choose a hold request's answer from: the scenario's own `hold_asked`
    lines when it has any, else the built-in ones for this kind of caller (every band has them)."""
    if any(reactions.get(Move.HOLD_ASKED, {}).values()):
        return reactions
    built_in = GENTLE_HOLD_ASKED if archetype in GENTLE else DEFAULT_HOLD_ASKED
    return {Move.HOLD_ASKED: {b: list(lines) for b, lines in built_in.items()}}
