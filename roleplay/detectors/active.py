"""Which trained model detection uses: the bundled one, or a workspace's own (house style).

Loaded once, on first use, and kept for the process. `use()` switches (the commands switch to a
workspace's model when it has one; tests can pin one).
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from roleplay.detectors.model import PhrasingModel, bundled_model_path

_model: PhrasingModel | None = None
_loaded = False
generation = 0
"""Bumped on every switch, so caches keyed on it never mix two models' answers."""
_digests: dict[int, str] = {}


def current() -> PhrasingModel | None:
    """The model in force (the bundled one unless switched); None only if none is shipped."""
    global _model, _loaded
    if not _loaded:
        path = bundled_model_path()
        _model = PhrasingModel.load(path) if path.exists() else None
        _loaded = True
    return _model


def use(model: PhrasingModel | None) -> None:
    """Detect with this model from now on (None: rules only)."""
    global _model, _loaded, generation
    _model, _loaded = model, True
    generation += 1


def use_file(path: Path) -> PhrasingModel:
    """Detect with the model in this file from now on."""
    model = PhrasingModel.load(path)
    use(model)
    return model


def use_bundled() -> None:
    """Back to the model trained on the bundled corpus."""
    global _loaded, generation
    _loaded = False
    generation += 1


def digest() -> str:
    """sha256 of the model in force (its features, weights, thresholds and settings), or "rules
    only": a saved grade made with another detector is stale. Computed once per switch."""
    if generation not in _digests:
        model = current()
        if model is None:
            _digests[generation] = "rules only"
        else:
            h = hashlib.sha256()
            h.update("\0".join(b.value for b in model.labels).encode() + b"\1")
            h.update("\0".join(model.features).encode() + b"\1")
            for array in (model.weights, model.bias, model.thresholds):
                h.update(array.tobytes() + b"\1")
            h.update(json.dumps(model.settings, sort_keys=True, default=str).encode())
            _digests[generation] = h.hexdigest()
    return _digests[generation]
