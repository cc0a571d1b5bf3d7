"""Which trained model detection uses: the bundled one, or a workspace's own (house style), and
whether the transformer reader listens as well.

Loaded once, on first use, and kept for the process. `use()` switches (the commands switch to a
workspace's model when it has one; tests can pin one). The transformer reader is off unless a
workspace's `workspace.toml` says `detector = "transformer"` or ROLEPLAY_DETECTOR does.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import threading
from functools import cache
from pathlib import Path

from roleplay.detectors.model import PhrasingModel, bundled_model_path
from roleplay.detectors.transformer import ReaderPanel, bundled_reader_paths
from roleplay.errors import UserError

DETECTORS = ("standard", "transformer")
"""What a team can choose: the n-gram model alone (fast, the default), or that model with the
fine-tuned transformer readers blended in (phrasing macro-F1 0.81 against 0.75 on the frozen test
split, about 50 ms a line against under one)."""
DETECTOR_ENV = "ROLEPLAY_DETECTOR"

_model: PhrasingModel | None = None
_loaded = False
_reader: ReaderPanel | None = None
_reader_wanted = False
_reader_lock = threading.Lock()
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


def check_detector(name: str, where: str) -> str:
    """`name` if it is a detector a team can choose, else a UserError saying where it was set."""
    if name not in DETECTORS:
        raise UserError(
            f"{where}: detector must be one of {', '.join(DETECTORS)}, not {name!r}",
            hint='choose standard or transformer (in workspace.toml: detector = "transformer")',
            exit_code=2,
        )
    return name


def use_detector(name: str, where: str = "the detector setting") -> None:
    """Listen with the transformer reader too ("transformer"), or not ("standard"). A reader
    loaded once stays loaded for the process: switching back and forth never reads it again."""
    global _reader_wanted, generation
    wanted = check_detector(name, where) == "transformer"
    if wanted != _reader_wanted:
        _reader_wanted = wanted
        generation += 1


def detector() -> str:
    """The name of the detector in force: "transformer" when the reader is on, else "standard"."""
    return "transformer" if _reader_wanted else "standard"


def use_detector_from_env(default: str = "standard") -> None:
    """The detector ROLEPLAY_DETECTOR names, else `default` (a workspace's choice)."""
    use_detector(os.environ.get(DETECTOR_ENV, "").strip() or default, DETECTOR_ENV)


def reader() -> ReaderPanel | None:
    """The transformer readers when they are switched on (loaded on first use), else None."""
    global _reader
    if not _reader_wanted:
        return None
    with _reader_lock:
        if _reader is None:
            paths = bundled_reader_paths()
            for path in paths:
                if not path.is_file():
                    raise UserError(
                        f"the transformer reader is switched on but {path} is missing",
                        hint=f"reinstall roleplay, or unset {DETECTOR_ENV} / the workspace's "
                        "detector",
                    )
            _reader = ReaderPanel.load(paths)
        return _reader


def warm() -> None:
    """Load the transformer reader, when it is on, in the background (a call starts while the
    trainee reads the opening, so their first line does not wait half a second for the file).
    A file that does not load says so when a line is detected, not here."""
    if _reader_wanted and _reader is None:

        def load() -> None:
            with contextlib.suppress(UserError):
                reader()

        threading.Thread(target=load, name="load transformer reader", daemon=True).start()


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
            if _reader_wanted:
                for path in bundled_reader_paths():
                    h.update(b"transformer\1" + file_digest(path).encode())
            _digests[generation] = h.hexdigest()
    return _digests[generation]


@cache
def file_digest(path: Path) -> str:
    """sha256 of a file (the reader's weights), read once per process."""
    return hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else "missing"
