"""What the server shows of the workspace's calls, as each role may see them.

A trainee's list and debriefs are filtered here by the name on the call, so a trainee never
receives another trainee's call, whatever id they type; the team lead sees every call.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from roleplay.serve.sessions import SignedIn
from roleplay.store.queries import CallFilter, CallListRow

if TYPE_CHECKING:
    from roleplay.grading.auto import AutoGrader
    from roleplay.store.index import ReviewIndex


class CallNotFound(Exception):
    """No call of that id that this person may see."""


def _open_graded(workspace: Path) -> tuple[ReviewIndex, AutoGrader | None]:
    from roleplay.grading.auto import grader_for
    from roleplay.store.index import open_index
    from roleplay.workspace import open_workspace

    place = open_workspace(workspace)
    grade = grader_for(lambda: place.playable_library()[0])
    index, _report = open_index(place.transcripts_dir, grade=grade)
    return index, grade


def _open(workspace: Path) -> ReviewIndex:
    return _open_graded(workspace)[0]


def visible_calls(
    workspace: Path, who: SignedIn, everyone: bool, limit: int = 500
) -> list[CallListRow]:
    """The newest calls this person may see: their own, or everyone's for a team lead."""
    from roleplay.store.queries import list_calls

    flt = CallFilter() if everyone else CallFilter(trainee=who.trainee_name)
    with _open(workspace) as index:
        return list_calls(index.db, flt, limit=limit)


def debrief_html(workspace: Path, call_id: int, who: SignedIn, everyone: bool) -> str:
    """The debrief of one call as a self-contained HTML page, if this person may see it.

    A debrief made with other grading rules, detector or scenario is graded again first (the
    reviewers' overrides kept), as the review app and `roleplay debrief` do.
    """
    from roleplay.debrief.files import debrief_path, load_debrief
    from roleplay.debrief.report import render_html
    from roleplay.errors import UserError
    from roleplay.store.queries import call_by_id
    from roleplay.transcript import TranscriptError, read_transcript

    missing = CallNotFound(f"There is no call {call_id} among the calls you may see.")
    index, grader = _open_graded(workspace)
    with index:
        row = call_by_id(index.db, call_id)
        if row is None or not (everyone or row.trainee == who.trainee_name):
            raise missing
        transcript_path = index.root / row.path
        note = ""
        if grader is not None and debrief_path(transcript_path).exists():
            note = grader.regrade_stale(transcript_path)
            if note:
                index.refresh_one(transcript_path)
    try:
        debrief = load_debrief(debrief_path(transcript_path))
    except UserError:
        raise CallNotFound(
            "This call has no debrief yet: calls that ended too early or are still open are "
            "not graded."
        ) from None
    if note.startswith("This model grade is out of date"):
        debrief.notes.insert(0, note)  # a regraded debrief carries its own note
    try:
        transcript = read_transcript(transcript_path)
    except TranscriptError:
        transcript = None
    return render_html(debrief, transcript)


def scenario_check(workspace: Path) -> str:
    """Each problem in the workspace's scenario files, or that they are all fine."""
    from roleplay.workspace import open_workspace

    library, problems = open_workspace(workspace).playable_library()
    if not problems:
        return f"All {len(library.scenarios)} scenarios load and validate."
    return f"{len(problems)} problem(s): " + " | ".join(problems)


def team_report_html(workspace: Path) -> str:
    """The team report as one self-contained HTML page (what `roleplay report --format html`
    writes), its stale debriefs graded again first, as the command does."""
    from roleplay.reports.data import build_report
    from roleplay.reports.fresh import regrade_stale
    from roleplay.reports.html_out import render_html

    index, grader = _open_graded(workspace)
    with index:
        if grader is not None:
            regrade_stale(index, grader, CallFilter())
        return render_html(build_report(index.db))


def team_csv(workspace: Path) -> str:
    """The team report as CSV (what `roleplay report --format csv` writes)."""
    from roleplay.reports.csv_out import render_csv
    from roleplay.reports.data import build_report

    with _open(workspace) as index:
        return render_csv(build_report(index.db))
