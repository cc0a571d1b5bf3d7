"""What loaded: the validated scenarios and personas, where they came from, and the error that
lists every problem found while loading them.

Apart from the loader because most callers (the apps, grading, describing a scenario) only look
things up in a library; the reading and checking of files stays in loader.py.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from roleplay.errors import UserError
from roleplay.scenarios.models import Cast, Persona, Scenario


class LibraryError(UserError):
    """One or more scenario or persona files are invalid; `problems` holds one line each.

    `partial` holds what did load, so one broken file need not stop trainees playing the rest.
    """

    def __init__(self, problems: list[str], partial: Library | None = None) -> None:
        self.problems = problems
        self.partial = partial if partial is not None else Library()
        count = f"{len(problems)} problem{'s' if len(problems) != 1 else ''}"
        super().__init__(
            f"the scenario files have {count}:\n" + "\n".join(problems),
            hint="fix them, then check again with: roleplay scenarios validate",
            exit_code=2,
        )


@dataclass
class Library:
    """Validated scenarios and personas, with the files they came from."""

    scenarios: dict[str, Scenario] = field(default_factory=dict)
    personas: dict[str, Persona] = field(default_factory=dict)
    sources: dict[str, Path] = field(default_factory=dict)
    borrowed: set[str] = field(default_factory=set)  # persona ids from extra (bundled) folders
    bundled: set[str] = field(default_factory=set)  # scenario ids offered from the bundled library

    def offer(self, other: Library) -> None:
        """Add `other`'s scenarios whose ids this library lacks (its own always win).

        Each one brings its persona unless this library has a persona of that id already.
        """
        for scenario_id, scenario in other.scenarios.items():
            if scenario_id in self.scenarios:
                continue
            self.scenarios[scenario_id] = scenario
            self.bundled.add(scenario_id)
            key = f"scenario:{scenario_id}"
            if key in other.sources:
                self.sources[key] = other.sources[key]
            if scenario.persona not in self.personas and scenario.persona in other.personas:
                self.personas[scenario.persona] = other.personas[scenario.persona]
                self.borrowed.add(scenario.persona)
                persona_key = f"persona:{scenario.persona}"
                if persona_key in other.sources:
                    self.sources[persona_key] = other.sources[persona_key]

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
