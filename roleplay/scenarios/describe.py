"""Plain-text and JSON views of scenarios for trainers: the list, and one scenario in full.

`roleplay scenarios list` and `show` print these; they read the validated models only, so what
a trainer sees is what the simulator will use.
"""

from __future__ import annotations

import textwrap
from typing import Any

from roleplay.scenarios.fields import wordings
from roleplay.scenarios.library import Library
from roleplay.scenarios.models import Difficulty, Persona, RevealCondition, Scenario


def start_moods(scenario: Scenario, persona: Persona) -> dict[str, int]:
    """The customer's starting mood at each difficulty."""
    base = scenario.resolve_persona(persona).mood_baseline
    return {
        level.value: max(0, min(100, base + scenario.difficulty.preset(level).mood_offset))
        for level in Difficulty
    }


def list_rows(library: Library) -> list[dict[str, Any]]:
    """One row per scenario, sorted by id: what `scenarios list --json` prints."""
    rows = []
    for scenario_id in sorted(library.scenarios):
        scenario = library.scenarios[scenario_id]
        persona = library.personas[scenario.persona]
        levels = [level.value for level in Difficulty]
        rows.append(
            {
                "id": scenario.id,
                "title": scenario.title,
                "archetype": persona.archetype.value,
                "persona": persona.id,
                "difficulty_range": f"{levels[0]}–{levels[-1]}",
                "difficulties": levels,
                "default_difficulty": scenario.default_difficulty.value,
                "start_mood": start_moods(scenario, persona),
                "channel": scenario.channel,
                "bundled": scenario_id in library.bundled,
            }
        )
    return rows


def list_table(rows: list[dict[str, Any]]) -> str:
    """The rows as an aligned plain-text table (with a FROM column when some are bundled)."""
    mixed = any(row.get("bundled") for row in rows)
    header = ("ID", "TITLE", "ARCHETYPE", "DIFFICULTY", "START MOOD") + (("FROM",) if mixed else ())
    body = [
        (
            row["id"],
            row["title"],
            row["archetype"],
            f"{row['difficulty_range']} (default {row['default_difficulty']})",
            "/".join(str(mood) for mood in row["start_mood"].values()),
        )
        + ((("bundled" if row.get("bundled") else "workspace"),) if mixed else ())
        for row in rows
    ]
    widths = [max(len(r[i]) for r in [header, *body]) for i in range(len(header))]
    lines = ["  ".join(cell.ljust(w) for cell, w in zip(r, widths, strict=True)) for r in body]
    head = "  ".join(cell.ljust(w) for cell, w in zip(header, widths, strict=True))
    return "\n".join(line.rstrip() for line in [head, *lines])


def _wrap(text: str, indent: str = "  ") -> list[str]:
    return textwrap.wrap(
        " ".join(text.split()), width=96, initial_indent=indent, subsequent_indent=indent
    ) or [indent]


def _either(words: list[str]) -> str:
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " or " + words[-1]


def reveal_words(reveal: RevealCondition) -> str:
    """A reveal condition in words: `asked about light or router, and mood below 50`."""
    parts = []
    if reveal.asked_about:
        parts.append("asked about " + _either([f"'{word}'" for word in reveal.asked_about]))
    if reveal.behaviours:
        parts.append("the trainee has shown " + _either([b.value for b in reveal.behaviours]))
    if reveal.mood_below is not None:
        parts.append(f"mood below {reveal.mood_below}")
    return ", and ".join(parts)


def show_text(scenario: Scenario, persona: Persona) -> str:
    """Everything a trainer needs to review a scenario, readable in a terminal."""
    played = scenario.resolve_persona(persona)
    moods = start_moods(scenario, persona)
    out = [f"{scenario.title}  [{scenario.id}]", *_wrap(scenario.summary, "")]
    out += ["", f"Customer: {played.name} ({played.archetype.value}, persona {persona.id})"]
    out += _wrap(played.background)
    out.append(
        "  starting mood: "
        + ", ".join(f"{level} {mood}" for level, mood in moods.items())
        + f"; default difficulty {scenario.default_difficulty.value}"
    )
    if played.triggers:
        moves = ", ".join(f"{t.behaviour.value} {t.delta:+d}" for t in played.triggers)
        out += _wrap(f"mood moves: {moves}")
    out += ["", f"Briefing ({scenario.channel}, {scenario.company}):"]
    out += _wrap(scenario.briefing.summary)
    out += [f"  {label}: {value}" for label, value in scenario.briefing.account.items()]
    out += ["", "Knowledge base:", *[f"  - {a.title}" for a in scenario.knowledge_base]]
    out += ["", "Opening:"]
    for turn in scenario.opening:
        out += _wrap(" / ".join(f'"{line}"' for line in wordings(turn)))
    out += ["", "Hidden facts:"]
    for fact in scenario.facts:
        out += _wrap(f"- {fact.id}: {fact.fact}", "  ")
        out += _wrap(f"revealed when {reveal_words(fact.reveal)}", "    ")
    if not scenario.facts:
        out.append("  (none)")
    out += ["", "Goals:"]
    for goal in scenario.goals:
        need = "required" if goal.required else "optional"
        out.append(f"  - {goal.id} ({need}): {goal.description}")
    end = scenario.end
    out += [
        "",
        f"Ends: supervisor at mood {end.supervisor_at}, hang-up at {end.hangup_at}, "
        f"after {end.max_turns} turns or {end.max_minutes:g} minutes",
    ]
    rubric = scenario.rubric
    out += ["", f"Rubric (pass mark {rubric.pass_mark}):"]
    for criterion in rubric.criteria:
        na = (
            f", not applicable when {criterion.not_applicable_when.value}"
            if criterion.not_applicable_when
            else ""
        )
        out.append(f"  - {criterion.weight:>3}  {criterion.name} ({criterion.measures.value}{na})")
    for item in rubric.auto_fail:
        out.append(f"  - auto-fail: {item.description}")
    return "\n".join(out)
