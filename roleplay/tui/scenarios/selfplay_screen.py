"""Self-play in the app: good and poor handling of one scenario, each run shown as it finishes.

Runs in a worker thread with its own event loop, so the screen keeps drawing while the
customer (the scripted one by default, or the configured model) answers.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from pathlib import Path

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.markup import escape
from textual.screen import Screen
from textual.widgets import Footer, Label, ProgressBar, Static

from roleplay.authoring.selfplay_job import KINDS, SelfplayReport, play_scenario
from roleplay.errors import UserError
from roleplay.llm.base import Backend
from roleplay.selfplay import render
from roleplay.selfplay.run import RunResult
from roleplay.tui.scenarios.messages import SelfplayStep
from roleplay.workspace import Workspace

BackendFor = Callable[[str], Backend]
"""Makes the customer's backend by name ('scripted', 'local', 'openai')."""


def verdict_words(report: SelfplayReport) -> str:
    """The answer a trainer looks for first, in Textual markup."""
    good, poor = report.summaries.get("good"), report.summaries.get("poor")
    if report.stopped and (good is None or poor is None):
        return f"[b $error]Self-play did not finish:[/] {escape(report.stopped)}"
    scores = ""
    if good is not None and poor is not None and good.score is not None and poor.score is not None:
        scores = f" (scores: good {good.score:.0f}, poor {poor.score:.0f})"
    if report.verdict.separates:
        return f"[b $success]✓ Good handling outscores poor{scores}.[/] Ready for trainees."
    if report.verdict.separates is False:
        reasons = "; ".join(report.verdict.failures)
        return f"[b $error]✗ Good and poor handling are not told apart{scores}:[/] " + escape(
            reasons
        )
    return escape(report.verdict.text())


def shown_transcript(result: RunResult, root: Path) -> None:
    """Name a run's transcript relative to the workspace (the server's folders stay private)."""
    if result.transcript:
        path = Path(result.transcript)
        try:
            result.transcript = path.relative_to(root).as_posix()
        except ValueError:
            result.transcript = path.name


class SelfplayScreen(Screen[None]):
    """Plays the scenario with good and poor handling and shows what `roleplay selfplay` prints."""

    HELP_TEXT = (
        "Self-play plays the saved scenario twice, with the good and the poor trainee lines from "
        "its self-play file (selfplay/<id>.yaml), and grades both calls as the debrief would. "
        "A scenario is ready when good handling ends calmer and scores higher than poor handling. "
        "The calls are kept under transcripts/selfplay/ in the workspace."
    )

    BINDINGS = [
        Binding(
            "r", "again", "Run again", id="selfplay.again", tooltip="Play both calls once more."
        ),
        Binding(
            "c",
            "customer",
            "Customer",
            id="selfplay.customer",
            tooltip="Switch the customer between the scripted one and the configured model.",
        ),
        Binding("escape", "back", "Back", id="selfplay.back", tooltip="Back to where you were."),
    ]

    def __init__(
        self,
        workspace: Workspace,
        scenario_id: str,
        backend_for: BackendFor,
        configured: str,
    ) -> None:
        super().__init__()
        self.workspace = workspace
        self.scenario_id = scenario_id
        self.backend_for = backend_for
        self.choices = ["scripted"] + ([configured] if configured != "scripted" else [])
        self.customer = "scripted"
        self.report: SelfplayReport | None = None
        self.running = False
        self.run_texts: list[str] = []

    def compose(self) -> ComposeResult:
        yield Label(self._title(), id="selfplay-title")
        yield ProgressBar(total=len(KINDS), show_eta=False, id="selfplay-progress")
        yield Static("", id="selfplay-status")
        with VerticalScroll(id="selfplay-body"):
            yield Static("", id="selfplay-verdict")
            yield Static("", id="selfplay-summary")
            yield Static("", id="selfplay-runs")
        yield Footer()

    def _title(self) -> str:
        return f"Self-play · {self.scenario_id} · customer: {self.customer}"

    def on_mount(self) -> None:
        self.query_one("#selfplay-body").focus()
        self.start()

    def start(self) -> None:
        """Clear the last result and play both calls."""
        self.running = True
        self.report = None
        self.run_texts = []
        self.query_one("#selfplay-title", Label).update(self._title())
        self.query_one("#selfplay-progress", ProgressBar).update(progress=0)
        for name in ("verdict", "summary", "runs"):
            self.query_one(f"#selfplay-{name}", Static).update("")
        self.query_one("#selfplay-status", Static).update(
            f"Playing good and poor handling against the {self.customer} customer…"
        )
        self.play(self.customer)

    @work(thread=True, exclusive=True, exit_on_error=False, group="selfplay")
    def play(self, customer: str) -> None:
        """Both calls in this thread's own event loop; each step is posted to the screen."""
        done = 0
        root = self.workspace.root

        def starting(kind: str, number: int) -> None:
            self.post_message(SelfplayStep(f"Playing the {kind} trainee's call…", done))

        def finished(result: RunResult) -> None:
            nonlocal done
            done += 1
            shown_transcript(result, root)
            self.post_message(SelfplayStep(render.run_text(result), done))

        try:
            backend = self.backend_for(customer)
            report = asyncio.run(
                play_scenario(
                    self.workspace,
                    self.scenario_id,
                    backend,
                    starting=starting,
                    finished=finished,
                )
            )
        except UserError as exc:
            hint = f"\n{exc.hint}" if exc.hint else ""
            self.app.call_from_thread(self._failed, f"{exc.message}{hint}")
            return
        except Exception as exc:  # the trainer sees what happened, never a traceback
            self.app.call_from_thread(self._failed, f"Self-play failed: {exc}")
            return
        self.app.call_from_thread(self._show, report)

    @on(SelfplayStep)
    def _step(self, message: SelfplayStep) -> None:
        if not self.is_mounted:
            return
        self.query_one("#selfplay-progress", ProgressBar).update(progress=message.done)
        if message.text.startswith("Playing"):
            self.query_one("#selfplay-status", Static).update(escape(message.text))
            return
        self.run_texts.append(message.text)
        self.query_one("#selfplay-runs", Static).update(escape("\n\n".join(self.run_texts)))

    def _failed(self, text: str) -> None:
        self.running = False
        if not self.is_mounted:
            return
        self.query_one("#selfplay-status", Static).update("")
        self.query_one("#selfplay-verdict", Static).update(
            f"[b $error]Self-play could not run:[/] {escape(text)}"
        )

    def _show(self, report: SelfplayReport) -> None:
        self.running = False
        self.report = report
        if not self.is_mounted:
            return
        self.query_one("#selfplay-progress", ProgressBar).update(progress=len(report.results))
        folder = report.transcripts
        try:
            where = folder.relative_to(self.workspace.root).as_posix()
        except ValueError:
            where = folder.name
        self.query_one("#selfplay-status", Static).update(
            f"Done: {len(report.results)} call(s) at {report.difficulty}, kept in {where}/."
        )
        self.query_one("#selfplay-verdict", Static).update(verdict_words(report))
        self.query_one("#selfplay-summary", Static).update(escape(report.summary_text()))
        runs = "\n\n".join(render.run_text(r) for r in report.results)
        self.query_one("#selfplay-runs", Static).update("[b]Each call[/]\n" + escape(runs))

    def action_again(self) -> None:
        if self.running:
            self.notify("Self-play is still running.", severity="warning")
            return
        self.start()

    def action_customer(self) -> None:
        if self.running:
            self.notify("Wait for this run to finish.", severity="warning")
            return
        if len(self.choices) == 1:
            self.notify("Only the scripted customer is configured.", severity="warning")
            return
        index = self.choices.index(self.customer)
        self.customer = self.choices[(index + 1) % len(self.choices)]
        self.start()

    def action_back(self) -> None:
        if self.running:
            self.notify("Self-play goes on in the background; its calls are still kept.")
        self.dismiss(None)
