"""Which of a scenario's authored reactions fit a move now: the customer's bank of replies.

The director asks for them when the turn calls for no news; the model chooses among a few.
"""

from __future__ import annotations

from collections.abc import Collection
from difflib import SequenceMatcher

from roleplay.scenarios.behaviours import BROADER, Move
from roleplay.scenarios.models import MoodBand, Reactions

ECHO_RATIO = 0.65
"""A reaction this alike (difflib ratio) to the customer's last line says it again."""


def fitting_reactions(
    reactions: Reactions, move: Move, band: MoodBand, said: Collection[str], last_said: str
) -> list[str]:
    """The authored reactions to `move` at mood `band`, not yet said in this call.

    A band the author left empty borrows from the nearest band that has lines; a finer move
    the author left out (calm_down, blamed, unclear) borrows the broader move's lines; when
    every line has been said, they may be said again rather than leaving the customer
    silent.
    """
    bank = reactions.get(move, {})
    if not any(bank.values()) and move in BROADER:
        return fitting_reactions(reactions, BROADER[move], band, said, last_said)
    for near in sorted(MoodBand, key=lambda b: abs(b.floor - band.floor)):
        lines = bank.get(near, [])
        if lines:
            fresh = [line for line in lines if line not in said]
            unlike = [line for line in fresh if not echoes(last_said, line)]
            return unlike or fresh or list(lines)
    return []


def echoes(last: str, line: str) -> bool:
    """True when a reaction would say the customer's last line again in other words
    ("I want your name, and your manager's name" twice running)."""
    last = last.lower()
    return bool(last) and SequenceMatcher(None, last, line.lower()).ratio() >= ECHO_RATIO
