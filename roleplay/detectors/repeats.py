"""The repeated-question rule, with what was said before indexed once so a long call stays linear.

A trainee repeats a question when nearly all its content words were in an earlier question of
theirs and the customer has already said some of them. Asked naively, every line re-reads every
earlier line, which makes a call's detection (and so its debrief) quadratic in its length. Here
each side's earlier lines are indexed once, as the call grows: for the customer, the first line
each word was heard in; for the trainee, each distinct question's words, listed under every word
it contains. A line then looks up only the words it asks about.

The answer depends only on the line and the `DetectContext`, exactly as a plain rule would: an
index built for a longer history answers for any shorter prefix of it, and the indexes of the
few most recent calls are kept, so a call's lines, quotes and debrief share one.
"""

from __future__ import annotations

import re
import threading
from collections import Counter
from collections.abc import Sequence

from roleplay.detectors.history import CallLines, LineIndex, index_for
from roleplay.words import STOP_WORDS

Span = tuple[int, int]

_WORDS = re.compile(r"[a-z']+")
_STOP = STOP_WORDS | {"their", "please"}


def content_words(text: str) -> set[str]:
    """The words of a line that carry meaning: not stop words, longer than two letters."""
    return {w for w in _WORDS.findall(text.lower()) if w not in _STOP and len(w) > 2}


class _Heard(LineIndex):
    """The customer's lines: the first line each content word was said in."""

    def __init__(self) -> None:
        super().__init__()
        self.first: dict[str, int] = {}

    def add(self, position: int, line: str) -> None:
        for word in content_words(line):
            self.first.setdefault(word, position)

    def said_any(self, words: set[str], before: int) -> bool:
        """True when one of `words` was said in the first `before` lines."""
        return any(self.first.get(w, before) < before for w in words)


class _Asked(LineIndex):
    """The trainee's questions: each distinct set of content words, where it was first asked."""

    def __init__(self) -> None:
        super().__init__()
        self.first: list[int] = []
        self.ids: dict[frozenset[str], int] = {}
        self.having: dict[str, list[int]] = {}

    def add(self, position: int, line: str) -> None:
        if "?" not in line:
            return
        words = frozenset(content_words(line))
        if words in self.ids:
            return
        self.ids[words] = len(self.first)
        for word in words:
            self.having.setdefault(word, []).append(len(self.first))
        self.first.append(position)

    def overlaps(self, words: set[str], at_least: int, before: int) -> bool:
        """True when a question in the first `before` lines shares `at_least` of `words`."""
        shared: Counter[int] = Counter()
        for word in words:
            for question in self.having.get(word, ()):
                if self.first[question] >= before:
                    break  # ids grow with position, so the rest were asked later
                shared[question] += 1
                if shared[question] >= at_least:
                    return True
        return False


_LOCK = threading.Lock()
_HEARD: list[_Heard] = []
_ASKED: list[_Asked] = []


def repeats_question(
    line: str, customer_lines: Sequence[str], trainee_lines: Sequence[str]
) -> Span | None:
    """The question (up to its "?") when it asks again for something already answered."""
    if "?" not in line or not customer_lines:
        return None
    asked = content_words(line.split("?")[0])
    if len(asked) < 2:
        return None
    heard_lines, asked_lines = CallLines(customer_lines), CallLines(trainee_lines)
    with _LOCK:
        heard = index_for(_HEARD, heard_lines, _Heard)
        earlier = index_for(_ASKED, asked_lines, _Asked)
        at_least = max(2, int(0.8 * len(asked)))
        if not earlier.overlaps(asked, at_least, len(asked_lines)):
            return None
        if not heard.said_any(asked, len(heard_lines)):
            return None
    return 0, line.index("?") + 1
