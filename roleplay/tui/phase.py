"""Where a call stands, as the call screen shows it: one phase, and which keys work in each.

The screen holds one reactive `Phase`; the footer, the buttons and `check_action` follow it, so
there is no set of flags to keep in step.
"""

from __future__ import annotations

from enum import StrEnum

from roleplay.sim.session import CallSession


class Phase(StrEnum):
    """The call screen's one state."""

    CONNECTING = "connecting"
    """The backend is being prepared (the embedded model loads on the first call)."""
    CONNECT_FAILED = "connect_failed"
    """The backend could not be prepared: retry, go home or quit."""
    LISTENING = "listening"
    """The customer is waiting for the trainee's line."""
    SPEAKING = "speaking"
    """The customer's reply is arriving."""
    REPLY_OWED = "reply_owed"
    """The reply failed part-way: the trainee's line is saved; retry or drop it."""
    ON_HOLD = "on_hold"
    """The customer is on hold."""
    ENDED = "ended"
    """The call is over: only the summary is left."""


OPEN = frozenset({Phase.LISTENING, Phase.SPEAKING, Phase.REPLY_OWED, Phase.ON_HOLD})

ACTIONS: dict[str, frozenset[Phase]] = {
    "interrupt": frozenset({Phase.SPEAKING, Phase.REPLY_OWED}),
    "retry": frozenset({Phase.CONNECT_FAILED, Phase.REPLY_OWED}),
    "hold": OPEN - {Phase.ON_HOLD},
    "resume": frozenset({Phase.ON_HOLD}),
    "hint": OPEN,
    "end_call": OPEN,
    "summary": frozenset({Phase.ENDED}),
    "back_to_reply": OPEN - {Phase.SPEAKING, Phase.REPLY_OWED},
}
"""The phases in which each of the call screen's actions works (and shows in the footer)."""


def resting_phase(session: CallSession | None, *, connect_failed: bool = False) -> Phase:
    """The phase when nothing is streaming: read from the session, the one owner of the rules."""
    if session is None:
        return Phase.CONNECT_FAILED if connect_failed else Phase.CONNECTING
    if session.ended:
        return Phase.ENDED
    if session.awaiting_reply:
        return Phase.REPLY_OWED
    if session.state.on_hold:
        return Phase.ON_HOLD
    return Phase.LISTENING
