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
