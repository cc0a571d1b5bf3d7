"""Self-play for the Scenarios app: good and poor handling of one scenario, told as it goes.

The same plan as `roleplay selfplay` (scripted trainee lines, the scripted customer unless
another backend is chosen); the transcripts are kept where `roleplay selfplay --keep` puts
them, `transcripts/selfplay/` in the workspace, which the review index leaves out.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path

from roleplay.authoring.files import ScenarioFile
from roleplay.errors import UserError
from roleplay.llm.base import Backend
from roleplay.selfplay import render
from roleplay.selfplay.plan import SelfplayStopped, run_selfplay
from roleplay.selfplay.run import RunResult
from roleplay.selfplay.summary import KindSummary, Verdict, summarise, verdict
from roleplay.workspace import Workspace, bundled_library_dir

KINDS = ("good", "poor")


@dataclass
class SelfplayReport:
    """Everything a trainer reads after self-play, as the command prints it."""

    scenario_id: str
    backend: str
    difficulty: str
    transcripts: Path
    results: list[RunResult] = field(default_factory=list)
    summaries: dict[str, KindSummary] = field(default_factory=dict)
    verdict: Verdict = field(default_factory=lambda: Verdict(separates=None))
    stopped: str | None = None
    """Why self-play stopped before every run finished (a backend failure), if it did."""

    @property
    def good_outscores_poor(self) -> bool | None:
        """Whether good handling scored higher than poor (None if either has no score)."""
        good, poor = self.summaries.get("good"), self.summaries.get("poor")
        if good is None or poor is None or good.score is None or poor.score is None:
            return None
        return good.score > poor.score

    def summary_text(self) -> str:
        """The summary and verdict, as `roleplay selfplay` prints them after the runs."""
        return render.summary_text(self.summaries, self.verdict).strip("\n")


def scenario_id_of(workspace: Workspace, item: ScenarioFile) -> str:
    """The id of the scenario in force from `item` (its saved copy, for an edited bundled one)."""
    if item.bundled and not workspace.bundled and not workspace.offers_bundled:
        raise UserError(
            f"bundled scenarios are turned off in this workspace, so {item.shown} is not played",
            hint="open it and save your own copy (Ctrl+S), then self-play the copy",
        )
    library, problems = fresh(workspace).playable_library()
    wanted = {p.resolve() for p in (item.path, item.save_to) if p is not None and p.exists()}
    for key, path in library.sources.items():
        if key.startswith("scenario:") and path.resolve() in wanted:
            return key.removeprefix("scenario:")
    mine = [p for p in problems if p.startswith(item.shown + ":")]
    raise UserError(
        f"{item.shown} does not load, so it cannot be played",
        hint="fix it and save it first: " + (mine[0] if mine else "open it to see the problems"),
    )


def fresh(workspace: Workspace) -> Workspace:
    """The workspace with its files read again (an edit may have been saved since)."""
    return replace(workspace, _library=None)


def selfplay_transcripts(workspace: Workspace) -> Path:
    """Where self-play calls are kept (as `roleplay selfplay --keep` keeps them)."""
    return workspace.transcripts_dir / "selfplay"


async def play_scenario(
    workspace: Workspace,
    scenario_id: str,
    backend: Backend,
    *,
    difficulty: str | None = None,
    starting: Callable[[str, int], None] | None = None,
    finished: Callable[[RunResult], None] | None = None,
) -> SelfplayReport:
    """Play `scenario_id` with good and with poor handling; never raises for a backend failure.

    A scenario that is missing, broken or has no trainee lines for a scripted customer is a
    UserError with what to do, before anything is played.
    """
    try:
        cast = fresh(workspace).cast(scenario_id)
    except UserError:
        await backend.aclose()
        raise
    level = difficulty or cast.scenario.default_difficulty.value
    target = selfplay_transcripts(workspace)
    target.mkdir(parents=True, exist_ok=True)
    report = SelfplayReport(scenario_id, backend.name, level, target)
    folders = [workspace.root / "selfplay", bundled_library_dir() / "selfplay"]
    try:
        report.results = await run_selfplay(
            cast,
            backend,
            list(KINDS),
            runs=1,
            difficulty=level,
            folders=folders,
            transcripts=target,
            progress=finished,
            starting=starting,
        )
    except SelfplayStopped as caught:
        report.results = caught.finished
        hint = caught.error.hint or "run it again"
        report.stopped = f"stopped during {caught.during}: {caught.error.what} (try: {hint})"
    except UserError:
        await backend.aclose()
        raise
    report.summaries = summarise(report.results)
    report.verdict = verdict(report.summaries)
    return report
