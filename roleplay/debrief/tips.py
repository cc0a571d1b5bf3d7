"""The words coaching offers: why a kind of line hurt, and what to say instead.

Kept apart from the choosing (coaching.py) so a trainer can read and reword every tip in one
place.
"""

from __future__ import annotations

from roleplay.scenarios.behaviours import Behaviour

B = Behaviour

ANY_FEELING = "I can hear how upsetting this is, and I'm going to help."
"""Words for the customer's feeling when the persona's archetype is not known (tone.py has them
by archetype)."""

TIPS: dict[Behaviour, tuple[str, str]] = {
    B.RUDE: (
        "Rudeness or sarcasm makes the customer fight you instead of the problem.",
        "Keep it neutral and turn to the fix: 'I want to get this sorted for you. "
        "Here's what I'll do now.'",
    ),
    B.SAYS_CALM_DOWN: (
        "Telling someone to calm down tells them their feelings are the problem.",
        f"Name the feeling instead: '{ANY_FEELING}'",
    ),
    B.BLAMES_CUSTOMER: (
        "Blame makes the customer defend themselves rather than work with you.",
        "Drop the blame and move to the fix: 'Let's get this sorted. Here's what I can do.'",
    ),
    B.DISMISSIVE: (
        "'Policy' or 'nothing I can do' closes the door without an alternative.",
        "Say what you can do: 'I can't change that rule, but what I can do today is...'",
    ),
    B.BLAMES_COLLEAGUES: (
        "Blaming another team makes the whole company look unreliable.",
        "Own it for the company: 'I'm sorry you were let down. I'll put it right myself.'",
    ),
    B.REPEATS_QUESTION: (
        "Asking again for what they already told you shows you weren't listening.",
        "Use what they said: 'You mentioned earlier that... so the next step is...'",
    ),
    B.JARGON: (
        "Internal words leave the customer guessing.",
        "Say it in the customer's words; describe what happens rather than naming the system.",
    ),
    B.HEDGES: (
        "Fillers and 'I think maybe' sound unsure, and an upset customer hears doubt.",
        "Say it plainly: 'I'll check that now. It takes about two minutes.'",
    ),
}

SILENT_HOLD_TIP = (
    "Putting the customer on hold without asking feels like being ignored.",
    "Ask first and give a reason: 'May I put you on hold for two minutes while I check that?'",
)
LONG_HOLD_TIP = (
    "A long hold with no word in between feels like being forgotten, even when it was asked for.",
    "Check back within a minute: 'Thank you for holding; I'm nearly there, one more minute.'",
)
IDLE_TIP = (
    "This line neither acknowledged it nor took a step to help.",
    "Acknowledge, then take a step: 'I understand. Let me check your account now.'",
)
IDLE_WHY: dict[tuple[bool, bool], str] = {
    (False, False): IDLE_TIP[0],
    (False, True): "This line went to the task without acknowledging it first.",
    (True, False): "This line acknowledged it but took no step to help.",
    (True, True): "The customer's mood rose after this line all the same.",
}
"""(acknowledged, took a step) -> what the line did, as the detectors found it: a line that
asked for the account number did take a step, so it is not said to have done nothing."""
STEP_TIP = "Follow the acknowledgement with a step: 'Let me check that for you now.'"


ALSO: dict[Behaviour, str] = {
    B.RUDE: "it was rude",
    B.SAYS_CALM_DOWN: "it told the customer to calm down",
    B.BLAMES_CUSTOMER: "it blamed the customer",
    B.DISMISSIVE: "it dismissed the problem",
    B.BLAMES_COLLEAGUES: "it blamed colleagues, which makes the company look unreliable",
    B.JARGON: "it used internal jargon",
    B.HEDGES: "it hedged",
}
