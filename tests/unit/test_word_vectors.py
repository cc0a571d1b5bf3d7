"""Static word vectors from the model's embedding table: splitting, encoding, the file, the build.

A tiny table stands in for the real one, so the tests say exactly which pieces a word becomes;
the build is checked on a tiny GGUF file written here, so the derived table is known to come from
the model file's own vocabulary and vectors.
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))  # research code, not shipped

from word_vectors import SPACE, LineEncoder, WordVectors

S = SPACE


def _table() -> WordVectors:
    pieces = (S, "a", "b", "c", "?", S + "a", "ab", S + "ab", "bc", S + "abc", S + "c")
    ranks = np.array([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11], dtype=np.int32)
    rng = np.random.default_rng(0)
    return WordVectors(pieces, ranks, rng.normal(size=(len(pieces), 4)).astype(np.float32))


def _split(table: WordVectors, word: str) -> list[str]:
    return [table.pieces[r] for r in table.rows(word)]


def test_words_split_by_the_most_frequent_merge_first() -> None:
    table = _table()
    assert _split(table, "abc") == [S + "abc"]  # ▁a, then ▁ab, then ▁abc
    assert _split(table, "bc") == [S, "bc"]  # ▁b is no piece; b+c merges
    assert _split(table, "ab ca") == [S + "ab", S + "c", "a"]


def test_characters_the_table_lacks_are_dropped_not_fatal() -> None:
    assert _split(_table(), "a%b") == [S + "ab"]


def test_a_line_is_a_unit_vector_and_the_same_every_time() -> None:
    encoder = LineEncoder(_table(), dims=3, sif=0.0)
    first, again = encoder.encode("Ab? abc"), encoder.encode("Ab? abc")
    assert first.shape == (3,)
    assert np.isclose(np.linalg.norm(first), 1.0)
    assert np.array_equal(first, again)
    assert not np.any(encoder.encode("\u00e9\u00e9"))  # nothing known: a zero vector


def test_rare_pieces_weigh_more_with_sif() -> None:
    weights = _table().weights(1e-2)
    assert weights[0] < weights[-1]
    assert np.all(_table().weights(0) == 1)


def test_the_table_file_round_trips(tmp_path: Path) -> None:
    table = _table()
    table.save(tmp_path / "t.npz")
    back = WordVectors.load(tmp_path / "t.npz")
    assert back.pieces == table.pieces
    assert np.array_equal(back.ranks, table.ranks)
    assert np.allclose(back.vectors, table.vectors, atol=1e-2)


def _write_gguf(path: Path, pieces: list[str], vectors: np.ndarray) -> None:
    gguf = pytest.importorskip("gguf")
    writer = gguf.GGUFWriter(str(path), "gemma3")
    writer.add_token_list(pieces)
    writer.add_token_scores([-float(i) for i in range(len(pieces))])
    quantised = gguf.quants.quantize(vectors, gguf.GGMLQuantizationType.Q8_0)
    writer.add_tensor(
        "token_embd.weight",
        quantised,
        raw_shape=quantised.shape,
        raw_dtype=gguf.GGMLQuantizationType.Q8_0,
    )
    writer.write_header_to_file()
    writer.write_kv_data_to_file()
    writer.write_tensors_to_file()
    writer.close()


def test_the_table_is_built_from_the_model_files_vocabulary_and_vectors(tmp_path: Path) -> None:
    from word_vector_table import build

    pieces = ["<pad>", S, "a", "b", S + "a", S + "ab", "Ж", S + "Hello", "b" * 3]
    rng = np.random.default_rng(1)
    vectors = rng.normal(size=(len(pieces), 64)).astype(np.float32)
    _write_gguf(tmp_path / "m.gguf", pieces, vectors)
    table = build(tmp_path / "m.gguf", ["ab"], dims=3)
    # Only pieces a lower-cased English line can use, most frequent first.
    assert table.pieces == (S, "a", "b", S + "a", S + "ab", "bbb")
    assert list(table.ranks) == [1, 2, 3, 4, 5, 8]
    assert table.vectors.shape[0] == 6
    assert _split(table, "ab") == [S + "ab"]
    # PCA was fitted on the whole-word pieces (here ▁a and ▁ab), so their distance is the
    # distance between the model's own vectors for them (up to 8-bit and 16-bit rounding).
    mine = np.linalg.norm(table.vectors[3] - table.vectors[4])
    model = np.linalg.norm(vectors[4] - vectors[5])
    assert mine == pytest.approx(model, rel=0.03)
