"""The `scenarios new` template agrees with itself: what it answers, hides and asks for.

Seen by hand: asked about the address, the template's customer said "same address as always",
while its own hidden fact says they moved last month, and its goal "check the delivery address"
waits for that fact. A trainer copies the template; it has to be a scenario that holds together.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from roleplay.llm.scripted_backend import ScriptedBackend
from roleplay.scenarios.loader import load_library
from roleplay.scenarios.models import Archetype, Scenario
from roleplay.scenarios.template import persona_id_for, selfplay_lines, starting_files
from roleplay.selfplay.plan import run_selfplay
from roleplay.selfplay.summary import summarise, verdict
from roleplay.sim.hearing import mentions
from roleplay.workspace import bundled_library_dir

SCENARIO_ID = "late-order"
ARCHETYPES = [kind.value for kind in Archetype]


def write_new_scenario(root: Path, archetype: str) -> Path:
    """A workspace holding what `scenarios new` writes, and nothing else."""
    scenario, persona = starting_files(SCENARIO_ID, archetype)
    for folder, name, text in (
        ("scenarios", SCENARIO_ID, scenario),
        ("personas", persona_id_for(SCENARIO_ID), persona),
        ("selfplay", SCENARIO_ID, selfplay_lines(SCENARIO_ID)),
    ):
        (root / folder).mkdir(parents=True, exist_ok=True)
        (root / folder / f"{name}.yaml").write_text(text, encoding="utf-8")
    return root


def answers_settling_a_hidden_step(scenario: Scenario) -> list[str]:
    """Plain answers that speak to what a goal waits on a hidden fact for.

    A goal with `after_facts` is a step that only makes sense once the fact is out ("check the
    address" once the customer has said they moved); an answer asked about the same words gives
    the customer's word on it before then, and can only say the opposite of the fact or give it
    away unmarked.
    """
    clashes = []
    for goal in scenario.goals:
        if not goal.detect.after_facts:
            continue
        for answer in scenario.answers:
            if mentions(" ".join(goal.detect.keywords), answer.asked_about):
                clashes.append(f"answer {answer.asked_about} settles goal '{goal.id}'")
    return clashes


@pytest.mark.parametrize("archetype", ARCHETYPES)
def test_the_template_validates_and_no_answer_speaks_for_a_hidden_fact(
    tmp_path: Path, archetype: str
) -> None:
    root = write_new_scenario(tmp_path, archetype)
    library = load_library(root / "scenarios", root / "personas")
    scenario = library.scenarios[SCENARIO_ID]
    assert answers_settling_a_hidden_step(scenario) == []
    waited_on = {fact for goal in scenario.goals for fact in goal.detect.after_facts}
    assert waited_on <= {fact.id for fact in scenario.facts}


def test_the_bundled_scenarios_keep_the_same_rule() -> None:
    """The rule is the library's, not made for the template: every bundled scenario keeps it."""
    bundled = bundled_library_dir()
    library = load_library(bundled / "scenarios", bundled / "personas")
    assert {sid: answers_settling_a_hidden_step(s) for sid, s in library.scenarios.items()} == {
        sid: [] for sid in library.scenarios
    }


@pytest.mark.parametrize("difficulty", ["easy", "medium", "hard"])
@pytest.mark.parametrize("archetype", ARCHETYPES)
async def test_self_play_on_the_template_separates_good_from_poor_as_the_bundled_ones_do(
    tmp_path: Path, archetype: str, difficulty: str
) -> None:
    root = write_new_scenario(tmp_path, archetype)
    cast = load_library(root / "scenarios", root / "personas").cast(SCENARIO_ID)
    results = await run_selfplay(
        cast,
        ScriptedBackend(),
        ["good", "poor"],
        runs=1,
        difficulty=difficulty,
        folders=[root / "selfplay"],
        transcripts=tmp_path / "calls",
    )
    outcome = verdict(summarise(results))
    runs = {r.kind: r for r in results}
    good, poor = runs["good"], runs["poor"]
    assert outcome.separates, outcome.failures
    assert good.end_reason == "resolved" and poor.end_reason != "resolved"
    assert good.mood_end < good.mood_start and poor.mood_end > poor.mood_start
    assert good.passed and not poor.passed
    assert good.consistency == [] and good.fallbacks == 0
    if difficulty != "hard":  # on hard the move comes out too late for the address check
        assert set(good.facts_revealed) == {fact.id for fact in cast.scenario.facts}
        assert set(good.goals_met) == {goal.id for goal in cast.scenario.goals}
