"""Behaviour detection: per-behaviour figures on the frozen test split, speed, and variants.

Prints a table per part and, last, one JSON document. Figures:
- the detector as shipped (rules + the trained phrasing model) against the rules alone, on the
  bundled frozen test split, each line in its scenario's context (customer name, what they care
  about, the customer's line before);
- detecting 1,000 lines with an empty cache (the default detector), and per line; with
  `--baseline FILE`, another detector file (say, the one shipped before) timed in the same run,
  turn about with the default one, so a loaded machine weighs on both alike;
- with `--transformer`: the same figures and speed with the fine-tuned transformer reader blended
  in (the optional detector, `detector = "transformer"`), its cache emptied before timing;
- with `--variants`: each feature and setting variant trained on the train split and measured
  on the dev split (the test split is never used to choose).

    python bench/detectors.py [--transformer] [--variants] [--baseline FILE]

The per-sentence readings and sentence rows are compared by bench/detector_sentences.py.
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from dataclasses import replace
from pathlib import Path

import numpy as np

from roleplay.detectors import active
from roleplay.detectors.blend import reader_probabilities
from roleplay.detectors.corpus import LABELLED, PHRASING, Example, bundled_split
from roleplay.detectors.detect import DetectContext, _detect, detect
from roleplay.detectors.evaluate import Score, macro_f1, score, table
from roleplay.detectors.features import features
from roleplay.detectors.model import PhrasingModel
from roleplay.detectors.train import Settings, _best_threshold, predict, train
from roleplay.scenarios.loader import load_library
from roleplay.workspace import bundled_library_dir

VARIANTS: dict[str, Settings] = {
    "words only": Settings(chars=False, rules=False, context=False, nb=False, reading="line"),
    "+ char n-grams": Settings(rules=False, context=False, nb=False, reading="line"),
    "+ rule hits": Settings(context=False, nb=False, reading="line"),
    "+ customer's line (shipped before)": Settings(nb=False, reading="line"),
    "before, C=2": Settings(C=2.0, nb=False, reading="line"),
    "before, C=32": Settings(C=32.0, nb=False, reading="line"),
    "before, balanced classes": Settings(balanced=True, nb=False, reading="line"),
    "before, balanced, C=4": Settings(balanced=True, C=4.0, nb=False, reading="line"),
    "before, min count 1": Settings(min_count=1, nb=False, reading="line"),
    "LinearSVC, C=0.1": Settings(classifier="svm", C=0.1, nb=False, reading="line"),
    "LinearSVC, C=0.3, balanced": Settings(
        classifier="svm", C=0.3, balanced=True, nb=False, reading="line"
    ),
    "SGD modified Huber, balanced": Settings(
        classifier="sgd", balanced=True, nb=False, reading="line"
    ),
    "NB-weighted logistic, C=8 (shipped before sentences)": Settings(reading="line"),
    "NB-weighted logistic, C=8, balanced": Settings(balanced=True, reading="line"),
    "NB-weighted logistic, C=8, readings chosen per behaviour (shipped)": Settings(),
}


def _contexts(examples: list[Example]) -> list[DetectContext]:
    library = load_library(bundled_library_dir() / "scenarios", bundled_library_dir() / "personas")
    out = []
    for ex in examples:
        cast = library.cast(ex.scenario) if ex.scenario in library.scenarios else None
        persona = cast.persona if cast else None
        out.append(
            DetectContext(
                customer_name=persona.name if persona else "",
                cares_about=tuple(persona.cares_about) if persona else (),
                customer_lines=(ex.customer,) if ex.customer else (),
            )
        )
    return out


def _full(examples: list[Example], contexts: list[DetectContext]) -> list[set]:
    return [set(detect(ex.line, ctx)) for ex, ctx in zip(examples, contexts, strict=True)]


def _figures(scores: list[Score]) -> dict[str, dict[str, float]]:
    return {
        s.behaviour.value: {
            "lines": s.support,
            "precision": round(s.precision, 3),
            "recall": round(s.recall, 3),
            "f1": round(s.f1, 3),
        }
        for s in scores
    }


def _speed(
    lines: list[str], contexts: list[DetectContext], repeats: int = 3
) -> tuple[float, float]:
    """Median wall-clock and CPU seconds to detect `lines` with an empty cache.

    The CPU figure is what this process itself spent; on a shared, loaded machine the wall clock
    also counts the time spent waiting for a core.
    """
    walls, cpus = [], []
    for _ in range(repeats):
        _detect.cache_clear()
        start, start_cpu = time.perf_counter(), time.process_time()
        for line, ctx in zip(lines, contexts, strict=True):
            detect(line, ctx)
        walls.append(time.perf_counter() - start)
        cpus.append(time.process_time() - start_cpu)
    return statistics.median(walls), statistics.median(cpus)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--variants", action="store_true", help="also train and compare variants")
    parser.add_argument(
        "--only", nargs="*", default=None, help="with --variants: only the variants named so"
    )
    parser.add_argument(
        "--baseline", type=Path, default=None, help="a detector file to time beside the default"
    )
    parser.add_argument(
        "--transformer", action="store_true", help="also the optional transformer detector"
    )
    args = parser.parse_args()
    out: dict[str, object] = {}

    test = bundled_split("test")
    contexts = _contexts(test)
    shipped = _full(test, contexts)
    active.use(None)
    rules_only = _full(test, contexts)
    active.use_bundled()
    measured = [("shipped", shipped), ("rules only", rules_only)]
    if args.transformer:
        active.use_detector("transformer")
        measured.append(("transformer", _full(test, contexts)))
        active.use_detector("standard")
    rule_behaviours = [b for b in LABELLED if b not in PHRASING]
    for name, guesses in measured:
        phrasing = score(test, guesses, PHRASING)
        rest = score(test, guesses, rule_behaviours)
        print(f"\n== {name}: phrasing behaviours, frozen test split ({len(test)} lines)")
        print(table(phrasing))
        print(f"\n== {name}: rule behaviours, frozen test split")
        print(table([s for s in rest if s.support]))
        out[name] = {
            "phrasing_macro_f1": round(macro_f1(phrasing), 3),
            "phrasing": _figures(phrasing),
            "rules": _figures([s for s in rest if s.support]),
        }

    lines = [ex.line for ex in test]
    while len(lines) < 1000:
        lines += lines
    lines, ctxs = lines[:1000], (contexts * (1000 // len(contexts) + 1))[:1000]
    if args.baseline:
        _timed_beside(args.baseline, lines, ctxs, out)
    seconds, cpu = _speed(lines, ctxs)
    out["detect_1000_lines_s"] = round(seconds, 3)
    out["detect_1000_lines_cpu_s"] = round(cpu, 3)
    out["per_line_ms"] = round(seconds, 3)
    print(
        f"\ndetecting 1,000 lines: {seconds:.3f} s wall clock ({seconds:.3f} ms a line), "
        f"{cpu:.3f} s of CPU, empty cache"
    )

    if args.transformer:
        active.use_detector("transformer")
        reader_probabilities.cache_clear()
        seconds, cpu = _speed(lines, ctxs, repeats=1)
        active.use_detector("standard")
        out["transformer_detect_1000_lines_s"] = round(seconds, 3)
        out["transformer_detect_1000_lines_cpu_s"] = round(cpu, 3)
        print(
            f"transformer detector, 1,000 lines: {seconds:.3f} s wall clock, {cpu:.3f} s of CPU, "
            "empty caches"
        )

    if args.variants:
        fit, dev = bundled_split("train"), bundled_split("dev")
        variants: dict[str, float] = {}
        print(f"\n== variants: fitted on train ({len(fit)} lines), measured on dev ({len(dev)})")
        dev_rules = score(dev, _full_rules(dev), PHRASING)
        variants["rules only (before)"] = round(macro_f1(dev_rules), 3)
        print(f"{'rules only (before)':<32} macro-F1 {macro_f1(dev_rules):.3f}")
        for name, settings in VARIANTS.items():
            if args.only is not None and not any(part in name for part in args.only):
                continue
            model = train(fit, replace(settings))
            f1 = macro_f1(score(dev, predict(model, dev), PHRASING))
            variants[name] = round(f1, 3)
            print(f"{name:<32} macro-F1 {f1:.3f}")
            if "(shipped" in name and settings.reading == "line":
                half = macro_f1(_thresholds_on_dev(model, dev))
                label = f"{name}, thresholds chosen on dev"
                variants[label] = round(half, 3)
                print(f"{label:<32} macro-F1 {half:.3f}")
        out["variants_dev_macro_f1"] = variants
    print(json.dumps(out, indent=1))


def _timed_beside(
    baseline: Path, lines: list[str], contexts: list[DetectContext], out: dict[str, object]
) -> None:
    """The default detector and `baseline` timed turn about, five times each (medians)."""
    other = PhrasingModel.load(baseline)
    times: dict[str, list[tuple[float, float]]] = {"default": [], "baseline": []}
    for _ in range(5):
        for name in times:
            if name == "baseline":
                active.use(other)
            times[name].append(_speed(lines, contexts, repeats=1))
            active.use_bundled()
    for name, pairs in times.items():
        wall = statistics.median(p[0] for p in pairs)
        cpu = statistics.median(p[1] for p in pairs)
        out[f"{name}_detect_1000_lines_s"] = round(wall, 3)
        out[f"{name}_detect_1000_lines_cpu_s"] = round(cpu, 3)
        print(f"detecting 1,000 lines, {name}: {wall:.3f} s wall clock, {cpu:.3f} s of CPU")


def _thresholds_on_dev(model: PhrasingModel, dev: list[Example]) -> list[Score]:
    """Per-behaviour thresholds chosen on dev, measured fairly: dev's sets are split in two
    halves, each half's lines are decided by thresholds chosen on the other half."""
    settings = model.feature_settings()
    probs = np.array(
        [model.probabilities(features(ex.line, ex.customer, **settings)) for ex in dev]
    )
    truth = np.array([[b in ex.behaviours for b in model.labels] for ex in dev])
    sets = sorted({ex.set_id for ex in dev})
    half = np.array([sets.index(ex.set_id) % 2 for ex in dev])
    decided = np.zeros_like(truth)
    for j in range(len(model.labels)):
        for k in (0, 1):
            t = _best_threshold(probs[half == k, j], truth[half == k, j].astype(np.int8))
            decided[half != k, j] = probs[half != k, j] >= t
    guesses = [{b for b, on in zip(model.labels, row, strict=True) if on} for row in decided]
    return score(dev, guesses, PHRASING)


def _full_rules(examples: list[Example]) -> list[set]:
    active.use(None)
    try:
        return _full(examples, _contexts(examples))
    finally:
        active.use_bundled()


if __name__ == "__main__":
    main()
