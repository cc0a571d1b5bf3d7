"""Behaviour detection with the bundled Gemma's static word vectors: variants measured on dev.

Every variant is fitted on the train split and measured on the dev split (the frozen test split
is never read). Each behaviour's threshold comes from out-of-fold predictions inside train (five
folds by whole set), and any setting (embedding scale, C, SIF weight, width) is chosen by that
cross-validated figure, never by dev. Prints a line per variant as it finishes, then JSON with
every variant's dev macro-F1, its per-behaviour F1 and its cross-validated macro-F1 on train.

    python bench/detector_embeddings.py [--only NAME ...] [--table PATH]
"""

from __future__ import annotations

import argparse
import itertools
import json
import re
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import numpy as np
from scipy.sparse import csr_matrix, hstack
from word_vector_table import build
from word_vectors import SPACE, LineEncoder, WordVectors

from roleplay.detectors.corpus import PHRASING, Example, bundled_split
from roleplay.detectors.evaluate import macro_f1, score
from roleplay.detectors.features import normalise, tokens
from roleplay.detectors.train import (
    WIDE_THRESHOLDS,
    Settings,
    _best_threshold,
    _matrix,
    _nb_ratios,
    _targets,
    _vocabulary,
    featurise,
)

LABELS = PHRASING
Fitter = Callable[[np.ndarray, np.ndarray], Callable[[np.ndarray], np.ndarray]]
"""Given training rows and their targets, a function scoring other rows (n, labels)."""


def _table(path: Path) -> WordVectors:
    if path.exists():
        return WordVectors.load(path)
    from roleplay.llm.model_file import ensure_model

    words = [
        t
        for split in ("train", "dev")
        for ex in bundled_split(split)
        for t in (ex.line, ex.customer)
    ]
    table = build(ensure_model(print), words, dims=256)
    table.save(path)
    return table


_CONTRAST = re.compile(r"\b(?:but|however|though|although|unfortunately|that said)\b")


def clause_features(line: str) -> set[str]:
    """Words of the clause after the last "but"/"however" (what the line ends up saying), and
    how each sentence opens."""
    text = normalise(line)
    feats: set[str] = set()
    parts = _CONTRAST.split(text)
    if len(parts) > 1:
        words = tokens(parts[-1])
        feats.add("but:")
        feats.update(f"but:{w}" for w in words)
        feats.update(f"but:{a} {b}" for a, b in itertools.pairwise(words))
    for sentence in re.findall(r"[^.?!]+[.?!]*", text):
        words = tokens(sentence)[:2]
        if words:
            feats.add("open:" + " ".join(words))
    return feats


class WordClusters:
    """Words grouped by their vectors: k-means over every whole lower-case word of the model's
    vocabulary and the words of the training lines. A word outside that list has no group, as
    it would have none when the detector runs (no vectors are shipped with it)."""

    def __init__(self, table: WordVectors, k: int, dims: int, lines: list[str]) -> None:
        from sklearn.cluster import MiniBatchKMeans

        encoder = LineEncoder(table, dims, 0.0)
        whole = {p[1:] for p in table.pieces if p.startswith(SPACE) and p[1:].isalpha()}
        words = sorted(whole | {w for line in lines for w in tokens(line) if w not in "?!"})
        vectors = encoder.encode_all(words)
        kmeans = MiniBatchKMeans(n_clusters=k, random_state=0, n_init=1, max_iter=20)
        self._of = dict(zip(words, kmeans.fit(vectors).labels_.tolist(), strict=True))

    def features(self, line: str) -> set[str]:
        ids = [str(self._of.get(w, "u")) if w not in "?!" else w for w in tokens(line)]
        feats = {f"k:{i}" for i in ids}
        feats.update(f"k:{a} {b}" for a, b in itertools.pairwise(ids))
        return feats


class Data:
    """The train and dev splits as matrices the variants share (built once)."""

    def __init__(self, table: WordVectors | None, settings: Settings) -> None:
        self.fit, self.dev = bundled_split("train"), bundled_split("dev")
        self.groups = np.array([ex.set_id for ex in self.fit])
        self.y_fit = _targets(self.fit, LABELS)
        self.y_dev = _targets(self.dev, LABELS)
        self._table = table
        sets_fit = [featurise(ex, settings) for ex in self.fit]
        sets_dev = [featurise(ex, settings) for ex in self.dev]
        self.ngrams = self._sparse(sets_fit, sets_dev)
        plus = [s | clause_features(ex.line) for s, ex in zip(sets_fit, self.fit, strict=True)]
        plus_dev = [s | clause_features(ex.line) for s, ex in zip(sets_dev, self.dev, strict=True)]
        self.ngrams_clauses = self._sparse(plus, plus_dev)
        self.sets_fit, self.sets_dev = sets_fit, sets_dev
        self._dense: dict[tuple[int, float, bool], tuple[np.ndarray, np.ndarray]] = {}
        self._clusters: dict[tuple[int, int], WordClusters] = {}
        self._clustered: dict[tuple[int, int, bool], tuple[Any, Any]] = {}

    @property
    def table(self) -> WordVectors:
        """The word-vector table (variants built on other vectors pass none)."""
        if self._table is None:
            raise ValueError("these variants need the word-vector table")
        return self._table

    def clustered(self, k: int, dims: int, clauses: bool = False) -> tuple[Any, Any]:
        """The n-grams plus each word's cluster of word vectors, alone and in pairs: a word the
        training lines never used still shares a feature with the words nearest to it."""
        key = (k, dims, clauses)
        if key not in self._clustered:
            if (k, dims) not in self._clusters:
                lines = [ex.line for ex in self.fit]
                self._clusters[(k, dims)] = WordClusters(self.table, k, dims, lines)
            clusters = self._clusters[(k, dims)]
            out = []
            for sets, examples in ((self.sets_fit, self.fit), (self.sets_dev, self.dev)):
                out.append(
                    [
                        s
                        | clusters.features(ex.line)
                        | (clause_features(ex.line) if clauses else set())
                        for s, ex in zip(sets, examples, strict=True)
                    ]
                )
            self._clustered[key] = self._sparse(out[0], out[1])
        return self._clustered[key]

    @staticmethod
    def _sparse(fit: Sequence[set[str]], dev: Sequence[set[str]]) -> tuple[Any, Any]:
        """Feature sets, turned into a matrix by each fit over its own lines' vocabulary (as
        `train.train` does in its folds)."""
        return list(fit), list(dev)

    def dense(self, dims: int, sif: float, pair: bool) -> tuple[np.ndarray, np.ndarray]:
        """Line vectors (and, with `pair`, the cosine to the customer's line and the difference),
        standardised on train."""
        key = (dims, sif, pair)
        if key not in self._dense:
            enc = LineEncoder(self.table, dims, sif)
            blocks = []
            for examples in (self.fit, self.dev):
                mine = enc.encode_all([ex.line for ex in examples])
                parts = [mine]
                if pair:
                    theirs = enc.encode_all([ex.customer for ex in examples])
                    said = np.array([[1.0 if ex.customer else 0.0] for ex in examples])
                    cos = (mine * theirs).sum(axis=1, keepdims=True)
                    parts += [cos, said, (mine - theirs) * said]
                blocks.append(np.hstack(parts))
            mean, std = blocks[0].mean(axis=0), blocks[0].std(axis=0) + 1e-6
            self._dense[key] = ((blocks[0] - mean) / std, (blocks[1] - mean) / std)
        return self._dense[key]


def _logistic(c: float) -> Any:
    from sklearn.linear_model import LogisticRegression

    return LogisticRegression(C=c, solver="liblinear", max_iter=1000, random_state=0)


def _vectoriser(sets: Sequence[set[str]]) -> Callable[[Sequence[set[str]]], Any]:
    """Binary, length-normalised features over the vocabulary of `sets` (seen twice or more)."""
    index = {f: i for i, f in enumerate(_vocabulary(sets, 2))}
    return lambda other: _matrix(other, index).tocsr()


def nb_logistic(c: float, dense_scale: float) -> Fitter:
    """The shipped learner (NB-scaled n-grams, logistic) with a dense block beside them."""

    def fit(x: Any, y: np.ndarray) -> Callable[[Any], np.ndarray]:
        sets, dense = x
        vectorise = _vectoriser(sets)
        sparse = vectorise(sets)
        models = []
        for j in range(y.shape[1]):
            scale = _nb_ratios(sparse, y[:, j])
            parts = [sparse.multiply(scale).tocsr()]
            if dense is not None:
                parts.append(csr_matrix(dense * dense_scale))
            clf = _logistic(c).fit(hstack(parts).tocsr(), y[:, j])
            models.append((scale, clf))

        def predict(x2: Any) -> np.ndarray:
            sp, de = vectorise(x2[0]), x2[1]
            out = []
            for scale, clf in models:
                parts = [sp.multiply(scale).tocsr()]
                if de is not None:
                    parts.append(csr_matrix(de * dense_scale))
                out.append(clf.predict_proba(hstack(parts).tocsr())[:, 1])
            return np.stack(out, axis=1)

        return predict

    return fit


def dense_logistic(c: float) -> Fitter:
    """Logistic regression on the dense block alone."""
    from sklearn.linear_model import LogisticRegression

    def fit(x: Any, y: np.ndarray) -> Callable[[Any], np.ndarray]:
        _, dense = x
        models = [
            LogisticRegression(C=c, max_iter=2000).fit(dense, y[:, j]) for j in range(y.shape[1])
        ]
        return lambda x2: np.stack([m.predict_proba(x2[1])[:, 1] for m in models], axis=1)

    return fit


def mlp(hidden: int, alpha: float, dense_scale: float) -> Fitter:
    """A small multi-label MLP (one hidden layer) on n-grams and the dense block together."""
    from sklearn.neural_network import MLPClassifier

    def fit(x: Any, y: np.ndarray) -> Callable[[Any], np.ndarray]:
        sets, dense = x
        vectorise = _vectoriser(sets)
        joined = hstack([vectorise(sets), csr_matrix(dense * dense_scale)]).tocsr()
        model = MLPClassifier(
            hidden_layer_sizes=(hidden,), alpha=alpha, max_iter=60, random_state=0, tol=1e-4
        ).fit(joined, y)

        def predict(x2: Any) -> np.ndarray:
            joined = hstack([vectorise(x2[0]), csr_matrix(x2[1] * dense_scale)]).tocsr()
            return model.predict_proba(joined)

        return predict

    return fit


def _rows(x: Any, rows: np.ndarray) -> Any:
    sets, dense = x
    return ([sets[i] for i in rows], None if dense is None else dense[rows])


def measure(data: Data, x_fit: Any, x_dev: Any, fitter: Fitter, folds: int = 5) -> dict[str, Any]:
    """Thresholds from out-of-fold predictions in train; figures on dev and cross-validated."""
    from sklearn.model_selection import GroupKFold

    y = data.y_fit
    oof = np.zeros(y.shape)
    for fit_rows, held in GroupKFold(n_splits=folds).split(y, groups=data.groups):
        oof[held] = fitter(_rows(x_fit, fit_rows), y[fit_rows])(_rows(x_fit, held))
    thresholds = np.array(
        [_best_threshold(oof[:, j], y[:, j], WIDE_THRESHOLDS) for j in range(y.shape[1])]
    )
    cv = _macro(data.fit, oof >= thresholds)
    probs = fitter(x_fit, y)(x_dev)
    decided = probs >= thresholds
    scores = score(data.dev, _guesses(decided), LABELS)
    return {
        "dev_macro_f1": round(macro_f1(scores), 3),
        "cv_macro_f1": round(cv, 3),
        "dev_f1": {s.behaviour.value: round(s.f1, 3) for s in scores},
    }


def _guesses(decided: np.ndarray) -> list[set]:
    return [{b for b, on in zip(LABELS, row, strict=True) if on} for row in decided]


def _macro(examples: list[Example], decided: np.ndarray) -> float:
    return macro_f1(score(examples, _guesses(decided), LABELS))


def variants(data: Data) -> dict[str, Callable[[], dict[str, Any]]]:
    """Name -> a function that measures it."""
    ng, ngc = data.ngrams, data.ngrams_clauses

    def run(
        sparse: tuple[Any, Any], dense: tuple[Any, Any] | None, fitter: Fitter
    ) -> dict[str, Any]:
        dfit, ddev = dense if dense is not None else (None, None)
        return measure(data, (sparse[0], dfit), (sparse[1], ddev), fitter)

    out: dict[str, Callable[[], dict[str, Any]]] = {
        "n-grams alone (shipped: NB logistic C=8)": lambda: run(ng, None, nb_logistic(8, 0)),
        "n-grams + clause features": lambda: run(ngc, None, nb_logistic(8, 0)),
    }
    for dims in (64, 128, 256):
        for sif in (0.0, 1e-4, 1e-3):
            out[f"embeddings alone, {dims} dims, SIF {sif:g}, logistic C=0.1"] = (
                lambda d=dims, s=sif: run(ng, data.dense(d, s, False), dense_logistic(0.1))
            )
    for c in (0.01, 1.0):
        out[f"embeddings alone, 128 dims, SIF 1e-4, logistic C={c:g}"] = lambda c=c: run(
            ng, data.dense(128, 1e-4, False), dense_logistic(c)
        )
    out["embeddings + pair, 128 dims, SIF 1e-4, logistic C=0.1"] = lambda: run(
        ng, data.dense(128, 1e-4, True), dense_logistic(0.1)
    )
    for scale in (0.01, 0.03, 0.1):
        out[f"n-grams + embeddings x{scale:g}, 128 dims, SIF 1e-4"] = lambda s=scale: run(
            ng, data.dense(128, 1e-4, False), nb_logistic(8, s)
        )
        out[f"n-grams + embeddings + pair x{scale:g}, 128 dims, SIF 1e-4"] = lambda s=scale: run(
            ng, data.dense(128, 1e-4, True), nb_logistic(8, s)
        )
    for k in (256, 1024, 4096):
        out[f"n-grams + word clusters (k={k}, 128 dims)"] = lambda k=k: run(
            data.clustered(k, 128), None, nb_logistic(8, 0)
        )
    out["n-grams + word clusters (k=1024, 256 dims)"] = lambda: run(
        data.clustered(1024, 256), None, nb_logistic(8, 0)
    )
    out["n-grams + clause features + word clusters (k=1024, 128 dims)"] = lambda: run(
        data.clustered(1024, 128, clauses=True), None, nb_logistic(8, 0)
    )
    out["n-grams + word clusters (k=1024) + embeddings + pair x0.03"] = lambda: run(
        data.clustered(1024, 128), data.dense(128, 1e-4, True), nb_logistic(8, 0.03)
    )
    out["MLP 128 hidden on n-grams + embeddings + pair"] = lambda: run(
        ng, data.dense(128, 1e-4, True), mlp(128, 1e-3, 0.1)
    )
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", nargs="*", default=None, help="only variants whose name has this")
    parser.add_argument("--skip", nargs="*", default=(), help="skip variants whose name has this")
    parser.add_argument("--table", type=Path, default=None, help="the derived word-vector table")
    args = parser.parse_args()
    if args.table is None:
        from roleplay.llm.model_file import cache_dir

        args.table = cache_dir() / "models" / "gemma-3-270m-word-vectors.npz"
    data = Data(_table(args.table), Settings())
    results: dict[str, Any] = {}
    for name, measure_it in variants(data).items():
        if args.only is not None and not any(part in name for part in args.only):
            continue
        if any(part in name for part in args.skip):
            continue
        start = time.process_time()
        results[name] = measure_it()
        r = results[name]
        cpu = time.process_time() - start
        print(f"{name:<62} dev {r['dev_macro_f1']:.3f}  cv {r['cv_macro_f1']:.3f}  ({cpu:.0f} s)")
        print("    " + "  ".join(f"{b} {f:.2f}" for b, f in r["dev_f1"].items()), flush=True)
    print(json.dumps(results, indent=1))


if __name__ == "__main__":
    main()
