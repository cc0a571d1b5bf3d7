"""Read scenario and persona YAML files into validated models, reporting every problem.

Every file is read, every problem in every file collected, and the lot raised together as one
LibraryError whose `problems` are lines like
`scenarios/x.yaml:12: rubric.criteria[1].weight: must be between 0 and 100 (got 120)`.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel, TypeAdapter, ValidationError

from roleplay.scenarios.library import Library

# What loading raises lives beside the Library in library.py; callers find it here too.
from roleplay.scenarios.library import LibraryError as LibraryError
from roleplay.scenarios.models import SLUG_PATTERN, Goal, Persona, Scenario
from roleplay.scenarios.problems import (
    Problem,
    cap_problems,
    located,
    problems_from_errors,
    show,
    suggestion,
)
from roleplay.scenarios.references import reference_problems
from roleplay.scenarios.yaml_source import MAX_BYTES, SourceError, read_yaml


def display_path(path: Path, base: Path | None = None) -> str:
    """The path as a trainer wants to read it: relative to the workspace, else to the cwd."""
    resolved = path.resolve()
    for root in (base, Path.cwd()):
        if root is None:
            continue
        try:
            return resolved.relative_to(root.resolve()).as_posix()
        except ValueError:
            continue
    return str(path)


def _type_word(data: Any) -> str:
    if isinstance(data, list):
        return "a list"
    if isinstance(data, str):
        return "a piece of text"
    return f"a single value ({show(data)})"


@dataclass
class _Loaded:
    """One file read (maybe invalid): its model, where its id is, and what was wrong."""

    path: Path
    shown: str
    model: BaseModel | None = None
    raw_id: str | None = None
    id_line: int = 1
    persona_line: int = 1
    raw_persona: str | None = None
    problems: list[Problem] = field(default_factory=list)


def _key_line(root: Any, key: str) -> int:
    for key_node, _ in getattr(root, "value", []) or []:
        if getattr(key_node, "value", None) == key:
            return key_node.start_mark.line + 1
    return 1


_ID_LINE = re.compile(rb"""^id:[ \t]*['"]?(""" + SLUG_PATTERN[1:-1].encode() + rb")", re.M)


def _id_in_text(path: Path) -> str | None:
    """The `id:` of a file too broken to parse, so other files' references to it stay quiet."""
    try:
        with path.open("rb") as fh:
            found = _ID_LINE.search(fh.read(MAX_BYTES))
    except OSError:
        return None
    return found.group(1).decode() if found else None


def load_file(path: Path, model: type[BaseModel], shown: str) -> _Loaded:
    """Read one file as `model`; problems are collected on the result, never raised.

    Whatever a file holds, even something the checks below did not foresee, it becomes a
    problem of that file: one file must never stop the rest of the workspace from loading.
    """
    try:
        return _load_file(path, model, shown)
    except Exception as exc:  # the last guard; every known failure is worded in _load_file
        text = " ".join(str(exc).split())[:120]
        return _Loaded(
            path=path,
            shown=shown,
            raw_id=_id_in_text(path),
            problems=[
                Problem(
                    shown,
                    1,
                    "",
                    f"cannot be checked ({type(exc).__name__}: {text}); simplify the file, "
                    "and report this file to the roleplay maintainers",
                )
            ],
        )


_GOAL = TypeAdapter(Goal)


def _references_of(fields: dict[str, Any]) -> list[str]:
    """The id and reference problems among the goals that are valid on their own."""
    facts, goals = fields.get("facts", []), fields.get("goals")
    if not isinstance(facts, list) or not isinstance(goals, list):
        return []
    fact_ids = [f["id"] for f in facts if isinstance(f, dict) and isinstance(f.get("id"), str)]
    valid = []
    for goal in goals:
        try:
            valid.append(_GOAL.validate_python(goal))
        except ValidationError:
            continue  # its own problems are reported already
    waits = {
        f["id"]: f["reveal"]["after_facts"]
        for f in facts
        if isinstance(f, dict)
        and isinstance(f.get("id"), str)
        and isinstance(f.get("reveal"), dict)
        and isinstance(f["reveal"].get("after_facts"), list)
        and all(isinstance(x, str) for x in f["reveal"]["after_facts"])
    }
    return reference_problems(fact_ids, valid, waits)


def _load_file(path: Path, model: type[BaseModel], shown: str) -> _Loaded:
    out = _Loaded(path=path, shown=shown)
    kind = "scenario" if model is Scenario else "persona"
    try:
        source = read_yaml(path)
    except SourceError as exc:
        out.problems.append(Problem(shown, exc.line, "", exc.message))
        out.raw_id = _id_in_text(path)
        return out
    if source is None:
        needed = ", ".join(model.model_json_schema().get("required", []))
        out.problems.append(
            Problem(shown, 1, "", f"the file is empty; a {kind} file needs at least: {needed}")
        )
        return out
    if not isinstance(source.data, dict):
        out.problems.append(
            Problem(
                shown,
                source.root.start_mark.line + 1,
                "",
                f"a {kind} file must be a mapping of fields (key: value lines) at the top level, "
                f"not {_type_word(source.data)}",
            )
        )
        return out
    data: dict[Any, Any] = source.data
    raw_id = data.get("id")
    out.raw_id = raw_id if isinstance(raw_id, str) else None
    out.id_line = _key_line(source.root, "id")
    out.persona_line = _key_line(source.root, "persona")
    raw_persona = data.get("persona")
    out.raw_persona = raw_persona if isinstance(raw_persona, str) else None
    out.problems.extend(Problem(shown, line, "", msg) for line, msg in source.duplicate_keys)
    for key_node, _ in source.root.value:
        if key_node.tag not in ("tag:yaml.org,2002:str", "tag:yaml.org,2002:merge"):
            line = key_node.start_mark.line + 1
            name = str(getattr(key_node, "value", "?"))
            out.problems.append(Problem(shown, line, name, "field names must be words"))
    fields = {k: v for k, v in data.items() if isinstance(k, str)}
    try:
        out.model = model.model_validate(fields)
    except ValidationError as exc:
        errors = exc.errors(include_url=False)
        out.problems.extend(problems_from_errors(shown, source.root, model, errors))
        if model is Scenario and all(e["loc"] for e in errors):
            # the whole-scenario checks never ran: run them on the parts that are valid
            out.problems.extend(located(shown, source.root, _references_of(fields)))
    except (RecursionError, ValueError, TypeError) as exc:
        out.problems.append(Problem(shown, 1, "", f"cannot be checked: {exc}"))
    if out.problems:
        out.model = None
        out.problems = cap_problems(out.problems)
    return out


def yaml_files(folder: Path) -> list[Path]:
    """The YAML files directly in `folder`, in name order (none when it is not a folder)."""
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if p.suffix in (".yaml", ".yml") and p.is_file())


class Collector:
    """Builds a Library from loaded files, adding the cross-file problems."""

    def __init__(self) -> None:
        self.library = Library()
        self.problems: list[Problem] = []
        self.where: dict[str, _Loaded] = {}
        self.broken_personas: set[str] = set()
        self.broken_elsewhere: dict[str, str] = {}
        self.broken_files = 0

    def _duplicate(self, kind: str, item: _Loaded, ident: str) -> bool:
        first = self.where.get(f"{kind}:{ident}")
        if first is None:
            return False
        self.problems.append(
            Problem(
                item.shown,
                item.id_line,
                "id",
                f"'{ident}' is also the id of {kind} {first.shown}:{first.id_line}; "
                "ids must be unique, rename one",
            )
        )
        return True

    def add_persona(self, item: _Loaded, *, primary: bool = True) -> None:
        if not primary and item.raw_id in self.library.personas:
            return  # a workspace persona replaces a bundled one of the same id
        if not primary and item.problems:
            if item.raw_id:
                self.broken_elsewhere.setdefault(item.raw_id, item.shown)
            return
        self.problems.extend(item.problems)
        if not isinstance(item.model, Persona):
            self.broken_files += 1
            if item.raw_id:
                self.broken_personas.add(item.raw_id)
            return
        persona = item.model
        if self._duplicate("persona", item, persona.id):
            return
        self.library.personas[persona.id] = persona
        self.library.sources[f"persona:{persona.id}"] = item.path
        if not primary:
            self.library.borrowed.add(persona.id)
        self.where[f"persona:{persona.id}"] = item

    def add_scenario(self, item: _Loaded) -> None:
        if not isinstance(item.model, Scenario):
            name = item.raw_persona
            problems = list(item.problems)
            if name and name not in self.library.personas and name not in self.broken_personas:
                problems.append(self._missing_persona(item, name))  # in the same run
            self.problems.extend(sorted(problems, key=lambda problem: problem.line))
            return
        self.problems.extend(item.problems)
        scenario = item.model
        if self._duplicate("scenario", item, scenario.id):
            return
        self.where[f"scenario:{scenario.id}"] = item
        if scenario.persona not in self.library.personas:
            if scenario.persona not in self.broken_personas:
                self.problems.append(self._missing_persona(item, scenario.persona))
            return
        self.library.scenarios[scenario.id] = scenario
        self.library.sources[f"scenario:{scenario.id}"] = item.path

    def _missing_persona(self, item: _Loaded, name: str) -> Problem:
        if name in self.broken_elsewhere:
            where = self.broken_elsewhere[name]
            return Problem(
                item.shown,
                item.persona_line,
                "persona",
                f"persona '{name}' ({where}) has problems; check it with: "
                f"roleplay scenarios validate {where}",
            )
        known = sorted(self.library.personas)
        hint = suggestion(name, known)
        lead = f"{hint} " if hint else ""
        broken = (
            f" (and {self.broken_files} persona file{'s' if self.broken_files != 1 else ''} "
            "with problems)"
            if self.broken_files
            else ""
        )
        return Problem(
            item.shown,
            item.persona_line,
            "persona",
            f"no persona with id '{name}'; {lead}personas: {', '.join(known) or 'none yet'}"
            + broken,
        )

    def finish(self) -> Library:
        if self.problems:
            raise LibraryError([str(p) for p in self.problems], partial=self.library)
        return self.library


def _base(scenarios_dir: Path, personas_dir: Path) -> Path | None:
    try:
        common = Path(os.path.commonpath([scenarios_dir.resolve(), personas_dir.resolve()]))
    except ValueError:
        return None
    return common if common != Path(common.anchor) else None


def load_library(
    scenarios_dir: Path, personas_dir: Path, extra_personas: Iterable[Path] = ()
) -> Library:
    """Load and cross-check every file; raise LibraryError listing all problems found.

    Personas in `extra_personas` folders (the bundled ones) fill in ids the workspace lacks.
    """
    base = _base(scenarios_dir, personas_dir)
    collect = Collector()
    for path in yaml_files(personas_dir):
        collect.add_persona(load_file(path, Persona, display_path(path, base)))
    for folder in extra_personas:
        for path in yaml_files(folder):
            collect.add_persona(
                load_file(path, Persona, display_path(path, folder.parent)), primary=False
            )
    for path in yaml_files(scenarios_dir):
        collect.add_scenario(load_file(path, Scenario, display_path(path, base)))
    return collect.finish()
