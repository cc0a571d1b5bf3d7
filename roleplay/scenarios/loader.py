"""Read scenario and persona YAML files into validated models, reporting every problem.

This first version validates with pydantic and reports each problem with its file; the
line-accurate, suggestion-giving version replaces `_load_file` without changing `load_library`.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ValidationError

from roleplay.errors import UserError
from roleplay.scenarios.models import Cast, Persona, Scenario


class LibraryError(UserError):
    """One or more scenario or persona files are invalid; `problems` holds one line each."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__("\n".join(problems), hint="", exit_code=2)


@dataclass
class Library:
    """Validated scenarios and personas, with the files they came from."""

    scenarios: dict[str, Scenario] = field(default_factory=dict)
    personas: dict[str, Persona] = field(default_factory=dict)
    sources: dict[str, Path] = field(default_factory=dict)

    def scenario(self, scenario_id: str) -> Scenario:
        """The scenario called `scenario_id`, or an error listing the ones there are."""
        try:
            return self.scenarios[scenario_id]
        except KeyError:
            known = ", ".join(sorted(self.scenarios)) or "none"
            raise UserError(
                f"no scenario called '{scenario_id}'", hint=f"scenarios here: {known}"
            ) from None

    def cast(self, scenario_id: str) -> Cast:
        """The scenario with its persona resolved, ready for a call."""
        scenario = self.scenario(scenario_id)
        persona = self.personas[scenario.persona]
        digest = hashlib.sha256()
        for key in (f"scenario:{scenario.id}", f"persona:{persona.id}"):
            path = self.sources.get(key)
            digest.update(path.read_bytes() if path and path.exists() else key.encode())
        return Cast(
            scenario=scenario,
            persona=scenario.resolve_persona(persona),
            content_hash=digest.hexdigest(),
        )


def _load_file(path: Path, model: type[BaseModel], problems: list[str]) -> Any:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        problems.append(f"{path}: cannot read: {exc}")
        return None
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        for err in exc.errors():
            where = ".".join(str(part) for part in err["loc"]) or "(top level)"
            problems.append(f"{path}: {where}: {err['msg']}")
        return None


def _yaml_files(folder: Path) -> list[Path]:
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if p.suffix in (".yaml", ".yml") and p.is_file())


def load_library(
    scenarios_dir: Path, personas_dir: Path, extra_personas: Iterable[Path] = ()
) -> Library:
    """Load and cross-check every file; raise LibraryError listing all problems found."""
    problems: list[str] = []
    library = Library()
    for folder in (personas_dir, *extra_personas):
        for path in _yaml_files(folder):
            persona = _load_file(path, Persona, problems)
            if persona is None or persona.id in library.personas:
                continue
            library.personas[persona.id] = persona
            library.sources[f"persona:{persona.id}"] = path
    for path in _yaml_files(scenarios_dir):
        scenario = _load_file(path, Scenario, problems)
        if scenario is None:
            continue
        if scenario.id in library.scenarios:
            first = library.sources[f"scenario:{scenario.id}"]
            problems.append(f"{path}: id: '{scenario.id}' is already used by {first}")
            continue
        if scenario.persona not in library.personas:
            known = ", ".join(sorted(library.personas)) or "none"
            problems.append(
                f"{path}: persona: no persona called '{scenario.persona}' (personas: {known})"
            )
            continue
        library.scenarios[scenario.id] = scenario
        library.sources[f"scenario:{scenario.id}"] = path
    if problems:
        raise LibraryError(problems)
    return library
