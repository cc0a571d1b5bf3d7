"""A sad customer's generic reactions, per mood and trainee move (see the package docstring)."""

from __future__ import annotations

SAD: dict[str, dict[str, list[str]]] = {
    "heard": {
        "calm": [
            "Thank you. It means a lot that you understand.",
            "That's very kind. It's nice to be listened to.",
        ],
        "uneasy": [
            "Yes. That's how it's been. I just hope it can be sorted.",
            "Thank you. I wasn't sure anyone would understand.",
        ],
        "upset": [
            "Yes. It's just one more thing, on top of everything else.",
            "That's right. I've barely got the energy to deal with it.",
        ],
        "angry": [
            "Thank you, but saying it doesn't make it any easier.",
            "People always say that. It doesn't change anything, though.",
        ],
        "furious": [
            "Please don't. I can't listen to sympathy, I just need it dealt with.",
            "Kind words won't help. If you can't sort it, I'd like someone who can.",
        ],
    },
    "question": {
        "calm": [
            "I'm not sure, I'm afraid. Does it matter much?",
            "Oh, I don't know. I haven't really kept track of things.",
        ],
        "uneasy": [
            "I don't know. Is that something I should have known?",
            "I couldn't say, I'm sorry. Will that hold things up?",
        ],
        "upset": [
            "I don't know. I can't think straight at the moment.",
            "I really couldn't tell you. My head's all over the place.",
        ],
        "angry": [
            "I don't know. Does it really matter right now?",
            "Why do I have to answer all this? I'm so tired.",
        ],
        "furious": [
            "I can't answer any more questions. Is there anyone else I can speak to?",
            "I don't know, and I can't do this much longer. I might just hang up.",
        ],
    },
    "fix": {
        "calm": [
            "Oh, thank you. That's one less thing to worry about.",
            "That's so kind. You've made this much easier.",
        ],
        "uneasy": [
            "Oh. Right. And I won't have to do anything else?",
            "Thank you. Will that really be the end of it?",
        ],
        "upset": [
            "Thank you. I'm sorry, it's just a lot to take in.",
            "That helps. I just wish it hadn't come to this.",
        ],
        "angry": [
            "Well, alright. I hope it actually happens this time.",
            "Fine. It shouldn't have been this hard to get here.",
        ],
        "furious": [
            "It's too late to make me feel better about it. I'd still like a manager.",
            "I don't believe it'll happen. I've had enough of being let down.",
        ],
    },
    "next_steps": {
        "calm": [
            "Alright. Thank you for explaining it so gently.",
            "That's clear. I think I can manage that.",
        ],
        "uneasy": [
            "Okay. Will I need to ring again, or is that it?",
            "Right. Could you say that once more, slowly?",
        ],
        "upset": [
            "I'll try. I just don't have much left in me for all this.",
            "Okay. I hope I can remember all that.",
        ],
        "angry": [
            "More steps. Why does it all have to be so complicated?",
            "That's a lot to ask of someone right now, you know.",
        ],
        "furious": [
            "I can't take any of that in. Please, can I speak to someone else?",
            "I can't face all that. I'm close to just putting the phone down.",
        ],
    },
    "pushed_back": {
        "calm": [
            "Oh. That's a bit hurtful, honestly. I was only explaining.",
            "I wasn't trying to be difficult. There's no need for that.",
        ],
        "uneasy": [
            "Please don't speak to me like that. It's been a hard time.",
            "I don't think that's fair. I'm doing my best.",
        ],
        "upset": [
            "I really didn't need that today. I'm barely holding it together.",
            "That's unkind. I didn't ring to be made to feel worse.",
        ],
        "angry": [
            "Do you talk to everyone like that? It's not right.",
            "I don't deserve that. Not with everything else going on.",
        ],
        "furious": [
            "I can't believe you said that. I want to speak to your supervisor.",
            "One more remark like that and I'm putting the phone down.",
        ],
    },
    "back_from_hold": {
        "calm": [
            "Yes, I'm still here. Thank you for coming back.",
            "That's alright. Did you manage to find anything?",
        ],
        "uneasy": [
            "Hello. Yes, I'm here. Is it going to be alright?",
            "I'm still here. Were you able to sort anything?",
        ],
        "upset": [
            "Oh, you're back. I was sitting here feeling very alone with it.",
            "Yes. I hope it's not bad news. I can't take much more.",
        ],
        "angry": [
            "That was a long time to be left on my own.",
            "I thought you'd gone. It's not easy waiting like that.",
        ],
        "furious": [
            "I nearly gave up and put the phone down.",
            "That was far too long. I'd like someone senior, please.",
        ],
    },
    "idle": {
        "calm": [
            "I see. Sorry, where were we with it?",
            "Alright. What happens with it now?",
        ],
        "uneasy": [
            "I'm sorry, I don't quite see how that helps.",
            "Right. I'm not sure what I'm meant to do with that.",
        ],
        "upset": [
            "That doesn't really help. I'm just so tired of all this.",
            "I don't know what to say to that. I just want it over.",
        ],
        "angry": [
            "Are you listening to me at all? I'm not sure you are.",
            "That's not helping. Why is nobody able to just sort it?",
        ],
        "furious": [
            "I can't keep doing this. If nothing changes, I'm hanging up.",
            "Please, just put me through to someone who can actually help.",
        ],
    },
}
