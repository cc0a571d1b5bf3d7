"""Finer push-backs for a new scenario: told to calm down, blamed, or given an unclear answer.

Kept apart from each tone's main reactions so the moves a trainer most often gets wrong have
their own words per tone and mood (see `Move` in `scenarios/behaviours.py`).
"""

from __future__ import annotations

PUSHBACKS: dict[str, dict[str, dict[str, list[str]]]] = {
    "angry": {
        "calm_down": {
            "upset": [
                "Don't tell me to calm down. I've every right to be fed up.",
                "I am calm. I'm just tired of this.",
            ],
            "angry": [
                "Calm down? After all this? Just sort it out.",
                "Don't you tell me how to feel.",
            ],
            "furious": [
                "Don't tell me to calm down. Put me through to someone senior.",
                "Calm down? Right, I want your manager.",
            ],
        },
        "blamed": {
            "upset": [
                "That's not fair. I did everything I was asked to.",
                "Hang on, I haven't done anything wrong here.",
            ],
            "angry": [
                "Don't put this on me. It's your mistake, not mine.",
                "My fault? I don't think so.",
            ],
            "furious": [
                "I won't be blamed for your mistake. I want your manager.",
                "So it's my fault now? Unbelievable.",
            ],
        },
        "unclear": {
            "upset": [
                "I don't know what that means. Is it sorted or not?",
                "Plain English, please. What happens now?",
            ],
            "angry": [
                "You don't sound very sure. Does anyone there know?",
                "That means nothing to me. Just tell me what you'll do.",
            ],
            "furious": [
                "I've had enough of not getting a straight answer. Someone senior, please.",
                "If you don't know, find someone who does.",
            ],
        },
    },
    "worried": {
        "calm_down": {
            "upset": [
                "I'm trying to stay calm. I'm just worried, that's all.",
                "Please don't tell me to calm down. It matters to me.",
            ],
            "angry": [
                "I'm not overreacting. I just need to know it's alright.",
                "Being told to calm down doesn't help, honestly.",
            ],
            "furious": [
                "That's not helping at all. Is there somebody else I can speak to?",
                "Please don't tell me to calm down. I'm really scared about this.",
            ],
        },
        "blamed": {
            "upset": [
                "Sorry, I didn't know I'd done anything wrong.",
                "Nobody told me. How was I supposed to know?",
            ],
            "angry": [
                "That doesn't seem very fair. I rang for help.",
                "I wasn't being careless. I really wasn't.",
            ],
            "furious": [
                "I don't want to be told it's my fault. Can I speak to someone else, please?",
                "That's really upsetting. I only rang for help.",
            ],
        },
        "unclear": {
            "upset": [
                "Sorry, I don't understand. Is that good or bad?",
                "I don't know what that means. Will it be alright?",
            ],
            "angry": [
                "You don't sound sure. Do you know what happens?",
                "Sorry, that means nothing to me. What do I need to do?",
            ],
            "furious": [
                "I'm more worried now, not less. Is there someone who knows?",
                "I can't keep hearing maybes. Please find someone who knows.",
            ],
        },
    },
    "sad": {
        "calm_down": {
            "upset": [
                "I'm trying, I really am. It's just a lot.",
                "Please don't tell me to calm down. I'm doing my best.",
            ],
            "angry": [
                "I am calm. I'm just struggling.",
                "Telling me to calm down doesn't make any of this easier.",
            ],
            "furious": [
                "I don't think I can do this now. Is there someone else?",
                "Please don't. I'd rather speak to somebody else.",
            ],
        },
        "blamed": {
            "upset": [
                "I'm sorry. Nobody told me I had to do that.",
                "I didn't know. I'm doing my best.",
            ],
            "angry": [
                "I don't think that's fair. I'm only asking what to do.",
                "I'm not being careless. This is all new to me.",
            ],
            "furious": [
                "I can't be told off as well, not now. I'd like to speak to someone else.",
                "That's not fair. I think I'll ring another time.",
            ],
        },
        "unclear": {
            "upset": [
                "I'm sorry, I don't know what that means.",
                "You've lost me. Could you put it more simply?",
            ],
            "angry": [
                "I don't understand any of that. What do I actually need to do?",
                "You don't sound very sure. Does somebody there know?",
            ],
            "furious": [
                "I can't follow this. Perhaps someone else could help me.",
                "Please, just tell me plainly or find somebody who can.",
            ],
        },
    },
}
