"""Why a call ended, and the one wording of each reason for the trainee and for reports.

The reason is stored in a transcript's closing line; the call screen, the plain call, the
debrief and the reports all word it from the table here, so they never drift apart.
"""

from __future__ import annotations

from enum import StrEnum
from typing import NamedTuple


class EndReason(StrEnum):
    """Why a call ended; stored in the transcript's closing line."""

    RESOLVED = "resolved"
    HUNG_UP = "hung_up"
    SUPERVISOR_REQUESTED = "supervisor_requested"
    TRAINEE_ENDED = "trainee_ended"
    TURN_LIMIT = "turn_limit"
    TIME_LIMIT = "time_limit"
    ABANDONED = "abandoned"


class EndWords(NamedTuple):
    """One reason in words: told to the trainee as a sentence, and as a phrase in a report."""

    told: str
    phrase: str


END_WORDS: dict[str, EndWords] = {
    EndReason.RESOLVED: EndWords(
        "Resolved: the customer's problem was sorted and the call closed.", "resolved"
    ),
    EndReason.HUNG_UP: EndWords("The customer hung up.", "the customer hung up"),
    EndReason.SUPERVISOR_REQUESTED: EndWords(
        "The customer demanded a supervisor.", "the customer demanded a supervisor"
    ),
    EndReason.TRAINEE_ENDED: EndWords("You ended the call.", "ended by the trainee"),
    EndReason.TURN_LIMIT: EndWords("The call reached its turn limit.", "turn limit reached"),
    EndReason.TIME_LIMIT: EndWords("The call reached its time limit.", "time limit reached"),
    EndReason.ABANDONED: EndWords("The call was abandoned.", "abandoned (never closed)"),
}
"""Every EndReason, worded once. Keys are the stored strings, so a file's reason looks up as is."""

LOST_CALL = frozenset({EndReason.HUNG_UP, EndReason.SUPERVISOR_REQUESTED})
"""Endings where the customer gave up on the trainee."""


def end_sentence(reason: str | None) -> str:
    """The reason as told to the trainee at the end of a call; an unknown one in plain words."""
    if reason is None:
        return "The call is still open."
    known = END_WORDS.get(reason)
    return known.told if known else reason.replace("_", " ").capitalize() + "."


def end_phrase(reason: str) -> str:
    """The reason as a short phrase for a report's table or a debrief's header."""
    known = END_WORDS.get(reason)
    return known.phrase if known else str(reason).replace("_", " ")
