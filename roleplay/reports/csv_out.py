"""The report as CSV that opens cleanly in a spreadsheet, and cannot run formulas.

Written UTF-8 *with* a byte-order mark: Excel otherwise reads UTF-8 as a legacy code page and
mangles names such as "Zoë"; LibreOffice, Numbers, pandas (`utf-8-sig`) and Python's csv module
all accept the mark. Any text cell starting with = + - @ (or a tab / carriage return) gets a
leading apostrophe, so a trainee named "=HYPERLINK(...)" stays text (CSV formula injection).
So does one where those come after leading spaces or line breaks, or in their fullwidth and
small forms (＝ ＋ － ＠ ﹦ ﹢ ﹣ ﹫): spreadsheets skip the one and fold the other to ASCII.
One table, so every spreadsheet and `pandas.read_csv` reads all of it: the first column, `kind`,
says what a row is (`team`, `trainee`, `scenario`, `call`, `override`), and each row fills the
columns that belong to its kind (the others stay empty). Filter on `kind` to get one table.
Not-graded calls (abandoned, no turns) are `call` rows with `graded` = no and no score; the
summary rows count them in `abandoned` and `no_turns` and leave them out of every figure.
"""

from __future__ import annotations

import csv
import io
import unicodedata
from collections.abc import Iterable

from roleplay.reports.data import Report, change, trend_text
from roleplay.store.queries import CallListRow, OverrideEntry, Summary, graded_call

BOM = "\ufeff"
DANGEROUS = ("=", "+", "-", "@", "\t", "\r")
FORMULA_STARTS = frozenset("=+-@")
KINDS = ("team", "trainee", "scenario", "call", "override")
SUMMARY_HEAD = [
    "calls", "graded", "abandoned", "no_turns", "average", "pass_rate", "overrides",
]  # fmt: skip
TAIL_HEAD = ["trend_change", "trend"]
CALL_HEAD = [
    "call", "started_at", "trainee", "scenario", "difficulty", "duration_s", "turns", "ended",
    "score", "passed", "transcript",
]  # fmt: skip
OVERRIDE_HEAD = [
    "criterion",
    "criterion_name",
    "machine_score",
    "override_score",
    "by",
    "at",
    "note",
]


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


def _summary_cells(kind: str, summary: Summary, criteria: list[str]) -> dict[str, object]:
    return {
        "kind": kind,
        "name": summary.name,
        "scenario": summary.scenario_id or "",
        "calls": summary.calls,
        "graded": summary.graded,
        "abandoned": summary.abandoned,
        "no_turns": summary.no_turns,
        "average": summary.average,
        "pass_rate": summary.pass_rate,
        "overrides": summary.overrides,
        **{f"avg_{c}": summary.criteria.get(c) for c in criteria},
        "trend_change": change(summary.trend),
        "trend": trend_text(summary.trend),
    }


def _call_cells(c: CallListRow) -> dict[str, object]:
    counted = graded_call(c.end_reason, c.trainee_turns)
    return {
        "kind": "call",
        "call": c.call_id,
        "started_at": c.started_at,
        "trainee": c.trainee,
        "scenario": c.scenario_id,
        "difficulty": c.difficulty,
        "duration_s": c.duration_s,
        "turns": c.turns,
        "ended": c.end_reason,
        "graded": "yes" if counted and c.overall is not None else "no",
        "score": c.overall if counted else None,
        "passed": ("yes" if c.passed else "no") if counted and c.passed is not None else None,
        "overrides": c.overrides,
        "transcript": c.path,
    }


def _override_cells(o: OverrideEntry) -> dict[str, object]:
    return {
        "kind": "override",
        "call": o.call_id,
        "trainee": o.trainee,
        "scenario": o.scenario_id,
        "criterion": o.criterion_id,
        "criterion_name": o.criterion_name or o.criterion_id,
        "machine_score": o.machine_score,
        "override_score": o.score,
        "by": o.by,
        "at": o.at,
        "note": o.note,
        "transcript": o.path,
    }


def columns(criteria: list[str]) -> list[str]:
    """Every column of the table, in order (each kind fills its own)."""
    head = ["kind", "name", *SUMMARY_HEAD, *(f"avg_{c}" for c in criteria), *TAIL_HEAD]
    head += [c for c in CALL_HEAD + OVERRIDE_HEAD if c not in head]
    return head


def render_csv(report: Report) -> str:
    """The whole report as one CSV table with a `kind` column (BOM included)."""
    out = io.StringIO()
    out.write(BOM)
    writer = csv.writer(out, lineterminator="\r\n")
    criteria = list(report.criteria)
    head = columns(criteria)
    writer.writerow(head)
    rows = [_summary_cells("team", report.team, criteria)]
    rows += [_summary_cells("trainee", s, criteria) for s in report.trainees]
    rows += [_summary_cells("scenario", s, criteria) for s in report.scenarios]
    rows += [_call_cells(c) for c in report.calls]
    rows += [_override_cells(o) for o in report.overrides]
    for cells in rows:
        writer.writerow(_row(cells.get(column) for column in head))
    return out.getvalue()


def read_csv(text: str) -> dict[str, list[dict[str, str]]]:
    """Parse a report back into its rows by kind: what a spreadsheet filter on `kind` shows."""
    text = text.removeprefix(BOM)
    head, *body = list(csv.reader(io.StringIO(text, newline="")))
    found: dict[str, list[dict[str, str]]] = {kind: [] for kind in KINDS}
    for values in body:
        row = dict(zip(head, values, strict=True))
        found[row["kind"]].append(row)
    return found
