"""Generic customer reactions for a new scenario, per tone, before a trainer writes their own.

`roleplay scenarios new` writes these into the starting scenario so a new scenario plays at once;
they fit any product and problem, and a trainer replaces them with lines in the customer's voice.
Each tone is its own module: what the customer says back to each trainee move at each mood.
"""

from __future__ import annotations

from roleplay.scenarios.template_reactions.angry import ANGRY
from roleplay.scenarios.template_reactions.fallbacks import FALLBACKS
from roleplay.scenarios.template_reactions.pushbacks import PUSHBACKS
from roleplay.scenarios.template_reactions.sad import SAD
from roleplay.scenarios.template_reactions.worried import WORRIED

__all__ = ["FALLBACKS", "REACTIONS"]

REACTIONS: dict[str, dict[str, dict[str, list[str]]]] = {
    "angry": {**ANGRY, **PUSHBACKS["angry"]},
    "worried": {**WORRIED, **PUSHBACKS["worried"]},
    "sad": {**SAD, **PUSHBACKS["sad"]},
}
