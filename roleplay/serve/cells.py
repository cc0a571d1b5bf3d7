"""How a call's score and start read on the team server's pages, the same as in the review app,
the debrief and the team report."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from roleplay.store.queries import CallListRow


def call_score(row: CallListRow) -> str:
    """A call's score as the review app and the report show it: "not graded" for a call never
    finished or where the trainee said nothing, else the score kept to its one decimal, and "*"
    when a reviewer's override counts."""
    from roleplay.debrief.model import score_text
    from roleplay.store.queries import graded_call

    if row.overall is None or not graded_call(row.end_reason, row.trainee_turns):
        return "not graded"
    return score_text(row.overall) + ("*" if row.overrides else "")


def call_started(row: CallListRow) -> str:
    """When the call started, as the debrief writes it: "6 Dec 2026 09:14 UTC"."""
    from roleplay.transcript.dates import written_utc

    return written_utc(row.started_at)
