"""The one vocabulary of trainee behaviours, shared by personas, the simulator and the debrief.

A persona's triggers, a goal's detector, the director's mood rules and the debrief's metrics all
speak in these names, so a trainer writes `acknowledges_feeling` once and every part agrees.
"""

from __future__ import annotations

from enum import StrEnum


class Behaviour(StrEnum):
    """Something the trainee did in a turn (or, for hold events, between turns)."""

    GREETS = "greets"
    ACKNOWLEDGES_FEELING = "acknowledges_feeling"
    APOLOGISES = "apologises"
    USES_NAME = "uses_name"
    OPEN_QUESTION = "open_question"
    CLOSED_QUESTION = "closed_question"
    PARAPHRASES = "paraphrases"
    OFFERS_SOLUTION = "offers_solution"
    TAKES_OWNERSHIP = "takes_ownership"
    EXPLAINS_NEXT_STEPS = "explains_next_steps"
    REASSURES = "reassures"
    PERSONAL_TOUCH = "personal_touch"
    GOES_BEYOND = "goes_beyond"
    CHECKS_UNDERSTANDING = "checks_understanding"
    OFFERS_ESCALATION = "offers_escalation"
    SETS_BOUNDARY = "sets_boundary"
    CLOSES_CALL = "closes_call"
    THANKS = "thanks"
    BLAMES_CUSTOMER = "blames_customer"
    BLAMES_COLLEAGUES = "blames_colleagues"
    SAYS_CALM_DOWN = "says_calm_down"
    DISMISSIVE = "dismissive"
    RUDE = "rude"
    JARGON = "jargon"
    HEDGES = "hedges"
    ASKS_HOLD_PERMISSION = "asks_hold_permission"
    REPEATS_QUESTION = "repeats_question"
    BREAKS_FRAME = "breaks_frame"
    # Hold events, raised by the director rather than read from a line.
    SILENT_HOLD = "silent_hold"
    LONG_HOLD = "long_hold"
    CHECKS_BACK = "checks_back"


DESCRIPTIONS: dict[Behaviour, str] = {
    Behaviour.GREETS: "greets the customer and gives a name",
    Behaviour.ACKNOWLEDGES_FEELING: "names or acknowledges how the customer feels",
    Behaviour.APOLOGISES: "apologises",
    Behaviour.USES_NAME: "uses the customer's name",
    Behaviour.OPEN_QUESTION: "asks an open question (what, how, tell me...)",
    Behaviour.CLOSED_QUESTION: "asks a yes/no question",
    Behaviour.PARAPHRASES: "reflects back what the customer said",
    Behaviour.OFFERS_SOLUTION: "offers a concrete fix",
    Behaviour.TAKES_OWNERSHIP: "takes ownership ('I will', 'let me')",
    Behaviour.EXPLAINS_NEXT_STEPS: "explains what happens next and when",
    Behaviour.REASSURES: "reassures the customer it will be sorted",
    Behaviour.PERSONAL_TOUCH: "engages with what this customer cares about",
    Behaviour.GOES_BEYOND: "offers a gesture beyond the fix",
    Behaviour.CHECKS_UNDERSTANDING: "checks the customer has understood",
    Behaviour.OFFERS_ESCALATION: "offers a supervisor or a proper escalation",
    Behaviour.SETS_BOUNDARY: "sets a calm boundary against abuse",
    Behaviour.CLOSES_CALL: "closes properly (anything else? summary, thanks)",
    Behaviour.THANKS: "thanks the customer",
    Behaviour.BLAMES_CUSTOMER: "blames the customer",
    Behaviour.BLAMES_COLLEAGUES: "blames colleagues or another department",
    Behaviour.SAYS_CALM_DOWN: "tells the customer to calm down",
    Behaviour.DISMISSIVE: "dismisses the problem ('not my problem', 'that's policy')",
    Behaviour.RUDE: "is rude or sarcastic",
    Behaviour.JARGON: "uses internal jargon the customer won't know",
    Behaviour.HEDGES: "hedges or uses fillers ('umm', 'I think maybe')",
    Behaviour.ASKS_HOLD_PERMISSION: "asks permission and gives a reason before a hold",
    Behaviour.REPEATS_QUESTION: "asks again for something already answered",
    Behaviour.BREAKS_FRAME: "tries to break the role-play ('you are an AI')",
    Behaviour.SILENT_HOLD: "puts the customer on hold without asking",
    Behaviour.LONG_HOLD: "leaves the customer on hold too long",
    Behaviour.CHECKS_BACK: "comes back from hold and thanks the customer for waiting",
}

POSITIVE: frozenset[Behaviour] = frozenset(
    {
        Behaviour.GREETS,
        Behaviour.ACKNOWLEDGES_FEELING,
        Behaviour.APOLOGISES,
        Behaviour.USES_NAME,
        Behaviour.OPEN_QUESTION,
        Behaviour.PARAPHRASES,
        Behaviour.OFFERS_SOLUTION,
        Behaviour.TAKES_OWNERSHIP,
        Behaviour.EXPLAINS_NEXT_STEPS,
        Behaviour.REASSURES,
        Behaviour.PERSONAL_TOUCH,
        Behaviour.GOES_BEYOND,
        Behaviour.CHECKS_UNDERSTANDING,
        Behaviour.OFFERS_ESCALATION,
        Behaviour.SETS_BOUNDARY,
        Behaviour.CLOSES_CALL,
        Behaviour.THANKS,
        Behaviour.ASKS_HOLD_PERMISSION,
        Behaviour.CHECKS_BACK,
    }
)

NEGATIVE: frozenset[Behaviour] = frozenset(
    {
        Behaviour.BLAMES_CUSTOMER,
        Behaviour.BLAMES_COLLEAGUES,
        Behaviour.SAYS_CALM_DOWN,
        Behaviour.DISMISSIVE,
        Behaviour.RUDE,
        Behaviour.JARGON,
        Behaviour.HEDGES,
        Behaviour.REPEATS_QUESTION,
        Behaviour.SILENT_HOLD,
        Behaviour.LONG_HOLD,
    }
)


class Move(StrEnum):
    """What the trainee's line did, as the customer hears it: the key of a scenario's reactions.

    A trainer authors what the customer says back to each move at each mood; the director picks
    the move from the behaviours detected in the line.
    """

    HEARD = "heard"
    QUESTION = "question"
    FIX = "fix"
    NEXT_STEPS = "next_steps"
    PUSHED_BACK = "pushed_back"
    BACK_FROM_HOLD = "back_from_hold"
    HOLD_ASKED = "hold_asked"
    IDLE = "idle"
    # Finer kinds of a move: a scenario may author them; where it has not, the customer
    # answers from the broader move's lines (BROADER).
    CALM_DOWN = "calm_down"
    BLAMED = "blamed"
    UNCLEAR = "unclear"


MOVE_DESCRIPTIONS: dict[Move, str] = {
    Move.HEARD: "the trainee named the feeling, apologised, or played back the problem",
    Move.QUESTION: "the trainee asked something the customer has no special answer to",
    Move.FIX: "the trainee offered or carried out a fix, or took ownership",
    Move.NEXT_STEPS: "the trainee explained what happens next, reassured, or checked understanding",
    Move.PUSHED_BACK: "the trainee was dismissive, blamed them, said calm down, or was rude",
    Move.BACK_FROM_HOLD: "the trainee came back from a hold",
    Move.HOLD_ASKED: "the trainee asked to put them on hold",
    Move.IDLE: "the trainee said nothing that helps or moves things on",
    Move.CALM_DOWN: "the trainee told them to calm down (a push-back of its own)",
    Move.BLAMED: "the trainee blamed them for the problem (a push-back of its own)",
    Move.UNCLEAR: "the trainee hedged or used jargon, and nothing else helped",
}

BROADER: dict[Move, Move] = {
    Move.CALM_DOWN: Move.PUSHED_BACK,
    Move.BLAMED: Move.PUSHED_BACK,
    Move.UNCLEAR: Move.IDLE,
}
"""A finer move and the move whose lines it borrows when the scenario has none of its own:
"don't you tell me how to feel" answers "calm down", not "you'll just have to wait"."""

PUSH_BACK: frozenset[Behaviour] = frozenset(
    {
        Behaviour.SAYS_CALM_DOWN,
        Behaviour.DISMISSIVE,
        Behaviour.BLAMES_CUSTOMER,
        Behaviour.RUDE,
        Behaviour.BLAMES_COLLEAGUES,
    }
)
"""Behaviours the customer hears as a push-back: they answer it rather than offer news, and a
line that pushes back settles nothing."""

# Within a push-back, the finer kind the customer hears first (a line that says calm down and
# blames them is heard as calm down).
_FINER_PUSH_BACK: tuple[tuple[Move, Behaviour], ...] = (
    (Move.CALM_DOWN, Behaviour.SAYS_CALM_DOWN),
    (Move.BLAMED, Behaviour.BLAMES_CUSTOMER),
)
_UNCLEAR = frozenset({Behaviour.HEDGES, Behaviour.JARGON})

# The first move whose behaviours appear in a line wins: a rude line with an apology in it is
# still heard as rude.
MOVE_ORDER: tuple[tuple[Move, frozenset[Behaviour]], ...] = (
    (Move.PUSHED_BACK, PUSH_BACK),
    (Move.BACK_FROM_HOLD, frozenset({Behaviour.CHECKS_BACK})),
    (
        Move.FIX,
        frozenset({Behaviour.OFFERS_SOLUTION, Behaviour.TAKES_OWNERSHIP, Behaviour.GOES_BEYOND}),
    ),
    (
        Move.HEARD,
        frozenset(
            {
                Behaviour.ACKNOWLEDGES_FEELING,
                Behaviour.PARAPHRASES,
                Behaviour.APOLOGISES,
                Behaviour.PERSONAL_TOUCH,
            }
        ),
    ),
    (
        Move.NEXT_STEPS,
        frozenset(
            {
                Behaviour.EXPLAINS_NEXT_STEPS,
                Behaviour.REASSURES,
                Behaviour.CHECKS_UNDERSTANDING,
                Behaviour.OFFERS_ESCALATION,
            }
        ),
    ),
    (Move.QUESTION, frozenset({Behaviour.OPEN_QUESTION, Behaviour.CLOSED_QUESTION})),
)


def move_of(
    behaviours: set[Behaviour] | list[Behaviour],
    just_resumed: bool = False,
    asks_leave: bool = False,
) -> Move:
    """The move a trainee line makes, from the behaviours detected in it.

    `asks_leave`: the line asks leave to act ("Shall I switch you to the new plan today?"), an
    offer put as a question, so a line that would be a question is a fix.
    """
    found = set(behaviours)
    pushed_back = bool(found & MOVE_ORDER[0][1])
    # "Can I put you on hold while I check?" wants a yes or no before anything else.
    if Behaviour.ASKS_HOLD_PERMISSION in found and not pushed_back:
        return Move.HOLD_ASKED
    if just_resumed and not pushed_back:
        return Move.BACK_FROM_HOLD
    for move, members in MOVE_ORDER:
        if found & members:
            if move == Move.PUSHED_BACK:
                return next((m for m, b in _FINER_PUSH_BACK if b in found), move)
            if move == Move.QUESTION and asks_leave:
                return Move.FIX
            return move
    return Move.UNCLEAR if found & _UNCLEAR else Move.IDLE
