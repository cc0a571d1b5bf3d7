"""Read one YAML file safely and keep its node tree, so every problem can name a line.

Trainers' files are untrusted input: this refuses huge files, binary junk, alias bombs, cycles
and duplicate keys before anything is built from them, and never constructs Python objects
beyond plain mappings, lists and scalars (PyYAML's safe loader). A value its tag cannot build
(`!!bool maybe`, a malformed `!!timestamp`, `!!binary` at all) is a problem on its own line,
never an exception from inside PyYAML.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from roleplay.scenarios.yaml_hints import char_at, line_at, syntax_error

MAX_BYTES = 1_000_000
_NOT_ALLOWED = yaml.reader.Reader.NON_PRINTABLE
# libyaml's parser when PyYAML has it (several times faster), else the pure-Python one; both safe.
_Base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
MAX_NODES = 50_000  # after alias expansion; a real scenario has a few hundred


class SourceError(Exception):
    """The file cannot be read as a YAML document; `line` is 1-based (1 when unknown)."""

    def __init__(self, line: int, message: str) -> None:
        super().__init__(message)
        self.line = line
        self.message = message


class _BadValue(yaml.YAMLError):
    """A scalar its (explicit or implied) tag cannot build, with the line it is on."""

    def __init__(self, line: int, message: str) -> None:
        super().__init__(message)
        self.line = line
        self.message = message


def _scalar_text(node: Node) -> str:
    value = node.value if isinstance(node, ScalarNode) else "..."
    return repr(value if len(value) <= 40 else value[:37] + "...")


def _refuse_binary(loader: yaml.BaseLoader, node: Node) -> Any:
    raise _BadValue(
        node.start_mark.line + 1,
        "binary data (!!binary) has no place in a scenario or persona file; write plain text",
    )


_AS = {"bool": "true or false", "int": "a whole number", "float": "a number", "timestamp": "a date"}


def _located(tag: str, construct: Any) -> Any:
    """`construct`, but any failure becomes a _BadValue naming the value and its line."""
    kind = tag.rsplit(":", 1)[-1]

    def checked(loader: yaml.BaseLoader, node: Node) -> Any:
        try:
            return construct(loader, node)
        except (yaml.YAMLError, RecursionError):
            raise
        except Exception:  # PyYAML's constructors raise KeyError, AttributeError, ValueError...
            mark = node.start_mark
            tagged = char_at(getattr(loader, "source_text", ""), mark) == "!"
            fix = f"remove the !!{kind} tag" if tagged else "quote it to keep it as text"
            raise _BadValue(
                mark.line + 1,
                f"the value {_scalar_text(node)} cannot be read as {_AS.get(kind, kind)}; {fix}",
            ) from None

    return checked


# _Base is chosen at run time (libyaml's CSafeLoader when built with it), so it is not a
# static type to mypy.
class _Loader(_Base):  # type: ignore[misc,valid-type]
    """The safe loader, with every constructor located and `!!binary` refused."""


for _tag, _construct in list(_Base.yaml_constructors.items()):
    if _tag is not None:
        _Loader.add_constructor(_tag, _located(_tag, _construct))
_Loader.add_constructor("tag:yaml.org,2002:binary", _refuse_binary)


@dataclass
class YamlSource:
    """A parsed file: the plain data, its node tree, and problems found in the tree itself."""

    data: Any
    root: Node
    duplicate_keys: list[tuple[int, str]]  # and quotes left open (see _runaway_quotes)


_KEY_LINE = re.compile(r"^\s*(- )?[A-Za-z_][\w -]*:(\s|$)")


def _runaway_quotes(root: Node, text: str) -> list[tuple[int, str]]:
    """Quoted values that ran on over a line that looks like a key: a quote left open.

    YAML reads `a: "2019` followed by `b: "x"` as one value, `2019 b: `, and drops the rest of
    the line as a comment; nothing fails, so the lost key must be caught here.
    """
    found: list[tuple[int, str]] = []
    stack = [root]
    while stack:
        node = stack.pop()
        if isinstance(node, MappingNode):
            stack.extend(part for pair in node.value for part in pair)
        elif isinstance(node, SequenceNode):
            stack.extend(node.value)
        elif (
            isinstance(node, ScalarNode)
            and node.style in ('"', "'")
            and node.end_mark.line > node.start_mark.line
        ):
            first, last = node.start_mark.line, node.end_mark.line
            keys = [n for n in range(first + 1, last + 1) if _KEY_LINE.match(line_at(text, n))]
            if keys:
                found.append(
                    (
                        first + 1,
                        f"the {node.style} opened here closes only on line {last + 1}, so line "
                        f"{keys[0] + 1} became part of this value; close the quote on line "
                        f"{first + 1}",
                    )
                )
    return sorted(found)


def _error_line(exc: yaml.YAMLError) -> int:
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    return mark.line + 1 if mark is not None else 1


def _decode(raw: bytes) -> str:
    if b"\x00" in raw:
        raise SourceError(1, "not a text file (it contains binary data); save it as UTF-8 YAML")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise SourceError(
            line, "not valid UTF-8 text (binary data or another encoding); save it as UTF-8"
        ) from None


def _check_tree(root: Node) -> list[tuple[int, str]]:
    """Count nodes as if aliases were expanded, refuse cycles, and collect duplicate keys."""
    sizes: dict[int, int] = {}
    active: set[int] = set()
    duplicates: list[tuple[int, str]] = []

    def size(node: Node) -> int:
        key = id(node)
        if key in sizes:
            return sizes[key]
        if key in active:
            raise SourceError(
                node.start_mark.line + 1, "a YAML alias refers to itself; remove the loop"
            )
        active.add(key)
        total = 1
        if isinstance(node, SequenceNode):
            for item in node.value:
                total += size(item)
                if total > MAX_NODES:
                    break
        elif isinstance(node, MappingNode):
            seen: dict[str, int] = {}
            for key_node, value_node in node.value:
                if isinstance(key_node, ScalarNode):
                    line = key_node.start_mark.line + 1
                    if key_node.value in seen:
                        duplicates.append(
                            (
                                line,
                                f"key {_scalar_text(key_node)} appears twice (first on line "
                                f"{seen[key_node.value]}); keep one",
                            )
                        )
                    seen.setdefault(key_node.value, line)
                total += size(key_node) + size(value_node)
                if total > MAX_NODES:
                    break
        active.discard(key)
        if total > MAX_NODES:
            raise SourceError(
                node.start_mark.line + 1,
                f"the document expands to more than {MAX_NODES} values "
                "(too many or nested aliases); write it out plainly",
            )
        sizes[key] = total
        return total

    size(root)
    return duplicates


def parse_yaml(text: str) -> YamlSource | None:
    """Parse one YAML document; None when it holds nothing. Raises SourceError."""
    bad = _NOT_ALLOWED.search(text)
    if bad:
        raise SourceError(
            text.count("\n", 0, bad.start()) + 1,
            f"contains a control character (#x{ord(bad.group()):04x}) that YAML does not allow; "
            "remove it",
        )
    loader = _Loader(text)
    loader.source_text = text
    try:
        root = loader.get_single_node()
        if root is None:
            return None
        duplicates = _check_tree(root) + _runaway_quotes(root, text)
        data = loader.construct_document(root)
    except _BadValue as exc:
        raise SourceError(exc.line, exc.message) from None
    except yaml.MarkedYAMLError as exc:
        raise SourceError(*syntax_error(exc, text)) from None
    except yaml.YAMLError as exc:
        raise SourceError(_error_line(exc), f"YAML syntax: {exc}") from None
    except RecursionError:
        raise SourceError(1, "the YAML is nested too deeply to read") from None
    except (ValueError, TypeError, OverflowError) as exc:
        raise SourceError(1, f"a value cannot be read: {exc}") from None
    finally:
        loader.dispose()
    return YamlSource(data=data, root=root, duplicate_keys=duplicates)


def read_yaml(path: Path) -> YamlSource | None:
    """Read and parse a file, with the size and encoding checks first. Raises SourceError."""
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise SourceError(
                1, f"file is too large ({size:,} bytes; the limit is {MAX_BYTES:,}); split it up"
            )
        raw = path.read_bytes()
    except OSError as exc:
        raise SourceError(1, f"cannot read the file: {exc.strerror or exc}") from None
    return parse_yaml(_decode(raw))
