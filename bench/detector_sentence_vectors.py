"""Behaviour detection with contextual sentence vectors from the bundled Gemma: variants on dev.

The vectors come from `bench/sentence_vectors.py` (hidden states of the trainee's line, alone and
read after the customer's line in a short frame, several layers). The harness is that of
`bench/detector_embeddings.py`: every variant is fitted on the train split and measured on dev
(the frozen test split is never read); each behaviour's threshold comes from out-of-fold
predictions inside train (five folds by whole set), and every choice (which reading and layer,
C, scale, blend weight) is made by that cross-validated figure, never by dev.

Stages, each printing a line per variant as it finishes:
1. screen: ridge regression on every reading x layer (one closed-form solve for all behaviours,
   cheap), to find which vectors carry the most;
2. logistic regression (a few C) on the best by cross-validation, the second best, and both;
3. with the n-grams: a blend of the n-gram model's and the vector model's probabilities, the
   vectors with pair features of the customer's line, and the shipped NB-weighted logistic
   regression with the vectors as scaled extra columns.
Out-of-fold and dev probabilities are cached under /tmp so a stopped run resumes.

    python bench/detector_sentence_vectors.py [--only NAME ...] [--skip NAME ...]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
from detector_embeddings import LABELS, Data, Fitter, _guesses, _macro, _rows, nb_logistic
from sentence_vectors import DEFAULT_OUT, TAP_NAMES, embedded, vectors_for

from roleplay.detectors.evaluate import macro_f1, score
from roleplay.detectors.train import WIDE_THRESHOLDS, Settings, _best_threshold

READINGS = ("alone_mean", "alone_last", "line_mean", "prompt_last")
"""The trainee-line vectors compared (customer_mean only enters through the pair features)."""
PROBS = Path("/tmp/gemma-sentence-vectors/probs")
Probs = tuple[np.ndarray, np.ndarray]
"""Out-of-fold probabilities on train (n_train, labels) and probabilities on dev (n_dev, labels)."""


def embedded_sets_only(data: Data, path: Path) -> int:
    """Keep only train's sets whose every line is embedded (a run stopped early embedded a
    sample of whole sets); returns how many train lines are left."""
    have = embedded(data.fit, path)
    missing = {ex.set_id for ex, ok in zip(data.fit, have, strict=True) if not ok}
    keep = [i for i, ex in enumerate(data.fit) if ex.set_id not in missing]
    data.fit = [data.fit[i] for i in keep]
    data.groups = data.groups[keep]
    data.y_fit = data.y_fit[keep]
    data.sets_fit = [data.sets_fit[i] for i in keep]
    data.ngrams = ([data.ngrams[0][i] for i in keep], data.ngrams[1])
    return len(keep)


class Vectors:
    """The cached sentence vectors of train and dev as standardised blocks (built on demand)."""

    def __init__(self, data: Data, path: Path) -> None:
        self.data, self.path = data, path
        self.fit: dict[str, np.ndarray] = {}
        self.dev: dict[str, np.ndarray] = {}

    def raw(self, reading: str, layer: str) -> tuple[np.ndarray, np.ndarray]:
        if not self.fit:  # read on first use: the n-gram variants need no vectors
            self.fit, _, _ = vectors_for(self.data.fit, self.path)
            self.dev, _, _ = vectors_for(self.data.dev, self.path)
        at = TAP_NAMES.index(layer)
        fit, dev = self.fit[reading][:, at], self.dev[reading][:, at]
        if np.isnan(fit).any() or np.isnan(dev).any():
            raise SystemExit(f"{reading} {layer} was not read for every line (see --upto)")
        return fit, dev

    def block(self, parts: list[tuple[str, str]], pair: bool = False) -> tuple[Any, Any]:
        """Readings side by side, each standardised on train; with `pair`, the first one's
        cosine to the customer's line (both centred on train) and their difference."""
        fit, dev = [], []
        for reading, layer in parts:
            f, d = self.raw(reading, layer)
            fit.append(f)
            dev.append(d)
            if pair:
                c_f, c_d = self.raw("customer_mean", layer)
                centre = f.mean(axis=0)
                c_centre = c_f.mean(axis=0)
                for mine, theirs, out in ((f, c_f, fit), (d, c_d, dev)):
                    said = (np.abs(theirs).sum(axis=1, keepdims=True) > 0).astype(np.float32)
                    a, b = mine - centre, theirs - c_centre
                    cos = (a * b).sum(axis=1, keepdims=True) / (
                        np.linalg.norm(a, axis=1, keepdims=True)
                        * np.linalg.norm(b, axis=1, keepdims=True)
                        + 1e-6
                    )
                    out += [cos * said, said, (mine - theirs) * said]
                pair = False  # only the first reading gets the pair features
        f_all, d_all = np.hstack(fit), np.hstack(dev)
        mean, std = f_all.mean(axis=0), f_all.std(axis=0) + 1e-6
        return (f_all - mean) / std, (d_all - mean) / std


def ridge(alpha: float) -> Fitter:
    """Least squares on the 0/1 targets with an L2 penalty: every behaviour in one solve."""

    def fit(x: Any, y: np.ndarray) -> Callable[[Any], np.ndarray]:
        dense = x[1]
        mean = dense.mean(axis=0)
        a = dense - mean
        w = np.linalg.solve(a.T @ a + alpha * np.eye(a.shape[1]), a.T @ (y - y.mean(axis=0)))
        bias = y.mean(axis=0)
        return lambda x2: np.clip((x2[1] - mean) @ w + bias, 0.0, 1.0)

    return fit


def dense_logistic(c: float) -> Fitter:
    """Logistic regression on the dense block alone (lbfgs; standardised inputs)."""
    from sklearn.linear_model import LogisticRegression

    def fit(x: Any, y: np.ndarray) -> Callable[[Any], np.ndarray]:
        dense = x[1]
        models = [
            LogisticRegression(C=c, max_iter=500).fit(dense, y[:, j]) for j in range(y.shape[1])
        ]
        return lambda x2: np.stack([m.predict_proba(x2[1])[:, 1] for m in models], axis=1)

    return fit


def probabilities(
    data: Data,
    name: str,
    x_fit: Any,
    x_dev: Any,
    fitter: Fitter,
    folds: int = 5,
    cache: Path = PROBS,
) -> Probs:
    """Out-of-fold probabilities inside train and the full fit's on dev (cached by name and
    the lines fitted on)."""
    from sklearn.model_selection import GroupKFold

    fitted_on = "\n".join(ex.line for ex in data.fit)
    slug = hashlib.sha256(f"{name}\n{fitted_on}".encode()).hexdigest()[:16]
    path = cache / f"{slug}.npz"
    if path.exists():
        with np.load(path) as saved:
            return saved["oof"], saved["dev"]
    y = data.y_fit
    oof = np.zeros(y.shape)
    for fit_rows, held in GroupKFold(n_splits=folds).split(y, groups=data.groups):
        oof[held] = fitter(_rows(x_fit, fit_rows), y[fit_rows])(_rows(x_fit, held))
    dev = fitter(x_fit, y)(x_dev)
    path.parent.mkdir(parents=True, exist_ok=True)
    np.savez(path, oof=oof, dev=dev)
    return oof, dev


def figures(data: Data, probs: Probs) -> dict[str, Any]:
    """Thresholds from the out-of-fold probabilities; macro-F1 cross-validated and on dev."""
    oof, dev = probs
    y = data.y_fit
    thresholds = np.array(
        [_best_threshold(oof[:, j], y[:, j], WIDE_THRESHOLDS) for j in range(y.shape[1])]
    )
    scores = score(data.dev, _guesses(dev >= thresholds), LABELS)
    return {
        "dev_macro_f1": round(macro_f1(scores), 3),
        "cv_macro_f1": round(_macro(data.fit, oof >= thresholds), 3),
        "dev_f1": {s.behaviour.value: round(s.f1, 3) for s in scores},
    }


class Bench:
    """Runs the stages, remembering every variant's probabilities and figures."""

    def __init__(
        self, data: Data, vectors: Vectors, only: list[str] | None, skip: list[str], cache: Path
    ) -> None:
        self.data, self.vectors, self.cache = data, vectors, cache
        self.only, self.skip = only, skip
        self.results: dict[str, dict[str, Any]] = {}
        self.probs: dict[str, Probs] = {}

    def wanted(self, name: str) -> bool:
        if self.only is not None and not any(part in name for part in self.only):
            return False
        return not any(part in name for part in self.skip)

    def run(self, name: str, make: Callable[[], Probs]) -> dict[str, Any] | None:
        if not self.wanted(name):
            return None
        start = time.process_time()
        self.probs[name] = make()
        r = self.results[name] = figures(self.data, self.probs[name])
        cpu = time.process_time() - start
        load = os.getloadavg()[0]
        print(
            f"{name:<70} dev {r['dev_macro_f1']:.3f}  cv {r['cv_macro_f1']:.3f}"
            f"  ({cpu:.0f} s CPU, load {load:.1f})"
        )
        print("    " + "  ".join(f"{b} {f:.2f}" for b, f in r["dev_f1"].items()), flush=True)
        return r

    def fitted(
        self,
        name: str,
        parts: list[tuple[str, str]],
        fitter: Fitter,
        ngrams: bool = False,
        pair: bool = False,
    ) -> dict[str, Any] | None:
        data = self.data

        def make() -> Probs:
            dfit, ddev = self.vectors.block(parts, pair) if parts else (None, None)
            sfit, sdev = data.ngrams if ngrams else ([None] * len(data.fit), [None] * len(data.dev))
            return probabilities(data, name, (sfit, dfit), (sdev, ddev), fitter, cache=self.cache)

        return self.run(name, make)

    def blend(self, name: str, a: str, b: str, weight: float) -> dict[str, Any] | None:
        """weight x the probabilities of `a` + (1 - weight) x those of `b`."""
        if a not in self.probs or b not in self.probs:
            return None
        pa, pb = self.probs[a], self.probs[b]
        return self.run(
            name,
            lambda: (weight * pa[0] + (1 - weight) * pb[0], weight * pa[1] + (1 - weight) * pb[1]),
        )


def stages(bench: Bench, readings: list[str], layers: list[str]) -> None:
    """Cheapest and most telling first, so a run stopped early has the figures that matter."""
    ngrams = "n-grams alone (shipped: NB logistic C=8)"
    bench.fitted(ngrams, [], nb_logistic(8, 0), ngrams=True)
    screened: list[tuple[float, str, str, str]] = []
    for reading in readings:
        for layer in layers:
            for alpha in (30.0, 300.0, 3000.0):
                name = f"ridge a={alpha:g}, {reading} {layer}"
                r = bench.fitted(name, [(reading, layer)], ridge(alpha))
                if r is not None:
                    screened.append((r["cv_macro_f1"], name, reading, layer))
    screened.sort(reverse=True)
    top: list[tuple[str, str]] = []
    for _, _, reading, layer in screened:
        if (reading, layer) not in top:
            top.append((reading, layer))
    top = top[:2]
    print(f"best by cross-validation: {top}", flush=True)
    if not top:
        return
    best_ridge = screened[0][1]
    blend_all(bench, ngrams, best_ridge)
    first = f"{top[0][0]} {top[0][1]}"
    for c in (0.01, 0.1, 1.0):
        bench.fitted(f"logistic C={c:g}, {first}", top[:1], dense_logistic(c))
    logistic = [n for n in bench.results if n.startswith("logistic C=")]
    if logistic:
        blend_all(bench, ngrams, max(logistic, key=lambda n: bench.results[n]["cv_macro_f1"]))
    bench.fitted(f"logistic C=0.01, {first} + pair", top[:1], dense_logistic(0.01), pair=True)
    if len(top) > 1:
        second = f"{top[1][0]} {top[1][1]}"
        bench.fitted(f"logistic C=0.01, {second}", top[1:], dense_logistic(0.01))
        bench.fitted(f"logistic C=0.01, {first} + {second}", top, dense_logistic(0.01))
    for scale in (0.03, 0.1):
        bench.fitted(f"n-grams + {first} x{scale:g}", top[:1], nb_logistic(8, scale), ngrams=True)
    bench.fitted(
        f"n-grams + {first} + pair x0.03", top[:1], nb_logistic(8, 0.03), ngrams=True, pair=True
    )


def blend_all(bench: Bench, ngrams: str, other: str) -> None:
    """The n-gram model's probabilities blended with another variant's, a few weights."""
    for weight in (0.3, 0.5, 0.7):
        bench.blend(
            f"blend {weight:g} x n-grams + {1 - weight:g} x ({other})", ngrams, other, weight
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", nargs="*", default=None, help="only variants whose name has this")
    parser.add_argument("--skip", nargs="*", default=[], help="skip variants whose name has this")
    parser.add_argument("--vectors", type=Path, default=DEFAULT_OUT)
    parser.add_argument("--readings", nargs="*", default=list(READINGS), choices=READINGS)
    parser.add_argument("--layers", nargs="*", default=list(TAP_NAMES), choices=TAP_NAMES)
    parser.add_argument(
        "--partial", action="store_true", help="fit on the train sets embedded so far only"
    )
    parser.add_argument("--probs", type=Path, default=PROBS, help="where probabilities are cached")
    args = parser.parse_args()
    data = Data(None, Settings())
    if args.partial:
        print(f"train lines embedded in whole sets: {embedded_sets_only(data, args.vectors)}")
    bench = Bench(data, Vectors(data, args.vectors), args.only, args.skip, args.probs)
    print(f"load average {os.getloadavg()}", flush=True)
    stages(bench, args.readings, args.layers)
    print(json.dumps(bench.results, indent=1))


if __name__ == "__main__":
    main()
