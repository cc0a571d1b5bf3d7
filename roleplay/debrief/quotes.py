"""Verbatim quotes of the trainee: finding them for evidence, and checking a judge's claims.

Evidence is only worth showing if the trainee really said it. The heuristic grader cuts quotes
straight out of the turn; a model judge's quotes are checked against the turn they cite, with
only whitespace, quote marks and case normalised, and anything else is rejected.
"""

from __future__ import annotations

import re

from roleplay.detectors import sentences
from roleplay.detectors.detect import DetectContext, find
from roleplay.scenarios.behaviours import Behaviour
from roleplay.transcript import Transcript

MAX_QUOTE = 220

_QUOTE_MARKS = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201a": "'",
        "\u201b": "'",
        "\u2032": "'",
        "`": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u201f": '"',
        "\u2033": '"',
        "\u00ab": '"',
        "\u00bb": '"',
    }
)


def sentence_around(text: str, start: int, end: int) -> str:
    """The sentence of `text` holding text[start:end], verbatim; a very long one is cut to the
    clause (else the words) that hold the match, never inside a word or a number."""
    sentence = sentences.sentence_around(text, start, end).strip()
    if len(sentence) <= MAX_QUOTE:
        return sentence
    left, right = sentences.clause_around(text, start, end)
    if right - left > MAX_QUOTE:
        left, right = sentences.whole_words(text, start, end)
    return text[left:right].strip()


def _span(line: str, behaviour: Behaviour, ctx: DetectContext) -> tuple[int, int] | None:
    """The span the detector itself matched: one path for detection and evidence."""
    found = find(line, behaviour, ctx)
    return (found.start, found.end) if found else None


def quote_for(line: str, behaviour: Behaviour, ctx: DetectContext | None = None) -> str:
    """The sentence of a trainee line that shows `behaviour` (the whole line if unsure)."""
    return quote_at(line, _span(line, behaviour, ctx or DetectContext()))


def quote_at(line: str, span: tuple[int, int] | None) -> str:
    """The sentence of a line around a detector's span (the whole line if there is none)."""
    if span is None:
        return sentences.shorten(line, MAX_QUOTE)
    return sentence_around(line, *span)


def matched_words(line: str, behaviour: Behaviour, ctx: DetectContext | None = None) -> str:
    """Just the words that triggered a behaviour (e.g. 'calm down'), verbatim and whole."""
    span = _span(line, behaviour, ctx or DetectContext())
    if span is None:
        return ""
    start, end = sentences.whole_words(line, *span)
    return line[start:end].strip()


def matched_clause(line: str, behaviour: Behaviour, ctx: DetectContext | None = None) -> str:
    """The clause holding the words that triggered a behaviour, verbatim: "so that's your own
    fault really" rather than the bare match "that's your own", which says something else."""
    span = _span(line, behaviour, ctx or DetectContext())
    if span is None:
        return ""
    start, end = sentences.clause_around(line, *span)
    return line[start:end].strip()


def normalise(text: str) -> str:
    """Whitespace collapsed and curly quote marks straightened; nothing else changes."""
    return re.sub(r"\s+", " ", text.translate(_QUOTE_MARKS)).strip()


def _unwrap(quote: str) -> str:
    quote = normalise(quote)
    if len(quote) >= 2 and quote[0] == quote[-1] and quote[0] in "'\"":
        quote = quote[1:-1].strip()
    return quote


def _whole_words(text: str, start: int, end: int) -> bool:
    """True when text[start:end] neither starts nor ends inside a word ('I can' in 'I cannot')."""
    before = text[start - 1] if start > 0 else " "
    after = text[end] if end < len(text) else " "
    inner_start, inner_end = text[start], text[end - 1]
    cuts_left = before.isalnum() and inner_start.isalnum()
    cuts_right = after.isalnum() and inner_end.isalnum()
    return not (cuts_left or cuts_right)


def find_quote(text: str, quote: str) -> str | None:
    """`quote` as it appears in `text` (whitespace, quote marks and case aside), or None.

    The match must cover whole words, so a fragment that changes the meaning ('I can' out of
    'I cannot') is not a quote. A trailing full stop or comma the turn does not have is ignored.
    """
    wanted = _unwrap(quote)
    haystack = normalise(text)
    folded = haystack.lower()
    if len(folded) != len(haystack):
        folded = haystack
    for candidate in (wanted, wanted.rstrip(".,;:")):
        if len(candidate.strip()) < 2:
            continue
        needle = candidate.lower() if folded is not haystack else candidate
        start = folded.find(needle)
        while start >= 0:
            end = start + len(needle)
            if _whole_words(haystack, start, end):
                return haystack[start:end]
            start = folded.find(needle, start + 1)
    return None


def verify_quote(transcript: Transcript, turn_id: int, quote: str) -> str | None:
    """The quote as it appears in that trainee turn, or None if the trainee never said it there.

    Only whitespace, quote marks and letter case are normalised (and one pair of wrapping quote
    marks removed); a changed or added word, a word cut in half, a customer's line or an empty
    quote is rejected. The returned text is the trainee's own, as written.
    """
    turn = transcript.turn(turn_id)
    if turn is None or turn.speaker != "trainee":
        return None
    return find_quote(turn.text, quote)
