"""The actor: what goes into the prompt (and what never does), and the line checks."""

from __future__ import annotations

import inspect

import pytest
from fake_backends import CannedBackend
from support.sim_cast import make_cast

from roleplay.scenarios.fields import wordings
from roleplay.scenarios.models import MoodBand
from roleplay.sim import actor
from roleplay.sim.session import CallSession


def test_build_prompt_cannot_take_the_rubric_or_hidden_facts() -> None:
    params = set(inspect.signature(actor.build_prompt).parameters)
    assert "rubric" not in params
    assert not {p for p in params if "unrevealed" in p or "hidden" in p}


async def test_prompts_of_a_whole_call_hold_no_rubric_and_no_unrevealed_fact() -> None:
    cast = make_cast()
    backend = CannedBackend(["Three days now.", "Fine.", "Go on then.", "Okay."])
    session = CallSession(cast, backend)
    await session.start()
    for line in ["Hello, I'm Sam.", "I'm sorry.", "What lights are on the router?", "Okay."]:
        async for _ in session.reply_to(line):
            pass
    assert len(backend.prompts) == 4
    secrets = [c.description for c in cast.scenario.rubric.criteria]
    levels = [lvl for c in cast.scenario.rubric.criteria for lvl in c.levels.values()]
    secrets += [lvl for lvl in levels if len(lvl) > 6]
    for prompt in backend.prompts:
        everything = prompt.system + prompt.transcript + str(prompt.messages)
        assert "SECRET-RUBRIC-MARKER" not in everything
        for secret in secrets:
            assert secret not in everything
    # Before the router question, the router fact is absent; after it, it is there to use.
    first, last = backend.prompts[0], backend.prompts[-1]
    router = cast.scenario.facts[0]
    assert router.says not in first.transcript and router.says in last.transcript
    for fact in cast.scenario.facts[1:]:
        if fact.id not in session.state.revealed:
            assert fact.says not in last.transcript + last.system
            assert fact.fact not in last.transcript + last.system


def test_transcript_form_ends_on_the_customer_label_with_stops() -> None:
    cast = make_cast()
    history = [actor.Spoken("customer", "It's broken."), actor.Spoken("trainee", "I hear you.")]
    prompt = actor.build_prompt(cast.persona, cast.scenario, MoodBand.UPSET, [], history)
    assert prompt.transcript.endswith("Dana Whitfield (upset):")
    assert "Agent: I hear you." in prompt.transcript
    assert "\nAgent" in prompt.stop
    assert [m["role"] for m in prompt.messages] == ["system", "assistant", "user"]


def test_checks_reject_what_a_trainer_would_reject() -> None:
    persona = make_cast().persona
    hidden = make_cast().scenario.facts
    ok = actor.check_line("Three days and nothing. Just fix it.", persona, [], hidden)
    assert ok == []
    assert actor.check_line("", persona, [], hidden) == ["empty"]
    assert "spoken as someone else" in actor.check_line("Agent: How can I help?", persona, [], [])
    assert "out of character" in actor.check_line("As an AI, I cannot.", persona, [], [])
    assert "stage directions" in actor.check_line("*sighs* Fine.", persona, [], [])
    long_line = " ".join(["word"] * 100)
    assert any(p.startswith("too long") for p in actor.check_line(long_line, persona, [], []))
    previous = ["I just need it working today."]
    assert "repeats an earlier line" in actor.check_line(
        "I just need it working today!", persona, previous, []
    )
    leak = "My daughter has an online maths exam on Thursday, that's why I'm frantic."
    problems = actor.check_line(leak, persona, [], hidden)
    assert "gives away hidden fact 'daughter-exam'" in problems


def test_clean_line_drops_the_speaker_label() -> None:
    persona = make_cast().persona
    assert actor.clean_line('Dana Whitfield: "Fine."', persona) == "Fine."
    assert actor.clean_line("Dana:   It's   broken. ", persona) == "It's broken."


MIXED_UP = "speaks as if the customer were someone else"


@pytest.mark.parametrize(
    ("line", "problem"),
    [
        ("Mrs Whitfield, I need this fixed today.", MIXED_UP),
        ("Dana, you should restart the router.", MIXED_UP),
        ("Agent, I need you to listen.", MIXED_UP),
        ("I'm so sorry to hear that.", "sounds like the agent"),
        ("Please take your time.", "sounds like the agent"),
        ("I'll take care of this for you.", "sounds like the agent"),
        ("Yes. I'll bring you the copy of your new book for you.", "sounds like the agent"),
        ("Yes, I've added a credit for the trouble.", "sounds like the agent"),
        ("I'm sending a £10 voucher for the trouble.", "sounds like the agent"),
        ("The system says that your contract will be renewed.", "sounds like the agent"),
    ],
)
def test_checks_catch_a_small_model_losing_track_of_who_is_who(line: str, problem: str) -> None:
    assert problem in actor.check_line(line, make_cast().persona, [], [])


@pytest.mark.parametrize(
    "line",
    [
        "My name is Dana Whitfield and I'm fed up.",
        "This is Mrs Whitfield. The router is dead.",
        "It's in the name of Dana Whitfield.",
        "Take your time? I've waited three days!",
        "Sorry, I'm just so tired.",
    ],
)
def test_a_customer_may_give_her_own_name_and_apologise_for_herself(line: str) -> None:
    assert actor.check_line(line, make_cast().persona, [], []) == []


def test_no_authored_line_in_the_library_fails_the_checks() -> None:
    """Fallbacks replace failed lines, so they must pass the same checks themselves; every
    authored wording but the answers (a bare "Arthur Penrose." answers a question about the
    name) is held to them too, so no wording sounds like the agent."""
    from roleplay.scenarios.loader import load_library
    from roleplay.workspace import bundled_library_dir

    root = bundled_library_dir()
    library = load_library(root / "scenarios", root / "personas")
    failures = []
    for scenario_id in library.scenarios:
        cast = library.cast(scenario_id)
        scenario = cast.scenario
        authored = [
            *(line for lines in scenario.fallbacks.values() for line in lines),
            *(line for turn in scenario.opening for line in wordings(turn)),
            *(line for fact in scenario.facts for line in fact.every_wording()),
            *(line for goal in scenario.goals for line in goal.reactions()),
            *(
                line
                for end in ("supervisor", "hangup", "resolved")
                for line in scenario.end.lines.wordings(end)
            ),
        ]
        for line in authored:
            problems = actor.check_line(line, cast.persona, [], [])
            if problems:
                failures.append((scenario_id, line, problems))
    assert failures == []
