"""The scenario and persona files a trainer can open: the workspace's own, then the bundled ones.

Bundled files are read-only: saving an edit of one writes a copy into the workspace, whose own
file of the same id then replaces the bundled one for everyone in the workspace.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from roleplay.errors import UserError
from roleplay.scenarios.loader import yaml_files
from roleplay.workspace import Workspace, bundled_library_dir


class FileKind(StrEnum):
    """What a file describes; it decides which model the loader checks it against."""

    SCENARIO = "scenario"
    PERSONA = "persona"


FOLDER = {FileKind.SCENARIO: "scenarios", FileKind.PERSONA: "personas"}


@dataclass(frozen=True)
class ScenarioFile:
    """One file as the trainer sees it: what it is, where it is, and where an edit is saved."""

    kind: FileKind
    path: Path
    """Where the text is read from (a bundled file for bundled ones)."""
    save_to: Path | None
    """Where Ctrl+S writes: the file itself, the workspace copy of a bundled file, or None when
    there is no workspace to write into."""
    bundled: bool

    @property
    def shown(self) -> str:
        """The name problems are reported under, as `roleplay scenarios validate` names it."""
        return f"{FOLDER[self.kind]}/{self.path.name}"

    @property
    def name(self) -> str:
        return self.path.stem

    @property
    def read_only(self) -> bool:
        return self.save_to is None


def workspace_files(workspace: Workspace) -> list[ScenarioFile]:
    """Every file to offer: the workspace's scenarios and personas, then bundled ones it lacks."""
    found: list[ScenarioFile] = []
    own: set[tuple[FileKind, str]] = set()
    if not workspace.bundled:
        for kind in FileKind:
            for path in yaml_files(workspace.root / FOLDER[kind]):
                found.append(ScenarioFile(kind, path, path, bundled=False))
                own.add((kind, path.name))
    bundled = bundled_library_dir()
    for kind in FileKind:
        for path in yaml_files(bundled / FOLDER[kind]):
            if (kind, path.name) in own:
                continue
            target = None if workspace.bundled else workspace.root / FOLDER[kind] / path.name
            found.append(ScenarioFile(kind, path, target, bundled=True))
    return found


def find_file(workspace: Workspace, name: str) -> ScenarioFile:
    """The file for a scenario id or file name (`late-order` or `late-order.yaml`)."""
    stem = name.removesuffix(".yaml").removesuffix(".yml")
    files = workspace_files(workspace)
    for wanted in (FileKind.SCENARIO, FileKind.PERSONA):
        for item in files:
            if item.kind is wanted and item.name == stem:
                return item
    known = ", ".join(sorted({f.name for f in files if f.kind is FileKind.SCENARIO})) or "none"
    raise UserError(f"no scenario file called '{name}'", hint=f"scenarios here: {known}")


def write_atomically(path: Path, text: str) -> None:
    """Replace `path` with `text` in one step: a reader sees the old file or the new, never half."""
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f".{path.name}.saving")
    with partial.open("w", encoding="utf-8") as fh:
        fh.write(text)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(partial, path)
