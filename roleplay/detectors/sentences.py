"""Where a line splits into sentences: one rule for detection spans and debrief quotes.

A full stop ends a sentence only when a space, a closing quote or the end of the line follows,
so "£14.99", "3.5" and "v2.1" stay whole and a quote is never cut at a decimal point.
"""

from __future__ import annotations

import re

_END = re.compile(r"[.!?]+[\"'\u2019\u201d)\]]*(?=\s|$)|\n")


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """The (start, end) of each sentence of `text`, without surrounding space; never empty."""
    spans: list[tuple[int, int]] = []
    begin = 0
    for found in _END.finditer(text):
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
        return text[start:end].strip()
    return text[held[0][0] : held[-1][1]]
