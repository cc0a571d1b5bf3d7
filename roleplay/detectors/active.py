"""Which trained model detection uses: the bundled one, or a workspace's own (house style).

Loaded once, on first use, and kept for the process. `use()` switches (the commands switch to a
workspace's model when it has one; tests can pin one).
"""

from __future__ import annotations

from pathlib import Path

from roleplay.detectors.model import PhrasingModel, bundled_model_path

_model: PhrasingModel | None = None
_loaded = False
generation = 0
"""Bumped on every switch, so caches keyed on it never mix two models' answers."""


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
