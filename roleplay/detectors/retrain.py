"""Retrain the phrasing model on the bundled corpus plus a team's own labelled lines.

A workspace may keep labelled lines in `behaviours/*.csv` (same columns as the bundled corpus).
Each of its sets goes to training or to its own held-out part by the same stable hash as the
bundled corpus, so `roleplay detectors train` can report figures on lines it never saw: the
bundled frozen test split, and the team's held-out lines.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from roleplay.detectors.corpus import (
    MODELLED,
    Example,
    bundled_corpus_dir,
    corpus_sha256,
    read_examples,
    split_of,
)
from roleplay.detectors.evaluate import Score, score
from roleplay.detectors.model import HOUSE_FOLDER, PhrasingModel
from roleplay.detectors.train import Settings, choose_modes, detect_all, train


def bundled_training_files() -> list[Path]:
    """The parts of the shipped corpus a model is fitted on (test stays out)."""
    folder = bundled_corpus_dir()
    return [folder / "train.csv", folder / "dev.csv"]


def house_files(root: Path) -> list[Path]:
    """A workspace's own labelled lines."""
    return sorted((root / HOUSE_FOLDER).glob("*.csv"))


@dataclass
class Retrained:
    """A freshly trained model and how it did on lines it never saw."""

    model: PhrasingModel
    lines: int
    bundled_test: list[Score]
    house_lines: int = 0
    house_test: list[Score] = field(default_factory=list)


def retrain(
    extra: Sequence[Path] = (),
    settings: Settings | None = None,
    say: Callable[[str], None] = lambda _: None,
) -> Retrained:
    """Fit on the bundled train and dev splits plus `extra` files; measure on held-out lines."""
    files = [*bundled_training_files(), *extra]
    base: list[Example] = []
    for path in bundled_training_files():
        base.extend(read_examples(path))
    house: list[Example] = []
    for path in extra:
        house.extend(read_examples(path))
    house_fit = [ex for ex in house if split_of(ex.set_id) != "test"]
    house_held = [ex for ex in house if split_of(ex.set_id) == "test"]
    examples = base + house_fit
    say("choosing rules, model or either for the assisted behaviours (fit on train, dev)...")
    dev = [ex for ex in base if split_of(ex.set_id) == "dev"]
    fit = [ex for ex in base if split_of(ex.set_id) == "train"] + house_fit
    modes = choose_modes(train(fit, settings), dev)
    say(f"training on {len(examples)} lines ({len(house_fit)} of them the team's own)...")
    model = train(examples, settings, corpus_sha256=corpus_sha256(files))
    model.settings["modes"] = modes
    test = read_examples(bundled_corpus_dir() / "test.csv")
    result = Retrained(
        model=model,
        lines=len(examples),
        bundled_test=score(test, detect_all(model, test), MODELLED),
        house_lines=len(house),
    )
    if house_held:
        result.house_test = score(house_held, detect_all(model, house_held), MODELLED)
    return result
