"""Pick a report format by name (or by the output file's suffix).

With neither, a terminal gets text: HTML is for a file or a pipe that asks for it.
"""

from __future__ import annotations

import json
from pathlib import Path

from roleplay.choices import ReportFormat
from roleplay.reports.csv_out import render_csv
from roleplay.reports.data import Report
from roleplay.reports.html_out import render_html
from roleplay.reports.text_out import render_text

SUFFIXES = {
    "html": ReportFormat.HTML,
    "htm": ReportFormat.HTML,
    "csv": ReportFormat.CSV,
    "json": ReportFormat.JSON,
    "txt": ReportFormat.TEXT,
}


def choose_format(fmt: ReportFormat | None, out: Path | None) -> ReportFormat:
    """`--format`, else the suffix of `--out` (html when it has none), else text."""
    if fmt is not None:
        return fmt
    if out is not None:
        return SUFFIXES.get(out.suffix.lower().lstrip("."), ReportFormat.HTML)
    return ReportFormat.TEXT


def render(report: Report, fmt: str) -> str:
    """The report as text in the chosen format."""
    if fmt == "csv":
        return render_csv(report)
    if fmt == "json":
        return json.dumps(report.as_dict(), indent=2, ensure_ascii=False) + "\n"
    if fmt == "text":
        return render_text(report)
    return render_html(report)
