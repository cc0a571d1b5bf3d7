"""Turn pydantic validation errors into one plain-English line a trainer can act on.

Each line names the file, the line of the offending key (found in the YAML node tree), the field
as `rubric.criteria[1].weight`, what is wrong in words, the bad value, and where it can, the
likely fix: the nearest valid key or name, or the full list of valid ones.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

from pydantic import BaseModel
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from roleplay.scenarios.fields import ONE_PER_LINE
from roleplay.scenarios.models import SLUG_PATTERN

Loc = tuple[int | str, ...]
_WORD = re.compile(r"^[A-Za-z0-9_-]+$")


@dataclass(frozen=True)
class Problem:
    """One thing wrong in one file; `str()` is the line shown to the trainer."""

    path: str
    line: int
    field: str
    message: str

    def __str__(self) -> str:
        name = self.field if len(self.field) <= 80 else self.field[:77] + "..."
        where = f"{name}: " if name else ""
        return " ".join(f"{self.path}:{self.line}: {where}{self.message}".split())


# --------------------------------------------------------------------------- locating


def _is_data_part(part: int | str) -> bool:
    """False for pydantic's internal loc parts (union tags such as 'function-after[...]')."""
    return isinstance(part, int) or ("[" not in part and "(" not in part)


def field_path(loc: Loc) -> str:
    """A loc as trainers write it: `persona_overrides.triggers[2].delta`."""
    out = ""
    for part in loc:
        if not _is_data_part(part):
            continue
        if isinstance(part, int):
            out += f"[{part}]"
        elif not _WORD.match(part):
            out += f"[{part!r}]"
        else:
            out += f".{part}" if out else str(part)
    return out


class KeyIndex:
    """Each mapping node's keys, indexed the first time it is asked about.

    A file with thousands of unknown keys has thousands of problems to place; scanning the
    mapping for each one was quadratic (a 113 KB file took most of a minute).
    """

    def __init__(self) -> None:
        self._maps: dict[int, dict[str, tuple[ScalarNode, Node]]] = {}

    def get(self, node: MappingNode, key: str) -> tuple[ScalarNode, Node] | None:
        """The last `key: value` pair with this key (what the loaded data holds), or None."""
        found = self._maps.get(id(node))
        if found is None:
            found = {k.value: (k, v) for k, v in node.value if isinstance(k, ScalarNode)}
            self._maps[id(node)] = found
        return found.get(key)


def line_of(root: Node, loc: Loc, keys: KeyIndex | None = None) -> int:
    """The 1-based line of the key or list item a loc points at (a missing key: its parent's)."""
    keys = keys or KeyIndex()
    node = root
    line = root.start_mark.line + 1
    for part in loc:
        if not _is_data_part(part):
            continue
        if isinstance(node, MappingNode):
            pair = keys.get(node, str(part))
            if pair is None:
                break
            key_node, node = pair
            line = key_node.start_mark.line + 1
        elif isinstance(node, SequenceNode) and isinstance(part, int) and part < len(node.value):
            node = node.value[part]
            line = node.start_mark.line + 1
        else:
            break
    return line


def _node_at(root: Node, loc: Loc) -> Node | None:
    node: Node | None = root
    for part in loc:
        if isinstance(node, MappingNode):
            node = next(
                (v for k, v in node.value if isinstance(k, ScalarNode) and k.value == str(part)),
                None,
            )
        elif isinstance(node, SequenceNode) and isinstance(part, int) and part < len(node.value):
            node = node.value[part]
        else:
            return None
    return node


# Whole-model checks report at the model; these point them at the item they are about.
_ITEM_CHECKS = (
    (re.compile(r"^goal '([^']+)' waits for unknown"), "goals", ("detect", "after_facts"), 0),
    (re.compile(r"^goal '([^']+)' settles unknown"), "goals", ("settles",), 0),
    (re.compile(r"^fact '([^']+)' waits for unknown"), "facts", ("reveal", "after_facts"), 0),
    (re.compile(r"^fact ids must be unique; repeated: ([^,]+)"), "facts", ("id",), -1),
    (re.compile(r"^goal ids must be unique; repeated: ([^,]+)"), "goals", ("id",), -1),
    (re.compile(r"^criterion ids must be unique; repeated: ([^,]+)"), "criteria", ("id",), -1),
)


def refine_loc(root: Node, loc: Loc, message: str) -> Loc:
    """For a whole-model check naming an item by id, the loc of that item instead."""
    for pattern, list_key, rest, pick in _ITEM_CHECKS:
        found = pattern.match(message)
        if not found:
            continue
        items = _node_at(root, (*loc, list_key))
        if not isinstance(items, SequenceNode):
            return loc
        hits = [
            i
            for i, item in enumerate(items.value)
            if isinstance(node := _node_at(item, ("id",)), ScalarNode)
            and node.value == found.group(1)
        ]
        return (*loc, list_key, hits[pick], *rest) if hits else loc
    return loc


# --------------------------------------------------------------------------- schema look-ups


@cache
def _schema(model: type[BaseModel]) -> dict[str, Any]:
    return model.model_json_schema()


def _resolve(schema: dict[str, Any] | None, defs: dict[str, Any]) -> dict[str, Any] | None:
    while schema is not None:
        if "$ref" in schema:
            schema = defs.get(schema["$ref"].rsplit("/", 1)[-1])
        elif "anyOf" in schema:
            options = [s for s in schema["anyOf"] if s.get("type") != "null"]
            schema = options[0] if options else None
        else:
            return schema
    return None


def schema_at(model: type[BaseModel], loc: Loc) -> dict[str, Any] | None:
    """The JSON Schema of the value a loc points at (None when it cannot be followed)."""
    root = _schema(model)
    defs = root.get("$defs", {})
    schema = _resolve(root, defs)
    if len(loc) >= 2 and loc[-1] == "[key]":
        parent = schema_at(model, loc[:-2]) or {}
        return _resolve(parent.get("propertyNames"), defs)
    for part in loc:
        if schema is None:
            return None
        if part == "[key]":
            return None
        elif not _is_data_part(part):
            continue
        elif isinstance(part, int) and schema.get("type") == "array":
            schema = _resolve(schema.get("items"), defs)
        elif isinstance(part, str) and part in schema.get("properties", {}):
            schema = _resolve(schema["properties"][part], defs)
        elif isinstance(schema.get("additionalProperties"), dict):
            schema = _resolve(schema["additionalProperties"], defs)
        else:
            return None
    return schema


def valid_keys(model: type[BaseModel], loc: Loc) -> list[str]:
    """The field names allowed in the mapping a loc points into."""
    parent = schema_at(model, loc[:-1]) or {}
    return list(parent.get("properties", {}))


def nearest_first(word: str, choices: list[str]) -> list[str]:
    """Choices sorted by similarity to `word`, most similar first."""

    def score(choice: str) -> float:
        return difflib.SequenceMatcher(None, word.lower(), choice.lower()).ratio()

    return sorted(choices, key=lambda c: -score(c))


def suggestion(word: str, choices: list[str]) -> str:
    """`did you mean 'x'?` for a close match, else the empty string."""
    close = difflib.get_close_matches(word, choices, n=1, cutoff=0.6)
    return f"did you mean '{close[0]}'?" if close else ""


# --------------------------------------------------------------------------- messages


def show(value: Any) -> str:
    """A short, YAML-flavoured rendering of a bad value for a message."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "an empty value"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list | tuple):
        return "a list"
    if isinstance(value, str):
        text = value if len(value) <= 40 else value[:37] + "..."
        return repr(text)
    return str(value)


def _range(schema: dict[str, Any] | None, ctx: dict[str, Any]) -> str:
    schema = schema or {}
    low = schema.get("minimum", ctx.get("ge"))
    high = schema.get("maximum", ctx.get("le"))
    if low is not None and high is not None:
        return f"must be between {low} and {high}"
    if "gt" in ctx:
        return f"must be more than {ctx['gt']}"
    if "lt" in ctx:
        return f"must be less than {ctx['lt']}"
    return f"must be at least {low}" if low is not None else f"must be at most {high}"


def _enum_message(value: Any, choices: list[str], noun: str) -> str:
    if not isinstance(value, str):
        return f"must be one of: {', '.join(choices)} (got {show(value)})"
    if len(choices) <= 8:
        hint = suggestion(value, choices)
        lead = f"{hint} " if hint else ""
        return f"{show(value)} is not a known {noun}; {lead}choose one of: {', '.join(choices)}"
    ordered = nearest_first(value, choices)
    hint = suggestion(value, choices)
    lead = f"{hint} " if hint else ""
    return f"{show(value)} is not a known {noun}; {lead}valid ones: {', '.join(ordered)}"


def _noun(schema: dict[str, Any] | None) -> str:
    title = (schema or {}).get("title", "value")
    words = "".join(f" {c.lower()}" if c.isupper() else c for c in title).strip()
    return words or "value"


TYPE_WORDS = {
    "int_type": "must be a whole number",
    "int_parsing": "must be a whole number",
    "int_from_float": "must be a whole number",
    "float_type": "must be a number",
    "float_parsing": "must be a number",
    "bool_type": "must be true or false",
    "bool_parsing": "must be true or false",
    "string_type": "must be text",
    "list_type": "must be a list",
    "dict_type": "must be a mapping of keys to values",
    "model_type": "must be a mapping of fields",
    "model_attributes_type": "must be a mapping of fields",
}

RANGE_TYPES = {"greater_than_equal", "less_than_equal", "greater_than", "less_than"}


def message_for(model: type[BaseModel], error: Mapping[str, Any]) -> str:
    """The plain-English message for one pydantic error (without file, line or field)."""
    kind = error["type"]
    loc: Loc = tuple(error["loc"])
    value = error.get("input")
    ctx = error.get("ctx") or {}
    if kind == "missing":
        return "required, but missing"
    if kind == "extra_forbidden":
        name = str(loc[-1]) if loc else ""
        keys = valid_keys(model, loc)
        hint = suggestion(name, keys)
        return f"unknown field; {hint}" if hint else f"unknown field; valid here: {', '.join(keys)}"
    if kind in ("enum", "literal_error"):
        schema = schema_at(model, loc)
        choices = [str(c) for c in (schema or {}).get("enum", [])]
        if not choices:
            expected = str(ctx.get("expected", "")).replace(" or ", ",")
            choices = [c.strip(" '") for c in expected.split(",")]
        return _enum_message(value, choices, _noun(schema))
    if kind in RANGE_TYPES:
        return f"{_range(schema_at(model, loc), ctx)} (got {show(value)})"
    if kind in TYPE_WORDS:
        return f"{TYPE_WORDS[kind]} (got {show(value)})"
    if kind == "string_too_short":
        return "must not be empty"
    if kind == "string_too_long":
        return f"is too long ({len(str(value))} characters; at most {ctx.get('max_length')})"
    if kind == "string_pattern_mismatch":
        if ctx.get("pattern") == SLUG_PATTERN:
            return (
                "must be an id of lowercase letters, digits, '-' or '_', starting with a letter "
                f"or digit (got {show(value)})"
            )
        return f"must match the pattern {ctx.get('pattern')} (got {show(value)})"
    if kind == "too_short":
        least = ctx.get("min_length", 1)
        return f"needs at least {least} item{'s' if least != 1 else ''}"
    if kind == "too_long":
        return f"has too many items (at most {ctx.get('max_length')})"
    if kind == "value_error":
        return str(ctx.get("error", error["msg"])).removeprefix("Value error, ")
    return f"{error['msg'][:1].lower()}{error['msg'][1:]} (got {show(value)})"


MAX_PROBLEMS = 50  # per file: past this a trainer fixes the first ones and checks again


def problems_from_errors(
    path: str, root: Node, model: type[BaseModel], errors: Sequence[Mapping[str, Any]]
) -> list[Problem]:
    """One Problem per pydantic error, located in the file's node tree.

    Only the first MAX_PROBLEMS by line are worded (finding words and suggestions is the slow
    part); the rest are counted by `cap_problems`, so they come back with an empty message.
    """
    keys = KeyIndex()
    located = sorted(
        ((line_of(root, tuple(e["loc"]), keys), i) for i, e in enumerate(errors)),
    )
    out = []
    for rank, (line, i) in enumerate(located):
        error = errors[i]
        if rank >= MAX_PROBLEMS:
            out.append(Problem(path, line, "", ""))
            continue
        for message in message_for(model, error).split(ONE_PER_LINE):
            loc = refine_loc(root, tuple(error["loc"]), message)
            out.append(Problem(path, line_of(root, loc, keys), field_path(loc), message))
    return out


def located(path: str, root: Node, messages: Sequence[str]) -> list[Problem]:
    """Whole-scenario check messages as Problems, each at the item it names."""
    keys = KeyIndex()
    out = []
    for message in messages:
        loc = refine_loc(root, (), message)
        out.append(Problem(path, line_of(root, loc, keys), field_path(loc), message))
    return out


def cap_problems(problems: list[Problem]) -> list[Problem]:
    """A file's problems by line: the first MAX_PROBLEMS worded ones, then one counting the rest."""
    ordered = sorted(problems, key=lambda problem: problem.line)
    shown = [problem for problem in ordered if problem.message][:MAX_PROBLEMS]
    if len(shown) == len(ordered):
        return shown
    kept = set(map(id, shown))
    rest = [problem for problem in ordered if id(problem) not in kept]
    return [
        *shown,
        Problem(
            rest[0].path,
            rest[0].line,
            "",
            f"and {len(rest):,} more problem{'s' if len(rest) != 1 else ''} from this line on; "
            "fix the ones above and check again",
        ),
    ]
