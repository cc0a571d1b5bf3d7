"""JSON Schema of scenario and persona files, so editors can check and complete them as you type.

The schema comes from the pydantic models (the same rules the loader applies); this adds a
plain-English description to every field that lacks one, and describes each behaviour name.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from roleplay.scenarios.behaviours import DESCRIPTIONS
from roleplay.scenarios.models import MoodBand, Persona, Scenario

SCHEMA_FILES: dict[str, type[BaseModel]] = {
    "scenario.schema.json": Scenario,
    "persona.schema.json": Persona,
}

# Descriptions for fields whose model does not carry one, by "Model.field".
FIELD_HELP: dict[str, str] = {
    "Persona.id": "Lowercase id (letters, digits, '-' or '_'); scenarios refer to it.",
    "Persona.name": "The customer's name, as the trainee may use it.",
    "Persona.archetype": "The kind of difficult customer.",
    "Persona.background": "Who they are and why they are calling, in the trainer's words.",
    "Persona.speaking_style": "How they talk: sentence length, longest reply, quirks, examples.",
    "Persona.mood_baseline": "Starting mood, 0 calm to 100 furious (difficulty shifts it).",
    "Persona.triggers": "Behaviours that move the mood: negative deltas calm, positive anger.",
    "Trigger.behaviour": "A trainee behaviour name (see the list of behaviours).",
    "Trigger.delta": "Mood change when the behaviour is seen, -50 to 50.",
    "Trigger.note": "Why this moves them; for trainers, not shown to the model.",
    "SpeakingStyle.sentence_length": "short, medium or long.",
    "PersonaOverrides.triggers": "Triggers that replace the persona's for the same behaviour.",
    "Scenario.id": "Lowercase id (letters, digits, '-' or '_'), unique in the workspace.",
    "Scenario.title": "Shown in the scenario list.",
    "Scenario.persona_overrides": "Changes to the persona for this scenario only.",
    "Scenario.company": "The company the trainee works for.",
    "Scenario.channel": "phone or chat.",
    "Scenario.default_difficulty": "easy, medium or hard.",
    "Scenario.difficulty": "The easy, medium and hard presets (defaults are sensible).",
    "Scenario.briefing": "What the trainee sees before the call.",
    "Scenario.knowledge_base": "Articles the trainee may consult during the call.",
    "Scenario.facts": "Hidden facts the customer reveals only when the condition holds.",
    "Scenario.goals": "What the trainee should achieve; the simulator watches for them.",
    "Scenario.end": "Mood thresholds and limits that end the call, and the lines said then.",
    "Scenario.rubric": "How the debrief grades the call.",
    "Scenario.tags": "Free labels for filtering.",
    "Briefing.summary": "The situation as the trainee knows it.",
    "Briefing.account": "The account screen: label to value.",
    "Article.title": "The article's title.",
    "Article.body": "What the article says.",
    "Article.tags": "Free labels.",
    "HiddenFact.id": "Lowercase id; goals may wait for it with after_facts.",
    "HiddenFact.reveal": "When the fact may come out; every condition given must hold.",
    "Goal.id": "Lowercase id, unique in the scenario.",
    "Goal.description": "The goal in the trainer's words.",
    "Goal.detect": "How the simulator notices the goal is met.",
    "GoalDetector.behaviours": "Any of these behaviours in one trainee turn.",
    "GoalDetector.keywords": "Any of these words in one trainee turn.",
    "GoalDetector.after_facts": "Counts only after these facts have come out.",
    "RevealCondition.after_facts": "Comes out only after these facts have come out.",
    "Goal.settles": "Facts whose worry this goal answers: not raised as news once it is met.",
    "EndConditions.lines": "What the customer says when the call ends each way.",
    "Rubric.pass_mark": "Overall score needed to pass, 0 to 100.",
    "Rubric.criteria": "Weighted criteria; weights must sum to 100.",
    "Rubric.auto_fail": "Compliance items that fail the call outright.",
    "Criterion.id": "Lowercase id, unique in the rubric.",
    "Criterion.name": "The criterion as the debrief names it.",
    "Criterion.measures": "What it measures, so the heuristic grader can score it.",
    "Criterion.weight": "Share of the overall score, 0 to 100.",
    "Criterion.description": "What good looks like.",
    "Criterion.levels": "An anchor sentence for every level from 1 (poor) to 5 (excellent).",
    "Criterion.not_applicable_when": "Leave the criterion out of the score when this holds.",
    "AutoFail.id": "Lowercase id.",
    "AutoFail.description": "What the trainee must never do.",
}


def _describe(schema: dict[str, Any], title: str) -> None:
    for name, prop in schema.get("properties", {}).items():
        help_text = FIELD_HELP.get(f"{title}.{name}")
        if help_text and "description" not in prop:
            prop["description"] = help_text


def _editor_checks(schema: dict[str, Any]) -> None:
    """Rules the validators enforce in code, restated so editors flag them as you type."""
    criterion = schema.get("$defs", {}).get("Criterion")
    if criterion:
        criterion["properties"]["levels"]["propertyNames"] = {"pattern": "^[1-5]$"}
        criterion["properties"]["levels"]["required"] = ["1", "2", "3", "4", "5"]
    fallbacks = schema.get("properties", {}).get("fallbacks")
    if fallbacks:
        fallbacks["required"] = [band.value for band in MoodBand]
        fallbacks["additionalProperties"]["minItems"] = 1


def build_schema(model: type[BaseModel]) -> dict[str, Any]:
    """The JSON Schema of one file kind, with descriptions everywhere a trainer hovers."""
    schema = model.model_json_schema()
    _describe(schema, model.__name__)
    for title, definition in schema.get("$defs", {}).items():
        _describe(definition, title)
        if title == "Behaviour":
            lines = [f"{b.value}: {text}" for b, text in DESCRIPTIONS.items()]
            definition["description"] = "A trainee behaviour.\n" + "\n".join(lines)
    _editor_checks(schema)
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        **schema,
    }


def write_schemas(folder: Path) -> list[Path]:
    """Write scenario.schema.json and persona.schema.json into `folder`; return their paths."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, model in SCHEMA_FILES.items():
        path = folder / name
        path.write_text(json.dumps(build_schema(model), indent=2) + "\n", encoding="utf-8")
        written.append(path)
    return written
