"""What one side of a call has said so far, shared from turn to turn.

Every trainee line is detected in the context of the whole call before it. Copying the call's
lines into each turn's context made a long call's detection (and its debrief) quadratic: each
turn copied, hashed and compared every earlier line, and kept its own copy alive. Here the
lines so far are a chain: a turn's history is the previous turn's plus one line, with its
length and hash known at once. Equal histories are one object (they are made through one table),
so comparing two turns' contexts, or a call's contexts with the same call graded again, costs
the same however long the call is.
"""

from __future__ import annotations

import threading
import weakref
from collections.abc import Iterable, Iterator, Sequence
from typing import TypeVar, overload


class CallLines(Sequence[str]):
    """The lines said so far, oldest first; `then(line)` is the history one line longer."""

    __slots__ = ("__weakref__", "_before", "_hash", "_len", "_line")

    _before: CallLines | None
    _line: str
    _len: int
    _hash: int

    def __new__(cls, lines: Iterable[str] = ()) -> CallLines:
        if isinstance(lines, CallLines):
            return lines
        history = EMPTY
        for line in lines:
            history = history.then(line)
        return history

    @classmethod
    def _make(cls, before: CallLines | None, line: str) -> CallLines:
        made = object.__new__(cls)
        made._before = before
        made._line = line
        made._len = 0 if before is None else before._len + 1
        made._hash = hash((made._len, None if before is None else before._hash, line))
        return made

    def then(self, line: str) -> CallLines:
        """This history with `line` said after it (the same object for the same lines)."""
        key = (self, line)
        with _LOCK:
            found = _MADE.get(key)
            if found is None:
                found = _MADE[key] = CallLines._make(self, line)
        return found

    @property
    def last(self) -> str:
        """The newest line ("" when nothing has been said)."""
        return self._line

    def __len__(self) -> int:
        return self._len

    def __hash__(self) -> int:
        return self._hash

    def __eq__(self, other: object) -> bool:
        if self is other:
            return True
        if isinstance(other, CallLines):
            if self._len != other._len or self._hash != other._hash:
                return False
            return tuple(self) == tuple(other)
        if isinstance(other, tuple):
            return tuple(self) == other
        return NotImplemented

    def prefix(self, length: int) -> CallLines:
        """The first `length` lines (walks back from the newest)."""
        history = self
        while history._len > max(0, length):
            assert history._before is not None
            history = history._before
        return history

    def __iter__(self) -> Iterator[str]:
        return iter(self._lines())

    def __reversed__(self) -> Iterator[str]:
        history: CallLines = self
        while history._before is not None:
            yield history._line
            history = history._before

    def _lines(self) -> list[str]:
        lines = list(reversed(self))
        lines.reverse()
        return lines

    @overload
    def __getitem__(self, index: int) -> str: ...

    @overload
    def __getitem__(self, index: slice) -> Sequence[str]: ...

    def __getitem__(self, index: int | slice) -> str | Sequence[str]:
        if isinstance(index, slice):
            return tuple(self._lines()[index])
        position = index + self._len if index < 0 else index
        if not 0 <= position < self._len:
            raise IndexError("no such line")
        return self.prefix(position + 1)._line

    def __repr__(self) -> str:
        return f"CallLines({self._lines()!r})"

    def __reduce__(self) -> tuple[type[CallLines], tuple[tuple[str, ...]]]:
        return CallLines, (tuple(self),)


_LOCK = threading.Lock()
_MADE: weakref.WeakValueDictionary[tuple[CallLines, str], CallLines] = weakref.WeakValueDictionary()
EMPTY = CallLines._make(None, "")
"""Nothing said yet: every history starts here."""


class LineIndex:
    """Something learnt from each line of one history, once, as the call grows (`add`)."""

    def __init__(self) -> None:
        self.histories: list[CallLines] = [EMPTY]

    def covers(self, lines: CallLines) -> bool:
        """Extend the index to `lines` if they continue it; False if they are another history.

        An index built for a longer history answers for any shorter prefix of it.
        """
        known = len(self.histories) - 1
        if len(lines) <= known:
            return self.histories[len(lines)] == lines
        if lines.prefix(known) != self.histories[known]:
            return False
        new = [lines]
        while len(new[-1]) > known + 1:
            before = new[-1]._before
            assert before is not None
            new.append(before)
        for history in reversed(new):
            self.add(len(history) - 1, history.last)
            self.histories.append(history)
        return True

    def add(self, position: int, line: str) -> None:
        raise NotImplementedError


Index = TypeVar("Index", bound=LineIndex)

KEPT = 4
"""Indexes kept per kind: the call being graded and a few others (tests, a review app)."""


def index_for(kept: list[Index], lines: CallLines, make: type[Index]) -> Index:
    """The kept index that covers `lines` (extended to them), else a new one; the caller locks."""
    for i, index in enumerate(kept):
        if index.covers(lines):
            kept.insert(0, kept.pop(i))
            return index
    index = make()
    index.covers(lines)
    kept.insert(0, index)
    del kept[KEPT:]
    return index
