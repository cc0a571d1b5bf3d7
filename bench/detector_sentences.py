"""Reading each sentence as well as the whole line: every variant, fitted and measured honestly.

A line that does two things dilutes each behaviour's length-normalised features; the model can
also score each sentence and combine (`roleplay/detectors/readings.py`). For each way of fitting
(lines only, or sentence rows too: `--rows none inherit negatives`) and each reading (line,
sentence, max, mean, and "choose": per behaviour by out-of-fold F1 inside the training lines),
this prints per-behaviour F1 and macro-F1 over the phrasing behaviours (model alone, thresholds
from out-of-fold predictions inside the training lines, as shipped), in these ways:

- dev: fitted on train, measured on dev;
- cv train: five folds by whole set over train;
- cv train+dev: five folds by whole set over train and dev;

each without and with the aimed lines of sets b11-* and b12-* (written for the weakest
behaviours; in train.csv since they were measured here). With them, they are added to the fitted
side of every fold and never measured, so the lines measured are the same with and without them.
The frozen test split is never read here.

    python bench/detector_sentences.py [--rows none inherit negatives] [--ways dev cv-train ...]
        [--out figures.json]
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

import numpy as np

from roleplay.detectors.corpus import PHRASING, Example, bundled_split
from roleplay.detectors.evaluate import macro_f1, score
from roleplay.detectors.readings import READINGS
from roleplay.detectors.sentence_training import CHOOSE, SENTENCE_ROWS
from roleplay.detectors.train import Settings, fit_with_folds, predict, settle

AIMED = ("b11-", "b12-")
"""The set ids of the aimed batches, measured with and without."""
WAYS = ("dev", "cv-train", "cv-train+dev")
CHOICES = (*READINGS, CHOOSE)
SHORT = {
    "acknowledges_feeling": "ack",
    "paraphrases": "para",
    "reassures": "reas",
    "offers_solution": "sol",
    "explains_next_steps": "next",
    "takes_ownership": "own",
    "open_question": "openq",
    "closed_question": "closedq",
    "checks_understanding": "check",
    "dismissive": "dism",
    "blames_customer": "blame",
    "rude": "rude",
    "says_calm_down": "calm",
    "hedges": "hedge",
}


def _guesses(fit: list[Example], measured: list[Example], rows: str) -> dict[str, list[set]]:
    """Each reading's decisions on `measured`, from one fit on `fit`."""
    fitted = fit_with_folds(fit, Settings(sentences=rows), PHRASING)
    return {reading: predict(settle(fitted, reading), measured) for reading in CHOICES}


def _cross_validated(
    base: list[Example], extra: list[Example], rows: str, folds: int = 5
) -> tuple[list[Example], dict[str, list[set]]]:
    """Five folds by whole set over `base`; `extra` joins every fold's fitted side."""
    from sklearn.model_selection import GroupKFold

    order: list[Example] = []
    found: dict[str, list[set]] = {r: [] for r in CHOICES}
    groups = [ex.set_id for ex in base]
    for fit_rows, held_rows in GroupKFold(n_splits=folds).split(base, groups=groups):
        held = [base[i] for i in held_rows]
        guesses = _guesses([base[i] for i in fit_rows] + extra, held, rows)
        order.extend(held)
        for reading in CHOICES:
            found[reading].extend(guesses[reading])
    return order, found


def _row(name: str, measured: list[Example], guesses: list[set]) -> dict[str, object]:
    scores = score(measured, guesses, PHRASING)
    per = {s.behaviour.value: round(s.f1, 3) for s in scores}
    macro = round(macro_f1(scores), 3)
    cells = " ".join(f"{per[b.value]:>5.2f}" for b in PHRASING)
    print(f"{name:<44} {macro:>6.3f} {cells}", flush=True)
    return {"macro_f1": macro, "f1": per}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", nargs="*", default=list(SENTENCE_ROWS), choices=SENTENCE_ROWS)
    parser.add_argument("--ways", nargs="*", default=list(WAYS), choices=WAYS)
    parser.add_argument("--pending", nargs="*", default=["without", "with"])
    parser.add_argument("--out", type=Path, default=None, help="also write the figures as JSON")
    args = parser.parse_args()
    everything, dev = bundled_split("train"), bundled_split("dev")
    train = [ex for ex in everything if not ex.set_id.startswith(AIMED)]
    pending = [ex for ex in everything if ex.set_id.startswith(AIMED)]
    heads = " ".join(f"{SHORT[b.value]:>5}" for b in PHRASING)
    print(f"{'variant':<44} {'macro':>6} {heads}")
    out: dict[str, object] = {}
    for rows in args.rows:
        for way in args.ways:
            for with_pending in args.pending:
                extra = pending if with_pending == "with" else []
                started = time.perf_counter()
                if way == "dev":
                    measured = dev
                    guesses = _guesses(train + extra, dev, rows)
                else:
                    base = train if way == "cv-train" else train + dev
                    measured, guesses = _cross_validated(base, extra, rows)
                for reading in CHOICES:
                    name = f"{way}, {with_pending} b11/b12, rows {rows}, {reading}"
                    out[name] = _row(name, measured, guesses[reading])
                print(f"  ({time.perf_counter() - started:.0f} s)", flush=True)
                if args.out:
                    args.out.write_text(json.dumps(out, indent=1))
    print(json.dumps({k: v["macro_f1"] for k, v in out.items()}, indent=1))  # type: ignore[index]


if __name__ == "__main__":
    np.seterr(over="ignore")
    main()
