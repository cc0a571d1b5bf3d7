"""Evidence spans and quotes end on word boundaries: never "sounds really frustrat" nor "£14."

The detectors' spans are what the debrief quotes, so they are checked on the labelled lines the
detectors learn from (train and dev; the frozen test part is not read here).
"""

from __future__ import annotations

import csv

import pytest

from roleplay.debrief.call_facts import CallFacts, DetectedTurn
from roleplay.debrief.coaching import coach
from roleplay.debrief.model import MoodJump
from roleplay.debrief.quotes import MAX_QUOTE, matched_words, quote_at, sentence_around
from roleplay.detectors.detect import DetectContext, detections
from roleplay.detectors.history import EMPTY
from roleplay.detectors.model import bundled_model_path
from roleplay.detectors.sentences import sentence_spans, shorten, whole_words
from roleplay.scenarios.behaviours import Behaviour
from roleplay.sim.hints import _quote as hint_quote
from roleplay.transcript import Turn

CORPUS = bundled_model_path().parent

# Lines from the corpus (train.csv, set b3-s07; and a long one built from corpus phrases).
EXHAUSTING = (
    "Four months and ten calls, that sounds exhausting, and I can hear why you're dreading "
    "this one."
)
LONG = (
    "I've gone through the statement with you line by line and I can see the charge of £14.99 "
    "that came out on the third and the second one for £14.99 that came out on the fifth, which "
    "is the duplicate you spotted, and honestly that sounds really frustrating when you were "
    "already counting every pound this month, so I'm reversing the second one right now"
)


def _cuts(text: str, start: int, end: int) -> bool:
    return whole_words(text, start, end) != (start, end)


def _corpus_lines() -> list[tuple[str, str]]:
    rows: list[tuple[str, str]] = []
    for split in ("train", "dev"):
        with (CORPUS / f"{split}.csv").open(encoding="utf-8", newline="") as fh:
            rows += [(r["customer"], r["line"]) for r in csv.DictReader(fh)]
    return rows


def test_every_span_on_the_corpus_lines_is_whole_words() -> None:
    """One span cut "exhausting" to "exhaust" before; a number or word cut is a failure."""
    cut: list[str] = []
    for customer, line in _corpus_lines():
        ctx = DetectContext(customer_lines=EMPTY.then(customer) if customer else EMPTY)
        for found in detections(line, ctx):
            if _cuts(line, found.start, found.end) or not line[found.start : found.end].strip():
                cut.append(f"{found.behaviour.value}: {line[found.start : found.end]!r}")
    assert cut == []


def test_a_stem_match_is_quoted_as_the_whole_word() -> None:
    assert matched_words(EXHAUSTING, Behaviour.ACKNOWLEDGES_FEELING).endswith("exhausting")


def test_a_quote_from_a_very_long_sentence_is_the_clause_not_a_stem() -> None:
    """The rule matched 'that sounds really frustrat'; the quote used to be exactly that."""
    start = LONG.index("that sounds")
    end = LONG.index("frustrating") + len("frustrat")
    assert len(LONG) > MAX_QUOTE
    quote = sentence_around(LONG, start, end)
    assert quote == (
        "and honestly that sounds really frustrating when you were already counting every "
        "pound this month"
    )
    found = next(d for d in detections(LONG) if d.behaviour is Behaviour.ACKNOWLEDGES_FEELING)
    assert not _cuts(LONG, found.start, found.end)
    assert not _cuts(LONG, *_span_of(LONG, quote_at(LONG, (found.start, found.end))))


def _span_of(text: str, quote: str) -> tuple[int, int]:
    start = text.index(quote)
    return start, start + len(quote)


@pytest.mark.parametrize(
    ("text", "cut", "whole"),
    [
        ("It came to £14.99 in the end.", "£14", "£14.99"),
        ("It came to £14.99 in the end.", "4.9", "14.99"),
        ("That's 1,200 points.", "1,2", "1,200"),
        ("I don't know yet.", "don", "don't"),
        ("A follow-up call tomorrow.", "follow", "follow-up"),
        ("That sounds really frustrating.", "sounds really frustrat", "sounds really frustrating"),
    ],
)
def test_spans_widen_to_the_whole_word_or_number(text: str, cut: str, whole: str) -> None:
    start = text.index(cut)
    s, e = whole_words(text, start, start + len(cut))
    assert text[s:e] == whole


def test_titles_and_decimals_do_not_end_a_sentence() -> None:
    text = "Thank you, Mr. Haddad. The refund of £14.99 goes back today."
    assert [text[s:e] for s, e in sentence_spans(text)] == [
        "Thank you, Mr. Haddad.",
        "The refund of £14.99 goes back today.",
    ]


@pytest.mark.parametrize("limit", [12, 20, 33, 40, 57, 90])
def test_a_shortened_quote_never_ends_inside_a_word_or_number(limit: int) -> None:
    text = "Four minutes on hold, not paying for a service I can't use, and £14.99 a month too."
    short = shorten(text, limit)
    assert len(short) <= limit + 1
    body = short.rstrip("…").rstrip()
    assert text.startswith(body)
    assert not _cuts(text, 0, len(body))


def _turn(i: int, speaker: str, text: str) -> Turn:
    return Turn(id=i, speaker=speaker, text=text)  # type: ignore[arg-type]


def test_coaching_quotes_the_customer_without_cutting_a_word() -> None:
    """The customer's line was cut at 87 characters, mid-word, with '...'."""
    said = (
        "Four minutes on hold and then you come back and read me the same script about the "
        "outage window, honestly."
    )
    lines = EMPTY.then(said)
    ctx = DetectContext(customer_lines=lines)
    reply = _turn(2, "trainee", "Okay.")
    facts = CallFacts(trainee=[DetectedTurn(reply, detections(reply.text, ctx), ctx)])
    facts.jumps = [MoodJump(turn_id=2, before=40, after=52, delta=12, text="Okay.")]
    why = coach(facts)[0].why
    quoted = why.split('"')[1]
    body = quoted.rstrip("…").rstrip()
    assert said.startswith(body) and not _cuts(said, 0, len(body))


def test_a_hint_quotes_the_trainee_without_cutting_a_word() -> None:
    """The hint cut the line at 77 characters: '... must be an overwhelm...'."""
    line = (
        "I'm so sorry about your husband Raymond, and I know this must be an overwhelming "
        "amount to deal with right now."
    )
    quoted = hint_quote(_turn(3, "trainee", line)).split('"')[1]
    body = quoted.rstrip("…").rstrip(". ")
    assert line.startswith(body) and not _cuts(line, 0, len(body))
