"""`roleplay debrief TRANSCRIPT`: grade a finished call and print or save the report.

The debrief is cached beside the transcript (`<call>.debrief.json`), so a report is printed
instantly the second time and a reviewer's overrides survive. `--regrade` grades again and
keeps those overrides; a transcript that changed since it was graded, a cached grade by
another grader than `--judge` asks for, or one made with other grading rules, another detector
or another version of the scenario, is graded again anyway (and the command says why). All of
that is the grading service's (`roleplay.grading`); this module is the command's words. HTML
with no `--out` is never poured into a terminal: it is written beside the transcript
(`<call>.debrief.html`).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from roleplay.choices import BackendName, DebriefFormat, JudgeMode
from roleplay.errors import UserError

if TYPE_CHECKING:
    from roleplay.scenarios.models import Cast

SUFFIX_FORMATS = {"htm": "html", "markdown": "md"}


def _format_for(fmt: DebriefFormat | None, out: Path | None) -> DebriefFormat:
    """The format asked for, else the one `--out`'s suffix names, else Markdown."""
    if fmt is not None:
        return fmt
    suffix = out.suffix.lower().lstrip(".") if out else ""
    suffix = SUFFIX_FORMATS.get(suffix, suffix)
    return DebriefFormat(suffix) if suffix in set(DebriefFormat) else DebriefFormat.MD


def _write(text: str, out: Path | None, fmt: str, note: str = "") -> None:
    if out is None:
        sys.stdout.write(text)
        sys.stdout.flush()
        return
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise UserError(
            f"cannot write {out} ({exc.strerror or exc})",
            hint="choose a folder you can write to",
            exit_code=1,
        ) from None
    print(f"Debrief written to {out} ({fmt}){note}", file=sys.stderr)


LATEST = "latest"
"""Said instead of a path: the newest call in the workspace's transcripts folder."""


def latest_call(transcripts_dir: Path) -> Path:
    """The most recently written call transcript (self-play runs left out), or a UserError."""
    from roleplay.store.index import SKIP_DIRS

    newest: tuple[float, Path] | None = None
    for folder, dirs, files in os.walk(transcripts_dir):
        dirs[:] = [d for d in dirs if d not in SKIP_DIRS and not d.startswith(".")]
        for name in files:
            if name.endswith(".jsonl"):
                path = Path(folder) / name
                try:
                    stamp = path.stat().st_mtime
                except OSError:
                    continue
                if newest is None or stamp > newest[0]:
                    newest = (stamp, path)
    if newest is None:
        raise UserError(
            f"there are no calls yet in {transcripts_dir}",
            hint="play a call with `roleplay`, then run `roleplay debrief latest`",
            exit_code=1,
        )
    return newest[1]


def register(app: typer.Typer) -> None:
    """Add the `debrief` command."""

    @app.command("debrief")
    def debrief(
        transcript: Annotated[
            Path,
            typer.Argument(help="A call's transcript (.jsonl), or `latest` for your newest call."),
        ],
        fmt: Annotated[
            DebriefFormat | None,
            typer.Option(
                "--format",
                "-f",
                case_sensitive=False,
                help="Markdown, JSON or HTML; default: from --out, else md.",
            ),
        ] = None,
        out: Annotated[
            Path | None, typer.Option("--out", "-o", help="Write here instead of standard output.")
        ] = None,
        regrade: Annotated[
            bool, typer.Option("--regrade", help="Grade again instead of using the cached debrief.")
        ] = False,
        judge: Annotated[
            JudgeMode | None,
            typer.Option(
                case_sensitive=False,
                help="auto: a model if the backend can grade; heuristic: rules only; "
                "model: always a model (default: from settings).",
            ),
        ] = None,
        backend: Annotated[
            BackendName | None,
            typer.Option(case_sensitive=False, help="Backend for model grading."),
        ] = None,
    ) -> None:
        """Grade a finished call: scores with evidence, coaching and metrics."""
        from roleplay.commands.pages import TERMINAL_NOTE, for_a_terminal
        from roleplay.config import load_settings
        from roleplay.debrief.files import debrief_path
        from roleplay.debrief.report import render
        from roleplay.grading import Grading
        from roleplay.scenarios.loader import LibraryError
        from roleplay.workspace import find_workspace

        chosen = _format_for(fmt, out)
        settings = load_settings()
        workspace = find_workspace()
        if str(transcript) == LATEST and not transcript.exists():
            transcript = latest_call(workspace.transcripts_dir)
            print(f"roleplay: the latest call: {transcript}", file=sys.stderr)

        def cast_for(scenario_id: str) -> Cast:
            library, problems = workspace.playable_library()
            if scenario_id not in library.scenarios and problems:
                raise LibraryError(problems)
            if scenario_id not in library.scenarios:
                raise UserError(
                    f"the call's scenario '{scenario_id}' is not in the library at "
                    f"{workspace.scenarios_dir}",
                    hint="run the debrief from the workspace the call was made in "
                    "(or set ROLEPLAY_HOME to it)",
                )
            if problems and scenario_id in library.bundled:
                # Never silently: a broken file here may be this scenario's own version.
                print(
                    f"roleplay: warning: graded with the bundled scenario '{scenario_id}', "
                    f"since scenario files in {workspace.scenarios_dir} did not load:",
                    file=sys.stderr,
                )
                for problem in problems:
                    print(f"  {problem}", file=sys.stderr)
            return library.cast(scenario_id)

        grading = Grading.from_settings(settings, judge=judge, backend=backend)
        graded = grading.grade_now(transcript, cast_for, regrade=regrade)
        if graded.regraded:
            print(f"roleplay: note: graded again: {graded.regraded}", file=sys.stderr)
        if graded.out_of_date:
            print(f"roleplay: note: {graded.out_of_date}", file=sys.stderr)
        if graded.not_saved:
            print(f"roleplay: note: the debrief {graded.not_saved}", file=sys.stderr)
        note = ""
        if out is None and chosen == DebriefFormat.HTML and for_a_terminal():
            out = debrief_path(transcript).with_suffix(".html")
            note = f"; {TERMINAL_NOTE}"
        _write(render(graded.debrief, chosen, graded.transcript), out, chosen.value, note)
