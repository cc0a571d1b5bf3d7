"""A step the scenario calls a gesture past the fix counts as going beyond, in any words.

Played in the app: a trainee who asked what mattered in the order and made sure Amara's
yoghurts and sticker book were on the replacement (the rubric's level 5 for going beyond)
was scored 2/5, "Offered a gesture beyond the fix in 0 turn(s)", because no line was heard as
a gesture in its words. The scenario now marks that goal `going_beyond`.
"""

from __future__ import annotations

from pathlib import Path

from debrief_data import cast_for
from support.scripted_call import scripted_call

from roleplay.debrief import build_debrief
from roleplay.debrief.model import CriterionResult
from roleplay.detectors.detect import detect
from roleplay.scenarios.behaviours import Behaviour as B
from roleplay.scenarios.loader import load_library
from roleplay.scenarios.models import Cast
from roleplay.transcript import Transcript, read_transcript
from roleplay.workspace import bundled_library_dir

GESTURE = "I've made sure the strawberry yoghurts and the sticker book are on it."
LINES = [
    "Hello, you're through to Freshcart, I'm Alex. How can I help?",
    "I'm so sorry, that sounds like a lot to be dealing with. Where did the driver leave it?",
    "I'll send a replacement to the family house this afternoon, and I'll refund the £4.99 today.",
    "Was there anything in the order you need most?",
    GESTURE,
    "Is there anything else I can help with today?",
]


def _played(cast: Cast, tmp_path: Path) -> Transcript:
    session = scripted_call(cast, LINES, tmp_path)
    assert session.path is not None
    return read_transcript(session.path)


def _beyond(call: Transcript, cast: Cast) -> CriterionResult:
    debrief = build_debrief(call, cast)
    return next(c for c in debrief.criteria if c.measures == "going_beyond")


def test_a_met_gesture_goal_counts_as_going_beyond_and_is_quoted(tmp_path: Path) -> None:
    cast = cast_for("parent-in-hospital")
    assert B.GOES_BEYOND not in detect(GESTURE), "the words alone are not heard as a gesture"
    call = _played(cast, tmp_path)
    beyond = _beyond(call, cast)
    assert beyond.score >= 4, beyond.rationale
    assert "beyond the fix in 1 turn(s)" in beyond.rationale
    assert GESTURE in [e.quote for e in beyond.evidence]

    # The same call against the scenario without the mark: at most 2, as before.
    goals = [
        g.model_copy(update={"going_beyond": False}) if g.id == "for-amara" else g
        for g in cast.scenario.goals
    ]
    unmarked = cast.model_copy(
        update={"scenario": cast.scenario.model_copy(update={"goals": goals})}
    )
    assert _beyond(call, unmarked).score <= 2


def test_only_optional_steps_past_the_fix_are_marked_in_the_bundled_scenarios() -> None:
    library = load_library(bundled_library_dir() / "scenarios", bundled_library_dir() / "personas")
    marked = {
        (scenario_id, g.id)
        for scenario_id in library.scenarios
        for g in library.cast(scenario_id).scenario.goals
        if g.going_beyond
    }
    assert len({s for s, _ in marked}) == 7  # every scenario but leaving-for-competitor
    for scenario_id, goal_id in marked:
        goal = next(g for g in library.cast(scenario_id).scenario.goals if g.id == goal_id)
        assert not goal.required, (scenario_id, goal_id)
