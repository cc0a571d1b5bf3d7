"""`roleplay selfplay SCENARIO`: play a scenario with good and poor handling before publishing."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from roleplay.choices import BackendName, Difficulty

if TYPE_CHECKING:
    from roleplay.selfplay.run import RunResult


def register(app: typer.Typer) -> None:
    """Add the `selfplay` command."""

    @app.command("selfplay")
    def selfplay(
        scenario: Annotated[str, typer.Argument(help="Scenario id to play.")],
        trainee: Annotated[
            list[str] | None,
            typer.Option(
                "--trainee",
                help="good, poor, or a FILE of trainee lines (one per line). Repeatable; "
                "default: good and poor.",
            ),
        ] = None,
        runs: Annotated[int, typer.Option(min=1, max=100, help="Runs per trainee.")] = 1,
        backend: Annotated[
            BackendName | None,
            typer.Option(case_sensitive=False, help="Default: scripted."),
        ] = None,
        difficulty: Annotated[
            Difficulty | None,
            typer.Option(case_sensitive=False, help="Default: the scenario's."),
        ] = None,
        model_turns: Annotated[
            int,
            typer.Option(min=1, max=30, help="Lines a model-played trainee says per run."),
        ] = 8,
        as_json: Annotated[bool, typer.Option("--json", help="Print one JSON document.")] = False,
        keep: Annotated[
            bool,
            typer.Option("--keep", help="Keep the transcripts (under transcripts/selfplay/)."),
        ] = False,
        check: Annotated[
            bool,
            typer.Option("--check", help="Exit 3 when good and poor are not told apart."),
        ] = False,
    ) -> None:
        """Play a scenario with scripted or model-played trainees and compare the outcomes."""
        import asyncio
        import json
        import shutil
        import tempfile

        from roleplay.config import load_settings
        from roleplay.llm.factory import make_backend
        from roleplay.selfplay import render
        from roleplay.selfplay.plan import SelfplayStopped, run_selfplay
        from roleplay.selfplay.summary import summarise, verdict
        from roleplay.workspace import bundled_library_dir, find_workspace

        workspace = find_workspace()
        cast = workspace.cast(scenario)
        level = (difficulty or cast.scenario.default_difficulty).value
        backend_impl = make_backend(
            load_settings(),
            backend or BackendName.SCRIPTED,
            progress=lambda text: print(text, file=sys.stderr),
        )
        folders = [workspace.root / "selfplay", bundled_library_dir() / "selfplay"]
        target = (
            workspace.transcripts_dir / "selfplay"
            if keep
            else Path(tempfile.mkdtemp(prefix="roleplay-selfplay-"))
        )

        def show(result: RunResult) -> None:
            if not keep:
                result.transcript = None
            if not as_json:
                print(render.run_text(result), flush=True)

        stopped: SelfplayStopped | None = None
        try:
            results = asyncio.run(
                run_selfplay(
                    cast,
                    backend_impl,
                    trainee or ["good", "poor"],
                    runs=runs,
                    difficulty=level,
                    folders=folders,
                    transcripts=target,
                    progress=show,
                    model_turns=model_turns,
                )
            )
        except SelfplayStopped as caught:
            stopped, results = caught, caught.finished
        finally:
            if not keep:
                shutil.rmtree(target, ignore_errors=True)
        summaries = summarise(results)
        outcome = verdict(summaries)
        if as_json:
            doc = render.as_json(scenario, level, backend_impl.name, results, summaries, outcome)
            if stopped is not None:
                doc["stopped"] = {"during": stopped.during, "error": str(stopped.error)}
            print(json.dumps(doc, indent=2))
        elif results:
            print(render.summary_text(summaries, outcome))
            if runs > 1 and backend_impl.name == BackendName.SCRIPTED:
                print("(The scripted backend is deterministic: every run is the same.)")
        if stopped is not None:
            error = stopped.error
            print(
                f"roleplay: self-play stopped during run {stopped.during}: {error.what}\n"
                f"{len(results)} run(s) finished"
                f"{' and are reported above' if results else ''}; "
                f"try: {error.hint or 'run it again'}",
                file=sys.stderr,
            )
            raise typer.Exit(1)
        if check and not outcome.separates:
            raise typer.Exit(3)
