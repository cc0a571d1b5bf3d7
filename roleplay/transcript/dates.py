"""A date as every screen writes it for a person: "6 Dec 2026 09:14", no leading zero.

The debrief said "06 Dec 2026" where the team report said "6 Dec 2026"; both, and the Scenarios
app's draft label, now write dates here. (The review app's tables keep ISO dates,
"2026-12-06 09:14", which sort and line up as text.)
"""

from __future__ import annotations

from datetime import datetime


def day_month(moment: datetime) -> str:
    """`6 Dec`: a day within the year, as a chart's bar label shows it."""
    return f"{moment.day} {moment:%b}"


def written(moment: datetime, *, year: bool = True) -> str:
    """`6 Dec 2026 09:14`, or `6 Dec 09:14` without the year."""
    day = f"{day_month(moment)} {moment:%Y}" if year else day_month(moment)
    return f"{day} {moment:%H:%M}"


def written_utc(stamp: str) -> str:
    """An ISO time stamp from a transcript as `6 Dec 2026 09:14 UTC` (transcripts keep UTC, and a
    team may sit in more than one time zone); the stamp itself if it does not read as one."""
    try:
        return f"{written(datetime.fromisoformat(stamp))} UTC"
    except ValueError:
        return stamp
