"""Contextual sentence vectors (bench research code): which tokens each reading pools, the cache.

A fake reader stands in for llama.cpp: every token's "state" is its own id, so each pooled view
says exactly which tokens it was taken over.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))  # research code, not shipped

import sentence_vectors as sv

from roleplay.detectors.corpus import Example

BOS = 1000


class FakeReader:
    """Tokens are words numbered by first sight; a token's state is its id at every layer."""

    def __init__(self) -> None:
        self.ids: dict[str, int] = {}
        self.read: list[list[int]] = []

    def tokens(self, text: str, bos: bool = False) -> list[int]:
        out = [BOS] if bos else []
        return out + [self.ids.setdefault(w, len(self.ids) + 1) for w in text.split()]

    def states(self, tokens: Sequence[int]) -> np.ndarray:
        self.read.append(list(tokens))
        column = np.array(tokens, dtype=np.float32)[None, :, None]
        return np.broadcast_to(column, (len(sv.TAPS), len(tokens), 2)).copy()


def _example(customer: str, line: str) -> Example:
    return Example("s1", "scenario", customer, line, frozenset())


def test_each_view_pools_exactly_its_own_tokens() -> None:
    reader = FakeReader()
    ex = _example("my bill doubled", "so it doubled overnight")
    views, n_line, n_framed, _, _ = sv.read_one(reader, ex)  # type: ignore[arg-type]
    line = reader.tokens(ex.line)
    customer = reader.tokens(ex.customer)
    tail = reader.tokens(sv.FRAME[2])
    assert n_line == 4
    assert reader.read[0] == [BOS, *line]  # alone: the line after <bos>, nothing else
    assert np.isclose(views["alone_mean"][0, 0], np.mean(line))  # <bos> left out of the mean
    assert views["alone_last"][0, 0] == line[-1]
    assert np.isclose(views["line_mean"][0, 0], np.mean(line))  # the trainee's, in the frame
    assert np.isclose(views["customer_mean"][0, 0], np.mean(customer))
    assert views["prompt_last"][0, 0] == tail[-1]
    framed = reader.read[1]
    assert n_framed == len(framed)
    assert framed[0] == BOS
    assert framed[-len(tail) :] == tail
    assert framed.index(customer[0]) < framed.index(line[0])


def test_a_line_with_no_customer_line_has_no_customer_vector() -> None:
    reader = FakeReader()
    views, _, _, _, _ = sv.read_one(reader, _example("", "good morning"))  # type: ignore[arg-type]
    assert not np.any(views["customer_mean"])
    assert np.isclose(views["line_mean"][0, 0], np.mean(reader.tokens("good morning")))


def test_the_cache_round_trips_and_is_keyed_by_the_texts(tmp_path: Path) -> None:
    reader = FakeReader()
    examples = [_example("a b", "c d"), _example("e", "f g h")]
    cache = sv.load(tmp_path / "v.npz")
    cache["bos"] = np.zeros((len(sv.TAPS), 2), dtype=np.float32)
    for ex in examples:
        views, n, _, _, _ = sv.read_one(reader, ex)  # type: ignore[arg-type]
        cache["keys"].append(sv.key_of(ex))
        cache["n_alone"].append(n)
        for v in sv.VIEWS:
            cache[v].append(views[v])
    sv.save(cache, tmp_path / "v.npz")
    views, counts, _ = sv.vectors_for(examples[::-1], tmp_path / "v.npz")
    assert list(counts) == [3, 2]
    assert np.isclose(views["line_mean"][0, 0, 0], np.mean(reader.tokens("f g h")), atol=0.01)
    assert sv.key_of(_example("a b", "c d")) != sv.key_of(_example("a b", "c e"))


def test_the_ridge_screen_learns_a_behaviour_carried_by_one_direction() -> None:
    from detector_sentence_vectors import ridge

    rng = np.random.default_rng(0)
    x = rng.normal(size=(400, 8))
    y = np.stack([(x[:, 2] > 0.5), (x[:, 5] < 0)], axis=1).astype(float)
    predict = ridge(1.0)((None, x[:300]), y[:300])
    held = predict((None, x[300:]))
    assert held.shape == (100, 2)
    assert held.min() >= 0.0 and held.max() <= 1.0  # read against thresholds like probabilities
    for j in range(2):
        on, off = held[y[300:, j] == 1, j], held[y[300:, j] == 0, j]
        assert on.mean() > off.mean() + 0.3
