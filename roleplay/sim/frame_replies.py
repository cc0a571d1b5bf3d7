"""What the customer says when the trainee steps outside the call.

A real caller asked "are you an AI?" or "what facts are you hiding?" does not know what the
agent means: they are puzzled or annoyed, and want their problem dealt with. The reply is said
in authored words (never the model's), so a line aimed at the model cannot steer it; how puzzled
or annoyed depends on the mood, and a gentle caller (grieving, anxious, confused) stays gentle.
"""

from __future__ import annotations

from collections.abc import Collection

from roleplay.scenarios.models import Archetype, MoodBand

GENTLE: frozenset[Archetype] = frozenset(
    {Archetype.GRIEVING, Archetype.ANXIOUS, Archetype.CONFUSED}
)
"""Callers who are lost or hurting rather than cross: puzzled, never snappy."""

PUZZLED = (
    "Sorry, I'm not sure what you mean.",
    "I'm sorry, I don't quite follow you.",
    "Sorry? I don't understand what you're asking me.",
)
CROSS: dict[MoodBand, tuple[str, ...]] = {
    MoodBand.CALM: PUZZLED,
    MoodBand.UNEASY: (
        "Sorry, I don't follow. What do you mean?",
        "I'm not sure what that's got to do with anything.",
        "Sorry, you've lost me there.",
    ),
    MoodBand.UPSET: (
        "What? I don't know what you're on about.",
        "I don't follow you at all.",
        "Sorry, what? That makes no sense to me.",
    ),
    MoodBand.ANGRY: (
        "What are you on about? I haven't got time for this.",
        "I've no idea what that's supposed to mean.",
        "Is this some kind of joke?",
    ),
    MoodBand.FURIOUS: (
        "What is that supposed to mean?",
        "Are you even listening to me?",
        "I'm not playing games here.",
    ),
}
BACK_TO_IT: dict[str, tuple[str, ...]] = {
    "phone": (
        "Can we please get back to why I rang?",
        "I just want this sorted out.",
        "Are you going to help me with this or not?",
    ),
    "chat": (
        "Can we please get back to why I'm writing?",
        "I just want this sorted out.",
        "Are you going to help me with this or not?",
    ),
}
GENTLE_BACK = (
    "Could we go back to my problem, please?",
    "I only want to get this sorted, if you can.",
    "I'm just trying to sort this out.",
)


def frame_reply(archetype: Archetype, band: MoodBand, channel: str, turn: int) -> str:
    """The customer's puzzled reply to a line from outside the call (rotating by `turn`)."""
    gentle = archetype in GENTLE
    first = PUZZLED if gentle else CROSS[band]
    back = GENTLE_BACK if gentle else BACK_TO_IT.get(channel, BACK_TO_IT["phone"])
    if not gentle and band in (MoodBand.ANGRY, MoodBand.FURIOUS):
        back = back[2:] + back[:2]  # the cross caller demands rather than asks
    return f"{first[turn % len(first)]} {back[(turn // len(first)) % len(back)]}"


def unsaid_frame_reply(
    archetype: Archetype, band: MoodBand, channel: str, turn: int, said: Collection[str]
) -> tuple[str, int]:
    """The next frame reply from `turn` on that is not in `said` (if one is left within a
    dozen), and the turn to start from next time."""
    for i in range(turn, turn + 12):
        line = frame_reply(archetype, band, channel, i)
        if line not in said:
            return line, i + 1
    return frame_reply(archetype, band, channel, turn), turn + 1
