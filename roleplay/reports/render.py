"""Pick a report format by name (or by the output file's suffix).

With neither, a terminal gets text: HTML is for a file or a pipe that asks for it.
"""

from __future__ import annotations

import json
from pathlib import Path

from roleplay.errors import UserError
from roleplay.reports.csv_out import render_csv
from roleplay.reports.data import Report
from roleplay.reports.html_out import render_html
from roleplay.reports.text_out import render_text

FORMATS = ("text", "html", "csv", "json")
SUFFIXES = {"html": "html", "htm": "html", "csv": "csv", "json": "json", "txt": "text"}


def choose_format(fmt: str | None, out: Path | None) -> str:
    """`--format`, else the suffix of `--out` (html when it has none), else text."""
    if fmt is None and out is not None:
        fmt = SUFFIXES.get(out.suffix.lower().lstrip("."), "html")
    fmt = (fmt or "text").lower()
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
    if fmt == "text":
        return render_text(report)
    return render_html(report)
