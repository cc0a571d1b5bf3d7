"""Static word vectors from the bundled Gemma's own token-embedding table: a line's gist, cheaply.

A language model's input embeddings give each token of its vocabulary a vector, and tokens of
related meaning lie near each other, so "no wonder you're fed up" and "that must be maddening"
can land close although they share no word. A line's vector is the weighted mean of its tokens'
vectors (rare tokens weigh more, as in SIF), tokenised the way the model itself splits words.
The table is derived once from the GGUF file (`embedding_table.build`); reading a line needs
NumPy alone.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import numpy as np

from roleplay.detectors.features import tokens

SPACE = "\u2581"
"""How the model's vocabulary marks a word's leading space."""
FORMAT = 1


@dataclass
class WordVectors:
    """Token pieces, their rank in the model's vocabulary, and their reduced vectors."""

    pieces: tuple[str, ...]
    ranks: np.ndarray  # (n,) int32: lower is more frequent
    vectors: np.ndarray  # (n, dims) float32
    source: str = ""
    _row: dict[str, int] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        self._row = {p: i for i, p in enumerate(self.pieces)}
        self._split = lru_cache(maxsize=65536)(self._split_uncached)

    @property
    def dims(self) -> int:
        return int(self.vectors.shape[1])

    def _split_uncached(self, word: str) -> tuple[int, ...]:
        """The rows of a word's pieces: the model's own merges (most frequent pair first).

        This is SentencePiece's merge loop as llama.cpp runs it, over the pieces kept in the
        table; a character the table lacks is dropped.
        """
        symbols = [c for c in SPACE + word if c in self._row]
        while len(symbols) > 1:
            best, at = None, -1
            for i in range(len(symbols) - 1):
                row = self._row.get(symbols[i] + symbols[i + 1])
                if row is not None and (best is None or self.ranks[row] < best):
                    best, at = self.ranks[row], i
            if best is None:
                break
            symbols[at : at + 2] = [symbols[at] + symbols[at + 1]]
        return tuple(self._row[s] for s in symbols)

    def rows(self, text: str) -> list[int]:
        """The table rows of every token piece of a text, in order."""
        out: list[int] = []
        for word in tokens(text):
            out.extend(self._split(word))
        return out

    def weights(self, sif: float) -> np.ndarray:
        """Per piece, a / (a + p) with p its Zipf frequency from its rank (0: all weigh 1)."""
        if sif <= 0:
            return np.ones(len(self.pieces), dtype=np.float32)
        p = 1.0 / (np.maximum(self.ranks, 1).astype(np.float64) * np.log(len(self.pieces)))
        return (sif / (sif + p)).astype(np.float32)

    def save(self, path: Path) -> None:
        """Write the table (NumPy's npz, no pickled objects)."""
        path.parent.mkdir(parents=True, exist_ok=True)
        names = np.frombuffer("\n".join(self.pieces).encode(), dtype=np.uint8)
        partial = path.with_name(path.name + ".partial.npz")
        np.savez(
            partial,
            format=np.int32(FORMAT),
            pieces=names,
            ranks=self.ranks.astype(np.int32),
            vectors=self.vectors.astype(np.float16),
            source=np.frombuffer(self.source.encode(), dtype=np.uint8),
        )
        partial.replace(path)

    @classmethod
    def load(cls, path: Path) -> WordVectors:
        with np.load(path, allow_pickle=False) as data:
            if int(data["format"]) != FORMAT:
                raise ValueError(f"{path}: table format {int(data['format'])}, expected {FORMAT}")
            return cls(
                pieces=tuple(bytes(data["pieces"]).decode().split("\n")),
                ranks=data["ranks"].astype(np.int32),
                vectors=data["vectors"].astype(np.float32),
                source=bytes(data["source"]).decode(),
            )


@dataclass
class LineEncoder:
    """A line's vector: the weighted mean of its pieces' first `dims` components, unit length."""

    table: WordVectors
    dims: int = 128
    sif: float = 1e-4
    _weights: np.ndarray = field(init=False, repr=False)
    _vectors: np.ndarray = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self._weights = self.table.weights(self.sif)
        self._vectors = np.ascontiguousarray(self.table.vectors[:, : self.dims])

    def encode(self, text: str) -> np.ndarray:
        rows = self.table.rows(text)
        if not rows:
            return np.zeros(self.dims, dtype=np.float32)
        w = self._weights[rows]
        v = (w[:, None] * self._vectors[rows]).sum(axis=0) / max(float(w.sum()), 1e-9)
        norm = float(np.linalg.norm(v))
        return (v / norm if norm > 0 else v).astype(np.float32)

    def encode_all(self, texts: list[str]) -> np.ndarray:
        return np.stack([self.encode(t) for t in texts]) if texts else np.zeros((0, self.dims))
