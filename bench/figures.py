"""What every bench prints its spread with: one nearest-rank percentile, so p90 means one thing."""

from __future__ import annotations


def nearest_rank(ordered: list[float], share: float) -> float:
    """The nearest-rank percentile (`share` 0.9 for p90) of an already sorted, non-empty list."""
    return ordered[min(len(ordered) - 1, max(0, round(share * len(ordered)) - 1))]
