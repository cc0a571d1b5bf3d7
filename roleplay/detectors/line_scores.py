"""A line's score per behaviour, read whole and sentence by sentence, as the model file says.

One function for the call, the debrief, training's figures and the benches, so a line is decided
the same way wherever it is scored; see `readings` for why sentences are read at all.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from roleplay.detectors.blend import blended
from roleplay.detectors.features import features
from roleplay.detectors.model import PhrasingModel
from roleplay.detectors.readings import best_sentence, carried_by_sentence, combine
from roleplay.detectors.sentences import sentence_spans
from roleplay.detectors.transformer import Reader
from roleplay.scenarios.behaviours import Behaviour

Span = tuple[int, int]


@dataclass(frozen=True)
class LineScores:
    """Each behaviour's score, and the sentence that scored highest for it on its own."""

    scores: np.ndarray
    best_sentence: tuple[Span, ...]
    """Per label: the sentence of the line scoring highest for it (the line's only sentence,
    when it has one)."""
    from_sentence: np.ndarray
    """Per label: True when the score came from that sentence rather than the whole line."""
    sentences_read: bool
    """False when a line of several sentences was scored whole only (then `best_sentence` is
    not known: score it again with `always_sentences`)."""


def sentence_probabilities(
    model: PhrasingModel, line: str, customer: str, spans: list[Span]
) -> np.ndarray | None:
    """One row of scores per sentence, or None for a line of one sentence."""
    if len(spans) < 2:
        return None
    settings = model.feature_settings()
    return np.array(
        [model.probabilities(features(line[s:e], customer, **settings)) for s, e in spans]
    )


def line_scores(
    model: PhrasingModel,
    line: str,
    customer: str,
    *,
    always_sentences: bool = False,
    reader: Reader | None = None,
) -> LineScores:
    """Score `line` after the customer's `customer` line.

    Sentences are scored when a behaviour reads them, or when `always_sentences` asks for the
    best sentence of each behaviour (the evidence of a decision made on the whole line). With a
    `reader`, its scores are blended into the phrasing behaviours' (`blend`).
    """
    whole = model.probabilities(features(line, customer, **model.feature_settings()))
    spans = sentence_spans(line)
    per_sentence = None
    if always_sentences or model.reads_sentences():
        per_sentence = sentence_probabilities(model, line, customer, spans)
    best, which = best_sentence(whole, per_sentence)
    readings = model.readings()
    where = tuple(spans[int(i)] if per_sentence is not None else spans[0] for i in which)
    scores = combine(whole, best, readings) if per_sentence is not None else whole
    if reader is not None:
        scores = blended(model, reader, scores, customer, line)
    carried = (
        carried_by_sentence(whole, best, readings)
        if per_sentence is not None
        else np.zeros(len(whole), dtype=bool)
    )
    return LineScores(
        scores=scores,
        best_sentence=where,
        from_sentence=carried,
        sentences_read=per_sentence is not None or len(spans) < 2,
    )


def decided(model: PhrasingModel, line: str, customer: str) -> set[Behaviour]:
    """What the model alone decides for one line (training's figures and the benches)."""
    return set(model.over_threshold(line_scores(model, line, customer).scores))
