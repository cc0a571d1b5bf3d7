"""The rules that need the call's context: the customer's name, what they care about, jargon.

Each rule reads one trainee line together with what the detectors may know besides it (a
`DetectContext`): who the customer is, what they care about, what was said before (a jargon
term the customer used first is their word, not jargon). They live apart from the fixed
patterns in `rules.py` because they keep per-call state (which terms the customer has already
used) and read the call, not only the wording.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from roleplay.detectors.frame import frame_break
from roleplay.detectors.history import EMPTY, CallLines, LineIndex, index_for
from roleplay.detectors.jargon import DEFAULT_JARGON, abbreviations, spelled_together
from roleplay.detectors.repeats import repeats_question
from roleplay.scenarios.behaviours import Behaviour

B = Behaviour


@dataclass(frozen=True)
class DetectContext:
    """What the detectors may know besides the line itself.

    The lines said so far are kept as `CallLines` (any sequence given is turned into one), so a
    context costs the same to make, hash and compare at turn 5 as at turn 500.
    """

    customer_name: str = ""
    cares_about: tuple[str, ...] = ()
    customer_lines: Sequence[str] = EMPTY
    trainee_lines: Sequence[str] = EMPTY
    just_resumed: bool = False
    first_line: bool = False
    """The trainee's first line of a call (a call or its debrief says so; a single line tried
    alone does not): a hello there opens the call, so the greeting rule is trusted as it is."""

    def __post_init__(self) -> None:
        for name in ("customer_lines", "trainee_lines"):
            lines = getattr(self, name)
            if not isinstance(lines, CallLines):
                object.__setattr__(self, name, CallLines(lines))


Span = tuple[int, int]


def _name_used(line: str, ctx: DetectContext) -> Span | None:
    name = ctx.customer_name.strip()
    if not name:
        return None
    titled = re.search(r"\b(mr|mrs|ms|miss|mx)\.?\s+[A-Za-z]\w*", line, re.IGNORECASE)
    if titled:
        return titled.span()
    for part in (p for p in re.split(r"\s+", name) if len(p) > 1):
        found = re.search(rf"\b{re.escape(part)}\b", line, re.IGNORECASE)
        if found:
            return found.span()
    return None


def _personal_touch(line: str, ctx: DetectContext) -> Span | None:
    low = line.lower()
    for care in (c.strip() for c in ctx.cares_about):
        i = low.find(care.lower()) if care else -1
        if i >= 0:
            return i, i + len(care)
    return None


def _words_of(term: str) -> str:
    words = [re.escape(w) for w in re.split(r"[^a-z0-9]+", term.lower()) if w]
    return r"[^a-z0-9]+".join(words)


@lru_cache(maxsize=512)
def _term(term: str) -> re.Pattern[str]:
    return re.compile(r"(?<![a-z0-9])" + _words_of(term) + r"(?![a-z0-9])", re.IGNORECASE)


@lru_cache(maxsize=64)
def _any_term(terms: tuple[str, ...]) -> re.Pattern[str]:
    """One search for every term at once: most lines hold none, and then one search says so."""
    either = "|".join(f"(?:{_words_of(t)})" for t in terms)
    return re.compile(r"(?<![a-z0-9])(?:" + either + r")(?![a-z0-9])", re.IGNORECASE)


class _TermsHeard(LineIndex):
    """The customer's lines, each searched for a term at most once, as the call grows."""

    def __init__(self) -> None:
        super().__init__()
        self.lines: list[str] = []
        self.first: dict[str, int | None] = {}
        self.searched: dict[str, int] = {}

    def add(self, position: int, line: str) -> None:
        self.lines.append(spelled_together(line))

    def said_before(self, term: str, before: int) -> bool:
        """True when the customer used `term` in one of their first `before` lines."""
        first = self.first.get(term)
        if first is None:
            pattern = _term(term)
            start = self.searched.get(term, 0)
            found = (i for i in range(start, len(self.lines)) if pattern.search(self.lines[i]))
            first = next(found, None)
            self.searched[term] = len(self.lines)
            self.first[term] = first
        return first is not None and first < before


_TERMS_LOCK = threading.Lock()
_TERMS_HEARD: list[_TermsHeard] = []


def _jargon(line: str, ctx: DetectContext) -> Span | None:
    """A jargon term or abbreviation in the line, unless the customer used it first (then it
    is their word).

    The terms are one fixed list (`jargon.py`): scenarios carry no jargon of their own.
    """
    terms = DEFAULT_JARGON
    heard = CallLines(ctx.customer_lines)
    if _any_term(terms).search(line):
        for term in terms:
            found = _term(term).search(line)
            if found is None:
                continue
            if not _said_first(term, heard):
                return found.span()
    for word, span in abbreviations(line):
        if not _said_first(word, heard):
            return span
    return None


def _said_first(term: str, heard: CallLines) -> bool:
    with _TERMS_LOCK:
        return index_for(_TERMS_HEARD, heard, _TermsHeard).said_before(term, len(heard))


def _frame_break(line: str, ctx: DetectContext) -> Span | None:
    """The full frame-break rule: more wordings, folded text (full-width letters, zero-width
    characters) and the customer's speaker label."""
    return frame_break(line, ctx.customer_name)


def _repeats_question(line: str, ctx: DetectContext) -> Span | None:
    """A question whose content words were all already covered by the customer's answers."""
    return repeats_question(line, ctx.customer_lines, ctx.trainee_lines)


CONTEXT_RULES: dict[Behaviour, Callable[[str, DetectContext], Span | None]] = {
    B.USES_NAME: _name_used,
    B.PERSONAL_TOUCH: _personal_touch,
    B.JARGON: _jargon,
    B.REPEATS_QUESTION: _repeats_question,
    B.BREAKS_FRAME: _frame_break,
}
