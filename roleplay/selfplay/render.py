"""Self-play results as plain text for the terminal, and as one JSON document for machines."""

from __future__ import annotations

from typing import Any

from roleplay.selfplay.run import RunResult
from roleplay.selfplay.summary import KindSummary, Verdict

CHECKED_BY = (
    "  Customer lines were read for: speaking as the agent or someone else, stepping out of the "
    "call, stage directions, length, repeats, echoing the trainee, leaked facts, calling the "
    "trainee 'Agent', and words from outside the scenario."
)


def _list(items: list[str]) -> str:
    return ", ".join(items) if items else "none"


def run_text(r: RunResult) -> str:
    """One run: end reason, the mood's path, facts, goals, checks and persona problems."""
    score = "" if r.score is None else f", score {r.score:.0f} ({'pass' if r.passed else 'fail'})"
    lines = [
        f"[{r.kind} #{r.run}] ended: {r.end_reason} after {r.trainee_turns} trainee line(s){score}",
        "  mood: " + " → ".join(f"{m:.0f}" for m in r.moods) + "   (0 calm, 100 furious)",
        f"  facts revealed {len(r.facts_revealed)}/{r.facts_total}: {_list(r.facts_revealed)}",
        f"  goals met {len(r.goals_met)}/{r.goals_total}: {_list(r.goals_met)}",
        f"  line checks failed: {len(r.check_failures)}, fallbacks used: {r.fallbacks}",
    ]
    if r.check_failures:
        lines.append("    " + _list(sorted(set(r.check_failures))))
    lines.append(f"  what the customer said that was wrong: {len(r.consistency)} line(s)")
    lines += [f"    {p}" for p in r.consistency[:5]]
    if len(r.consistency) > 5:
        lines.append(f"    … and {len(r.consistency) - 5} more")
    if r.transcript:
        lines.append(f"  transcript: {r.transcript}")
    return "\n".join(lines)


def summary_text(summaries: dict[str, KindSummary], verdict: Verdict) -> str:
    """Across runs, per kind, then the verdict."""
    lines = ["", "Summary"]
    for s in summaries.values():
        ends = ", ".join(f"{k} {v}" for k, v in sorted(s.end_reasons.items()))
        score = "n/a" if s.score is None else f"{s.score:.0f}"
        passes = "n/a" if s.pass_rate is None else f"{s.pass_rate:.0f}%"
        lines.append(
            f"  {s.kind:<6} runs {s.runs}: ends {ends}; mood end {s.mood_end:.0f} "
            f"(change {s.mood_change:+.0f}); facts {s.facts_revealed:g}; goals {s.goals_met:g}; "
            f"score {score}; pass {passes}; fallbacks {s.fallbacks}; "
            f"wrong customer lines {s.consistency_problems}"
        )
    lines.append(CHECKED_BY)
    lines.append(verdict.text())
    return "\n".join(lines)


def as_json(
    scenario_id: str,
    difficulty: str,
    backend: str,
    runs: list[RunResult],
    summaries: dict[str, KindSummary],
    verdict: Verdict,
) -> dict[str, Any]:
    """Everything, as plain data."""
    return {
        "scenario": scenario_id,
        "difficulty": difficulty,
        "backend": backend,
        "runs": [r.as_dict() for r in runs],
        "summary": {k: s.as_dict() for k, s in summaries.items()},
        "separates": verdict.separates,
        "problems": verdict.failures,
    }
