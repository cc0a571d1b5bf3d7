"""The director: deterministic mood, facts, goals and endings from the scenario file."""

from __future__ import annotations

from support.sim_cast import make_cast

from roleplay.scenarios.behaviours import Behaviour as B
from roleplay.scenarios.models import MoodBand
from roleplay.sim.director import Director
from roleplay.sim.state import EndReason


def test_difficulty_sets_the_starting_mood() -> None:
    cast = make_cast()
    starts = [Director(cast, level).state.mood for level in ("easy", "medium", "hard")]
    assert starts == sorted(starts) and starts[0] < starts[2]
    assert starts[1] == cast.persona.mood_baseline


def test_persona_trigger_beats_the_default_and_hard_moves_faster() -> None:
    medium, hard, easy = (Director(make_cast(), lvl) for lvl in ("medium", "hard", "easy"))
    assert medium.delta_for(B.SAYS_CALM_DOWN) == 25  # the persona's own trigger
    assert hard.delta_for(B.SAYS_CALM_DOWN) > medium.delta_for(B.SAYS_CALM_DOWN)
    assert easy.delta_for(B.SAYS_CALM_DOWN) < medium.delta_for(B.SAYS_CALM_DOWN)
    assert medium.delta_for(B.BLAMES_CUSTOMER) > 0  # a default applies without a trigger


def test_good_line_calms_and_empty_line_irritates() -> None:
    director = Director(make_cast())
    start = director.state.mood
    out = director.on_trainee_line("I can hear how hard this is.", [B.ACKNOWLEDGES_FEELING])
    assert out.mood_after < start
    out = director.on_trainee_line("Okay.", [])
    assert out.mood_after > out.mood_before


def test_fact_needs_its_topic_and_comes_out_one_at_a_time() -> None:
    director = Director(make_cast())
    out = director.on_trainee_line("Let me look into it.", [B.TAKES_OWNERSHIP])
    assert out.new_facts == []
    out = director.on_trainee_line(
        "What lights do you see on the router? Have you called before?", [B.OPEN_QUESTION]
    )
    assert [f.id for f in out.new_facts] == ["router-lights"]
    out = director.on_trainee_line("Thanks.", [B.THANKS])
    assert [f.id for f in out.new_facts] == ["second-call"]
    assert out.authored.startswith("I rang on Tuesday")


def test_mood_condition_is_harder_on_hard() -> None:
    def reveals_exam(level: str) -> bool:
        director = Director(make_cast(), level)
        director.state.mood = 55.0  # between hard's 35 and easy's 65 thresholds
        director.on_trainee_line("How is this affecting you?", [B.OPEN_QUESTION])
        return "daughter-exam" in director.state.revealed

    assert reveals_exam("easy") and not reveals_exam("hard")


def test_goals_need_every_detector_part_in_one_turn() -> None:
    director = Director(make_cast())
    director.on_trainee_line("I could reset something maybe.", [B.HEDGES])
    assert director.state.goals_met == []
    out = director.on_trainee_line("I'll reset your line now.", [B.OFFERS_SOLUTION])
    assert [g.id for g in out.new_goals] == ["reset-line"]
    assert out.authored.startswith("Fine. A reset")


def test_resolved_only_when_goals_met_and_closed() -> None:
    director = Director(make_cast())
    director.on_trainee_line("I'll reset your line now.", [B.OFFERS_SOLUTION])
    out = director.on_trainee_line("Anything else I can help with?", [B.CLOSES_CALL])
    assert out.end_reason is None  # the credit goal is still open
    director.on_trainee_line("I've added a month's credit.", [B.OFFERS_SOLUTION])
    out = director.on_trainee_line("Anything else I can help with?", [B.CLOSES_CALL])
    assert out.end_reason == EndReason.RESOLVED
    assert out.authored == director.scenario.end.lines.resolved


def test_abuse_leads_to_supervisor_then_hang_up_band() -> None:
    director = Director(make_cast())
    reasons = []
    for _ in range(6):
        out = director.on_trainee_line("Calm down.", [B.SAYS_CALM_DOWN])
        reasons.append(out.end_reason)
        if out.end_reason:
            break
    assert reasons[-1] in (EndReason.SUPERVISOR_REQUESTED, EndReason.HUNG_UP)
    assert director.state.band in (MoodBand.ANGRY, MoodBand.FURIOUS)


def test_silent_hold_hurts_more_than_an_asked_one() -> None:
    asked, silent = Director(make_cast()), Director(make_cast())
    asked.on_hold(asked_permission=True)
    assert asked.on_resume(30) == []
    silent.on_hold(asked_permission=False)
    assert silent.on_resume(30) == [B.SILENT_HOLD]
    assert silent.state.mood > asked.state.mood
    long_hold = Director(make_cast())
    long_hold.on_hold(asked_permission=True)
    assert long_hold.on_resume(600) == [B.LONG_HOLD]


def test_turn_limit_ends_the_call() -> None:
    cast = make_cast(end={"max_turns": 3})
    director = Director(cast)
    outs = [director.on_trainee_line("I see.", [B.ACKNOWLEDGES_FEELING]) for _ in range(3)]
    assert outs[-1].end_reason == EndReason.TURN_LIMIT
