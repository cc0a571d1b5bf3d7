"""How long a call or a hold lasted, on a clock or in words: one rounding for every screen.

The summary, the debrief, the review and the team report all show the same call, so they all
round it the same way: a call of 65.8 s is 1:06 on each (it read 01:05 on the summary and in
the report, 1:06 in the review and 1 min 06 s in the debrief).

Which of the two: `clock` for what ticks on screen (the call and hold timers) and for a column
of many calls (the review list, the report's tables); `spoken` wherever one length is read in
a sentence or a labelled figure (the summary, the debrief, the note on coming back from a hold,
plain mode, which a screen reader reads aloud: "1 min 15 s", never "01:15").
"""

from __future__ import annotations


def whole_seconds(seconds: float) -> int:
    """Seconds rounded to the nearest whole second (halves up), never below zero."""
    return max(0, int(seconds + 0.5))


def clock(seconds: float, *, pad: bool = False) -> str:
    """`1:06`, or `1:02:03` past an hour; `pad` gives `01:06`, the way the call timer ticks."""
    hours, rest = divmod(whole_seconds(seconds), 3600)
    minutes, secs = divmod(rest, 60)
    if hours:
        return f"{hours}:{minutes:02d}:{secs:02d}"
    return f"{minutes:02d}:{secs:02d}" if pad else f"{minutes}:{secs:02d}"


def spoken(seconds: float) -> str:
    """`1 min 06 s`, or `14 s` under a minute: a length in words."""
    minutes, secs = divmod(whole_seconds(seconds), 60)
    return f"{minutes} min {secs:02d} s" if minutes else f"{secs} s"
