"""A YAML syntax error names its line, keeps PyYAML's words and adds the likely fix; once the
syntax is fixed, every other problem of the file is reported in the same run."""

from __future__ import annotations

from pathlib import Path

import pytest
from cli_helpers import isolate, run, valid_workspace

from roleplay.scenarios.yaml_source import SourceError, parse_yaml

DATA = Path(__file__).resolve().parents[1] / "data"

CASES = [
    (
        "indented-key",
        "id: x\ntitle: y\n  persona: z\n",
        3,
        "likely fix: line 3 is indented more than line 2; indent keys of one mapping by the "
        "same amount",
    ),
    (
        "list-item-out-of-line",
        "id: x\nfacts:\n  - a: 1\n   b: 2\n",
        4,
        "likely fix: line 4 is not indented like the lines above it",
    ),
    (
        "missing-colon",
        "id: x\ntitle y\npersona: z\n",
        2,
        "likely fix: add a ':' after the key on line 2 (key: value)",
    ),
    (
        "missing-colon-above-a-nested-key",
        "id: x\ngoals:\n  - id a\n    text: b\n",
        3,
        "likely fix: line 3 is missing a ':' after its key (key: value)",
    ),
    (
        "colon-in-a-value",
        "id: x\ntitle: Note: this\n",
        2,
        "likely fix: the value holds ': '; put the whole value in quotes",
    ),
    (
        "unclosed-double-quote",
        'id: x\ntitle: "unclosed\npersona: z\n',
        2,
        'likely fix: close the " opened on line 2, or remove it',
    ),
    (
        "unclosed-single-quote",
        "id: x\ntitle: 'unclosed\npersona: z\n",
        2,
        "likely fix: close the ' opened on line 2, or remove it",
    ),
    (
        "text-after-a-quote",
        'id: x\ntitle: "a" b\n',
        2,
        "likely fix: text follows a closing quote; put the whole value inside the quotes",
    ),
    (
        "missing-colon-above-a-sibling-key",
        "id: x\nfacts:\n  - id: a\n    reveal:\n      asked_about [b, c]  # any: of these\n"
        "      mood_below: 70\n",
        5,
        "likely fix: line 5 is missing a ':' after its key (key: value)",
    ),
    (
        "missing-colon-before-a-key-with-a-comment",
        "briefing:\n  summary The order is late.\n  account:   # labels: and values\n    a: b\n",
        2,
        "likely fix: line 2 is missing a ':' after its key (key: value)",
    ),
    (
        "apostrophe-in-single-quotes",
        "end:\n  lines:\n    supervisor:\n      - 'I'd like a supervisor.'\n      - Now.\n",
        4,
        "likely fix: an apostrophe ends a value in single quotes; write it twice ('') or put "
        "the whole value in double quotes",
    ),
    (
        "text-after-a-quote-on-its-own-line",
        'id: x\nsummary:\n  "A customer" whose order is late.\n',
        3,
        "likely fix: text follows a closing quote; put the whole value inside the quotes",
    ),
    (
        "double-quote-left-open-in-a-list",
        "lines:\n  - \"I'd like a supervisor.\n  - Can I talk to someone?\n  - Put me through.\n"
        'fallbacks:\n  calm: ["Right."]\n',
        2,
        'likely fix: the " opened on line 2 is not closed on that line, so the lines after it '
        "were read as part of the text; close it on line 2",
    ),
    (
        "unclosed-bracket",
        "id: x\ntags: [a, b\npersona: z\n",
        2,
        "likely fix: close the '[' opened on line 2 with ']'",
    ),
    (
        "comma-missing-in-braces",
        "triggers:\n  - {behaviour: acknowledges_feeling, delta: -10 note: kind}\n",
        2,
        "likely fix: a ',' is missing before column 54, between two entries",
    ),
    (
        "quote-missing-in-a-list",
        "patterns: ['full card number, 'long number on (the|your) card']\n",
        1,
        "likely fix: a quote before column 32 is missing or extra; give each entry between the "
        "brackets its own pair of quotes",
    ),
    (
        "unclosed-brace",
        "id: x\ntags: {a: b\npersona: z\n",
        2,
        "likely fix: close the '{' opened on line 2 with '}'",
    ),
    (
        "tab",
        "id: x\nfacts:\n\t- a\n",
        3,
        "a tab character is used for indentation; indent with spaces",
    ),
]


@pytest.mark.parametrize(("text", "line", "fix"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_a_syntax_error_names_its_line_pyyamls_words_and_the_likely_fix(
    text: str, line: int, fix: str
) -> None:
    # the line is the one to edit: where the key lacking ':' or the open quote or bracket is,
    # not the later line where PyYAML noticed it
    with pytest.raises(SourceError) as caught:
        parse_yaml(text)
    assert caught.value.line == line
    assert caught.value.message.startswith("YAML syntax: ")
    assert fix in caught.value.message


@pytest.fixture
def workspace(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    isolate(tmp_path, monkeypatch)
    return valid_workspace(tmp_path, monkeypatch)


def test_after_the_syntax_is_fixed_every_other_problem_shows_in_one_run(
    workspace: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    scenario = workspace / "scenarios" / "broadband-down.yaml"
    text = scenario.read_text()
    mistakes = text.replace("title: Broadband", "titel: Broadband")
    mistakes = mistakes.replace("keywords: [credit]", "keyword: [credit]")
    broken = mistakes.replace("company: Northwind Broadband", "company Northwind Broadband")
    scenario.write_text(broken)

    code, out, _ = run(capsys, "scenarios", "validate")
    assert code == 2
    assert out.splitlines() == [
        "scenarios/broadband-down.yaml:6: YAML syntax: could not find expected ':' "
        "(noticed on line 7, column 1); "
        "while scanning a simple key that starts on line 6; likely fix: add a ':' after the "
        "key on line 6 (key: value)"
    ]

    scenario.write_text(mistakes)
    code, out, _ = run(capsys, "scenarios", "validate")
    assert code == 2
    lines = out.splitlines()
    assert lines[0] == "scenarios/broadband-down.yaml:2: title: required, but missing"
    assert (
        lines[1] == "scenarios/broadband-down.yaml:3: titel: unknown field; did you mean 'title'?"
    )
    assert lines[2] == (
        "scenarios/broadband-down.yaml:39: goals[1].detect.keyword: unknown field; "
        "did you mean 'keywords'?"
    )
    assert len(lines) == 3


def test_a_quote_left_open_that_swallows_the_next_key_is_a_problem_not_silence() -> None:
    # valid YAML: `Customer since` becomes '2019 Order: ' and the order line is lost
    text = 'briefing:\n  account:\n    Customer since: "2019\n    Order: "#40213, Monday"\n'
    source = parse_yaml(text)
    assert source is not None
    assert source.duplicate_keys == [
        (
            3,
            'the " opened here closes only on line 4, so line 4 became part of this value; '
            "close the quote on line 3",
        )
    ]


def test_a_quoted_value_over_several_lines_on_purpose_is_not_a_problem() -> None:
    source = parse_yaml('says: "It was a long wait,\n  and nobody called back."\n')
    assert source is not None
    assert source.duplicate_keys == []


def test_references_and_the_persona_are_checked_in_the_same_run_as_field_problems(
    workspace: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    scenario = workspace / "scenarios" / "broadband-down.yaml"
    text = scenario.read_text()
    mistakes = text.replace("title: Broadband", "titel: Broadband")
    mistakes = mistakes.replace("persona: dana-whitfield", "persona: dana-whitfeld")
    mistakes = mistakes.replace(
        "      keywords: [credit]", "      keywords: [credit]\n      after_facts: [router-light]"
    )
    mistakes = mistakes.replace("  - id: second-call\n", "  - id: router-lights\n")
    mistakes = mistakes.replace("weight: 50", "weight: 55", 1)
    mistakes = mistakes.replace(
        "fallbacks:", "end:\n  supervisor_at: 90\n  hangup_at: 85\nfallbacks:"
    )
    scenario.write_text(mistakes)

    code, out, _ = run(capsys, "scenarios", "validate")
    assert code == 2
    problems = [line for line in out.splitlines() if line.startswith("scenarios/")]
    assert sorted(line.split(": ", 2)[1] for line in problems) == sorted(
        [
            "titel",
            "title",
            "persona",
            "facts[1].id",
            "goals[1].detect.after_facts",
            "end.hangup_at",
            "rubric",
        ]
    )
    assert "no persona with id 'dana-whitfeld'; did you mean 'dana-whitfield'?" in out
    assert "fact ids must be unique; repeated: router-lights" in out
    assert "goal 'credit' waits for unknown fact(s) router-light" in out
    assert "must not be below supervisor_at (got 85, supervisor_at 90)" in out
    assert "criteria weights must sum to 100 (got 105)" in out
