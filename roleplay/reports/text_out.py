"""The report as plain text for a terminal: what `roleplay report` prints with no `--out`.

A team lead who types `roleplay report` wants the figures, not a page of HTML; the text names
how to get the page, the CSV or the JSON.
"""

from __future__ import annotations

from roleplay.reports.data import Report, change, left_out_text, readable_time
from roleplay.store.queries import Summary


def _figures(s: Summary) -> str:
    average = f"{s.average:.1f}" if s.average is not None else "–"
    passes = f"{s.pass_rate:.0f}%" if s.pass_rate is not None else "–"
    moved = change(s.trend)
    trend = f", trend {moved:+.1f}" if moved is not None else ""
    left_out = f", {s.not_graded} not graded" if s.not_graded else ""
    calls = "1 call" if s.calls == 1 else f"{s.calls} calls"
    return f"{calls} ({s.graded} graded{left_out}), average {average}, pass rate {passes}{trend}"


def render_text(report: Report) -> str:
    """Team, trainees and scenarios, one line each, and where to find the rest."""
    filters = ", ".join(f"{k} = {v}" for k, v in report.filters.items()) or "all calls"
    lines = [f"Team report ({filters}), generated {readable_time(report.generated_at)}", ""]
    lines.append(f"Team: {_figures(report.team)}")
    if report.team.not_graded:
        lines.append(left_out_text(report.team))
    if report.trainees:
        lines += ["", "Trainees:"]
        lines += [f"  {s.name}: {_figures(s)}" for s in report.trainees]
    if report.scenarios:
        lines += ["", "Scenarios:"]
        lines += [f"  {s.name}: {_figures(s)}" for s in report.scenarios]
    if report.overrides:
        lines += ["", f"Human overrides: {len(report.overrides)}"]
    lines += [
        "",
        "The full report (calls, criteria, trends): roleplay report --out team-report.html",
        "For a spreadsheet: --out team-report.csv; for scripts: --format json",
    ]
    return "\n".join(lines) + "\n"
