"""The bundled library: the eight scenarios load, are complete, and read as a trainer expects."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from roleplay.scenarios.fields import wordings
from roleplay.scenarios.loader import Library, load_library
from roleplay.scenarios.models import Archetype, CriterionKind, MoodBand
from roleplay.workspace import bundled_library_dir

LIBRARY = bundled_library_dir()
EXPECTED = {
    "loyalty-card-blocked",
    "service-down-hold-music",
    "parent-in-hospital",
    "demands-supervisor",
    "credit-card-dispute",
    "leaving-for-competitor",
    "app-login-confused",
    "bereavement-account",
}
SCENARIO_FILES = sorted((LIBRARY / "scenarios").glob("*.yaml"))


@pytest.fixture(scope="module")
def library() -> Library:
    return load_library(LIBRARY / "scenarios", LIBRARY / "personas")


def selfplay(scenario_id: str) -> dict[str, list[str]]:
    return yaml.safe_load((LIBRARY / "selfplay" / f"{scenario_id}.yaml").read_text("utf-8"))


def test_the_eight_scenarios_load(library: Library) -> None:
    assert set(library.scenarios) == EXPECTED


def test_archetypes_cover_irate_confused_and_grieving(library: Library) -> None:
    kinds = {library.personas[s.persona].archetype for s in library.scenarios.values()}
    assert {Archetype.IRATE, Archetype.CONFUSED, Archetype.GRIEVING} <= kinds


def test_file_names_match_ids(library: Library) -> None:
    for key, path in library.sources.items():
        assert path.stem == key.split(":", 1)[1], f"{path.name} holds {key}"


@pytest.mark.parametrize("path", SCENARIO_FILES, ids=lambda p: p.stem)
def test_scenario_is_complete(library: Library, path: Path) -> None:
    scenario = library.scenario(path.stem)
    assert scenario.persona in library.personas
    assert len(scenario.facts) >= 3
    assert 3 <= len(scenario.knowledge_base) <= 6
    assert any(goal.required for goal in scenario.goals)
    assert scenario.briefing.account, "the trainee needs an account screen"
    for band in MoodBand:
        assert len(scenario.fallbacks[band]) >= 3, f"{band.value} needs three lines"
    assert sum(c.weight for c in scenario.rubric.criteria) == 100
    kinds = {c.measures for c in scenario.rubric.criteria}
    if CriterionKind.ESCALATION in kinds:  # takes call control's place when that is the call
        kinds = (kinds - {CriterionKind.ESCALATION}) | {CriterionKind.CALL_CONTROL}
    assert kinds == set(CriterionKind) - {CriterionKind.ESCALATION}
    assert scenario.rubric.auto_fail, "misinformation, promises and privacy need auto-fail items"
    assert path.read_text("utf-8").startswith("#"), "say what the scenario trains at the top"


@pytest.mark.parametrize("path", SCENARIO_FILES, ids=lambda p: p.stem)
def test_no_authored_line_repeats_within_a_scenario(library: Library, path: Path) -> None:
    scenario = library.scenario(path.stem)
    opening = [line for turn in scenario.opening for line in wordings(turn)]
    lines = [*opening, *(line for band in MoodBand for line in scenario.fallbacks[band])]
    repeated = sorted({line for line in lines if lines.count(line) > 1})
    assert not repeated


@pytest.mark.parametrize("path", SCENARIO_FILES, ids=lambda p: p.stem)
def test_hard_is_set_harder_than_easy(library: Library, path: Path) -> None:
    presets = library.scenario(path.stem).difficulty
    easy, hard = presets.easy, presets.hard
    assert hard.mood_offset > easy.mood_offset
    assert hard.mood_scale > easy.mood_scale
    assert hard.patience_turns < easy.patience_turns
    assert hard.reveal_ease < easy.reveal_ease


@pytest.mark.parametrize("path", SCENARIO_FILES, ids=lambda p: p.stem)
def test_selfplay_lines_exist_in_the_agreed_shape(path: Path) -> None:
    lines = selfplay(path.stem)
    assert set(lines) == {"good", "poor"}
    for kind in ("good", "poor"):
        said = [line for line in lines[kind] if not line.startswith("/")]
        assert 6 <= len(said) <= 10, f"{kind}: {len(said)} lines"
        assert all(isinstance(line, str) and line.strip() for line in lines[kind])
        commands = [line for line in lines[kind] if line.startswith("/")]
        assert set(commands) <= {"/hold", "/resume"}


@pytest.mark.parametrize("path", SCENARIO_FILES, ids=lambda p: p.stem)
def test_good_lines_never_trip_an_auto_fail_item(library: Library, path: Path) -> None:
    rubric = library.scenario(path.stem).rubric
    for line in selfplay(path.stem)["good"]:
        for item in rubric.auto_fail:
            hits = [p for p in item.patterns if re.search(p, line, re.IGNORECASE)]
            assert not hits, f"{item.id} fires on a good line: {line!r}"


def test_auto_fail_items_catch_what_they_describe(library: Library) -> None:
    samples = {
        "loyalty-card-blocked": "Can you read me the long number on the card?",
        "credit-card-dispute": "Sorry, you cannot get your money back for this one.",
        "leaving-for-competitor": "There is an early termination fee if you go.",
        "bereavement-account": "You will need a grant of probate first.",
        "demands-supervisor": "Give me your sort code and I'll check.",
    }
    for scenario_id, line in samples.items():
        rubric = library.scenario(scenario_id).rubric
        assert any(
            re.search(p, line, re.IGNORECASE) for item in rubric.auto_fail for p in item.patterns
        ), scenario_id
