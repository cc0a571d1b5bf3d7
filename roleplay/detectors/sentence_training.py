"""Training's side of reading sentences: which sentence rows to fit on, and how each behaviour
reads a line, chosen on out-of-fold scores.

Labels are given per line, so a sentence of a line is not labelled by itself. Two ways of fitting
on sentences are measured (`bench/detectors.py --sentences`):

- "inherit": every sentence of a line of several takes the line's labels (a sentence of a
  positive line may not show the behaviour: noisy positives);
- "negatives": a sentence counts only for the behaviours its line does not show, as a negative
  (a line that does not show a behaviour shows it in none of its sentences); for the others it
  is left out.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from roleplay.detectors.readings import READINGS, read

SENTENCE_ROWS = ("none", "inherit", "negatives")
CHOOSE = "choose"
"""The reading setting that picks each behaviour's reading by its out-of-fold F1."""


@dataclass(frozen=True)
class SentenceRows:
    """Extra rows to fit on: each sentence's features, targets, and which labels it counts for."""

    feature_sets: list[set[str]]
    targets: np.ndarray  # (rows, labels) 0/1
    counts: np.ndarray  # (rows, labels) bool


def sentence_rows(
    sentence_sets: Sequence[Sequence[set[str]]], y: np.ndarray, how: str
) -> SentenceRows | None:
    """The sentence rows of the lines given (their sentences' features and their labels `y`)."""
    if how == "none":
        return None
    if how not in SENTENCE_ROWS:
        raise ValueError(f"unknown sentence rows {how!r}; expected one of {SENTENCE_ROWS}")
    feats: list[set[str]] = []
    targets: list[np.ndarray] = []
    counts: list[np.ndarray] = []
    for sentences, labels in zip(sentence_sets, y, strict=True):
        for one in sentences:
            feats.append(one)
            if how == "inherit":
                targets.append(labels)
                counts.append(np.ones(len(labels), dtype=bool))
            else:
                targets.append(np.zeros(len(labels), dtype=np.int8))
                counts.append(labels == 0)
    if not feats:
        return None
    return SentenceRows(feats, np.array(targets, dtype=np.int8), np.array(counts, dtype=bool))


def threshold_and_f1(probs: np.ndarray, truth: np.ndarray, grid: np.ndarray) -> tuple[float, float]:
    """The threshold on `grid` with the best F1, and that F1 (the lowest threshold on a tie)."""
    best, best_f1 = 0.5, -1.0
    for t in grid:
        guess = probs >= t
        tp = int((guess & (truth == 1)).sum())
        fp = int((guess & (truth == 0)).sum())
        fn = int((~guess & (truth == 1)).sum())
        f1 = 2 * tp / max(1, 2 * tp + fp + fn)
        if f1 > best_f1 + 1e-9:
            best, best_f1 = float(t), f1
    return best, best_f1


def choose_readings(
    line: np.ndarray, best: np.ndarray, y: np.ndarray, reading: str, grid: np.ndarray
) -> tuple[list[str], np.ndarray]:
    """Each label's reading and threshold from out-of-fold scores of lines and best sentences.

    `reading` is one of READINGS for all labels, or "choose": per label the reading with the best
    out-of-fold F1, the whole line winning a tie (it is what every earlier model did).
    """
    options = READINGS if reading == CHOOSE else (reading,)
    readings: list[str] = []
    thresholds = np.zeros(y.shape[1], dtype=np.float32)
    for j in range(y.shape[1]):
        best_f1, chosen = -1.0, options[0]
        for option in options:
            t, f1 = threshold_and_f1(read(line[:, j], best[:, j], option), y[:, j], grid)
            if f1 > best_f1 + 1e-9:
                best_f1, chosen, thresholds[j] = f1, option, t
        readings.append(chosen)
    return readings, thresholds
