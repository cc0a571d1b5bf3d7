"""A new scenario from the commented template, as `roleplay scenarios new` writes it."""

from __future__ import annotations

from pathlib import Path

from roleplay.errors import UserError
from roleplay.scenarios.models import Archetype

ARCHETYPES = tuple(kind.value for kind in Archetype)
"""The archetypes a new scenario can start from (the persona model's own list)."""


def check_new(scenario_id: str, archetype: str) -> None:
    """A UserError saying what to type instead, unless the id and archetype can be used."""
    from roleplay.scenarios.models import is_slug

    if not is_slug(scenario_id):
        raise UserError(
            f"{scenario_id!r} cannot be a scenario id",
            hint="use up to 64 lowercase letters, digits, '-' or '_', starting with a letter or "
            "digit, e.g. late-order",
        )
    if archetype not in ARCHETYPES:
        raise UserError(
            f"unknown archetype '{archetype}'", hint=f"choose one of: {', '.join(ARCHETYPES)}"
        )


def create_scenario(root: Path, scenario_id: str, archetype: str) -> list[Path]:
    """Write the starting scenario, persona and self-play lines into the workspace at `root`.

    Nothing is overwritten: an id whose files exist is refused before anything is written.
    """
    from roleplay.scenarios.schema import write_schemas
    from roleplay.scenarios.template import persona_id_for, selfplay_lines, starting_files

    check_new(scenario_id, archetype)
    scenario_text, persona_text = starting_files(scenario_id, archetype)
    targets = {
        root / "scenarios" / f"{scenario_id}.yaml": scenario_text,
        root / "personas" / f"{persona_id_for(scenario_id)}.yaml": persona_text,
        root / "selfplay" / f"{scenario_id}.yaml": selfplay_lines(scenario_id),
    }
    taken = [str(path) for path in targets if path.exists()]
    if taken:
        raise UserError(
            f"will not overwrite {', '.join(taken)}", hint="choose another id or remove the file"
        )
    for path, text in targets.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    written = list(targets)
    if not (root / "schema").exists():
        written += write_schemas(root / "schema")
    return written
