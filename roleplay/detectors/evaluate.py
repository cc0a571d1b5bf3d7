"""Precision, recall and F1 per behaviour: the figures the team tunes on dev and reports on test."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from roleplay.detectors.corpus import Example
from roleplay.scenarios.behaviours import Behaviour


@dataclass(frozen=True)
class Score:
    """One behaviour's counts and figures on a set of lines."""

    behaviour: Behaviour
    support: int
    tp: int
    fp: int
    fn: int

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        return (
            2 * self.tp / (2 * self.tp + self.fp + self.fn) if self.tp + self.fp + self.fn else 0.0
        )


def score(
    examples: Sequence[Example], guesses: Sequence[set[Behaviour]], labels: Sequence[Behaviour]
) -> list[Score]:
    """Compare guesses with the labels, behaviour by behaviour."""
    out = []
    pairs = list(zip(examples, guesses, strict=True))
    for b in labels:
        tp = sum(1 for ex, g in pairs if b in g and b in ex.behaviours)
        fp = sum(1 for ex, g in pairs if b in g and b not in ex.behaviours)
        fn = sum(1 for ex, g in pairs if b not in g and b in ex.behaviours)
        out.append(Score(b, tp + fn, tp, fp, fn))
    return out


def macro_f1(scores: Sequence[Score]) -> float:
    """The mean F1 over the behaviours scored."""
    return sum(s.f1 for s in scores) / len(scores) if scores else 0.0


def table(scores: Sequence[Score]) -> str:
    """A plain table for the terminal and the docs."""
    lines = [f"{'behaviour':<22} {'lines':>5} {'precision':>9} {'recall':>6} {'F1':>5}"]
    for s in scores:
        figures = f"{s.precision:>9.2f} {s.recall:>6.2f} {s.f1:>5.2f}"
        lines.append(f"{s.behaviour.value:<22} {s.support:>5} {figures}")
    lines.append(f"{'macro':<22} {'':>5} {'':>9} {'':>6} {macro_f1(scores):>5.2f}")
    return "\n".join(lines)
