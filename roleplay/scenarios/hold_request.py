"""What a customer says when the trainee asks to put them on hold, unless the scenario says.

A person asked "Can I put you on hold for two minutes while I check?" answers the request: yes,
grudgingly when cross. A scenario may author its own `reactions.hold_asked` lines per mood;
these are the built-in ones, so an older scenario needs nothing to get a sensible reply. A caller
who is lost or hurting rather than cross (grieving, anxious, confused) agrees gently at any mood.
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

GENTLE_HOLD_ASKED: dict[MoodBand, tuple[str, ...]] = {
    MoodBand.CALM: (
        "Yes, of course. I'll wait.",
        "That's fine. Take your time.",
        "Of course. I'll be here.",
    ),
    MoodBand.UNEASY: (
        "Alright. Yes, I'll wait.",
        "Okay. You will come back, won't you?",
        "Yes, alright. I'll hold on.",
    ),
    MoodBand.UPSET: (
        "Alright. Please don't be too long.",
        "Okay... you will come back to me?",
        "Yes. Alright. I'll wait.",
    ),
    MoodBand.ANGRY: (
        "Alright, but please don't be long.",
        "If you have to. Please don't leave me waiting ages.",
        "Alright. Just please come back.",
    ),
    MoodBand.FURIOUS: (
        "Alright. But please don't be long. I can't do much more of this.",
        "Alright. Please just come back with an answer.",
        "If you must. Please don't forget about me.",
    ),
}
"""Agreeing to a hold for a grieving, anxious or confused caller: worried, never snappy."""
