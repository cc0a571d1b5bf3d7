"""The n-gram model's scores and the transformer reader's, blended into one decision.

The blend is the one measured on the dev split (`bench/detector_finetune.py`): each behaviour's
n-gram score is moved so that its own threshold sits at 0.5 (and kept within 0 and 1), averaged
half and half with the reader's probability, and heard at 0.5. The result is moved back onto the
model's threshold, so the rest of detection (thresholds, evidence, the rude-or-boundary choice,
a behaviour its rules decide alone) reads it like any score. Every behaviour the reader was
trained on is blended: on dev the phrasing ones went from 0.694 to 0.737 and the ones with rules
of their own from 0.783 to 0.848. The reader's answers are kept per customer line and trainee
line: a call graded again, or a line met in another call, costs nothing the second time.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np

from roleplay.detectors.model import PhrasingModel
from roleplay.detectors.transformer import Reader

WEIGHT = 0.5
"""The n-gram model's share; dev phrasing macro-F1 0.743 / 0.740 / 0.732 at 0.3 / 0.5 / 0.7."""


@lru_cache(maxsize=32768)
def reader_probabilities(reader: Reader, customer: str, line: str) -> np.ndarray:
    """The reader's probability per label for one pair (cached; do not modify the array)."""
    probabilities = reader.probabilities(customer, line)
    probabilities.flags.writeable = False
    return probabilities


def blended(
    model: PhrasingModel, reader: Reader, scores: np.ndarray, customer: str, line: str
) -> np.ndarray:
    """`scores` (the model's, one per label) plus the reader's where it knows the label."""
    heard = reader_probabilities(reader, customer, line)
    out = scores.copy()
    for j, behaviour in enumerate(model.labels):
        if behaviour not in reader.labels:
            continue
        threshold = float(model.thresholds[j])
        centred = min(1.0, max(0.0, float(scores[j]) - threshold + 0.5))
        together = WEIGHT * centred + (1 - WEIGHT) * float(heard[reader.labels.index(behaviour)])
        out[j] = together - 0.5 + threshold
    return out
