"""An edited file checked by the project's own loader, in the company of the workspace's files.

The edited text is loaded exactly as `roleplay scenarios validate` would load the file, beside
the workspace's other files and the bundled personas, so cross-file problems (a persona that
does not exist, an id used twice) are found too. Problems are reported under the file's own
name, `scenarios/late-order.yaml:12: persona: ...`, with their line numbers.
"""

from __future__ import annotations

import re
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from roleplay.authoring.files import FOLDER, FileKind, ScenarioFile
from roleplay.scenarios.loader import Collector, LibraryError, load_file, yaml_files
from roleplay.scenarios.models import Persona, Scenario
from roleplay.scenarios.thin import thin_spots
from roleplay.workspace import Workspace, bundled_library_dir

_WHERE = re.compile(r"^(?P<file>[^:]+):(?P<line>\d+): ")


@dataclass
class Check:
    """What the loader said about one edited file."""

    shown: str
    problems: list[str] = field(default_factory=list)
    """This file's problems, `file:line: field: message` each."""
    warnings: list[str] = field(default_factory=list)
    """Thin spots: valid, but a trainee would notice (as `scenarios validate` warns)."""
    elsewhere: list[str] = field(default_factory=list)
    """Problems in the workspace's other files, as they would be with this text saved."""

    @property
    def ok(self) -> bool:
        return not self.problems

    def first_line(self) -> int | None:
        """The line of the first problem (1-based), to put the cursor on."""
        for problem in self.problems:
            found = _WHERE.match(problem)
            if found:
                return int(found.group("line"))
        return None


def check_text(workspace: Workspace, item: ScenarioFile, text: str) -> Check:
    """Load `text` as the file `item` would be saved, with every other file as it is on disk."""
    shown = item.shown
    saved_at = (item.save_to or item.path).resolve()
    with tempfile.TemporaryDirectory(prefix="roleplay-check-") as tmp:
        edited = Path(tmp) / item.path.name
        edited.write_text(text, encoding="utf-8")
        root = workspace.root if not workspace.bundled else bundled_library_dir()

        def files(kind: FileKind) -> list[tuple[Path, str]]:
            chosen = [
                (path, f"{FOLDER[kind]}/{path.name}")
                for path in yaml_files(root / FOLDER[kind])
                if path.resolve() != saved_at
            ]
            if item.kind is kind:
                chosen.append((edited, shown))
            return sorted(chosen, key=lambda pair: pair[1])

        collect = Collector()
        for path, name in files(FileKind.PERSONA):
            collect.add_persona(load_file(path, Persona, name))
        if not workspace.bundled:
            for path in yaml_files(bundled_library_dir() / "personas"):
                loaded = load_file(path, Persona, f"personas/{path.name}")
                collect.add_persona(loaded, primary=False)
        loaded_self = None
        for path, name in files(FileKind.SCENARIO):
            loaded = load_file(path, Scenario, name)
            if path == edited:
                loaded_self = loaded
            collect.add_scenario(loaded)
        try:
            collect.finish()
            problems: list[str] = []
        except LibraryError as exc:
            problems = exc.problems
    check = Check(shown=shown)
    for problem in problems:
        found = _WHERE.match(problem)
        if found and found.group("file") == shown:
            check.problems.append(problem)
        else:
            check.elsewhere.append(problem)
    if check.ok and loaded_self is not None and isinstance(loaded_self.model, Scenario):
        check.warnings = thin_spots(loaded_self.model)
    return check
