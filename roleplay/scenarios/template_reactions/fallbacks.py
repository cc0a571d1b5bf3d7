"""The fallback lines a new scenario starts with: per tone, three wordings for each mood band.

Said when a model's line fails its checks; three wordings each, so a customer who falls back
twice does not say the same sentence twice (self-play counts a repeat as a persona problem).
"""

from __future__ import annotations

FALLBACKS: dict[str, dict[str, list[str]]] = {
    "angry": {
        "calm": [
            "Right. Thank you, that's actually sorted it.",
            "Okay. Thanks, that's what I needed.",
            "Good. Finally, that's sorted.",
        ],
        "uneasy": [
            "Okay. And how long will that take?",
            "Fine. When will that actually happen?",
            "Right. And how do I know it'll work this time?",
        ],
        "upset": [
            "I just want this fixed, not excuses.",
            "I don't want excuses, I want it sorted.",
            "Just fix it, please. That's all I'm asking.",
        ],
        "angry": [
            "You're not listening to me at all.",
            "Are you even listening to what I'm saying?",
            "I've told you already. You're not hearing me.",
        ],
        "furious": [
            "This is a joke. I'm done being polite.",
            "Unbelievable. I've had enough of this.",
            "I'm not putting up with this any more.",
        ],
    },
    "worried": {
        "calm": [
            "Oh, that's a relief. Thank you for explaining.",
            "Oh good. Thank you, that makes sense now.",
            "That's a weight off. Thank you.",
        ],
        "uneasy": [
            "Okay... and what happens after that?",
            "Right... and then what do I do?",
            "I see... so what happens next?",
        ],
        "upset": [
            "I don't understand what that means. Is my money safe?",
            "Sorry, I'm lost. What does that mean for me?",
            "I don't follow. Have I done something wrong?",
        ],
        "angry": [
            "Nobody is telling me anything clearly.",
            "Why won't anyone just explain it to me?",
            "I keep asking and nobody gives me a clear answer.",
        ],
        "furious": [
            "I can't cope with this. I need a straight answer.",
            "This is too much. Please, just tell me plainly.",
            "I can't take any more of this. Just tell me straight.",
        ],
    },
    "sad": {
        "calm": [
            "Thank you. You've been very kind.",
            "Thank you. That helps more than you know.",
            "That's kind of you. Thank you.",
        ],
        "uneasy": [
            "I see. What would I need to do?",
            "Right. Is there anything I have to do?",
            "I see. And what happens now?",
        ],
        "upset": [
            "I don't have the energy for forms and phone calls.",
            "I can't face lots of forms right now.",
            "It's all too much at the moment, all of this.",
        ],
        "angry": [
            "Do you have any idea what this week has been like?",
            "You don't know what I've been dealing with.",
            "Can you not see how hard this is for me?",
        ],
        "furious": [
            "I can't do this. Why does everything have to be so hard?",
            "I've had enough. Nothing is ever simple.",
            "I can't keep doing this. It's too hard.",
        ],
    },
}
