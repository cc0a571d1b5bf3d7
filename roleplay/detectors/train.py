"""Train the phrasing model from labelled lines (scikit-learn), measure it, and write it.

One linear classifier per behaviour over binary, length-normalised features (logistic regression
as shipped; a linear SVM or SGD can be measured instead). Each behaviour's decision threshold is
chosen on out-of-fold predictions (folds by whole set), then the model is fitted on all the lines
given. Any of them is a weight per feature and a bias, so the result is exported to the NumPy-only
`PhrasingModel` and the app never needs scikit-learn to detect, only to retrain.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass, replace
from typing import Any

import numpy as np

from roleplay.detectors.corpus import ASSISTED, MODELLED, Example
from roleplay.detectors.features import features
from roleplay.detectors.line_scores import decided
from roleplay.detectors.model import PhrasingModel
from roleplay.detectors.readings import best_sentence
from roleplay.detectors.sentence_training import (
    SentenceRows,
    choose_readings,
    sentence_rows,
    threshold_and_f1,
)
from roleplay.detectors.sentences import sentence_spans
from roleplay.scenarios.behaviours import Behaviour

THRESHOLDS = np.round(np.arange(0.3, 0.81, 0.05), 2)
"""Decision thresholds tried per behaviour; never so low that a faint guess counts."""
WIDE_THRESHOLDS = np.round(np.arange(0.1, 0.91, 0.05), 2)
"""For scores that are not calibrated probabilities (SVM and SGD margins through the logistic,
NB-weighted features), where 0.5 is only the classifier's own boundary: a wider range."""
CLASSIFIERS = ("logistic", "svm", "sgd")
MODEL_MARGIN = 0.02
"""The model alone must beat rules-or-model by this much on dev to drop a behaviour's rule."""


@dataclass(frozen=True)
class Settings:
    """What a model is trained with; stored in the model file."""

    C: float = 8.0
    min_count: int = 2
    rules: bool = True
    chars: bool = True
    context: bool = True
    balanced: bool = False
    folds: int = 5
    classifier: str = "logistic"
    """logistic (shipped), svm (LinearSVC) or sgd (modified Huber, alpha 1/(C * lines))."""
    nb: bool = True
    """Scale features by their naive-Bayes log-count ratio per behaviour before fitting (shipped:
    it measured best on dev, 0.671 against 0.656 without)."""
    reading: str = "choose"
    """How each behaviour reads the line and its sentences: one of `readings.READINGS` for all,
    or "choose" (shipped: per behaviour, by out-of-fold F1 inside the training lines)."""
    sentences: str = "none"
    """Sentence rows fitted on besides the lines: none, inherit or negatives (see
    `sentence_training`)."""


def featurise(ex: Example, settings: Settings) -> set[str]:
    customer = ex.customer if settings.context else ""
    return features(ex.line, customer, rules=settings.rules, chars=settings.chars)


def _vocabulary(feature_sets: Sequence[set[str]], min_count: int) -> list[str]:
    counts: dict[str, int] = {}
    for feats in feature_sets:
        for f in feats:
            counts[f] = counts.get(f, 0) + 1
    return sorted(f for f, n in counts.items() if n >= min_count)


def _matrix(feature_sets: Sequence[set[str]], index: dict[str, int]) -> Any:
    from scipy.sparse import csr_matrix

    rows, cols, vals = [], [], []
    for r, feats in enumerate(feature_sets):
        known = sorted(index[f] for f in feats if f in index)
        if not known:
            continue
        weight = 1.0 / np.sqrt(len(known))
        rows.extend([r] * len(known))
        cols.extend(known)
        vals.extend([weight] * len(known))
    return csr_matrix((vals, (rows, cols)), shape=(len(feature_sets), len(index)), dtype=np.float64)


def _targets(examples: Sequence[Example], labels: Sequence[Behaviour]) -> np.ndarray:
    return np.array([[b in ex.behaviours for b in labels] for ex in examples], dtype=np.int8)


def _classifier(settings: Settings, lines: int) -> Any:
    """A fresh scikit-learn linear classifier as the settings ask."""
    weight = "balanced" if settings.balanced else None
    if settings.classifier == "svm":
        from sklearn.svm import LinearSVC

        return LinearSVC(C=settings.C, class_weight=weight, max_iter=5000, random_state=0)
    if settings.classifier == "sgd":
        from sklearn.linear_model import SGDClassifier

        return SGDClassifier(
            loss="modified_huber",
            alpha=1.0 / (settings.C * lines),
            class_weight=weight,
            max_iter=50,
            tol=None,
            random_state=0,
        )
    from sklearn.linear_model import LogisticRegression

    return LogisticRegression(
        C=settings.C, solver="liblinear", class_weight=weight, max_iter=1000, random_state=0
    )


def _nb_ratios(x: Any, column: np.ndarray) -> np.ndarray:
    """Naive-Bayes log-count ratios per feature (Wang & Manning's NB weighting): how much more
    often a feature occurs in lines with the behaviour than without. Scaling the features by them
    before fitting lets a rare but telling phrase count for more; the scale is folded back into the
    weights, so scoring is unchanged."""
    present = (x > 0).astype(np.float64)
    yes = 1.0 + np.asarray(present[column == 1].sum(axis=0)).ravel()
    no = 1.0 + np.asarray(present[column == 0].sum(axis=0)).ravel()
    return np.log((yes / yes.sum()) / (no / no.sum()))


def _fit(
    feature_sets: Sequence[set[str]],
    y: np.ndarray,
    labels: Sequence[Behaviour],
    settings: Settings,
    sentences: SentenceRows | None = None,
) -> PhrasingModel:
    """One classifier per label on the lines (and on `sentences`, where each counts); the
    vocabulary comes from the lines alone, so a sentence never lets a phrase seen once in."""
    vocab = _vocabulary(feature_sets, settings.min_count)
    index = {f: i for i, f in enumerate(vocab)}
    x = _matrix(feature_sets, index)
    if sentences is not None:
        from scipy.sparse import vstack

        x_all = vstack([x, _matrix(sentences.feature_sets, index)]).tocsr()
        y_all = np.vstack([y, sentences.targets])
        counts = np.vstack([np.ones(y.shape, dtype=bool), sentences.counts])
    weights = np.zeros((len(vocab), len(labels)), dtype=np.float32)
    bias = np.zeros(len(labels), dtype=np.float32)
    for j in range(len(labels)):
        xj, column = x, y[:, j]
        if sentences is not None:
            xj, column = x_all[counts[:, j]], y_all[counts[:, j], j]
        if column.min() == column.max():
            bias[j] = 10.0 if column[0] else -10.0
            continue
        scale = _nb_ratios(xj, column) if settings.nb else None
        clf = _classifier(settings, len(column))
        clf.fit(xj if scale is None else xj.multiply(scale).tocsr(), column)
        weights[:, j] = clf.coef_[0] if scale is None else clf.coef_[0] * scale
        bias[j] = clf.intercept_[0]
    return PhrasingModel(
        labels=tuple(labels),
        features=tuple(vocab),
        weights=weights.astype(np.float16).astype(np.float32),
        bias=bias,
        thresholds=np.full(len(labels), 0.5, dtype=np.float32),
        settings={"rules": settings.rules, "chars": settings.chars},
    )


def _best_threshold(probs: np.ndarray, truth: np.ndarray, grid: np.ndarray = THRESHOLDS) -> float:
    return threshold_and_f1(probs, truth, grid)[0]


def _sentence_sets(examples: Sequence[Example], settings: Settings) -> list[list[set[str]]]:
    """Each line's sentences' features, when it has more than one sentence (else none)."""
    out: list[list[set[str]]] = []
    for ex in examples:
        spans = sentence_spans(ex.line)
        customer = ex.customer if settings.context else ""
        out.append(
            []
            if len(spans) < 2
            else [
                features(ex.line[s:e], customer, rules=settings.rules, chars=settings.chars)
                for s, e in spans
            ]
        )
    return out


@dataclass
class Fitted:
    """A model fitted on all the lines given, and every line's out-of-fold scores: the whole
    line's, and its best sentence's (from which each behaviour's reading is chosen)."""

    model: PhrasingModel
    line: np.ndarray
    best: np.ndarray
    y: np.ndarray
    grid: np.ndarray


def fit_with_folds(
    examples: Sequence[Example], settings: Settings, labels: Sequence[Behaviour] = MODELLED
) -> Fitted:
    """Fit on `examples`, with out-of-fold scores from folds by whole set."""
    from sklearn.model_selection import GroupKFold

    feature_sets = [featurise(ex, settings) for ex in examples]
    sentence_sets = _sentence_sets(examples, settings)
    y = _targets(examples, labels)
    groups = [ex.set_id for ex in examples]
    oof = np.zeros(y.shape, dtype=np.float32)
    oof_best = np.zeros(y.shape, dtype=np.float32)
    folds = GroupKFold(n_splits=min(settings.folds, len(set(groups))))
    for fit_rows, held_rows in folds.split(feature_sets, groups=groups):
        rows = sentence_rows([sentence_sets[i] for i in fit_rows], y[fit_rows], settings.sentences)
        model = _fit([feature_sets[i] for i in fit_rows], y[fit_rows], labels, settings, rows)
        for i in held_rows:
            oof[i] = model.probabilities(feature_sets[i])
            per_sentence = (
                np.array([model.probabilities(f) for f in sentence_sets[i]])
                if sentence_sets[i]
                else None
            )
            oof_best[i] = best_sentence(oof[i], per_sentence)[0]
    rows = sentence_rows(sentence_sets, y, settings.sentences)
    final = _fit(feature_sets, y, labels, settings, rows)
    final.settings = {**final.settings, "training": asdict(settings), "lines": len(examples)}
    calibrated = settings.classifier == "logistic" and not settings.nb
    grid = THRESHOLDS if calibrated else WIDE_THRESHOLDS
    return Fitted(final, oof, oof_best, y, grid)


def settle(fitted: Fitted, reading: str, corpus_sha256: str = "") -> PhrasingModel:
    """The fitted model with each behaviour's reading and threshold chosen as `reading` says
    (one of `readings.READINGS` for all, or "choose"), on the out-of-fold scores."""
    readings, thresholds = choose_readings(fitted.line, fitted.best, fitted.y, reading, fitted.grid)
    final = fitted.model
    settings = {**final.settings, "training": {**final.settings["training"], "reading": reading}}
    if any(r != "line" for r in readings):
        settings["readings"] = {b.value: r for b, r in zip(final.labels, readings, strict=True)}
    return replace(final, thresholds=thresholds, settings=settings, corpus_sha256=corpus_sha256)


def train(
    examples: Sequence[Example],
    settings: Settings | None = None,
    labels: Sequence[Behaviour] = MODELLED,
    corpus_sha256: str = "",
) -> PhrasingModel:
    """A model fitted on `examples`, with readings and thresholds from out-of-fold scores."""
    settings = settings or Settings()
    return settle(fit_with_folds(examples, settings, labels), settings.reading, corpus_sha256)


def predict(model: PhrasingModel, examples: Sequence[Example]) -> list[set[Behaviour]]:
    """What the model alone decides for each example."""
    return [decided(model, ex.line, ex.customer) for ex in examples]


def detect_all(model: PhrasingModel | None, examples: Sequence[Example]) -> list[set[Behaviour]]:
    """What detection as a whole (rules and model) finds in each example, in its context."""
    from roleplay.detectors.detect import DetectContext, run

    return [
        {d.behaviour for d in run(ex.line, DetectContext(customer_lines=(ex.customer,)), model)}
        for ex in examples
    ]


def choose_modes(fitted: PhrasingModel, dev: Sequence[Example]) -> dict[str, str]:
    """For each behaviour: rules, model or either, whichever scores best on `dev`.

    Phrasing behaviours choose between the model and either (their rules alone miss too much to
    be the whole answer); assisted behaviours may keep their rules alone.
    """
    from roleplay.detectors.evaluate import score

    modes: dict[str, str] = {}
    results: dict[str, list[set[Behaviour]]] = {}
    for mode in ("rules", "model", "either"):
        trial = PhrasingModel(
            labels=fitted.labels,
            features=fitted.features,
            weights=fitted.weights,
            bias=fitted.bias,
            thresholds=fitted.thresholds,
            settings={**fitted.settings, "modes": {b.value: mode for b in fitted.labels}},
        )
        results[mode] = detect_all(trial, dev)
    for behaviour in fitted.labels:
        options = ("rules", "either", "model") if behaviour in ASSISTED else ("either", "model")
        f1 = {m: score(dev, results[m], [behaviour])[0].f1 for m in options}
        best = max(options, key=lambda m: f1[m])
        if best == "model" and f1["model"] < f1["either"] + MODEL_MARGIN:
            best = "either"
        modes[behaviour.value] = best
    return modes
