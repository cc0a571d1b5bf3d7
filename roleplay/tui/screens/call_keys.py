"""The call screen's keys: each with an id users remap by, and a tooltip the help shows."""

from __future__ import annotations

from textual.binding import Binding

CALL_BINDINGS: list[Binding | tuple[str, str] | tuple[str, str, str]] = [
    Binding(
        "ctrl+o",
        "hold",
        "Hold",
        id="call.hold",
        tooltip="Put the customer on hold, or take them off hold.",
    ),
    Binding(
        "ctrl+o",
        "resume",
        "Resume",
        id="call.hold",
        tooltip="Take the customer off hold.",
    ),
    Binding(
        "ctrl+t",
        "hint",
        "Hint",
        id="call.hint",
        tooltip="Ask the coach for the next good move (hints used are recorded).",
    ),
    Binding(
        "ctrl+g",
        "end_call",
        "End call",
        id="call.end",
        tooltip="End the call (asks to confirm) and see the summary.",
    ),
    Binding(
        "ctrl+g",
        "summary",
        "Summary",
        id="call.end",
        tooltip="The call has ended: see its summary and scores.",
    ),
    Binding(
        "escape",
        "interrupt",
        "Interrupt",
        id="call.interrupt",
        tooltip="While the customer speaks: stop their reply (the half-written line is dropped, "
        "your draft kept) and put the cursor back in the reply box.",
    ),
    Binding(
        "ctrl+r",
        "retry",
        "Retry",
        id="call.retry",
        tooltip="Ask the customer again after a backend failure; nothing said is lost.",
    ),
    Binding(
        "ctrl+b",
        "toggle_panel",
        "Briefing",
        id="call.panel",
        tooltip="Show the briefing (or hide the panel of briefing and knowledge base).",
    ),
    Binding(
        "ctrl+f",
        "search",
        "Search KB",
        id="call.search",
        tooltip="Search the knowledge base (Esc comes back to the reply box).",
    ),
    Binding(
        "escape",
        "back_to_reply",
        "Reply box",
        id="call.reply",
        tooltip="While the customer is not speaking: put the cursor back in the reply box, from "
        "the knowledge base or anywhere.",
        show=False,
    ),
]
