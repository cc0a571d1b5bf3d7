"""Generic customer reactions for a new scenario, per tone, before a trainer writes their own.

`roleplay scenarios new` writes these into the starting scenario so a new scenario plays at once;
they fit any product and problem, and a trainer replaces them with lines in the customer's voice.
"""

from __future__ import annotations

# Generic reactions per tone for a new scenario: what the customer says back to each trainee
# move at each mood. A trainer replaces them with lines in the customer's own voice.
REACTIONS: dict[str, dict[str, dict[str, list[str]]]] = {
    "angry": {
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
    },
    "worried": {
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
    },
    "sad": {
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
    },
}

# Finer kinds of push-back and of an unhelpful line (see Move in behaviours.py).
for _tone, _moves in {
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
}.items():
    REACTIONS[_tone].update(_moves)
