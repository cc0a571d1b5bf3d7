"""What a customer says when the trainee asks to put them on hold, unless the scenario says.

A person asked "Can I put you on hold for two minutes while I check?" answers the request: yes,
grudgingly when cross. A scenario may author its own `reactions.hold_asked` lines per mood;
these are the built-in ones, so an older scenario needs nothing to get a sensible reply.
"""

from __future__ import annotations

from roleplay.scenarios.persona import MoodBand

DEFAULT_HOLD_ASKED: dict[MoodBand, tuple[str, ...]] = {
    MoodBand.CALM: (
        "Yes, of course. I'll hold.",
        "That's fine, go ahead. I'll wait.",
        "No problem. I'll be here.",
    ),
    MoodBand.UNEASY: (
        "Okay. Yes, that's fine. I'll wait.",
        "Alright. Go on, I'll hold.",
        "Yes, okay. I'll stay on the line.",
    ),
    MoodBand.UPSET: (
        "Fine, but don't be long.",
        "Go on then. Please don't leave me there for ages.",
        "Alright. Just don't forget about me.",
    ),
    MoodBand.ANGRY: (
        "Fine. But don't be long.",
        "Go on then. Two minutes, not twenty.",
        "If you must. Don't leave me sitting there.",
    ),
    MoodBand.FURIOUS: (
        "Fine. But if you're not back in two minutes, I'm hanging up.",
        "Go on then. And you'd better come back with an answer.",
        "Oh, brilliant, more waiting. Fine. Be quick.",
    ),
}
"""Agreeing to a hold, in each mood's words: alternative wordings, one picked per request."""
