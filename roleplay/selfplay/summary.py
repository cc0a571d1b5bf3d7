"""Across runs: does good handling end calmer, better scored and resolved more than poor handling?

This is the question a trainer asks before publishing a scenario; the verdict says which
expectations failed so the author knows what to tune (deltas, thresholds, detectors).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from statistics import mean

from roleplay.selfplay.run import RunResult


@dataclass
class KindSummary:
    """Figures across the runs of one kind of trainee (good, poor, or a file)."""

    kind: str
    runs: int
    end_reasons: dict[str, int]
    mood_end: float
    mood_change: float
    facts_revealed: float
    goals_met: float
    score: float | None
    pass_rate: float | None
    fallbacks: int
    check_failures: int
    consistency_problems: int

    def as_dict(self) -> dict[str, object]:
        """Plain data for `--json`."""
        return dict(self.__dict__)


@dataclass
class Verdict:
    """Whether good handling was rewarded and poor punished, with the reasons if not."""

    separates: bool | None
    failures: list[str] = field(default_factory=list)

    def text(self) -> str:
        """One line (plus reasons) for the terminal."""
        if self.separates is None:
            return "Run both --trainee good and --trainee poor to compare handling."
        if self.separates:
            return "Good handling is rewarded and poor handling punished."
        return "Good and poor handling are NOT told apart: " + "; ".join(self.failures)


def summarise(runs: list[RunResult]) -> dict[str, KindSummary]:
    """One summary per kind, in the order the kinds were first run."""
    kinds: dict[str, list[RunResult]] = {}
    for run in runs:
        kinds.setdefault(run.kind, []).append(run)
    out = {}
    for kind, group in kinds.items():
        scored = [r for r in group if r.score is not None]
        scores = [r.score for r in scored if r.score is not None]
        out[kind] = KindSummary(
            kind=kind,
            runs=len(group),
            end_reasons=dict(Counter(r.end_reason for r in group)),
            mood_end=round(mean(r.mood_end for r in group), 1),
            mood_change=round(mean(r.mood_end - r.mood_start for r in group), 1),
            facts_revealed=round(mean(len(r.facts_revealed) for r in group), 1),
            goals_met=round(mean(len(r.goals_met) for r in group), 1),
            score=round(mean(scores), 1) if scores else None,
            pass_rate=round(sum(bool(r.passed) for r in scored) / len(scored) * 100, 1)
            if scored
            else None,
            fallbacks=sum(r.fallbacks for r in group),
            check_failures=sum(len(r.check_failures) for r in group),
            consistency_problems=sum(len(r.consistency) for r in group),
        )
    return out


def verdict(summaries: dict[str, KindSummary]) -> Verdict:
    """Compare good with poor: calmer, more goals, higher score, and poor never resolved."""
    good, poor = summaries.get("good"), summaries.get("poor")
    if good is None or poor is None:
        return Verdict(separates=None)
    failures = []
    if not good.mood_end < poor.mood_end:
        failures.append(
            f"the customer ends no calmer after good handling ({good.mood_end} vs {poor.mood_end})"
        )
    if good.goals_met < poor.goals_met:
        failures.append(f"good handling meets fewer goals ({good.goals_met} vs {poor.goals_met})")
    if good.score is not None and poor.score is not None and not good.score > poor.score:
        failures.append(f"good handling scores no higher ({good.score} vs {poor.score})")
    if poor.end_reasons.get("resolved", 0) >= poor.runs and poor.runs:
        failures.append("poor handling still resolves every call")
    return Verdict(separates=not failures, failures=failures)
