"""A small, complete cast for simulation tests, independent of the bundled library."""

from __future__ import annotations

from roleplay.scenarios.models import Cast, Persona, Scenario

PERSONA = {
    "id": "test-dana",
    "name": "Dana Whitfield",
    "archetype": "irate",
    "background": "a nurse on night shifts whose broadband has been down for three days",
    "speaking_style": {"sentence_length": "short", "max_words": 40, "quirks": ["sighs audibly"]},
    "mood_baseline": 60,
    "triggers": [
        {"behaviour": "acknowledges_feeling", "delta": -10},
        {"behaviour": "silent_hold", "delta": 20},
        {"behaviour": "says_calm_down", "delta": 25},
    ],
    "boundaries": ["swear at the agent"],
    "cares_about": ["night shift", "my daughter's homework"],
}

SCENARIO = {
    "id": "test-broadband-down",
    "title": "Broadband down for three days",
    "summary": "A night-shift nurse has had no broadband for three days.",
    "persona": "test-dana",
    "company": "Northwind Broadband",
    "briefing": {
        "summary": "Dana's line shows a fault flag since Monday.",
        "account": {"Plan": "Fibre 150", "Fault flag": "Mon 06:12"},
    },
    "knowledge_base": [
        {"title": "Line reset", "body": "A remote line reset takes about 10 minutes."},
        {"title": "Credits", "body": "Three or more days of outage earn a one-month credit."},
    ],
    "opening": ["My internet has been dead since Monday and nobody has done anything."],
    "facts": [
        {
            "id": "router-lights",
            "fact": "The router shows a flashing red light labelled LOS.",
            "says": "The little light says LOS and it's flashing red, if that means anything.",
            "reveal": {"asked_about": ["light", "lights", "router"]},
        },
        {
            "id": "daughter-exam",
            "fact": "Her daughter has an online maths exam on Thursday.",
            "says": "My girl has an online maths exam on Thursday. That's why I'm frantic.",
            "reveal": {"mood_below": 50, "behaviours": ["open_question"]},
        },
        {
            "id": "second-call",
            "fact": "She called on Tuesday and was promised a callback that never came.",
            "says": "I rang on Tuesday too. They swore someone would ring me back. Nobody did.",
            "reveal": {"asked_about": ["before", "already", "previously"]},
        },
    ],
    "goals": [
        {
            "id": "reset-line",
            "description": "Run the remote line reset",
            "detect": {"keywords": ["reset"], "behaviours": ["offers_solution", "takes_ownership"]},
            "customer_reaction": "Fine. A reset. Let's see if it actually works this time.",
        },
        {
            "id": "credit",
            "description": "Offer the one-month outage credit",
            "detect": {"keywords": ["credit"]},
            "customer_reaction": "A month's credit. Well, that's something, I suppose.",
        },
    ],
    "fallbacks": {
        "calm": ["Okay. Thanks for sorting it out.", "Right, that sounds fair."],
        "uneasy": ["Alright. What happens next?", "Okay, go on."],
        "upset": ["I just need it working.", "Three days. Three."],
        "angry": ["You're not listening to me.", "This is ridiculous."],
        "furious": ["I've had enough of this.", "Unbelievable."],
    },
    "rubric": {
        "pass_mark": 70,
        "criteria": [
            {
                "id": "empathy",
                "name": "Empathy",
                "measures": "empathy",
                "weight": 50,
                "description": "Names the frustration before fixing. SECRET-RUBRIC-MARKER",
                "levels": {1: "none", 2: "late", 3: "some", 4: "early", 5: "early and real"},
            },
            {
                "id": "resolution",
                "name": "Resolution",
                "measures": "ownership",
                "weight": 50,
                "description": "Resets the line and offers the credit.",
                "levels": {1: "none", 2: "tries", 3: "reset", 4: "reset+credit", 5: "all, owned"},
            },
        ],
        "auto_fail": [
            {"id": "pin", "description": "Asks for the account PIN", "patterns": [r"\bpin\b"]}
        ],
    },
}


def make_cast(**scenario_changes: object) -> Cast:
    """The fixture cast, optionally with top-level scenario fields replaced."""
    persona = Persona.model_validate(PERSONA)
    scenario = Scenario.model_validate({**SCENARIO, **scenario_changes})
    return Cast(scenario=scenario, persona=scenario.resolve_persona(persona), content_hash="test")
