"""A worried customer's generic reactions, per mood and trainee move (see the package docstring)."""

from __future__ import annotations

WORRIED: dict[str, dict[str, list[str]]] = {
    "heard": {
        "calm": [
            "Oh, thank you. It helps just knowing someone understands.",
            "That's kind of you. I feel a bit less silly now.",
        ],
        "uneasy": [
            "Yes, that's it exactly. I just don't know what it means.",
            "Thank you. I'm still a bit nervous about it, if I'm honest.",
        ],
        "upset": [
            "Yes. I've been in such a state about it, honestly.",
            "That's right. I keep thinking something awful's happened.",
        ],
        "angry": [
            "I know you understand, but nobody's actually told me anything yet.",
            "Thank you, but I still don't know if everything's alright.",
        ],
        "furious": [
            "Please, I don't need sympathy, I need to know what's going on.",
            "Understanding isn't enough. If nobody can explain, I want someone senior.",
        ],
    },
    "question": {
        "calm": [
            "Oh, I'm not sure, sorry. Is that important?",
            "Goodness, I couldn't tell you. Should I know that?",
        ],
        "uneasy": [
            "I don't think so... I'm not sure. Does it matter?",
            "Um, I'm not certain. Is it bad that I don't know?",
        ],
        "upset": [
            "I don't know! Should I? Have I done something wrong?",
            "I really can't remember. Is that going to cause a problem?",
        ],
        "angry": [
            "I don't know, that's why I rang. Can't you see it your end?",
            "How would I know that? I'm completely lost here.",
        ],
        "furious": [
            "I don't know! Please stop asking and just tell me what's happening.",
            "I can't answer any more questions. Is there someone else I can talk to?",
        ],
    },
    "fix": {
        "calm": [
            "Oh, thank goodness. That's such a relief.",
            "Really? Oh, that's wonderful. Thank you so much.",
        ],
        "uneasy": [
            "Oh, okay. And that will definitely work, will it?",
            "Right... and I don't need to do anything myself?",
        ],
        "upset": [
            "Oh. Okay. I hope so. I just want to stop worrying about it.",
            "Thank you. I'm still a bit shaky, but that does help.",
        ],
        "angry": [
            "Are you sure? I don't want to get my hopes up for nothing.",
            "Well, that's something. But why did it go wrong in the first place?",
        ],
        "furious": [
            "How do I know that's true? I want it confirmed by someone in charge.",
            "I don't mean to be rude, but I don't trust it. Can I speak to a manager?",
        ],
    },
    "next_steps": {
        "calm": [
            "Okay, that makes sense. Thank you for going through it slowly.",
            "Right, I think I've got that. That's much clearer.",
        ],
        "uneasy": [
            "Okay... let me write that down. What was the first bit again?",
            "And will someone let me know once it's done?",
        ],
        "upset": [
            "Sorry, that's a lot. What do I actually need to do?",
            "I'm trying to follow, but I'm all in a muddle.",
        ],
        "angry": [
            "That's all very confusing. Can you just say it plainly?",
            "But what if it goes wrong again? Nobody's said what happens then.",
        ],
        "furious": [
            "I don't understand any of that. I need someone who can explain it properly.",
            "Please stop. I can't follow any of it. Is there a manager there?",
        ],
    },
    "pushed_back": {
        "calm": [
            "Oh. I didn't mean to cause any trouble. I was only asking.",
            "Oh dear. I thought I was explaining it properly.",
        ],
        "uneasy": [
            "Oh... I wasn't trying to be difficult. I'm just worried.",
            "I'm not sure that's fair. I don't really know how these things work.",
        ],
        "upset": [
            "There's no need to talk to me like that. I'm already frightened.",
            "Please don't. I'm upset enough as it is.",
        ],
        "angry": [
            "I'm not being silly. This matters to me, and you're not listening.",
            "How is this my fault? I did everything I was supposed to.",
        ],
        "furious": [
            "I can't believe you'd speak to me like that. I want your supervisor.",
            "I won't be spoken to like that. Please put me through to someone else.",
        ],
    },
    "back_from_hold": {
        "calm": [
            "Oh, hello, yes, I'm still here. How did you get on?",
            "That's alright. Did you find anything out?",
        ],
        "uneasy": [
            "Hello? Oh, good, I thought I'd been cut off. Is it alright?",
            "Yes, I'm here. Is it good news? Please say it is.",
        ],
        "upset": [
            "Oh, you're back. I've been sitting here fretting the whole time.",
            "Yes, I'm here. Is something wrong? You were gone a while.",
        ],
        "angry": [
            "I was left there ages not knowing what was happening. What's going on?",
            "I thought you'd forgotten me. Have you found anything or not?",
        ],
        "furious": [
            "I've been panicking the whole time. If there's no answer, I want someone senior.",
            "That was far too long. I nearly hung up, I was so worried.",
        ],
    },
    "idle": {
        "calm": [
            "Oh, right. Sorry, so what does that mean for me?",
            "I see. So, is everything going to be alright?",
        ],
        "uneasy": [
            "Sorry, I don't quite follow. What happens now?",
            "Um, okay. But is it sorted, or not?",
        ],
        "upset": [
            "I'm sorry, I still don't understand what's going on.",
            "That doesn't really help. I'm still worried sick.",
        ],
        "angry": [
            "You're not actually telling me anything. What's happening?",
            "Please, just tell me plainly. Is it alright or isn't it?",
        ],
        "furious": [
            "I can't keep going round in circles. Please put me through to someone who knows.",
            "I need a proper answer now, or I want your manager on the line.",
        ],
    },
}
