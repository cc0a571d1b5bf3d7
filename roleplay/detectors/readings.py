"""How a line's score and its sentences' scores combine into one score per behaviour.

A line that does two things ("I'll post you the form today. Is there anything else I can help
with?") dilutes each behaviour's features, because features are normalised by the line's length.
So the model also scores each sentence on its own (same features, same customer line), and each
behaviour reads the two in one of these ways, chosen by cross-validation when the model is
trained and stored in the model file:

- "line": the whole line only (every model trained before sentences were read);
- "sentence": the best sentence only;
- "max": whichever of the line and its best sentence scores higher;
- "mean": halfway between the line and its best sentence.

A one-sentence line reads the same whichever way is chosen.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

READINGS = ("line", "sentence", "max", "mean")


def best_sentence(line: np.ndarray, sentences: np.ndarray | None) -> tuple[np.ndarray, np.ndarray]:
    """Per behaviour, the highest sentence score and which sentence gave it.

    `line` is one score per behaviour; `sentences` one row per sentence, or None for a line of
    one sentence, whose best sentence is the line itself (index 0).
    """
    if sentences is None or len(sentences) == 0:
        return line, np.zeros(len(line), dtype=np.int64)
    which = sentences.argmax(axis=0)
    return sentences[which, np.arange(sentences.shape[1])], which


def combine(line: np.ndarray, best: np.ndarray, readings: Sequence[str]) -> np.ndarray:
    """One score per behaviour from the line's score and its best sentence's, as each reads."""
    out = line.copy()
    for j, reading in enumerate(readings):
        out[..., j] = read(line[..., j], best[..., j], reading)
    return out


def read(line: np.ndarray, best: np.ndarray, reading: str) -> np.ndarray:
    """One behaviour's score (or a column of them) the way `reading` says."""
    if reading == "line":
        return line
    if reading == "sentence":
        return best
    if reading == "max":
        return np.maximum(line, best)
    if reading == "mean":
        return (line + best) / 2
    raise ValueError(f"unknown reading {reading!r}; expected one of {', '.join(READINGS)}")


def carried_by_sentence(line: np.ndarray, best: np.ndarray, readings: Sequence[str]) -> np.ndarray:
    """Per behaviour, whether its score came from a sentence rather than the whole line: then
    that sentence, not the line, is the evidence."""
    return np.array(
        [
            r == "sentence" or (r in ("max", "mean") and b > ln)
            for ln, b, r in zip(line, best, readings, strict=True)
        ],
        dtype=bool,
    )
