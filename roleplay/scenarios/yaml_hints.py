"""The likely fix for a YAML syntax error, read from PyYAML's words and the lines around it.

PyYAML says what it expected ("mapping values are not allowed in this context"); a trainer
needs to hear what to change (a missing ':', a quote left open, a line indented too far). Apart
from yaml_source.py, which reads a file safely; this only words what went wrong.
"""

from __future__ import annotations

import yaml


def char_at(text: str, mark: yaml.Mark | None) -> str:
    """The character at a mark ("" past a line's end): a tab or a tag's '!' changes the fix."""
    if mark is None:
        return ""
    lines = text.splitlines()
    line = lines[mark.line] if mark.line < len(lines) else ""
    return line[mark.column] if mark.column < len(line) else ""


def syntax_message(exc: yaml.MarkedYAMLError, text: str) -> str:
    """PyYAML's complaint with its column, where an open bracket or quote began, and the fix."""
    return syntax_error(exc, text)[1]


def syntax_error(exc: yaml.MarkedYAMLError, text: str) -> tuple[int, str]:
    """The 1-based line to edit and the message: the line the likely fix names (where a quote,
    bracket or key began) when it names one, else the line where PyYAML noticed the problem."""
    noticed = exc.problem_mark.line + 1 if exc.problem_mark else 1
    problem = (exc.problem or exc.context or "not valid YAML").strip()
    if char_at(text, exc.problem_mark) == "\t":
        return noticed, "YAML syntax: a tab character is used for indentation; indent with spaces"
    if "another document" in problem:
        return noticed, "the file holds more than one YAML document ('---'); keep one per file"
    if "could not determine a constructor" in problem:
        tag = problem.split("tag ", 1)[-1]
        return noticed, f"YAML tags such as {tag} are not allowed; remove the tag"
    if "'\\t'" in problem:
        return noticed, "YAML syntax: a tab character is used for indentation; indent with spaces"
    fix, fix_line = _likely_fix(exc, text)
    line = fix_line + 1 if fix_line is not None and fix_line >= 0 else noticed
    column = exc.problem_mark.column + 1 if exc.problem_mark else 0
    if column and line != noticed:
        where = f" (noticed on line {noticed}, column {column})"
    else:
        where = f" (column {column})" if column else ""
    opened = ""
    start, end = exc.context_mark, exc.problem_mark
    if exc.context and start and end and start.line != end.line:
        opened = f"; {exc.context.strip()} that starts on line {start.line + 1}"
    message = f"YAML syntax: {problem}{where}{opened}" + (f"; likely fix: {fix}" if fix else "")
    return line, message


def line_at(text: str, index: int) -> str:
    """The line at a 0-based index ("" when there is none)."""
    lines = text.splitlines()
    return lines[index] if 0 <= index < len(lines) else ""


def _above(text: str, index: int) -> tuple[int, str]:
    """The nearest line above `index` that holds something other than a comment."""
    for number in range(index - 1, -1, -1):
        line = line_at(text, number)
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


def _unclosed_quote(text: str, first: int, last: int) -> tuple[str, int | None]:
    """The fix when a quote opened on an earlier line ran on and swallowed the lines after it."""
    for number in range(max(first, 0), last):
        quote = _opens_quote(line_at(text, number))
        if quote:
            return (
                f"the {quote} opened on line {number + 1} is not closed on that line, so the "
                f"lines after it were read as part of the text; close it on line {number + 1}"
            ), number
    return "", None


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


def _inside_closed_bracket(
    text: str, start: yaml.Mark | None, end: yaml.Mark | None, closer: str
) -> str:
    """The fix when the bracket is closed later on the same line: the entries in it are run
    together (a missing ',') or a quote in them is missing or extra ('' when neither)."""
    if start is None or end is None or start.line != end.line:
        return ""
    here = line_at(text, end.line)
    if closer not in _code(here)[end.column :]:
        return ""
    before = here[: end.column].rstrip()
    if before.endswith(("'", '"')):
        return (
            f"a quote before column {end.column + 1} is missing or extra; give each entry "
            "between the brackets its own pair of quotes"
        )
    return f"a ',' is missing before column {end.column + 1}, between two entries"


def _likely_fix(exc: yaml.MarkedYAMLError, text: str) -> tuple[str, int | None]:
    """What a trainer most likely has to change, read from PyYAML's words and the lines, and the
    0-based line it names (None when it names none)."""
    problem = exc.problem or ""
    context = exc.context or ""
    start, end = exc.context_mark, exc.problem_mark
    opened_on = start.line + 1 if start else 0
    if "quoted scalar" in context:
        quote = char_at(text, start) or "quote"
        return (
            f"close the {quote} opened on line {opened_on}, or remove it",
            start.line if start else None,
        )
    for bracket, closer in (("flow sequence", "]"), ("flow mapping", "}")):
        if bracket in context:
            opener = "[" if closer == "]" else "{"
            inside = _inside_closed_bracket(text, start, end, closer)
            if inside:
                return inside, end.line if end else None
            return (
                f"close the '{opener}' opened on line {opened_on} with '{closer}', "
                "or quote the value if the bracket is meant as text"
            ), start.line if start else None
    if end is None:
        return "", None
    here = line_at(text, end.line)
    number, above = _above(text, end.line)
    if "could not find expected ':'" in problem and start is not None:
        return f"add a ':' after the key on line {opened_on} (key: value)", start.line
    if "mapping values are not allowed" in problem:
        code = _code(here)
        value = code.split(": ", 1)[1] if ": " in code else ""
        if ":" in value and not value.lstrip().startswith(("'", '"')):
            return "the value holds ': '; put the whole value in quotes", end.line
        if above and ":" not in _code(above):
            return f"line {number + 1} is missing a ':' after its key (key: value)", number
        if above and _indent(here) > _indent(above):
            return (
                f"line {end.line + 1} is indented more than line {number + 1}; "
                "indent keys of one mapping by the same amount"
            ), end.line
        return "check the indentation, or quote a value that holds ': '", end.line
    early = _quote_closed_early(here, end.column)
    if early:
        return early, end.line
    unclosed, line = _unclosed_quote(text, start.line if start else end.line - 30, end.line)
    if unclosed:
        return unclosed, line
    if "expected" in problem and ("block" in context or "<block end>" in problem):
        if above and _lacks_colon(above) and _indent(above) == _indent(here):
            return f"line {number + 1} is missing a ':' after its key (key: value)", number
        return (
            f"line {end.line + 1} is not indented like the lines above it; items of one list "
            "and keys of one mapping need the same indentation"
        ), end.line
    return "", None
