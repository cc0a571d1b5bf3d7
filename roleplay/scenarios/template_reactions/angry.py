"""An angry customer's generic reactions, per mood and trainee move (see the package docstring)."""

from __future__ import annotations

ANGRY: dict[str, dict[str, list[str]]] = {
    "heard": {
        "calm": [
            "Thank you. That's all I wanted, really, someone who actually gets it.",
            "Right. Well, I appreciate that. It's been a real pain.",
        ],
        "uneasy": [
            "Okay. Good that you get it. Now what are you going to do?",
            "Fair enough. Hearing it is one thing, sorting it is another.",
        ],
        "upset": [
            "Yes, exactly. And nobody seems to care how much hassle this is.",
            "That's right. I shouldn't have to be ringing up about this at all.",
        ],
        "angry": [
            "Sorry doesn't fix anything, though, does it?",
            "I don't need sympathy. I need it sorted, and quickly.",
        ],
        "furious": [
            "Don't just tell me you understand. Do something, or get me your manager.",
            "Words are cheap. One more excuse and I'm hanging up.",
        ],
    },
    "question": {
        "calm": [
            "I couldn't tell you, honestly. Does that make a difference?",
            "No idea, I'm afraid. Is that a problem?",
        ],
        "uneasy": [
            "I don't know. Why, what's that got to do with it?",
            "Couldn't say. Is that actually going to help sort this?",
        ],
        "upset": [
            "I haven't a clue. I just want it dealt with.",
            "How am I meant to know that? I'm only the customer.",
        ],
        "angry": [
            "I've no idea. Surely that's on your system somewhere?",
            "Why are you asking me? You're the ones who should know.",
        ],
        "furious": [
            "I don't know and I don't care. Fix it or get me a manager.",
            "Enough questions. Either sort this out or I'm putting the phone down.",
        ],
    },
    "fix": {
        "calm": [
            "Right, brilliant. That's all I wanted. Thank you.",
            "Great, that actually sorts it. Cheers for that.",
        ],
        "uneasy": [
            "Okay. And that'll definitely happen this time, will it?",
            "Right. As long as it actually gets done, that's fine.",
        ],
        "upset": [
            "Fine. It shouldn't have taken all this to get there, though.",
            "Okay. About time somebody took it seriously.",
        ],
        "angry": [
            "I'll believe that when I see it, frankly.",
            "That's what should've happened in the first place. Why didn't it?",
        ],
        "furious": [
            "Too little, too late. I want that in writing or I'm going elsewhere.",
            "Fine. But I still want a word with whoever's in charge.",
        ],
    },
    "next_steps": {
        "calm": [
            "Right, that's clear enough. Thanks for spelling it out.",
            "Okay, good. At least I know where I stand now.",
        ],
        "uneasy": [
            "Okay. And if that doesn't happen, then what?",
            "Right. Who do I speak to if it goes wrong again?",
        ],
        "upset": [
            "Fine. Forgive me if I'm not thrilled, I've had enough of promises.",
            "Okay. I just don't want to be ringing back about this.",
        ],
        "angry": [
            "Nice speech. I'll believe it when it actually happens.",
            "And what happens when that falls through as well?",
        ],
        "furious": [
            "I'm not interested in the process. Sort it, or I want a supervisor.",
            "Don't give me a timetable. Give me a result, or I'm off.",
        ],
    },
    "pushed_back": {
        "calm": [
            "Hang on, there's no need for that. I was being reasonable.",
            "Excuse me? That's not on. I've been perfectly polite.",
        ],
        "uneasy": [
            "Don't put this on me. I haven't done anything wrong.",
            "Right. I'd rather you didn't talk to me like that, thanks.",
        ],
        "upset": [
            "Oh, so it's my fault now? Unbelievable.",
            "Brilliant. I ring up for help and get talked down to.",
        ],
        "angry": [
            "Don't you dare speak to me like that.",
            "So that's it? You're just going to fob me off?",
        ],
        "furious": [
            "Right, that's it. Put me through to your supervisor. Now.",
            "I'm not having this. Get me a manager or I'm hanging up.",
        ],
    },
    "back_from_hold": {
        "calm": [
            "Yep, still here. What did you find out?",
            "No worries. Go on, what's the news?",
        ],
        "uneasy": [
            "Yes, I'm here. Please tell me that's sorted it.",
            "Still here. So, good news or bad news?",
        ],
        "upset": [
            "Yes, I'm still here. That took a while, didn't it?",
            "About time. I was starting to think you'd forgotten me.",
        ],
        "angry": [
            "Finally. I've been sat here listening to that music for ages.",
            "Took your time. So, what's the answer?",
        ],
        "furious": [
            "At last. Another minute and I'd have hung up.",
            "That was ridiculous. I'm this close to demanding your manager.",
        ],
    },
    "idle": {
        "calm": [
            "Right. Anyway, where does that leave things?",
            "Okay. So what's the next bit, then?",
        ],
        "uneasy": [
            "Hmm. That doesn't really tell me anything, though.",
            "Right... and how does that help me, exactly?",
        ],
        "upset": [
            "That's not an answer. I just want this sorted.",
            "With respect, that's no help to me at all.",
        ],
        "angry": [
            "Are you actually listening to a word I'm saying?",
            "Stop waffling. What are you going to do about it?",
        ],
        "furious": [
            "I'm wasting my breath here. Get me someone who knows what they're doing.",
            "That's it, I've had enough. Either help me or I'm hanging up.",
        ],
    },
}
