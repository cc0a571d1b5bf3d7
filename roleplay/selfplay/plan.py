"""Run a self-play plan: each kind of trainee, N runs, one shared backend, results in order."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from roleplay.errors import UserError
from roleplay.llm.base import Backend, BackendError
from roleplay.scenarios.models import Cast
from roleplay.selfplay.lines import KINDS, trainee_script
from roleplay.selfplay.model_trainee import MAX_TURNS, model_trainee
from roleplay.selfplay.run import RunResult, TraineeLines, play, scripted_lines


class SelfplayStopped(Exception):
    """The backend failed part-way: the runs that finished, and the error that stopped the rest."""

    def __init__(self, error: BackendError, finished: list[RunResult], during: str) -> None:
        super().__init__(str(error))
        self.error = error
        self.finished = finished
        self.during = during


def trainee_for(
    spec: str, cast: Cast, backend: Backend, folders: list[Path], model_turns: int = MAX_TURNS
) -> tuple[str, TraineeLines, str]:
    """(kind, line source, where the lines come from) for one `--trainee` value."""
    script = trainee_script(spec, cast.scenario.id, folders)
    if script is not None:
        return script.kind, scripted_lines(script.lines), script.source
    if spec in KINDS and backend.mode != "scripted":
        source = f"{backend.name} model, {spec} handling"
        return spec, model_trainee(backend, spec, model_turns), source
    raise UserError(
        f"scenario '{cast.scenario.id}' has no authored '{spec}' trainee lines",
        hint=(
            f"add selfplay/{cast.scenario.id}.yaml with good: and poor: lines, pass "
            "--trainee FILE, or use a model backend (--backend local|openai) to play the trainee"
        ),
    )


async def run_selfplay(
    cast: Cast,
    backend: Backend,
    specs: list[str],
    *,
    runs: int,
    difficulty: str,
    folders: list[Path],
    transcripts: Path,
    progress: Callable[[RunResult], None] | None = None,
    model_turns: int = MAX_TURNS,
    starting: Callable[[str, int], None] | None = None,
) -> list[RunResult]:
    """Every run of every trainee kind; the backend is closed at the end.

    `model_turns` caps the trainee lines a model writes per run (scripted lines are all said).
    `starting(kind, number)` is told before each run, `progress(result)` after it.
    """
    plan = [trainee_for(spec, cast, backend, folders, model_turns) for spec in specs]
    results: list[RunResult] = []
    try:
        for kind, trainee, _source in plan:
            for number in range(1, runs + 1):
                if starting is not None:
                    starting(kind, number)
                try:
                    result = await play(
                        cast,
                        backend,
                        trainee,
                        kind=kind,
                        run=number,
                        difficulty=difficulty,
                        transcripts=transcripts,
                    )
                except BackendError as error:
                    raise SelfplayStopped(error, results, f"{kind} #{number}") from None
                results.append(result)
                if progress is not None:
                    progress(result)
    finally:
        await backend.aclose()
    return results
