"""Files chosen on the command line, checked together: what `roleplay scenarios validate` reads.

Unlike a workspace's library, the files may come from anywhere, so a file's kind (persona or
scenario) is told by its folder or its keys.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from pydantic import BaseModel

from roleplay.scenarios.loader import Collector, Library, display_path, load_file, yaml_files
from roleplay.scenarios.models import Persona, Scenario


def guess_kind(path: Path) -> type[BaseModel]:
    """Persona or Scenario for a file given on its own: by folder name, else by its keys."""
    folder = path.parent.name
    if folder == "personas":
        return Persona
    if folder == "scenarios":
        return Scenario
    try:
        head = path.read_text(encoding="utf-8", errors="replace")[:20_000]
    except OSError:
        return Scenario
    keys = {line.split(":", 1)[0].strip() for line in head.splitlines() if ":" in line}
    return Persona if "archetype" in keys and "rubric" not in keys else Scenario


def load_paths(
    paths: Iterable[Path], extra_personas: Iterable[Path] = (), base: Path | None = None
) -> Library:
    """Validate chosen files and folders together (what `scenarios validate PATH...` checks).

    A folder with `scenarios/` or `personas/` inside is read as a workspace; any other folder
    contributes its YAML files. Scenarios may refer to personas in `extra_personas` folders.
    """
    personas: list[Path] = []
    scenarios: list[Path] = []
    for path in paths:
        if path.is_dir():
            if (path / "scenarios").is_dir() or (path / "personas").is_dir():
                personas += yaml_files(path / "personas")
                scenarios += yaml_files(path / "scenarios")
                continue
            files = yaml_files(path)
        else:
            files = [path]
        for file in files:
            (personas if guess_kind(file) is Persona else scenarios).append(file)
    collect = Collector()
    for path in dict.fromkeys(personas):
        collect.add_persona(load_file(path, Persona, display_path(path, base)))
    for folder in extra_personas:
        for path in yaml_files(folder):
            item = load_file(path, Persona, display_path(path, base))
            collect.add_persona(item, primary=False)
    for path in dict.fromkeys(scenarios):
        collect.add_scenario(load_file(path, Scenario, display_path(path, base)))
    return collect.finish()
