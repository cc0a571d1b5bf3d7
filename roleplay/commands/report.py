"""`roleplay report`: team and per-trainee summaries as text, HTML, CSV or JSON, for team leads.

With no `--out` and no `--format` it prints a short text summary, never a page of HTML; with
`--format html` and no `--out`, a terminal gets the page as a file (`team-report-<date>.html`).
"""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from roleplay.choices import ReportFormat
from roleplay.errors import UserError

if TYPE_CHECKING:
    from roleplay.scenarios.library import Library


def _day(value: str | None, option: str) -> str | None:
    from roleplay.store.queries import parse_day

    if value is None:
        return None
    try:
        return parse_day(value)
    except ValueError as exc:
        raise UserError(f"{option}: {exc}", hint="for example: --since 2025-06-01") from None


SHOW_PROGRESS_FROM = 10
"""More than a handful: each call graded again takes about 8 ms on two idle cores, more when
busy, so from here a wait is worth a line saying why."""


def regrade_progress(done: int, total: int) -> None:
    """At a terminal, one line redrawn in place while many stale grades are redone; piped
    output gets only the summary notes."""
    if total < SHOW_PROGRESS_FROM or not sys.stderr.isatty():
        return
    if done != total and done % max(1, total // 100):
        return
    line = f"\rGrading {total:,} calls again with today's rules… {done:,}/{total:,}"
    print(line, end="\n" if done == total else "", file=sys.stderr, flush=True)


def register(app: typer.Typer) -> None:
    """Add the `report` command."""

    @app.command("report")
    def report(
        fmt: Annotated[
            ReportFormat | None,
            typer.Option("--format", case_sensitive=False, help="Default: from --out, else text."),
        ] = None,
        out: Annotated[
            Path | None, typer.Option("--out", help="Write here instead of standard output.")
        ] = None,
        trainee: Annotated[str | None, typer.Option(help="Only this trainee's calls.")] = None,
        scenario: Annotated[str | None, typer.Option(help="Only this scenario's calls.")] = None,
        since: Annotated[str | None, typer.Option(help="Calls on or after YYYY-MM-DD.")] = None,
        until: Annotated[str | None, typer.Option(help="Calls on or before YYYY-MM-DD.")] = None,
    ) -> None:
        """Summaries of calls: count, average score, pass rate, criteria, trend, overrides."""
        from roleplay.commands.pages import TERMINAL_NOTE, for_a_terminal, unused
        from roleplay.grading.auto import grader_for, warn_lines
        from roleplay.reports.data import build_report
        from roleplay.reports.fresh import regrade_stale
        from roleplay.reports.render import choose_format, render
        from roleplay.store.index import open_index
        from roleplay.store.queries import CallFilter
        from roleplay.workspace import find_workspace

        chosen = choose_format(fmt, out)
        flt = CallFilter(
            trainee=trainee,
            scenario=scenario,
            since=_day(since, "--since"),
            until=_day(until, "--until"),
        )
        workspace = find_workspace()

        def library() -> Library:
            # A scenario file that does not load is named: its calls are graded with the
            # bundled scenario of that id, if there is one, never silently.
            found, problems = workspace.playable_library()
            for problem in problems:
                print(f"warning: skipped {problem}", file=sys.stderr)
            return found

        grade = grader_for(library)
        index, refreshed = open_index(workspace.transcripts_dir, grade=grade)
        with index:
            ungraded = grade.problems if grade is not None else []
            for line in warn_lines(refreshed.warnings + ungraded):
                print(line, file=sys.stderr)
            regraded = (
                regrade_stale(index, grade, flt, regrade_progress) if grade is not None else []
            )
            for line in regraded:
                print(f"note: {line}", file=sys.stderr)
            data = build_report(index.db, flt)
        if data.team.calls == 0:
            print(f"warning: no calls match in {workspace.transcripts_dir}", file=sys.stderr)
        text = render(data, chosen)
        note = ""
        if out is None and chosen == ReportFormat.HTML and for_a_terminal():
            out = unused(Path(f"team-report-{date.today().isoformat()}.html"))
            note = f"; {TERMINAL_NOTE}"
        if out is None:
            sys.stdout.write(text)
            return
        try:
            out.parent.mkdir(parents=True, exist_ok=True)
            out.write_text(text, encoding="utf-8", newline="")
        except OSError as exc:
            raise UserError(
                f"cannot write the report to {out} ({exc.strerror})",
                hint="choose a writable path with --out",
                exit_code=1,
            ) from None
        print(f"Report written to {out} ({chosen}, {data.team.calls} calls){note}", file=sys.stderr)
