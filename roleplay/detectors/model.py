"""The trained phrasing model as shipped: load it, and score a line with NumPy alone.

The file is gzipped JSON: the behaviours, the feature names, one weight per feature and
behaviour (float16), a bias and a decision threshold per behaviour, and the hash of the corpus it
was trained on. Scoring a line is a lookup of its features and one sum, well under a millisecond.
"""

from __future__ import annotations

import base64
import gzip
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from roleplay.errors import UserError
from roleplay.scenarios.behaviours import Behaviour

FORMAT = 1
FILE_NAME = "detector.json.gz"


HOUSE_FOLDER = "behaviours"
"""A workspace's own labelled lines, and the model retrained on them, live here."""


def house_model_path(root: Path) -> Path:
    """Where a workspace's retrained model is written and looked for."""
    return root / HOUSE_FOLDER / FILE_NAME


def bundled_model_path() -> Path:
    """The model trained on the bundled corpus, shipped inside the package."""
    return Path(__file__).resolve().parent.parent / "library" / "behaviours" / FILE_NAME


@dataclass
class PhrasingModel:
    """One linear scorer per behaviour over the features of `roleplay.detectors.features`."""

    labels: tuple[Behaviour, ...]
    features: tuple[str, ...]
    weights: np.ndarray  # (n_features, n_labels), float32
    bias: np.ndarray  # (n_labels,)
    thresholds: np.ndarray  # (n_labels,)
    corpus_sha256: str = ""
    settings: dict[str, Any] = field(default_factory=dict)
    figures: dict[str, Any] = field(default_factory=dict)
    _index: dict[str, int] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        self._index = {name: i for i, name in enumerate(self.features)}

    def mode(self, behaviour: Behaviour) -> str:
        """How a behaviour is decided: "model", "rules" or "either" (phrasing: always model)."""
        return str(self.settings.get("modes", {}).get(behaviour.value, "model"))

    def reading(self, behaviour: Behaviour) -> str:
        """How a behaviour reads the line and its sentences (see `readings`; older files: line)."""
        return str(self.settings.get("readings", {}).get(behaviour.value, "line"))

    def readings(self) -> tuple[str, ...]:
        """Each label's reading, in label order."""
        return tuple(self.reading(b) for b in self.labels)

    def reads_sentences(self) -> bool:
        """Whether any behaviour needs the sentences scored before it can be decided."""
        return any(r != "line" for r in self.readings())

    def feature_settings(self) -> dict[str, bool]:
        """How lines were featurised for this model (see `features.features`)."""
        return {k: bool(self.settings.get(k, True)) for k in ("rules", "chars")}

    def probabilities(self, feats: Iterable[str]) -> np.ndarray:
        """Each behaviour's probability for one line's features (binary, L2-normalised)."""
        rows = [self._index[f] for f in feats if f in self._index]
        if not rows:
            return 1.0 / (1.0 + np.exp(-self.bias))
        z = self.weights[rows].sum(axis=0) / np.sqrt(len(rows)) + self.bias
        return 1.0 / (1.0 + np.exp(-z))

    def decide(self, feats: Iterable[str]) -> dict[Behaviour, float]:
        """The behaviours at or over their threshold, with their probability (the line alone)."""
        return self.over_threshold(self.probabilities(feats))

    def over_threshold(self, probs: np.ndarray) -> dict[Behaviour, float]:
        """The behaviours whose score is at or over their threshold, with the score."""
        return {
            b: float(p)
            for b, p, t in zip(self.labels, probs, self.thresholds, strict=True)
            if p >= t
        }

    # ------------------------------------------------------------------ file

    def to_json(self) -> dict[str, Any]:
        packed = self.weights.astype("<f2").tobytes()
        return {
            "format": FORMAT,
            "labels": [b.value for b in self.labels],
            "features": list(self.features),
            "weights": base64.b64encode(packed).decode("ascii"),
            "bias": [round(float(x), 6) for x in self.bias],
            "thresholds": [round(float(x), 4) for x in self.thresholds],
            "corpus_sha256": self.corpus_sha256,
            "settings": self.settings,
            "figures": self.figures,
        }

    def save(self, path: Path) -> None:
        """Write the model reproducibly (same model, same bytes)."""
        body = json.dumps(self.to_json(), sort_keys=True, separators=(",", ":")).encode()
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(gzip.compress(body, compresslevel=9, mtime=0))

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> PhrasingModel:
        if data.get("format") != FORMAT:
            raise ValueError(f"format {data.get('format')!r}, expected {FORMAT}")
        labels = tuple(Behaviour(x) for x in data["labels"])
        features = tuple(data["features"])
        raw = np.frombuffer(base64.b64decode(data["weights"]), dtype="<f2")
        weights = raw.astype(np.float32).reshape(len(features), len(labels))
        return cls(
            labels=labels,
            features=features,
            weights=weights,
            bias=np.asarray(data["bias"], dtype=np.float32),
            thresholds=np.asarray(data["thresholds"], dtype=np.float32),
            corpus_sha256=data.get("corpus_sha256", ""),
            settings=data.get("settings", {}),
            figures=data.get("figures", {}),
        )

    @classmethod
    def load(cls, path: Path) -> PhrasingModel:
        """Read a model file, or a UserError saying which file and how to rebuild it."""
        try:
            return cls.from_json(json.loads(gzip.decompress(path.read_bytes())))
        except (OSError, EOFError, ValueError, KeyError, TypeError) as exc:
            raise UserError(
                f"{path}: not a usable detector file ({exc})",
                hint="rebuild it with: roleplay detectors train",
            ) from None
