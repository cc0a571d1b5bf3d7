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
            tagged = _at_mark(getattr(loader, "source_text", ""), mark) == "!"
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


def _at_mark(text: str, mark: yaml.Mark | None) -> str:
    if mark is None:
        return ""
    lines = text.splitlines()
    line = lines[mark.line] if mark.line < len(lines) else ""
    return line[mark.column] if mark.column < len(line) else ""


def _syntax_message(exc: yaml.MarkedYAMLError, text: str) -> str:
    problem = (exc.problem or exc.context or "not valid YAML").strip()
    if _at_mark(text, exc.problem_mark) == "\t":
        return "YAML syntax: a tab character is used for indentation; indent with spaces"
    if "another document" in problem:
        return "the file holds more than one YAML document ('---'); keep one per file"
    if "could not determine a constructor" in problem:
        return f"YAML tags such as {problem.split('tag ', 1)[-1]} are not allowed; remove the tag"
    if "'\\t'" in problem:
        return "YAML syntax: a tab character is used for indentation; indent with spaces"
    column = exc.problem_mark.column + 1 if exc.problem_mark else 0
    where = f" (column {column})" if column else ""
    opened = ""
    start, end = exc.context_mark, exc.problem_mark
    if exc.context and start and end and start.line != end.line:
        opened = f"; {exc.context.strip()} that starts on line {start.line + 1}"
    fix = _likely_fix(exc, text)
    return f"YAML syntax: {problem}{where}{opened}" + (f"; likely fix: {fix}" if fix else "")


def _line(text: str, index: int) -> str:
    lines = text.splitlines()
    return lines[index] if 0 <= index < len(lines) else ""


def _above(text: str, index: int) -> tuple[int, str]:
    """The nearest line above `index` that holds something other than a comment."""
    for number in range(index - 1, -1, -1):
        line = _line(text, number)
        if line.strip() and not line.lstrip().startswith("#"):
            return number, line
    return -1, ""


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" -"))


def _code(line: str) -> str:
    """The line without a trailing comment (a '#' after a space, outside quotes)."""
    quote = ""
    for i, char in enumerate(line):
        if quote:
            quote = "" if char == quote else quote
        elif char in "'\"":
            quote = char
        elif char == "#" and (i == 0 or line[i - 1] in " \t"):
            return line[:i].rstrip()
    return line.rstrip()


def _lacks_colon(line: str) -> bool:
    """A `key value` line: words with no ':' where a key was due (not a list item or quote)."""
    code = _code(line).strip()
    return bool(code) and ":" not in code and not code.startswith(("-", "'", '"', "[", "{"))


def _opens_quote(line: str) -> str:
    """The quote a line's value opens and does not close on the line ('' when none)."""
    value = _code(line).lstrip(" -")
    value = value.split(": ", 1)[1].lstrip() if ": " in value else value
    if value.startswith('"') and value.replace('\\"', "").count('"') % 2:
        return '"'
    if value.startswith("'") and (len(value) == 1 or not value.endswith("'")):
        return "'"
    return ""


def _unclosed_quote(text: str, first: int, last: int) -> str:
    """The fix when a quote opened on an earlier line ran on and swallowed the lines after it."""
    for number in range(max(first, 0), last):
        quote = _opens_quote(_line(text, number))
        if quote:
            return (
                f"the {quote} opened on line {number + 1} is not closed on that line, so the "
                f"lines after it were read as part of the text; close it on line {number + 1}"
            )
    return ""


def _quote_closed_early(here: str, column: int) -> str:
    """The fix when a quoted value ends before the text does (`'I'd like'`, `"a" b`)."""
    before = here[:column].rstrip()
    if not before.endswith(("'", '"')):
        return ""
    quote = before[-1]
    value = before[:-1]
    opened = max(value.rfind(": " + quote), value.rfind("- " + quote))
    if opened < 0 and not value.lstrip().startswith(quote):
        return ""
    if quote == "'" and value[-1:].isalpha() and here[column : column + 1].isalpha():
        return (
            "an apostrophe ends a value in single quotes; write it twice ('') "
            "or put the whole value in double quotes"
        )
    return "text follows a closing quote; put the whole value inside the quotes"


def _likely_fix(exc: yaml.MarkedYAMLError, text: str) -> str:
    """What a trainer most likely has to change, read from PyYAML's words and the lines."""
    problem = exc.problem or ""
    context = exc.context or ""
    start, end = exc.context_mark, exc.problem_mark
    opened_on = start.line + 1 if start else 0
    if "quoted scalar" in context:
        quote = _at_mark(text, start) or "quote"
        return f"close the {quote} opened on line {opened_on}, or remove it"
    for bracket, closer in (("flow sequence", "]"), ("flow mapping", "}")):
        if bracket in context:
            opener = "[" if closer == "]" else "{"
            return (
                f"close the '{opener}' opened on line {opened_on} with '{closer}', "
                "or quote the value if the bracket is meant as text"
            )
    if end is None:
        return ""
    here = _line(text, end.line)
    number, above = _above(text, end.line)
    if "could not find expected ':'" in problem and start is not None:
        return f"add a ':' after the key on line {opened_on} (key: value)"
    if "mapping values are not allowed" in problem:
        code = _code(here)
        value = code.split(": ", 1)[1] if ": " in code else ""
        if ":" in value and not value.lstrip().startswith(("'", '"')):
            return "the value holds ': '; put the whole value in quotes"
        if above and ":" not in _code(above):
            return f"line {number + 1} is missing a ':' after its key (key: value)"
        if above and _indent(here) > _indent(above):
            return (
                f"line {end.line + 1} is indented more than line {number + 1}; "
                "indent keys of one mapping by the same amount"
            )
        return "check the indentation, or quote a value that holds ': '"
    early = _quote_closed_early(here, end.column)
    if early:
        return early
    unclosed = _unclosed_quote(text, start.line if start else end.line - 30, end.line)
    if unclosed:
        return unclosed
    if "expected" in problem and ("block" in context or "<block end>" in problem):
        if above and _lacks_colon(above) and _indent(above) == _indent(here):
            return f"line {number + 1} is missing a ':' after its key (key: value)"
        return (
            f"line {end.line + 1} is not indented like the lines above it; items of one list "
            "and keys of one mapping need the same indentation"
        )
    return ""


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
            keys = [n for n in range(first + 1, last + 1) if _KEY_LINE.match(_line(text, n))]
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
        raise SourceError(_error_line(exc), _syntax_message(exc, text)) from None
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
