"""`roleplay debrief TRANSCRIPT`: grade a finished call and print or save the report.

The debrief is cached beside the transcript (`<call>.debrief.json`), so a report is printed
instantly the second time and a reviewer's overrides survive. `--regrade` grades again and
keeps those overrides; a transcript that changed since it was graded, or a cached grade by
another grader than `--judge` asks for, is graded again anyway.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from roleplay.errors import UserError

if TYPE_CHECKING:
    from roleplay.config import Settings
    from roleplay.debrief.model import Debrief
    from roleplay.llm.base import Backend
    from roleplay.scenarios.models import Cast
    from roleplay.transcript import Transcript

FORMATS = ("json", "md", "html")
JUDGES = ("auto", "heuristic", "model")


def read_call(path: Path) -> Transcript:
    """The transcript at `path`, or a UserError saying why it cannot be graded."""
    from roleplay.transcript import TranscriptError, read_transcript

    if not path.exists():
        raise UserError(
            f"no transcript at {path}",
            hint="give the path of a call's .jsonl file (see your transcripts folder)",
        )
    if path.is_dir():
        raise UserError(f"{path} is a folder, not a transcript", hint="give a call's .jsonl file")
    try:
        return read_transcript(path)
    except TranscriptError as exc:
        raise UserError(
            f"cannot grade {path}: {str(exc).removeprefix(f'{path}: ')}",
            hint="give the .jsonl file a call wrote; it starts with a header line",
        ) from None


def _judge_backend(settings: Settings, judge: str, backend_name: str | None) -> Backend | None:
    """The backend that will grade, or None for the heuristic grader."""
    if judge == "heuristic":
        return None
    from roleplay.llm.factory import make_backend

    chosen = backend_name or settings.backend
    if judge == "auto" and chosen != "openai":
        return None
    backend = make_backend(settings, chosen)
    if not getattr(backend, "can_judge", False):
        raise UserError(
            f"the {backend.name} backend cannot grade calls with a model",
            hint="use --backend openai with a model endpoint, or --judge heuristic",
        )
    return backend


async def _grade(transcript: Transcript, cast: Cast, backend: Backend | None) -> Debrief:
    from roleplay.debrief import abuild_debrief

    try:
        return await abuild_debrief(transcript, cast, backend=backend)
    finally:
        if backend is not None:
            await backend.aclose()


def _cached(path: Path, transcript: Transcript) -> Debrief | None:
    """The cached debrief if it still matches the transcript file (None: grade again)."""
    from roleplay.debrief import load_debrief
    from roleplay.debrief.build import transcript_digest

    if not path.exists():
        return None
    debrief = load_debrief(path)
    if debrief.transcript_sha256 and debrief.transcript_sha256 != transcript_digest(transcript):
        return None
    return debrief


def _previous_overrides(path: Path) -> list:
    """Reviewers' overrides from an earlier debrief of the same call (kept across regrades)."""
    from roleplay.debrief import load_debrief

    if not path.exists():
        return []
    try:
        return list(load_debrief(path).overrides)
    except UserError:
        return []


def debrief_call(
    transcript_path: Path,
    *,
    settings: Settings,
    library_cast: object,
    regrade: bool = False,
    judge: str = "auto",
    backend_name: str | None = None,
) -> tuple[Debrief, Transcript]:
    """Grade (or load the cached grade of) one call; `library_cast(id)` finds its scenario."""
    import asyncio

    from roleplay.debrief import debrief_path, save_debrief

    transcript = read_call(transcript_path)
    cache = debrief_path(transcript_path)
    if not regrade:
        found = _cached(cache, transcript)
        if found is not None and judge in ("auto", found.grader):
            return found, transcript
    cast = library_cast(transcript.header.scenario_id)  # type: ignore[operator]
    backend = _judge_backend(settings, judge, backend_name)
    debrief = asyncio.run(_grade(transcript, cast, backend))
    debrief.overrides = _previous_overrides(cache)
    try:
        save_debrief(debrief, cache)
    except OSError as exc:
        print(f"roleplay: note: could not cache the debrief at {cache} ({exc})", file=sys.stderr)
    return debrief, transcript


def _write(text: str, out: Path | None, fmt: str) -> None:
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
    print(f"Debrief written to {out} ({fmt})", file=sys.stderr)


def register(app: typer.Typer) -> None:
    """Add the `debrief` command."""

    @app.command("debrief")
    def debrief(
        transcript: Annotated[Path, typer.Argument(help="A call's transcript (.jsonl).")],
        fmt: Annotated[
            str | None,
            typer.Option(
                "--format", "-f", help="json, md (Markdown) or html; default: from --out, else md."
            ),
        ] = None,
        out: Annotated[
            Path | None, typer.Option("--out", "-o", help="Write here instead of standard output.")
        ] = None,
        regrade: Annotated[
            bool, typer.Option("--regrade", help="Grade again instead of using the cached debrief.")
        ] = False,
        judge: Annotated[
            str | None,
            typer.Option(help="auto (model if the backend can grade), heuristic or model."),
        ] = None,
        backend: Annotated[
            str | None, typer.Option(help="Backend for model grading (openai).")
        ] = None,
    ) -> None:
        """Grade a finished call: scores with evidence, coaching and metrics."""
        if fmt is None:
            suffix = out.suffix.lower().lstrip(".") if out else ""
            fmt = {"htm": "html", "markdown": "md"}.get(suffix, suffix)
            fmt = fmt if fmt in FORMATS else "md"
        if fmt not in FORMATS:
            raise UserError(f"unknown format '{fmt}'", hint=f"choose one of: {', '.join(FORMATS)}")
        if judge is not None and judge not in JUDGES:
            raise UserError(f"unknown judge '{judge}'", hint=f"choose one of: {', '.join(JUDGES)}")
        from roleplay.config import load_settings
        from roleplay.debrief.report import render
        from roleplay.scenarios.loader import LibraryError
        from roleplay.workspace import find_workspace

        settings = load_settings()
        workspace = find_workspace()

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
            return library.cast(scenario_id)

        result, call = debrief_call(
            transcript,
            settings=settings,
            library_cast=cast_for,
            regrade=regrade,
            judge=judge or settings.judge,
            backend_name=backend,
        )
        _write(render(result, fmt, call), out, fmt)
