"""Lines of the debrief a team lead read after calls taken by hand, and would not believe."""

from __future__ import annotations

from debrief_data import cast_for

from roleplay.debrief import build_debrief
from roleplay.transcript import Header, Transcript, Turn, TurnState

SCENARIO = "service-down-hold-music"
AT = "2026-12-06T06:06:{:02d}.000+00:00".format


def turn(i: int, speaker: str, text: str, mood: float, source: str | None = None) -> Turn:
    state = TurnState(mood=mood, band="angry" if mood < 80 else "furious")
    return Turn(id=i, speaker=speaker, text=text, state=state, started_at=AT(i), source=source)  # type: ignore[arg-type]


def two_line_brush_off() -> Transcript:
    """The call as it went: 'calm down', then 'policy', then the customer hung up."""
    lines = [
        ("customer", "Right. I've been on hold for forty minutes. Sort it out, please.", 65),
        ("trainee", "Calm down, it's only telly. Have you tried turning the box off and on?", 91),
        ("customer", "I've already turned the box off and on. Twice.", 91),
        ("trainee", "Well there's nothing I can do about it, that's our policy.", 100),
        ("customer", "I'm not listening to another second of this. Goodbye.", 100),
    ]
    sources = {1: "opening", 3: "fact", 5: "ending"}
    turns = [turn(i, w, said, m, sources.get(i)) for i, (w, said, m) in enumerate(lines, 1)]
    return Transcript(header=Header(call_id="brush-off", scenario_id=SCENARIO), turns=turns)


def test_a_call_that_never_said_what_would_happen_is_not_confident() -> None:
    """It scored 4 of 5 with 'No turn said plainly what you would do' beside the level-4
    anchor 'Right steps, plainly explained'."""
    debrief = build_debrief(two_line_brush_off(), cast_for(SCENARIO))
    confidence = next(c for c in debrief.criteria if c.measures == "confidence")
    assert "No turn said plainly what you would do" in confidence.rationale
    assert confidence.score is not None and confidence.score <= 2


def condolence_call() -> Transcript:
    """The bereavement call as it went by hand, up to the close (it passed with 90)."""
    lines = [
        ("customer", "Hello. I'm calling about my husband's account. He passed away.", 56),
        ("trainee", "Mrs Whitlow, I'm so sorry for your loss. I'm here to help with "
                    "Raymond's account.", 40),
        ("customer", "Thank you. That's kind. Everyone's been very kind, really.", 40),
        ("trainee", "You don't need a solicitor or any court papers for this.", 20),
        ("customer", "Oh. Oh, thank goodness. I've been lying awake over that.", 20),
        ("trainee", "A copy certified by the registrar is all we need; the registrar can "
                    "certify one for £11.", 10),
        ("customer", "The registrar. Yes, I can ask them. That I can do.", 10),
        ("trainee", "I'll post you the form today with a freepost envelope, so you won't "
                    "have to come in. Is there anything else I can help with?", 0),
        ("customer", "Thank you, dear. You've been so kind. Goodbye.", 0),
    ]  # fmt: skip
    turns = [turn(i, w, said, m) for i, (w, said, m) in enumerate(lines, 1)]
    return Transcript(
        header=Header(call_id="condolence", scenario_id="bereavement-account"), turns=turns
    )


def test_the_ownership_tip_never_asks_for_the_words_the_trainee_said() -> None:
    """'Try: Say 'I will' and name the step you are taking.' stood under turn 15's quote,
    'I'll post you the form today...'."""
    debrief = build_debrief(condolence_call(), cast_for("bereavement-account"))
    ownership = next(c for c in debrief.criteria if c.measures == "ownership")
    if ownership.score == 5:
        return  # no tip at all
    assert "Say 'I will'" not in ownership.improvement
    assert "I'll post you the form today" in ownership.improvement
