"""`roleplay review`: the team lead's review app over every call in the workspace."""

from __future__ import annotations

import sys
from typing import Annotated

import typer


def _reviewer(name: str | None) -> str:
    if name and name.strip():
        return name.strip()
    import getpass

    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "reviewer"


def register(app: typer.Typer) -> None:
    """Add the `review` command."""

    @app.command("review")
    def review(
        reviewer: Annotated[
            str | None,
            typer.Option(help="Your name, stored with every override (default: your login)."),
        ] = None,
        rebuild: Annotated[
            bool, typer.Option("--rebuild", help="Re-read every file instead of only changes.")
        ] = False,
    ) -> None:
        """Review the team's calls: filter, sort, open a call, see progress, override scores."""
        from roleplay.grading.auto import grader_for, warn_lines
        from roleplay.store.index import ReviewIndex
        from roleplay.tui.review.app import ReviewApp
        from roleplay.tui.review.context import ReviewContext
        from roleplay.workspace import find_workspace

        workspace = find_workspace()
        # As the report does: a scenario file that does not load is named, since its calls are
        # then graded with the bundled scenario of that id, if there is one.
        library, problems = workspace.playable_library()  # read once: the grader uses it too
        skipped = [f"skipped {problem}" for problem in problems]
        grade = grader_for(lambda: library)
        index = ReviewIndex(workspace.transcripts_dir)

        def progress(done: int) -> None:
            print(f"\rIndexing calls… {done:,}", end="", file=sys.stderr, flush=True)

        try:
            report = (index.rebuild if rebuild else index.refresh)(progress, grade=grade)
            print(f"\rIndex: {report.summary()}", file=sys.stderr)
            ungraded = grade.problems if grade is not None else []
            for line in warn_lines(skipped + report.warnings + ungraded, limit=5):
                print(line, file=sys.stderr)
            context = ReviewContext(index=index, reviewer=_reviewer(reviewer), grade=grade)
            ReviewApp(context, warnings=report.warnings).run()
        finally:
            index.close()
