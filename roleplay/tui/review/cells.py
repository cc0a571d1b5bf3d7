"""How values look in the review tables: short, aligned, readable at a glance."""

from __future__ import annotations

from rich.text import Text

from roleplay.debrief.model import score_text
from roleplay.transcript.durations import clock


def when(started_at: str) -> str:
    """`2025-02-07 13:31` from the index's ISO text (UTC)."""
    return started_at[:16].replace("T", " ")


def duration(seconds: float | None) -> str:
    """`3:16`, or a dash when unknown."""
    if seconds is None:
        return "–"
    return clock(seconds)


def score(value: float | None, overridden: bool = False) -> Text:
    """The overall score; a star marks one changed by a human override."""
    if value is None:
        return Text("–", justify="right")
    return Text(f"{score_text(value)}{'*' if overridden else ''}", justify="right")


def verdict(passed: bool | None) -> Text:
    """Pass or fail in words and colour (colour is never the only signal)."""
    if passed is None:
        return Text("ungraded", style="dim")
    return Text("pass", style="bold green") if passed else Text("fail", style="bold red")


def not_graded() -> Text:
    """The result of an abandoned call or one where the trainee said nothing."""
    return Text("not graded", style="dim")


def criterion_score(value: int | None) -> str:
    """1–5, or n/a when the criterion did not apply."""
    return "n/a" if value is None else str(value)
