"""Which of the author's wordings the customer uses: the same news need not sound the same twice.

A scenario may give a fact, an answer, a goal's reaction, an end line or an opening as several
wordings of the same thing. A call picks one at random from its own `random.Random`, so a call
made with a seed says the same words every time (tests, the scripted backend, exams), and avoids
the wording it used last time it said the same thing. Within one turn the pick stands: asking
again for the same thing gives the same words, so what the turn decides and what it says agree.
"""

from __future__ import annotations

import random
import zlib
from collections.abc import Callable, Sequence


def call_seed(seed: int | None, repeatable: bool, scenario_id: str, difficulty: str) -> int | None:
    """The seed a call's wordings come from: the one asked for; else, for a call that must say
    the same words every time (scripted lines, an exam), one fixed by scenario and difficulty;
    else none, so each call picks afresh."""
    if seed is not None:
        return seed
    if repeatable:
        return zlib.crc32(f"{scenario_id}/{difficulty}".encode())
    return None


class Phrasing:
    """One call's choice of wordings."""

    def __init__(self, rng: random.Random, turn: Callable[[], int]) -> None:
        self.rng = rng
        self._turn = turn
        self._last: dict[tuple[str, ...], tuple[int, str]] = {}

    def pick(self, options: Sequence[str]) -> str:
        """One of `options` (the wordings of one thing): this turn's pick if there is one, else
        a random one other than the last said, when there is another."""
        key = tuple(options)
        if len(key) <= 1:
            return key[0] if key else ""
        turn = self._turn()
        last = self._last.get(key)
        if last is not None and last[0] == turn:
            return last[1]
        fresh = [o for o in key if last is None or o != last[1]]
        choice = self.rng.choice(fresh)
        self._last[key] = (turn, choice)
        return choice
