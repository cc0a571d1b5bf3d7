"""The report as CSV that opens cleanly in a spreadsheet, and cannot run formulas.

Written UTF-8 *with* a byte-order mark: Excel otherwise reads UTF-8 as a legacy code page and
mangles names such as "Zoë"; LibreOffice, Numbers, pandas (`utf-8-sig`) and Python's csv module
all accept the mark. Any text cell starting with = + - @ (or a tab / carriage return) gets a
leading apostrophe, so a trainee named "=HYPERLINK(...)" stays text (CSV formula injection).
So does one where those come after leading spaces or line breaks, or in their fullwidth and
small forms (＝ ＋ － ＠ ﹦ ﹢ ﹣ ﹫): spreadsheets skip the one and fold the other to ASCII.
Two tables: the summaries, then (after one empty row) the override audit trail.
"""

from __future__ import annotations

import csv
import io
import unicodedata
from collections.abc import Iterable

from roleplay.reports.data import Report, change, trend_text

BOM = "\ufeff"
DANGEROUS = ("=", "+", "-", "@", "\t", "\r")
FORMULA_STARTS = frozenset("=+-@")
SUMMARY_HEAD = ["scope", "name", "calls", "graded", "average", "pass_rate", "overrides"]
TAIL_HEAD = ["trend_change", "trend"]
OVERRIDE_HEAD = [
    "override_call", "trainee", "scenario", "criterion", "machine_score", "override_score",
    "by", "at", "note", "transcript",
]  # fmt: skip


def _looks_like_formula(text: str) -> bool:
    if text.startswith(DANGEROUS):
        return True
    first = text.lstrip()[:1]
    return bool(first) and unicodedata.normalize("NFKC", first) in FORMULA_STARTS


def safe_cell(value: object) -> object:
    """A cell that a spreadsheet will show as typed, never evaluate."""
    if value is None:
        return ""
    if isinstance(value, str) and _looks_like_formula(value):
        return "'" + value
    return value


def _row(values: Iterable[object]) -> list[object]:
    return [safe_cell(v) for v in values]


def render_csv(report: Report) -> str:
    """The whole report as CSV text (BOM included)."""
    out = io.StringIO()
    out.write(BOM)
    writer = csv.writer(out, lineterminator="\r\n")
    criteria = list(report.criteria)
    writer.writerow([*SUMMARY_HEAD, *(f"avg_{c}" for c in criteria), *TAIL_HEAD])
    for scope, summary in [("team", report.team)] + [("trainee", s) for s in report.trainees]:
        writer.writerow(
            _row(
                [
                    scope,
                    summary.name,
                    summary.calls,
                    summary.graded,
                    summary.average,
                    summary.pass_rate,
                    summary.overrides,
                    *(summary.criteria.get(c) for c in criteria),
                    change(summary.trend),
                    trend_text(summary.trend),
                ]
            )
        )
    writer.writerow([])
    writer.writerow(OVERRIDE_HEAD)
    for o in report.overrides:
        writer.writerow(
            _row(
                [
                    o.call_id,
                    o.trainee,
                    o.scenario_id,
                    o.criterion_id,
                    o.machine_score,
                    o.score,
                    o.by,
                    o.at,
                    o.note,
                    o.path,
                ]
            )
        )
    return out.getvalue()


def read_csv(text: str) -> tuple[list[dict[str, str]], list[dict[str, str]]]:
    """Parse a report back into (summary rows, override rows): what a spreadsheet would see."""
    text = text.removeprefix(BOM)
    rows = list(csv.reader(io.StringIO(text, newline="")))
    split = rows.index([]) if [] in rows else len(rows)
    head, body = rows[0], rows[1:split]
    summaries = [dict(zip(head, r, strict=True)) for r in body]
    overrides: list[dict[str, str]] = []
    if split + 1 < len(rows):
        o_head = rows[split + 1]
        overrides = [dict(zip(o_head, r, strict=True)) for r in rows[split + 2 :] if r]
    return summaries, overrides
