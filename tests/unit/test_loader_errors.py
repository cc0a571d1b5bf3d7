"""Each broken file in tests/data/broken gives exactly one line naming file, line, field and fix.

A broken file is dropped into a copy of the valid workspace in tests/data/valid, so the message a
trainer would see is checked exactly, with the path relative to the workspace.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from roleplay.scenarios.loader import Library, LibraryError, load_library

DATA = Path(__file__).resolve().parents[1] / "data"

EXPECTED = [
    (
        "bad-band.scenario.yaml",
        (
            "scenarios/bad-band.yaml:45: fallbacks.livid: 'livid' is not a known mood band; "
            "choose one of: calm, uneasy, upset, angry, furious"
        ),
    ),
    (
        "alias-bomb.scenario.yaml",
        (
            "scenarios/alias-bomb.yaml:6: the document expands to more than 50000 values "
            "(too many or nested aliases); write it out plainly"
        ),
    ),
    (
        "bad-archetype.persona.yaml",
        (
            "personas/bad-archetype.yaml:4: archetype: 'furious' is not a known archetype; "
            "choose one of: irate, frustrated, confused, grieving, anxious, stressed, "
            "disappointed"
        ),
    ),
    (
        "bad-behaviour.persona.yaml",
        (
            "personas/bad-behaviour.yaml:13: triggers[0].behaviour: 'acknowledge_feelings' "
            "is not a known behaviour; did you mean 'acknowledges_feeling'? valid ones: "
            "acknowledges_feeling, blames_colleagues, closed_question, checks_understanding, "
            "hedges, offers_escalation, offers_solution, takes_ownership, apologises, "
            "breaks_frame, greets, says_calm_down, thanks, blames_customer, reassures, "
            "long_hold, explains_next_steps, paraphrases, closes_call, silent_hold, "
            "checks_back, open_question, jargon, asks_hold_permission, uses_name, "
            "goes_beyond, personal_touch, repeats_question, rude, dismissive, sets_boundary"
        ),
    ),
    (
        "bad-delta.persona.yaml",
        "personas/bad-delta.yaml:16: triggers[1].delta: must be between -50 and 50 (got 80)",
    ),
    (
        "bad-id.scenario.yaml",
        (
            "scenarios/bad-id.yaml:2: id: must be an id of lowercase letters, digits, '-' or "
            "'_', starting with a letter or digit (got 'Broadband Down')"
        ),
    ),
    (
        "bad-regex.scenario.yaml",
        (
            "scenarios/bad-regex.yaml:74: rubric.auto_fail[0].patterns: pattern '(pin' is "
            "not a valid regular expression: missing ), unterminated subpattern at position 0"
        ),
    ),
    (
        "binary-junk.persona.yaml",
        (
            "personas/binary-junk.yaml:1: not a text file (it contains binary data); save it "
            "as UTF-8 YAML"
        ),
    ),
    (
        "duplicate-id.scenario.yaml",
        (
            "scenarios/duplicate-id.yaml:2: id: 'broadband-down' is also the id of scenario "
            "scenarios/broadband-down.yaml:2; ids must be unique, rename one"
        ),
    ),
    (
        "duplicate-key.persona.yaml",
        (
            "personas/duplicate-key.yaml:21: key 'mood_baseline' appears twice (first on "
            "line 11); keep one"
        ),
    ),
    (
        "empty.persona.yaml",
        (
            "personas/empty.yaml:1: the file is empty; a persona file needs at least: id, "
            "name, archetype, background"
        ),
    ),
    (
        "end-order.scenario.yaml",
        "scenarios/end-order.yaml:42: end.hangup_at: must not be below supervisor_at "
        "(got 70, supervisor_at 90)",
    ),
    (
        "fallback-band.scenario.yaml",
        (
            "scenarios/fallback-band.yaml:40: fallbacks: give at least one line for every "
            "mood band; missing furious"
        ),
    ),
    (
        "goal-fact.scenario.yaml",
        (
            "scenarios/goal-fact.yaml:40: goals[1].detect.after_facts: goal 'credit' waits "
            "for unknown fact(s) router-light; facts are: router-lights, second-call"
        ),
    ),
    (
        "latin1.persona.yaml",
        (
            "personas/latin1.yaml:5: not valid UTF-8 text (binary data or another encoding); "
            "save it as UTF-8"
        ),
    ),
    (
        "level-range.scenario.yaml",
        "scenarios/level-range.yaml:60: rubric.criteria[0].levels[6]: must be at most 5 (got 6)",
    ),
    (
        "missing-field.scenario.yaml",
        "scenarios/missing-field.yaml:2: title: required, but missing",
    ),
    (
        "missing-persona.scenario.yaml",
        (
            "scenarios/missing-persona.yaml:5: persona: no persona with id 'dana-whitfeld'; "
            "did you mean 'dana-whitfield'? personas: dana-whitfield"
        ),
    ),
    (
        "tab-indent.persona.yaml",
        (
            "personas/tab-indent.yaml:7: YAML syntax: a tab character is used for "
            "indentation; indent with spaces"
        ),
    ),
    (
        "top-level-list.scenario.yaml",
        (
            "scenarios/top-level-list.yaml:2: a scenario file must be a mapping of fields "
            "(key: value lines) at the top level, not a list"
        ),
    ),
    (
        "top-level-text.persona.yaml",
        (
            "personas/top-level-text.yaml:2: a persona file must be a mapping of fields "
            "(key: value lines) at the top level, not a piece of text"
        ),
    ),
    (
        "unknown-key.persona.yaml",
        (
            "personas/unknown-key.yaml:6: speking_style: unknown field; did you mean "
            "'speaking_style'?"
        ),
    ),
    (
        "weights.scenario.yaml",
        "scenarios/weights.yaml:46: rubric: criteria weights must sum to 100 (got 90)",
    ),
    (
        "wrong-type.scenario.yaml",
        "scenarios/wrong-type.yaml:47: rubric.pass_mark: must be a whole number (got 'seventy')",
    ),
]


def workspace_with(tmp_path: Path, *broken: str) -> Path:
    """A copy of the valid workspace with the named broken files added."""
    root = tmp_path / "ws"
    shutil.copytree(DATA / "valid", root)
    for name in broken:
        stem, kind, _ = name.split(".")
        folder = "personas" if kind == "persona" else "scenarios"
        shutil.copy(DATA / "broken" / name, root / folder / f"{stem}.yaml")
    return root


def problems_of(root: Path) -> list[str]:
    with pytest.raises(LibraryError) as caught:
        load_library(root / "scenarios", root / "personas")
    assert caught.value.exit_code == 2
    return caught.value.problems


def test_every_broken_file_has_an_expected_message() -> None:
    on_disk = sorted(p.name for p in (DATA / "broken").iterdir())
    assert on_disk == sorted(name for name, _ in EXPECTED)
    assert len(on_disk) >= 15


@pytest.mark.parametrize(("name", "message"), EXPECTED, ids=[n for n, _ in EXPECTED])
def test_broken_file_gives_its_one_line_message(tmp_path: Path, name: str, message: str) -> None:
    assert problems_of(workspace_with(tmp_path, name)) == [message]


def test_valid_workspace_loads(tmp_path: Path) -> None:
    root = workspace_with(tmp_path)
    library = load_library(root / "scenarios", root / "personas")
    assert isinstance(library, Library)
    cast = library.cast("broadband-down")
    assert cast.persona.name == "Dana Whitfield"
    assert len(cast.content_hash) == 64


def test_every_problem_in_every_file_is_reported(tmp_path: Path) -> None:
    root = workspace_with(tmp_path, "bad-delta.persona.yaml", "weights.scenario.yaml")
    two_mistakes = (
        (root / "scenarios" / "weights.yaml")
        .read_text()
        .replace("title: Broadband", "titel: Broadband")
    )
    (root / "scenarios" / "weights.yaml").write_text(two_mistakes)
    assert problems_of(root) == [
        "personas/bad-delta.yaml:16: triggers[1].delta: must be between -50 and 50 (got 80)",
        "scenarios/weights.yaml:2: title: required, but missing",
        "scenarios/weights.yaml:3: titel: unknown field; did you mean 'title'?",
        "scenarios/weights.yaml:46: rubric: criteria weights must sum to 100 (got 90)",
    ]


def test_a_file_over_one_megabyte_is_refused_unread(tmp_path: Path) -> None:
    root = workspace_with(tmp_path)
    big = root / "scenarios" / "huge.yaml"
    big.write_text("# padding\n" * 120_000)
    assert problems_of(root) == [
        "scenarios/huge.yaml:1: file is too large (1,200,000 bytes; the limit is 1,000,000); "
        "split it up"
    ]


def test_a_scenario_whose_persona_is_broken_reports_the_persona_only(tmp_path: Path) -> None:
    root = workspace_with(tmp_path)
    persona = root / "personas" / "dana-whitfield.yaml"
    persona.write_text(persona.read_text().replace("mood_baseline: 60", "mood_baseline: 160"))
    assert problems_of(root) == [
        "personas/dana-whitfield.yaml:11: mood_baseline: must be between 0 and 100 (got 160)"
    ]


def test_workspace_persona_replaces_a_bundled_one_of_the_same_id(tmp_path: Path) -> None:
    root = workspace_with(tmp_path)
    extra = tmp_path / "bundled" / "personas"
    extra.mkdir(parents=True)
    shutil.copy(root / "personas" / "dana-whitfield.yaml", extra / "dana-whitfield.yaml")
    (extra / "junk.yaml").write_bytes(b"\x00\x01")
    library = load_library(root / "scenarios", root / "personas", [extra])
    assert library.sources["persona:dana-whitfield"] == root / "personas" / "dana-whitfield.yaml"


def test_a_persona_file_without_an_id_is_mentioned_by_the_scenario_that_needs_it(
    tmp_path: Path,
) -> None:
    root = workspace_with(tmp_path)
    persona = root / "personas" / "dana-whitfield.yaml"
    persona.write_text(persona.read_text().replace("id: dana-whitfield\n", ""))
    assert problems_of(root) == [
        "personas/dana-whitfield.yaml:2: id: required, but missing",
        "scenarios/broadband-down.yaml:5: persona: no persona with id 'dana-whitfield'; "
        "personas: none yet (and 1 persona file with problems)",
    ]


def test_yaml_merge_keys_are_allowed(tmp_path: Path) -> None:
    root = workspace_with(tmp_path)
    persona = root / "personas" / "dana-whitfield.yaml"
    text = persona.read_text().replace("id: dana-whitfield\nname: Dana Whitfield\n", "")
    persona.write_text("<<: {id: dana-whitfield, name: Dana Whitfield}\n" + text)
    library = load_library(root / "scenarios", root / "personas")
    assert library.personas["dana-whitfield"].name == "Dana Whitfield"


def test_an_unclosed_bracket_names_where_it_was_opened(tmp_path: Path) -> None:
    root = workspace_with(tmp_path)
    persona = root / "personas" / "dana-whitfield.yaml"
    persona.write_text(persona.read_text().replace("  - night shift", "  - [night shift"))
    assert problems_of(root) == [
        "personas/dana-whitfield.yaml:22: YAML syntax: did not find expected ',' or ']' "
        "(noticed on line 23, column 1); while parsing a flow sequence that starts on line 22; "
        "likely fix: close the '[' opened on line 22 with ']', or quote the value if the bracket "
        "is meant as text"
    ]
