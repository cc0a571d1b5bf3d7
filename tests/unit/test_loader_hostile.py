"""Hostile files (issue 16): one bad file is a located problem, never a crash of the workspace.

YAML tags whose values PyYAML cannot build, catastrophic or oversized auto-fail patterns,
thousands of unknown keys, a self-play file with a bad tag, and ids that are not slugs.
"""

from __future__ import annotations

import io
import json
import shutil
import sys
from pathlib import Path

import pytest
from cli_helpers import isolate, run

from roleplay.cli import main
from roleplay.debrief.rules import auto_fail_hits
from roleplay.errors import UserError
from roleplay.scenarios import loader
from roleplay.scenarios.loader import LibraryError, load_library
from roleplay.scenarios.models import Rubric
from roleplay.scenarios.patterns import SLOW_LIMIT, pattern_problem
from roleplay.scenarios.problems import MAX_PROBLEMS
from roleplay.selfplay.lines import read_selfplay_file
from roleplay.transcript import Header, Transcript, Turn
from roleplay.workspace import open_workspace

DATA = Path(__file__).resolve().parents[1] / "data"
SCENARIO = (DATA / "valid" / "scenarios" / "broadband-down.yaml").read_text(encoding="utf-8")


@pytest.fixture
def root(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A valid workspace (broadband-down, dana-whitfield) in force, from an empty folder."""
    isolate(tmp_path, monkeypatch)
    root = tmp_path / "ws"
    shutil.copytree(DATA / "valid", root)
    monkeypatch.setenv("ROLEPLAY_HOME", str(root))
    return root


def with_line(key: str, value: str) -> str:
    """The valid scenario with `key:`'s value replaced (and its id changed to `bad`)."""
    lines = SCENARIO.replace("id: broadband-down", "id: bad").split("\n")
    at = next(i for i, line in enumerate(lines) if line.startswith(f"{key}:"))
    lines[at] = f"{key}: {value}"
    return "\n".join(lines)


def line_no(text: str, start: str) -> int:
    return next(i for i, line in enumerate(text.split("\n"), 1) if line.startswith(start))


def problems_of(root: Path) -> list[str]:
    with pytest.raises(LibraryError) as caught:
        load_library(root / "scenarios", root / "personas")
    return caught.value.problems


@pytest.mark.parametrize(
    ("value", "said"),
    [
        (
            "!!bool maybe",
            "the value 'maybe' cannot be read as true or false; remove the !!bool tag",
        ),
        (
            "!!timestamp 2020-13-45x",
            "the value '2020-13-45x' cannot be read as a date; remove the !!timestamp tag",
        ),
        ("2020-02-30", "the value '2020-02-30' cannot be read as a date; quote it to keep it"),
        ("!!int 99x", "the value '99x' cannot be read as a whole number; remove the !!int tag"),
        ('!!binary "@@@"', "binary data (!!binary) has no place in a scenario or persona file"),
        (
            "9" * 5000,
            "the value '" + "9" * 37 + "...' cannot be read as a whole number; quote it",
        ),
    ],
    ids=["bool", "timestamp", "implicit-date", "int", "binary", "5000-digits"],
)
def test_a_value_its_tag_cannot_build_is_a_problem_on_its_line(
    root: Path, value: str, said: str
) -> None:
    text = with_line("company", value)
    (root / "scenarios" / "bad.yaml").write_text(text, encoding="utf-8")
    problems = problems_of(root)
    assert len(problems) == 1
    assert problems[0].startswith(f"scenarios/bad.yaml:{line_no(text, 'company:')}: ")
    assert said in problems[0]


@pytest.mark.parametrize(
    ("pattern", "said"),
    [
        ("^(a+)+$", "has a repeat inside a repeat (like (a+)+)"),
        (r"(\w+\s?)*$", "has a repeat inside a repeat"),
        ("(x{1,9}){2,}", "has a repeat inside a repeat"),
        ("a{4294967296}", "is not a valid regular expression: the repetition number is too large"),
        ("a{1001}", "repeats something 1,001 times; keep repeat counts to 1,000 or fewer"),
        ("(ab){5000,}", "repeats something 5,000 times"),
    ],
)
def test_validate_refuses_a_pattern_that_could_hang_every_debrief(
    root: Path, capsys: pytest.CaptureFixture[str], pattern: str, said: str
) -> None:
    quoted = "'" + pattern.replace("'", "''") + "'"
    text = SCENARIO.replace("id: broadband-down", "id: bad").replace("['\\bpin\\b']", f"[{quoted}]")
    (root / "scenarios" / "bad.yaml").write_text(text, encoding="utf-8")
    code, out, _ = run(capsys, "scenarios", "validate")
    assert code == 2
    line = line_no(text, "      patterns:")
    expected = (
        f"scenarios/bad.yaml:{line}: rubric.auto_fail[0].patterns: pattern {pattern!r} {said}"
    )
    assert expected in out


@pytest.mark.parametrize(
    "pattern",
    [r"\b(full|long) card number\b", r"(\d{4}[ -]?){3}\d{4}", r"\bguarantee\b[^.?!]{0,40}\bwin"],
)
def test_ordinary_patterns_are_accepted(pattern: str) -> None:
    assert pattern_problem(pattern) is None


def rubric_with(auto_fail: list[dict[str, object]]) -> Rubric:
    criterion = {
        "id": "c",
        "name": "C",
        "measures": "empathy",
        "weight": 100,
        "description": "d",
        "levels": {i: "x" for i in range(1, 6)},
    }
    return Rubric.model_validate({"criteria": [criterion], "auto_fail": auto_fail})


def trainee_call(*lines: str) -> Transcript:
    turns = [Turn(id=i, speaker="trainee", text=text) for i, text in enumerate(lines, 1)]
    return Transcript(header=Header(call_id="c", scenario_id="s"), turns=turns)


def test_a_pattern_that_slips_past_the_check_is_cut_short_and_noted() -> None:
    """`(a|aa)+$` has no nested repeat, yet backtracks for minutes over forty a's and a '!'."""
    assert pattern_problem("(a|aa)+$") is None
    rubric = rubric_with([{"id": "slow", "description": "d", "patterns": ["(a|aa)+$", r"\bpin\b"]}])
    call = trainee_call("a" * 40 + "!", "a" * 40 + "!", "what is your pin")
    notes: list[str] = []
    hits = auto_fail_hits(rubric, call, notes)
    assert [hit.turn_id for hit in hits] == [3]  # the other pattern still counts
    assert len(notes) == 1  # dropped once, not retried on every line
    assert "Auto-fail 'slow': the pattern '(a|aa)+$' took over" in notes[0]


def test_after_ten_slow_patterns_the_rest_are_skipped_and_noted() -> None:
    items = [
        {"id": f"slow-{i}", "description": "d", "patterns": [f"(a|aa)+$|q{i}"]} for i in range(40)
    ]
    notes: list[str] = []
    auto_fail_hits(rubric_with(items), trainee_call("a" * 40 + "!"), notes)
    timed_out = [note for note in notes if "took over" in note]
    assert len(timed_out) == SLOW_LIMIT == 10
    assert notes[-1] == (
        "Auto-fail checks from 'slow-10' on were not made: 10 patterns had already run out of "
        "time; simplify them in the scenario file."
    )


def test_thousands_of_unknown_keys_give_the_first_fifty_and_a_count(root: Path) -> None:
    text = SCENARIO.replace("id: broadband-down", "id: bad")
    first = len(text.split("\n")) + (0 if text.endswith("\n") else 1)
    text += "".join(f"zz{i}: {i}\n" for i in range(12_500))
    (root / "scenarios" / "bad.yaml").write_text(text, encoding="utf-8")
    problems = problems_of(root)
    assert len(problems) == MAX_PROBLEMS + 1
    assert problems[0].startswith(f"scenarios/bad.yaml:{first}: zz0: unknown field;")
    assert problems[MAX_PROBLEMS - 1].startswith(f"scenarios/bad.yaml:{first + 49}: zz49:")
    assert problems[-1] == (
        f"scenarios/bad.yaml:{first + 50}: and 12,450 more problems from this line on; "
        "fix the ones above and check again"
    )


def test_a_key_repeated_keeps_pointing_at_its_last_occurrence(root: Path) -> None:
    """The key index answers as the old scan did: the value loaded is the last one."""
    text = with_line("company", "Acme") + "\ncompany: [telex]\n"
    (root / "scenarios" / "bad.yaml").write_text(text, encoding="utf-8")
    last = len(text.split("\n")) - 1
    assert problems_of(root) == [
        f"scenarios/bad.yaml:{last}: key 'company' appears twice (first on line 6); keep one",
        f"scenarios/bad.yaml:{last}: company: must be text (got a list)",
    ]


def test_a_very_long_key_is_shortened_in_the_message(root: Path) -> None:
    text = SCENARIO.replace("id: broadband-down", "id: bad") + "\n? " + "k" * 200_000 + "\n: v\n"
    (root / "scenarios" / "bad.yaml").write_text(text, encoding="utf-8")
    (problem,) = problems_of(root)
    assert problem.startswith("scenarios/bad.yaml:") and "k" * 77 + "...: unknown field" in problem
    assert len(problem) < 400


def test_a_very_long_key_written_twice_is_shortened_too(root: Path) -> None:
    key = "? " + "k" * 200_000 + "\n: v\n"
    text = SCENARIO.replace("id: broadband-down", "id: bad") + "\n" + key + key
    (root / "scenarios" / "bad.yaml").write_text(text, encoding="utf-8")
    twice = [p for p in problems_of(root) if "appears twice" in p]
    assert len(twice) == 1 and len(twice[0]) < 200, twice[0][:300]
    assert f"key '{'k' * 37}...' appears twice" in twice[0]


def test_an_unforeseen_failure_is_still_a_problem_of_that_file_only(
    root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The last guard: whatever goes wrong inside one file's checks stays with that file."""
    real = loader.read_yaml

    def fails_for_bad(path: Path):  # type: ignore[no-untyped-def]
        if path.name == "bad.yaml":
            raise AttributeError("'NoneType' object has no attribute 'groupdict'")
        return real(path)

    monkeypatch.setattr(loader, "read_yaml", fails_for_bad)
    (root / "scenarios" / "bad.yaml").write_text(with_line("company", "Acme"), encoding="utf-8")
    library, problems = open_workspace(root).playable_library()
    assert set(library.scenarios) - library.bundled == {"broadband-down"}
    assert problems == [
        "scenarios/bad.yaml:1: cannot be checked (AttributeError: 'NoneType' object has no "
        "attribute 'groupdict'); simplify the file, and report this file to the roleplay "
        "maintainers"
    ]


def play(*args: str, lines: str = "Hello Dana, I'm sorry it's been so long.\n/end\n") -> int:
    sys.stdin = io.StringIO(lines)
    try:
        return main(["call", *args, "--plain", "--backend", "scripted"])
    finally:
        sys.stdin = sys.__stdin__


@pytest.mark.parametrize(
    "bad", ["company: !!bool maybe", "company: !!timestamp 2020-13-45x", "x: 2020-02-30"]
)
def test_one_bad_file_leaves_call_list_validate_and_report_working(
    root: Path, capsys: pytest.CaptureFixture[str], bad: str
) -> None:
    key, value = bad.split(": ", 1)
    text = with_line("company", value) if key == "channel" else SCENARIO + f"\n{bad}\n"
    (root / "scenarios" / "bad.yaml").write_text(text, encoding="utf-8")
    assert play("broadband-down") == 0
    out, err = capsys.readouterr()
    assert "Call ended" in out and "internal error" not in err
    code, out, err = run(capsys, "scenarios", "list", "--json")
    own = [row["id"] for row in json.loads(out) if not row["bundled"]]
    assert code == 0 and own == ["broadband-down"]
    assert err.startswith("warning: skipped scenarios/bad.yaml:")
    code, out, _ = run(capsys, "scenarios", "validate")
    assert code == 2 and out.startswith("scenarios/bad.yaml:")
    code, out, _ = run(capsys, "report", "--format", "json")
    assert code == 0 and json.loads(out)["team"]["graded"] == 1


def test_a_self_play_file_with_a_bad_tag_is_a_located_message(tmp_path: Path) -> None:
    path = tmp_path / "s.yaml"
    path.write_text("good:\n  - Hello\npoor: !!bool maybe\n", encoding="utf-8")
    with pytest.raises(UserError) as caught:
        read_selfplay_file(path)
    assert caught.value.message == (
        f"cannot read the self-play file {path}:3: the value 'maybe' cannot be read as true or "
        "false; remove the !!bool tag"
    )


@pytest.mark.parametrize("bad", ["late\n", "late/order", "../late", "Late", "-late", "l" * 65])
def test_scenarios_new_refuses_an_id_the_loader_would_refuse(
    root: Path, capsys: pytest.CaptureFixture[str], bad: str
) -> None:
    before = sorted(root.rglob("*"))
    code, _, err = run(capsys, "scenarios", "new", "--", bad)
    assert code == 2
    assert f"{bad!r} cannot be a scenario id" in err
    assert sorted(root.rglob("*")) == before
