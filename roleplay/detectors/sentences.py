"""Where a line splits into sentences, clauses and words: one rule for detection spans and quotes.

A full stop ends a sentence only when a space, a closing quote or the end of the line follows,
and not after a title ("Mr. Haddad"), so "£14.99", "3.5" and "v2.1" stay whole and a quote is
never cut at a decimal point. A span a pattern matched ("that sounds really frustrat", the stem
of "frustrating") is widened to whole words before anyone quotes it; a quote too long to show
whole is cut at a clause, else a word, and says so with "…".
"""

from __future__ import annotations

import re

_END = re.compile(r"[.!?]+[\"'\u2019\u201d)\]]*(?=\s|$)|\n")
_TITLE = re.compile(r"(?:^|[\s(\"'])(?:mr|mrs|ms|mx|dr|prof|rev|approx|vs|e\.g|i\.e)$", re.I)
"""A word before a full stop that does not end a sentence: "Mr. Haddad", "e.g. a refund"."""
_CLAUSE = re.compile(r"[,;:](?=\s)|\s[\u2013\u2014-]\s|\s\u2014|\u2014\s?")
_JOINERS = "'\u2019-"
"""Inside a word between two letters: "don't", "follow-up"."""


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """The (start, end) of each sentence of `text`, without surrounding space; never empty."""
    spans: list[tuple[int, int]] = []
    begin = 0
    for found in _END.finditer(text):
        if found.group(0) == "." and _TITLE.search(text, max(0, found.start() - 8), found.start()):
            continue
        _keep(spans, text, begin, found.end())
        begin = found.end()
    _keep(spans, text, begin, len(text))
    return spans or [(0, len(text))]


def _keep(spans: list[tuple[int, int]], text: str, start: int, end: int) -> None:
    piece = text[start:end]
    if piece.strip():
        lead = len(piece) - len(piece.lstrip())
        spans.append((start + lead, start + len(piece.rstrip())))


def sentence_around(text: str, start: int, end: int) -> str:
    """The sentence (or sentences) of `text` holding text[start:end], verbatim."""
    stop = max(end, start + 1)
    held = [(s, e) for s, e in sentence_spans(text) if e > start and s < stop]
    if not held:
        start, end = whole_words(text, start, end)
        return text[start:end].strip()
    return text[held[0][0] : held[-1][1]]


def _inside_word(text: str, i: int) -> bool:
    """True when position i (between text[i-1] and text[i]) falls inside a word or a number."""
    if i <= 0 or i >= len(text):
        return False
    before, after = text[i - 1], text[i]
    if before.isalnum() and after.isalnum():
        return True
    if after in _JOINERS or after in ".,":  # "don|'t", "14|.99", "1|,200"
        nxt = text[i + 1] if i + 1 < len(text) else ""
        if after in _JOINERS:
            return before.isalnum() and nxt.isalnum()
        return before.isdigit() and nxt.isdigit()
    if before in _JOINERS or before in ".,":  # "don'|t", "14.|99"
        prev = text[i - 2] if i >= 2 else ""
        if before in _JOINERS:
            return prev.isalnum() and after.isalnum()
        return prev.isdigit() and after.isdigit()
    return False


def whole_words(text: str, start: int, end: int) -> tuple[int, int]:
    """The span widened so it neither starts nor ends inside a word or a number."""
    start, end = max(0, start), min(len(text), max(start, end))
    while start > 0 and _inside_word(text, start):
        start -= 1
    while end < len(text) and _inside_word(text, end):
        end += 1
    return start, end


def clause_around(text: str, start: int, end: int) -> tuple[int, int]:
    """The clause (between commas, semicolons, colons or dashes) holding text[start:end]."""
    start, end = whole_words(text, start, end)
    held = [(s, e) for s, e in sentence_spans(text) if e > start and s < max(end, start + 1)]
    left, right = (held[0][0], held[-1][1]) if held else (0, len(text))
    for found in _CLAUSE.finditer(text, left, right):
        if found.end() <= start:
            left = found.end()
        elif found.start() >= end:
            right = found.start()
            break
    piece = text[left:right]
    lead = len(piece) - len(piece.lstrip())
    return left + lead, left + len(piece.rstrip())


def shorten(text: str, limit: int) -> str:
    """The text whole if it fits, else its beginning cut at a sentence, clause or word, with "…"."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    room = limit - 1
    ends = [e for _, e in sentence_spans(text) if e <= room]
    if ends and ends[-1] >= room // 2:
        return text[: ends[-1]] + " …"
    clauses = [m.start() for m in _CLAUSE.finditer(text) if m.start() <= room]
    if clauses and clauses[-1] >= room // 2:
        return text[: clauses[-1]].rstrip() + "…"
    cut = room
    while cut > 0 and _inside_word(text, cut):
        cut -= 1
    return (text[:cut].rstrip(" ,;:") or text[:room]) + "…"
