"""A line that does two things is read sentence by sentence as well as whole.

Features are normalised by the line's length, so a step said before a closing question scores
lower than the step said alone. A behaviour whose reading is "max" (chosen when the model is
trained) is heard when either the line or one of its sentences scores over its threshold, and the
evidence of a decision made on a sentence is that sentence.
"""

from __future__ import annotations

import numpy as np
import pytest

from roleplay.detectors.context_rules import DetectContext
from roleplay.detectors.detect import run
from roleplay.detectors.features import features
from roleplay.detectors.model import PhrasingModel
from roleplay.detectors.readings import READINGS, combine
from roleplay.detectors.sentence_training import choose_readings, sentence_rows
from roleplay.scenarios.behaviours import Behaviour as B

STEP = "I'll post you the form today."
LINE = STEP + " Is there anything else I can help with?"


def _model(reading: str | None) -> PhrasingModel:
    """A model for one behaviour that only the word "post" moves, weighted so that the step
    alone scores over the threshold and the whole line (more features, same one word) under it."""
    vocab = sorted(features(LINE) | features(STEP))
    n_step, n_line = len(features(STEP)), len(features(LINE))
    weights = np.zeros((len(vocab), 1), dtype=np.float32)
    weights[vocab.index("w:post"), 0] = (np.sqrt(n_step) + np.sqrt(n_line)) / 2
    settings: dict = {"modes": {B.EXPLAINS_NEXT_STEPS.value: "model"}}
    if reading:
        settings["readings"] = {B.EXPLAINS_NEXT_STEPS.value: reading}
    return PhrasingModel(
        labels=(B.EXPLAINS_NEXT_STEPS,),
        features=tuple(vocab),
        weights=weights,
        bias=np.array([-1.0], dtype=np.float32),
        thresholds=np.array([0.5], dtype=np.float32),
        settings=settings,
    )


def _found(reading: str | None) -> dict[B, str]:
    return {d.behaviour: d.words(LINE) for d in run(LINE, DetectContext(), _model(reading))}


def test_a_step_diluted_by_a_closing_question_is_heard_in_its_own_sentence() -> None:
    assert B.EXPLAINS_NEXT_STEPS not in _found(None)  # a model read whole, as before
    assert B.EXPLAINS_NEXT_STEPS not in _found("line")
    for reading in ("max", "sentence"):
        assert _found(reading)[B.EXPLAINS_NEXT_STEPS] == STEP


def test_the_step_said_alone_reads_the_same_whichever_way() -> None:
    for reading in (None, *READINGS):
        found = {d.behaviour for d in run(STEP, DetectContext(), _model(reading))}
        assert B.EXPLAINS_NEXT_STEPS in found, reading


def test_readings_combine_the_line_and_its_best_sentence() -> None:
    line, best = np.array([0.2, 0.6, 0.2, 0.2]), np.array([0.6, 0.2, 0.6, 0.6])
    got = combine(line, best, ["line", "max", "mean", "sentence"])
    assert list(np.round(got, 3)) == [0.2, 0.6, 0.4, 0.6]
    with pytest.raises(ValueError, match="unknown reading"):
        combine(line, best, ["louder", "line", "line", "line"])


def test_choosing_a_reading_prefers_the_whole_line_on_a_tie() -> None:
    y = np.array([[1], [0], [1], [0]], dtype=np.int8)
    same = np.array([[0.9], [0.1], [0.8], [0.2]])
    readings, _ = choose_readings(same, same, y, "choose", np.array([0.5]))
    assert readings == ["line"]
    diluted = np.array([[0.9], [0.1], [0.3], [0.2]])  # the third line's step scores 0.8 alone
    readings, thresholds = choose_readings(diluted, same, y, "choose", np.array([0.5]))
    assert readings[0] != "line" and list(thresholds) == [0.5]


def test_a_sentence_counts_as_a_negative_only_where_its_line_is_one() -> None:
    y = np.array([[1, 0]], dtype=np.int8)
    rows = sentence_rows([[{"w:a"}, {"w:b"}]], y, "negatives")
    assert rows is not None
    assert rows.targets.tolist() == [[0, 0], [0, 0]]
    assert rows.counts.tolist() == [[False, True], [False, True]]
    inherit = sentence_rows([[{"w:a"}, {"w:b"}]], y, "inherit")
    assert inherit is not None and inherit.targets.tolist() == [[1, 0], [1, 0]]
    assert sentence_rows([[{"w:a"}]], y, "none") is None
