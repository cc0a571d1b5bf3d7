"""How the customer greets the trainee back from a hold: the scenario's words for the wait.

A scenario authors `back_from_hold` reactions per mood band, shortest wait first; the mood band
already carries how the wait landed (a silent or long hold moves it), and the wait's length picks
among the band's lines.
"""

from __future__ import annotations

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
