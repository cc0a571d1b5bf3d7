"""Auto-fail patterns: the one place that decides which are safe, and matches them in bounded time.

A trainer's regular expression runs over every trainee line in every debrief and report, so one
that backtracks catastrophically (`^(a+)+$` against thirty a's and a '!') would hang them all.
Two guards, because neither alone is enough:
- `pattern_problem` (used by the loader, so `validate` says it) refuses the shapes known to
  explode: a variable repeat inside another repeat, and repeat counts over MAX_REPEAT;
- `search` matches with the `regex` engine (same syntax as `re`) and a time limit, so a pattern
  that slips past the check costs a debrief MATCH_SECONDS once, and after SLOW_LIMIT of them
  the debrief checks no more, so it is slowed by about a second at worst, never hung.
"""

from __future__ import annotations

import re
from functools import lru_cache

# re's parser is the only way to see a pattern's structure (repeats, backreferences) as
# Python will run it; it has no public API or type stubs, hence the two ignores.
from re import _constants as sre  # type: ignore[attr-defined]
from re import _parser  # type: ignore[attr-defined]
from typing import Any

import regex

MAX_REPEAT = 1000
MATCH_SECONDS = 0.1  # one pattern on one line
SLOW_LIMIT = 10  # patterns that may run out of time in one call before the rest are skipped
FLAGS = regex.IGNORECASE | regex.VERSION0

_REPEATS = (sre.MAX_REPEAT, sre.MIN_REPEAT)
_UNBOUNDED = sre.MAXREPEAT


class PatternTimeout(Exception):
    """A pattern took longer than MATCH_SECONDS on one line."""


def _walk(items: Any, inside_repeat: bool) -> str | None:
    """The first dangerous shape in a parsed pattern, described for the trainer, or None."""
    for op, arg in items:
        if op in _REPEATS:
            low, high, body = arg
            count = low if high == _UNBOUNDED else max(low, high)
            if count > MAX_REPEAT:
                return (
                    f"repeats something {count:,} times; keep repeat counts to "
                    f"{MAX_REPEAT:,} or fewer"
                )
            varies = low != high and (high == _UNBOUNDED or high > 1)
            if inside_repeat and varies:
                return (
                    "has a repeat inside a repeat (like (a+)+), which can take minutes to match "
                    "some lines; rewrite it with a single repeat, e.g. (a+)+ as a+"
                )
            found = _walk(body, inside_repeat or high == _UNBOUNDED or high > 1)
        elif op is sre.SUBPATTERN:
            found = _walk(arg[-1], inside_repeat)
        elif op is sre.BRANCH:
            found = next((f for b in arg[1] if (f := _walk(b, inside_repeat))), None)
        elif op in (sre.ASSERT, sre.ASSERT_NOT):
            found = _walk(arg[1], inside_repeat)
        elif op is sre.ATOMIC_GROUP:
            found = _walk(arg, inside_repeat)
        elif op is sre.POSSESSIVE_REPEAT:
            found = _walk(arg[2], inside_repeat)
        elif op is sre.GROUPREF_EXISTS:
            found = next((f for b in arg[1:] if b and (f := _walk(b, inside_repeat))), None)
        else:
            continue  # literals, sets, anchors, back references
        if found:
            return found
    return None


def pattern_problem(pattern: str) -> str | None:
    """Why `pattern` cannot be an auto-fail pattern (invalid, or may never finish), or None."""
    try:
        parsed = _parser.parse(pattern)
        regex.compile(pattern, FLAGS)
    except (re.error, regex.error, OverflowError, RecursionError, ValueError) as exc:
        return f"pattern {pattern!r} is not a valid regular expression: {exc}"
    danger = _walk(parsed, inside_repeat=False)
    return f"pattern {pattern!r} {danger}" if danger else None


@lru_cache(maxsize=512)
def compiled(pattern: str) -> regex.Pattern[str]:
    """The pattern compiled once, case-insensitive (patterns come from validated files)."""
    return regex.compile(pattern, FLAGS)


def search(pattern: str, text: str, seconds: float = MATCH_SECONDS) -> regex.Match[str] | None:
    """The first match of `pattern` in `text`; PatternTimeout when it takes over `seconds`."""
    try:
        return compiled(pattern).search(text, timeout=seconds)
    except TimeoutError:
        raise PatternTimeout(pattern) from None
