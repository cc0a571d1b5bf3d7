"""Pick a report format by name (or by the output file's suffix)."""

from __future__ import annotations

import json
from pathlib import Path

from roleplay.errors import UserError
from roleplay.reports.csv_out import render_csv
from roleplay.reports.data import Report
from roleplay.reports.html_out import render_html

FORMATS = ("html", "csv", "json")


def choose_format(fmt: str | None, out: Path | None) -> str:
    """`--format`, else the suffix of `--out`, else html."""
    if fmt is None and out is not None and out.suffix.lower().lstrip(".") in FORMATS:
        fmt = out.suffix.lower().lstrip(".")
    fmt = (fmt or "html").lower()
    if fmt not in FORMATS:
        raise UserError(
            f"unknown report format '{fmt}'", hint=f"choose one of: {', '.join(FORMATS)}"
        )
    return fmt


def render(report: Report, fmt: str) -> str:
    """The report as text in the chosen format."""
    if fmt == "csv":
        return render_csv(report)
    if fmt == "json":
        return json.dumps(report.as_dict(), indent=2, ensure_ascii=False) + "\n"
    return render_html(report)
