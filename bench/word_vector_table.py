"""Derive the word-vector table from the bundled model's GGUF file (once; `gguf` reads it).

Only the pieces a lower-cased English line can be split into are kept (letters, digits, a few
marks, with or without the leading-space mark), their 640-wide vectors are dequantised from the
model's `token_embd` tensor, and PCA fitted on the pieces of common English words and of the
given words reduces them to a few hundred components, so the table is small and fast to read.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

import numpy as np
from word_vectors import SPACE, WordVectors

from roleplay.errors import UserError

KEPT = re.compile(rf"{SPACE}?[a-z0-9'£$%?!-]+|{SPACE}")
"""The pieces a normalised line (see `features.tokens`) can be split into."""
COMMON_WORDS = 20000
"""How many of the model's most frequent whole-word pieces stand for common English in the PCA."""


def _read(gguf_path: Path) -> tuple[list[str], np.ndarray, object]:
    try:
        from gguf import GGUFReader
    except ImportError:
        raise UserError(
            "reading the model's word vectors needs the gguf package",
            hint="pip install 'roleplay[local]'",
        ) from None
    reader = GGUFReader(gguf_path)
    field = reader.fields["tokenizer.ggml.tokens"]
    pieces = [bytes(field.parts[i]).decode("utf-8", "replace") for i in field.data]
    scores_field = reader.fields["tokenizer.ggml.scores"]
    scores = np.array([scores_field.parts[i][0] for i in scores_field.data], dtype=np.float64)
    tensor = next(t for t in reader.tensors if t.name == "token_embd.weight")
    return pieces, scores, tensor


def _dequantise(tensor: object, rows: np.ndarray) -> np.ndarray:
    from gguf.quants import dequantize

    data = tensor.data  # type: ignore[attr-defined]
    return np.asarray(dequantize(np.asarray(data[rows]), tensor.tensor_type), dtype=np.float32)  # type: ignore[attr-defined]


def build(gguf_path: Path, words: Iterable[str], dims: int = 256) -> WordVectors:
    """The table for the model in `gguf_path`, PCA fitted on common English and `words`."""
    pieces, scores, tensor = _read(gguf_path)
    keep = [i for i, p in enumerate(pieces) if KEPT.fullmatch(p)]
    # SentencePiece scores here are minus a piece's frequency rank.
    order = np.argsort(-scores[keep], kind="stable")
    keep = [keep[i] for i in order]
    ranks = np.empty(len(keep), dtype=np.int32)
    ranks[:] = np.round(-scores[keep] - (-scores[keep]).min() + 1)
    raw = _dequantise(tensor, np.asarray(keep))
    table = WordVectors(tuple(pieces[i] for i in keep), ranks, raw)

    fit_rows: set[int] = set()
    whole = [i for i, p in enumerate(table.pieces) if p.startswith(SPACE) and p[1:].isalpha()]
    fit_rows.update(whole[:COMMON_WORDS])
    for word in words:
        fit_rows.update(table.rows(word))
    sample = raw[sorted(fit_rows)]
    mean = sample.mean(axis=0)
    _, _, components = np.linalg.svd(sample - mean, full_matrices=False)
    reduced = (raw - mean) @ components[:dims].T
    return WordVectors(
        table.pieces, ranks, reduced.astype(np.float16).astype(np.float32), str(gguf_path.name)
    )
