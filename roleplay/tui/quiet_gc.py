"""Full garbage collections kept out of a customer line while it streams, done once it is read.

Streaming a line makes many short-lived objects; every so often Python then sweeps everything
the app holds, and on the call screen that sweep was the longest pause in a streaming line
(20-60 ms of CPU, stretched further on a busy machine). While a line streams, the full sweep
waits; when the line is on screen the sweep runs once, and what survives it is frozen (kept out
of later sweeps) until the call screen unfreezes it when the call ends.
"""

from __future__ import annotations

import gc
from typing import Final

PAUSE_AFTER_LINE_S: Final = 0.5
"""How long after a line is complete the deferred sweep runs (the trainee is reading it)."""

_streaming = 0
_saved: tuple[int, int, int] | None = None


def hold() -> None:
    """A line starts streaming: no full sweep until every streaming line has let go."""
    global _streaming, _saved
    if _saved is None:
        _saved = gc.get_threshold()
        gc.set_threshold(_saved[0], _saved[1], 1_000_000_000)
    _streaming += 1


def let_go(sweep_soon: bool = False) -> None:
    """A line stopped streaming (finished, replaced or dropped).

    With `sweep_soon` the thresholds stay raised until `sweep` runs: put back at once, the
    sweeps put off while the line streamed would all fall due in its last frame.
    """
    global _streaming
    if _streaming == 0:
        return
    _streaming -= 1
    if not sweep_soon:
        restore()


def restore() -> None:
    """Put the collector's thresholds back, unless a line is still streaming."""
    global _saved
    if _streaming == 0 and _saved is not None:
        gc.set_threshold(*_saved)
        _saved = None


def sweep() -> None:
    """The deferred full sweep, unless another line is streaming by now."""
    if _streaming == 0:
        gc.collect()
        gc.freeze()
        restore()


def streaming_lines() -> int:
    """How many lines hold the sweep back (0 between lines)."""
    return _streaming
