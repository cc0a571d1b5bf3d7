"""The optional transformer reader: a small fine-tuned encoder, read with NumPy alone.

The n-gram model counts words, so it cannot tell "No wonder you panicked" from "Don't panic"
by much more than the words they share; a transformer reads words in order and in company.
This is all-MiniLM-L6-v2 (6 layers, 384 wide) fine-tuned on the corpus by
`bench/detector_finetune.py` to score every modelled behaviour of a trainee line read after the
customer's line. Its file holds the weights (matrices as int8 with a scale per row, the rest
float16), the word-piece vocabulary and the behaviours, so reading it needs no PyTorch and
nothing from the network. It costs tens of milliseconds a line against the n-gram model's
fraction of one, so it is not the default: `roleplay.detectors.blend` decides when it is used.
"""

from __future__ import annotations

import io
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any, Protocol

import numpy as np
from scipy.special import erf
from threadpoolctl import ThreadpoolController

from roleplay.detectors.wordpiece import WordPieces
from roleplay.errors import UserError
from roleplay.scenarios.behaviours import Behaviour

FORMAT = 1
FILE_NAME = "transformer.npz"
MAX_TOKENS = 128
LAYER_NORM_EPS = 1e-12
_SCALE = ".scale"
QUANTISED = "embeddings.word_embeddings.weight"
"""The word-piece table (half the weights, and never trained) is stored as int8 with a scale per
row; int8 for the trained matrices too moved probabilities by up to 0.04, so they stay float16."""


PANEL = (FILE_NAME, "transformer-2.npz")
"""The readers shipped: the same recipe fitted from two seeds. One training run moves dev's
macro-F1 by about ±0.01 (0.762 and 0.775 blended, seeds 0 and 1); the mean of the two read
0.780 blended and 0.767 alone, against 0.743 and 0.746 for either alone."""


def bundled_reader_path() -> Path:
    """The first transformer reader fine-tuned on the bundled corpus, shipped in the package."""
    return bundled_reader_paths()[0]


def bundled_reader_paths() -> list[Path]:
    """Every reader of the shipped panel, in `PANEL` order."""
    folder = Path(__file__).resolve().parent.parent / "library" / "behaviours"
    return [folder / name for name in PANEL]


class Reader(Protocol):
    """What the blend needs of a reader: its labels and a probability per label for a pair."""

    @property
    def labels(self) -> tuple[Behaviour, ...]: ...

    def probabilities(self, customer: str, line: str) -> np.ndarray: ...

    def __hash__(self) -> int: ...  # its answers are cached per reader


def write_reader(
    path: Path,
    state: Mapping[str, np.ndarray],
    vocab: str,
    labels: Sequence[Behaviour],
    corpus_sha256: str,
) -> None:
    """Save an encoder's weights (a BERT state dict's names, plus `head.weight`/`head.bias`)."""
    arrays: dict[str, np.ndarray] = {}
    for name, value in state.items():
        if name.endswith("position_ids") or name.startswith("pooler."):
            continue
        if name == QUANTISED:
            scale = np.abs(value).max(axis=1, keepdims=True) / 127.0
            scale[scale == 0] = 1.0
            arrays[name] = np.round(value / scale).astype(np.int8)
            arrays[name + _SCALE] = scale.astype(np.float32)
        else:
            arrays[name] = value.astype(np.float16)
    meta = {
        "format": FORMAT,
        "labels": [b.value for b in labels],
        "corpus_sha256": corpus_sha256,
        "heads": 12,
    }
    arrays["meta"] = np.frombuffer(json.dumps(meta).encode(), dtype=np.uint8)
    arrays["vocab"] = np.frombuffer(vocab.encode("utf-8"), dtype=np.uint8)
    buffer = io.BytesIO()
    np.savez_compressed(buffer, **arrays)  # type: ignore[arg-type]
    path.write_bytes(buffer.getvalue())


@cache
def _controller() -> ThreadpoolController:
    return ThreadpoolController()


def _one_thread() -> Any:
    """BLAS on one thread for one line: its matrices are small, and on two cores the threads'
    hand-offs cost more than they save (about 40 against 90 ms a line, the machine loaded)."""
    return _controller().limit(limits=1)


def _layer_norm(x: np.ndarray, weight: np.ndarray, bias: np.ndarray) -> np.ndarray:
    mean = x.mean(-1, keepdims=True)
    var = ((x - mean) ** 2).mean(-1, keepdims=True)
    return (x - mean) / np.sqrt(var + LAYER_NORM_EPS) * weight + bias


def _gelu(x: np.ndarray) -> np.ndarray:
    return 0.5 * x * (1.0 + erf(x / np.sqrt(2.0)))


@dataclass(eq=False)
class TransformerReader:
    """The fine-tuned encoder and its head: one probability per behaviour for a line."""

    labels: tuple[Behaviour, ...]
    weights: dict[str, np.ndarray]
    pieces: WordPieces
    heads: int
    corpus_sha256: str

    @classmethod
    def load(cls, path: Path) -> TransformerReader:
        try:
            with np.load(path) as data:
                raw = {name: data[name] for name in data.files}
            meta = json.loads(raw.pop("meta").tobytes())
            vocab = raw.pop("vocab").tobytes().decode("utf-8")
        except (OSError, ValueError, KeyError, UnicodeDecodeError) as exc:
            raise UserError(
                f"{path}: not a transformer reader file ({exc}).",
                hint="rebuild it with bench/detector_finetune.py --save, or switch the reader off",
            ) from exc
        if meta.get("format") != FORMAT:
            raise UserError(
                f"{path}: transformer reader format {meta.get('format')!r}, expected {FORMAT}.",
                hint="rebuild it with this version's bench/detector_finetune.py --save",
            )
        weights: dict[str, np.ndarray] = {}
        for name, value in raw.items():
            if name.endswith(_SCALE):
                continue
            scale = raw.get(name + _SCALE)
            weight = value.astype(np.float32) * scale if scale is not None else value
            if weight.ndim == 2 and not name.startswith("embeddings."):
                weight = weight.T  # stored as PyTorch keeps them (out × in); used as in × out
            weights[name] = np.ascontiguousarray(weight, dtype=np.float32)
        return cls(
            labels=tuple(Behaviour(v) for v in meta["labels"]),
            weights=weights,
            pieces=WordPieces(vocab.splitlines()),
            heads=int(meta["heads"]),
            corpus_sha256=str(meta.get("corpus_sha256", "")),
        )

    def encode(self, customer: str, line: str) -> tuple[list[int], list[int]]:
        """Word-piece ids and segment ids of the pair, as the model was trained to read it."""
        return self.pieces.pair(customer, line, MAX_TOKENS)

    def probabilities(self, customer: str, line: str) -> np.ndarray:
        """One probability per label for `line` said after the customer's `customer`."""
        ids, segments = self.encode(customer, line)
        with _one_thread():
            return self.forward(np.asarray(ids), np.asarray(segments))

    def forward(self, ids: np.ndarray, segments: np.ndarray) -> np.ndarray:
        w = self.weights
        x = (
            w["embeddings.word_embeddings.weight"][ids]
            + w["embeddings.position_embeddings.weight"][: len(ids)]
            + w["embeddings.token_type_embeddings.weight"][segments]
        )
        x = _layer_norm(x, w["embeddings.LayerNorm.weight"], w["embeddings.LayerNorm.bias"])
        n, width = x.shape
        size = width // self.heads
        layer = 0
        while f"encoder.layer.{layer}.attention.self.query.weight" in w:
            p = f"encoder.layer.{layer}."

            def dense(v: np.ndarray, name: str, p: str = p) -> np.ndarray:
                return v @ w[p + name + ".weight"] + w[p + name + ".bias"]

            q, k, v = (
                dense(x, f"attention.self.{part}").reshape(n, self.heads, size).transpose(1, 0, 2)
                for part in ("query", "key", "value")
            )
            scores = q @ k.transpose(0, 2, 1) / np.sqrt(size)
            scores = np.exp(scores - scores.max(-1, keepdims=True))
            scores /= scores.sum(-1, keepdims=True)
            context = (scores @ v).transpose(1, 0, 2).reshape(n, width)
            x = _layer_norm(
                x + dense(context, "attention.output.dense"),
                w[p + "attention.output.LayerNorm.weight"],
                w[p + "attention.output.LayerNorm.bias"],
            )
            inner = _gelu(dense(x, "intermediate.dense"))
            x = _layer_norm(
                x + dense(inner, "output.dense"),
                w[p + "output.LayerNorm.weight"],
                w[p + "output.LayerNorm.bias"],
            )
            layer += 1
        logits = x.mean(0) @ w["head.weight"] + w["head.bias"]
        return np.asarray(1.0 / (1.0 + np.exp(-logits)))


@dataclass(eq=False)
class ReaderPanel:
    """Readers fine-tuned alike from different seeds: the mean of their probabilities."""

    members: tuple[TransformerReader, ...]

    @classmethod
    def load(cls, paths: Sequence[Path]) -> ReaderPanel:
        members = tuple(TransformerReader.load(path) for path in paths)
        for path, member in zip(paths[1:], members[1:], strict=True):
            if member.labels != members[0].labels:
                raise UserError(
                    f"{path}: its behaviours differ from {paths[0].name}'s.",
                    hint="rebuild every reader of the panel from the same corpus",
                )
        return cls(members)

    @property
    def labels(self) -> tuple[Behaviour, ...]:
        return self.members[0].labels

    def probabilities(self, customer: str, line: str) -> np.ndarray:
        """The members' mean probability per label for `line` after `customer`."""
        return np.mean([m.probabilities(customer, line) for m in self.members], axis=0)
