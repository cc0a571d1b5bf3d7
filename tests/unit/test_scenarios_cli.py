"""The trainer's commands end to end through `roleplay.cli.main`: init, scenarios *, schema."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from cli_helpers import isolate, run, valid_workspace

from roleplay.scenarios.behaviours import Behaviour
from roleplay.scenarios.loader import load_library
from roleplay.scenarios.models import Archetype
from roleplay.workspace import bundled_library_dir

DATA = Path(__file__).resolve().parents[1] / "data"


@pytest.fixture(autouse=True)
def isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Run every command from an empty folder, with no workspace or data folder of the user's."""
    return isolate(tmp_path, monkeypatch)


def test_init_creates_a_seeded_workspace_that_validates(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "team-a"
    code, out, _ = run(capsys, "init", str(target))
    assert code == 0
    for sub in ("scenarios", "personas", "transcripts"):
        assert (target / sub).is_dir()
    assert "transcripts/" in (target / ".gitignore").read_text().splitlines()
    assert len(list((target / "scenarios").glob("*.yaml"))) == 1
    assert len(list((target / "personas").glob("*.yaml"))) == 1
    assert (target / "schema" / "scenario.schema.json").exists()
    library = load_library(target / "scenarios", target / "personas")
    assert len(library.scenarios) == 1
    monkeypatch.chdir(target)
    code, out, _ = run(capsys, "scenarios", "validate")
    assert (code, out.splitlines()[-1].split(",")[0]) == (0, "ok: 1 scenario")


def test_init_refuses_a_folder_that_already_has_scenarios(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "busy"
    (target / "scenarios").mkdir(parents=True)
    (target / "scenarios" / "mine.yaml").write_text("id: mine\n")
    code, _, err = run(capsys, "init", str(target))
    assert code == 2
    assert "already has files" in err
    assert (target / "scenarios" / "mine.yaml").read_text() == "id: mine\n"
    assert not (target / "personas").exists()


@pytest.mark.parametrize("archetype", [a.value for a in Archetype])
def test_new_writes_a_commented_scenario_that_validates(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], archetype: str
) -> None:
    out_dir = tmp_path / "ws"
    code, out, _ = run(
        capsys, "scenarios", "new", "late-order", "--archetype", archetype, "--out", str(out_dir)
    )
    assert code == 0
    scenario = out_dir / "scenarios" / "late-order.yaml"
    persona = out_dir / "personas" / "late-order-customer.yaml"
    assert f"wrote {scenario}" in out
    library = load_library(out_dir / "scenarios", out_dir / "personas")
    cast = library.cast("late-order")
    assert cast.persona.archetype.value == archetype
    # The comments teach the fields: most top-level keys carry one.
    commented = [line for line in scenario.read_text().splitlines() if "#" in line]
    assert len(commented) >= 25
    assert "# yaml-language-server: $schema=" in persona.read_text().splitlines()[0]


def test_new_never_overwrites_and_checks_its_arguments(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out_dir = tmp_path / "ws"
    assert run(capsys, "scenarios", "new", "late-order", "--out", str(out_dir))[0] == 0
    before = (out_dir / "scenarios" / "late-order.yaml").read_text()
    (out_dir / "scenarios" / "late-order.yaml").write_text(before + "# my edits\n")
    code, _, err = run(capsys, "scenarios", "new", "late-order", "--out", str(out_dir))
    assert code == 2 and "will not overwrite" in err
    assert (out_dir / "scenarios" / "late-order.yaml").read_text().endswith("# my edits\n")
    code, _, err = run(capsys, "scenarios", "new", "Late Order", "--out", str(out_dir))
    assert code == 2 and "cannot be a scenario id" in err
    code, _, err = run(
        capsys, "scenarios", "new", "x", "--archetype", "angry", "--out", str(out_dir)
    )
    assert code == 2 and "choose one of: irate" in err


def test_new_with_the_id_of_a_bundled_scenario_says_it_replaces_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out_dir = tmp_path / "ws"
    assert run(capsys, "init", str(out_dir))[0] == 0
    code, out, _ = run(
        capsys,
        "scenarios",
        "new",
        "bereavement-account",
        "--archetype",
        "grieving",
        "--out",
        str(out_dir),
    )
    assert code == 0
    assert (
        "note: a bundled scenario is also called 'bereavement-account' (Closing her late "
        "husband's account); in this workspace yours replaces it." in out
    )
    code, out, _ = run(capsys, "scenarios", "new", "bereavement-call", "--out", str(out_dir))
    assert code == 0 and "note:" not in out


def test_new_without_a_workspace_says_how_to_make_one(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "scenarios", "new", "late-order")
    assert code == 2
    assert "roleplay init DIR" in err


def test_validate_prints_every_problem_and_exits_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    root = valid_workspace(tmp_path, monkeypatch)
    shutil.copy(DATA / "broken" / "bad-delta.persona.yaml", root / "personas" / "bad-delta.yaml")
    shutil.copy(DATA / "broken" / "weights.scenario.yaml", root / "scenarios" / "weights.yaml")
    code, out, err = run(capsys, "scenarios", "validate")
    assert code == 2
    assert out.splitlines() == [
        "personas/bad-delta.yaml:16: triggers[1].delta: must be between -50 and 50 (got 80)",
        "scenarios/weights.yaml:46: rubric: criteria weights must sum to 100 (got 90)",
    ]
    assert "2 problems found" in err


def test_validate_given_files_checks_just_those(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    root = valid_workspace(tmp_path, monkeypatch)
    monkeypatch.chdir(root)
    code, out, _ = run(capsys, "scenarios", "validate", "scenarios/broadband-down.yaml")
    assert (code, out.strip()) == (0, "ok: 1 scenario, 1 persona")
    loose = tmp_path / "drafts"
    loose.mkdir()
    shutil.copy(DATA / "broken" / "missing-field.scenario.yaml", loose / "draft.yaml")
    code, out, _ = run(capsys, "scenarios", "validate", str(loose))
    assert code == 2
    assert out.strip() == f"{loose / 'draft.yaml'}:2: title: required, but missing"
    code, _, err = run(capsys, "scenarios", "validate", "no-such.yaml")
    assert code == 2 and "no such file or folder: no-such.yaml" in err


def test_list_shows_id_title_archetype_and_difficulty_range(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    valid_workspace(tmp_path, monkeypatch)
    code, out, _ = run(capsys, "scenarios", "list", "--json")
    assert code == 0
    rows = json.loads(out)
    assert [(r["id"], r["title"], r["archetype"], r["difficulty_range"]) for r in rows] == [
        ("broadband-down", "Broadband down for three days", "irate", "easy–hard")
    ]
    assert rows[0]["start_mood"] == {"easy": 50, "medium": 60, "hard": 70}
    code, out, _ = run(capsys, "scenarios", "list")
    header, row = out.splitlines()
    assert header.split() == ["ID", "TITLE", "ARCHETYPE", "DIFFICULTY", "START", "MOOD"]
    assert [cell.strip() for cell in row.split("  ") if cell.strip()] == [
        "broadband-down",
        "Broadband down for three days",
        "irate",
        "easy–hard (default medium)",
        "50/60/70",
    ]


def test_show_gives_facts_with_conditions_and_the_weighted_rubric(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    valid_workspace(tmp_path, monkeypatch)
    code, out, _ = run(capsys, "scenarios", "show", "broadband-down")
    assert code == 0
    assert "Customer: Dana Whitfield (irate, persona dana-whitfield)" in out
    assert "  - Line reset" in out
    assert "revealed when asked about 'before' or 'already', and mood below 70" in out
    assert "  -  50  Empathy (empathy)" in out
    assert "auto-fail: Asks for the account PIN" in out
    code, _, err = run(capsys, "scenarios", "show", "nope")
    assert code == 2 and "scenarios here: broadband-down" in err


def test_a_broken_file_is_named_and_the_others_still_listed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    root = valid_workspace(tmp_path, monkeypatch)
    shutil.copy(DATA / "broken" / "alias-bomb.scenario.yaml", root / "scenarios" / "bomb.yaml")
    code, out, err = run(capsys, "scenarios", "list")
    assert code == 0
    assert "broadband-down" in out and "bomb" not in out
    assert "warning: skipped scenarios/bomb.yaml:6: the document expands to more than" in err
    code, _, err = run(capsys, "scenarios", "show", "alias-bomb")
    assert code == 2
    assert "scenarios/bomb.yaml:6: the document expands to more than" in err


def test_every_bundled_scenario_validates(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "scenarios", "validate")
    assert code == 0, out
    code, out, _ = run(capsys, "scenarios", "list", "--json")
    files = list((bundled_library_dir() / "scenarios").glob("*.yaml"))
    assert len(json.loads(out)) == len(files) >= 1


def test_schema_writes_described_schemas_and_explains_vscode(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(capsys, "schema", "--out", str(tmp_path / "s"))
    assert code == 0
    assert '"yaml.schemas"' in out and "# yaml-language-server: $schema=" in out
    scenario = json.loads((tmp_path / "s" / "scenario.schema.json").read_text())
    persona = json.loads((tmp_path / "s" / "persona.schema.json").read_text())
    assert set(scenario["required"]) >= {"id", "title", "persona", "rubric", "fallbacks"}
    for schema in (scenario, persona):
        undescribed = [k for k, v in schema["properties"].items() if "description" not in v]
        assert undescribed == []
    behaviours = persona["$defs"]["Behaviour"]
    assert behaviours["enum"] == [b.value for b in Behaviour]
    assert "says_calm_down: tells the customer to calm down" in behaviours["description"]


def test_validating_one_scenario_points_at_its_broken_persona(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    root = valid_workspace(tmp_path, monkeypatch)
    persona = root / "personas" / "dana-whitfield.yaml"
    persona.write_text(persona.read_text().replace("archetype: irate", "archetype: livid"))
    monkeypatch.chdir(root)
    code, out, _ = run(capsys, "scenarios", "validate", "scenarios/broadband-down.yaml")
    assert code == 2
    assert out.strip() == (
        "scenarios/broadband-down.yaml:5: persona: persona 'dana-whitfield' "
        "(personas/dana-whitfield.yaml) has problems; check it with: "
        "roleplay scenarios validate personas/dana-whitfield.yaml"
    )


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (["scenarios", "show"], "Missing argument 'ID'"),
        (["scenarios", "list", "--bogus"], "No such option: --bogus"),
        (["scenarios", "validat"], "No such command 'validat'"),
    ],
)
def test_usage_mistakes_are_one_message_and_exit_2(
    capsys: pytest.CaptureFixture[str], args: list[str], said: str
) -> None:
    code, _, err = run(capsys, *args)
    assert code == 2
    assert said in err
    assert "internal error" not in err


def test_writing_where_a_file_is_in_the_way_is_one_message(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    blocker = tmp_path / "notes.txt"
    blocker.write_text("not a folder")
    code, _, err = run(capsys, "init", str(blocker))
    assert code == 2 and "is a file, not a folder" in err
    code, _, err = run(capsys, "schema", "--out", str(blocker / "schema"))
    assert code == 1 and f"cannot write {blocker / 'schema'}" in err
    code, _, err = run(capsys, "scenarios", "new", "late-order", "--out", str(blocker))
    assert code == 1 and "cannot write" in err
    assert blocker.read_text() == "not a folder"


@pytest.mark.parametrize("archetype", ["irate", "confused", "grieving"])
def test_new_scenario_selfplay_lines_reward_good_handling(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    archetype: str,
) -> None:
    """A trainer's first `selfplay` on a fresh scenario already tells good from poor."""
    out_dir = tmp_path / "ws"
    run(capsys, "init", str(out_dir))
    monkeypatch.chdir(out_dir)
    assert run(capsys, "scenarios", "new", "late-order", "--archetype", archetype)[0] == 0
    assert (out_dir / "selfplay" / "late-order.yaml").is_file()
    code, out, _ = run(capsys, "selfplay", "late-order", "--json", "--check")
    assert code == 0, out
