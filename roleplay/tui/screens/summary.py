"""The summary after a call: the scores, how it ended, the figures and the mood's path.

The call is graded in a worker (see `tui/grading.py`) while the summary shows each step; the
full debrief opens on its own screen (d). Focus starts on the scrolling body, so Down and
PageDown read on at once; n, a and d are the ways on.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Button, Footer, Label, Static

from roleplay.scenarios.models import MoodBand
from roleplay.transcript.durations import spoken
from roleplay.tui.grading import GradedCall, grade_finished_call
from roleplay.tui.messages import CallRequest, GoHome, GradingProgress, StartCall
from roleplay.tui.outcome import CallOutcome
from roleplay.tui.screens.debrief import DebriefScreen
from roleplay.tui.widgets.labelled_rows import LabelledRows, Row

if TYPE_CHECKING:
    from roleplay.debrief import Debrief
    from roleplay.grading import Grading

LABEL_WIDTH = 13


def outcome_rows(outcome: CallOutcome, transcript: str | None) -> list[Row]:
    """The call's figures, one row each, as the summary shows them."""
    rows = [
        Row("Ended", outcome.end_text),
        Row("Duration", spoken(outcome.duration_s)),
        Row(
            "Turns",
            f"{outcome.trainee_turns + outcome.customer_turns} "
            f"({outcome.trainee_turns} yours, {outcome.customer_turns} the customer's)",
        ),
    ]
    if not outcome.exam:
        start, end = outcome.mood_start, outcome.mood_end
        rows.append(
            Row(
                "Mood",
                f"{start:.0f} {MoodBand.of(start).value} → {end:.0f} {outcome.band_end}"
                "   (0 calm, 100 furious)",
            )
        )
    total_goals = len(outcome.goals_met) + len(outcome.goals_missed)
    rows.append(Row("Goals met", f"{len(outcome.goals_met)} of {total_goals}"))
    rows += [Row("", goal, Content.styled("✓ ", "$success")) for goal in outcome.goals_met]
    rows += [Row("", goal, Content.styled("✗ ", "$error")) for goal in outcome.goals_missed]
    total_facts = len(outcome.facts_uncovered) + outcome.facts_hidden
    rows.append(Row("Facts found", f"{len(outcome.facts_uncovered)} of {total_facts}"))
    rows += [Row("", fact, "• ") for fact in outcome.facts_uncovered]
    rows.append(Row("Holds", str(outcome.holds)))
    if not outcome.exam:
        rows.append(Row("Hints used", str(outcome.hints_used)))
    rows.append(Row("Transcript", transcript or "not saved"))
    rows += [Row("Note", note) for note in outcome.notes]
    return rows


BLOCKS = "▁▂▃▄▅▆▇█"
BAND_STYLE = {
    "calm": "$success",
    "uneasy": "$success-lighten-2",
    "upset": "$warning",
    "angry": "$error-lighten-1",
    "furious": "$error",
}


def mood_trail(trail: list[float]) -> Content:
    """The mood after each turn as bars on a fixed 0..100 scale, coloured by band."""
    bars = []
    for mood in trail:
        level = min(len(BLOCKS) - 1, max(0, int(mood / 100 * len(BLOCKS))))
        bars.append((BLOCKS[level] * 2, BAND_STYLE.get(MoodBand.of(mood).value, "")))
    return Content.assemble(
        *bars,
        ("   start " if trail else "", "$text-muted"),
        (f"{trail[0]:.0f}" if trail else "", "bold"),
        (", end " if trail else "", "$text-muted"),
        (f"{trail[-1]:.0f}" if trail else "", "bold"),
    )


def score_rows(debrief: Debrief) -> list[Row]:
    """The overall score and each criterion's, one row each, as the summary shows them."""
    if debrief.not_graded:
        why = f"not graded: {debrief.not_graded}, so this call counts in no average or pass rate"
        return [Row("Score", Content.assemble((why, "bold")))]
    from roleplay.debrief.model import score_text  # the debrief package loads once graded

    verdict = ("passed", "$success") if debrief.passed else ("not passed", "$error")
    rows = [
        Row(
            "Score",
            Content.assemble(
                (score_text(debrief.overall), "bold"),
                " of 100 · ",
                verdict,
                f" (pass mark {debrief.pass_mark})",
            ),
        )
    ]
    for criterion in debrief.criteria:
        score = "n/a" if criterion.score is None else f"{criterion.score} of 5"
        rows.append(Row("", criterion.name, f"{score:<7} "))
    rows += [Row("Auto-fail", hit.matched()) for hit in debrief.auto_fail]
    return rows


def waiting_rows(text: str) -> list[Row]:
    """How grading is going (or why it failed), across the whole width."""
    return [Row(None, text)]


class SummaryScreen(Screen[None]):
    """What happened on the call, its scores, and where to go next."""

    HELP_TEXT = (
        "The summary shows how the call went and, once it is graded, the scores. Press d for the "
        "full debrief, n for a new call, a to take the same call again. The arrows and Page "
        "Up/Down scroll."
    )

    BINDINGS = [
        Binding(
            "d",
            "debrief",
            "Debrief",
            id="summary.debrief",
            tooltip="Read the full debrief: scores with evidence, coaching and the call's figures.",
        ),
        Binding("n", "new_call", "New call", id="summary.new", tooltip="Back to the home screen."),
        Binding(
            "a",
            "again",
            "Same scenario again",
            id="summary.again",
            tooltip="Take the same call again at the same difficulty.",
        ),
    ]

    def __init__(
        self,
        outcome: CallOutcome,
        transcript: str | None = None,
        *,
        grading: Grading | None = None,
    ) -> None:
        super().__init__()
        self.outcome = outcome
        self.transcript = transcript
        self.grading = grading
        """How the call is graded (None: the heuristic grader)."""
        self.graded: GradedCall | None = None
        self.grading_text = "Grading the call…"
        self._reader: DebriefScreen | None = None

    @property
    def debrief(self) -> Debrief | None:
        """The call's debrief, once graded."""
        return self.graded.debrief if self.graded else None

    def compose(self) -> ComposeResult:
        """Title, scores, figures, mood trail, and the ways on."""
        scenario = self.outcome.cast.scenario
        yield Label(
            f"Call summary · {scenario.title} · {self.outcome.difficulty}", id="summary-title"
        )
        with VerticalScroll(id="summary-body"):
            # The score first: at 80x24 whatever comes last is below the fold.
            yield LabelledRows(
                waiting_rows(self.grading_text), label_width=LABEL_WIDTH, id="scores"
            )
            yield LabelledRows(
                outcome_rows(self.outcome, self.transcript),
                label_width=LABEL_WIDTH,
                id="summary-figures",
            )
            if not self.outcome.exam:
                yield Label("Mood through the call (higher is angrier)", classes="field-label")
                yield Static(mood_trail(self.outcome.mood_trail), id="mood-trail")
        with Horizontal(id="summary-buttons"):
            yield Button("New call (n)", id="new-call", variant="primary")
            yield Button("Same scenario again (a)", id="again")
            yield Button("Debrief (d)", id="open-debrief")
        yield Footer()

    def on_mount(self) -> None:
        """Focus the body (Down and PageDown scroll it); grade once the transcript is on disk."""
        self.query_one("#summary-body").focus()
        if self.outcome.transcript is None:
            self.query_one("#scores").display = False
            self.query_one("#open-debrief").display = False
            return
        self.grade(self.outcome.transcript)

    @work(exclusive=True, exit_on_error=False, group="debrief")
    async def grade(self, path: Path) -> None:
        """Grade in a worker thread; the summary shows each step, then the scores."""

        def progress(text: str) -> None:
            self.post_message(GradingProgress(text))

        try:
            graded = await grade_finished_call(path, self.outcome.cast, self.grading, progress)
        except Exception as exc:  # grading must never cost the trainee their summary
            await self._show_failure(f"The debrief could not be made: {exc}")
            return
        self.graded = graded
        if graded.not_saved:
            self.notify(f"The debrief was not saved: {graded.not_saved}", severity="warning")
        self.query_one("#scores", LabelledRows).show(score_rows(graded.debrief))
        if self._reader is not None:
            await self._reader.show(graded.markdown)

    async def _show_failure(self, text: str) -> None:
        self.grading_text = text
        self.query_one("#scores", LabelledRows).show(waiting_rows(text))
        if self._reader is not None:
            await self._reader.show(text)

    @on(GradingProgress)
    def _progress(self, message: GradingProgress) -> None:
        if self.graded is not None:
            return
        self.grading_text = message.text
        self.query_one("#scores", LabelledRows).show(waiting_rows(message.text))
        if self._reader is not None:
            self._reader.progress(message.text)

    def action_debrief(self) -> None:
        """Open the debrief on its own screen (it fills in when grading finishes)."""
        if self.outcome.transcript is None:
            self.notify("This call was not saved, so there is no debrief.", severity="warning")
            return
        title = f"Debrief · {self.outcome.cast.scenario.title} · {self.outcome.trainee}"
        markdown = self.graded.markdown if self.graded else None
        self._reader = DebriefScreen(title, markdown, self.grading_text)

        def closed(_: None) -> None:
            self._reader = None

        self.app.push_screen(self._reader, closed)

    def action_new_call(self) -> None:
        """Back home to pick another call."""
        self.post_message(GoHome(self.outcome.scenario_id))

    def action_again(self) -> None:
        """The same scenario, difficulty and trainee once more."""
        o = self.outcome
        self.post_message(StartCall(CallRequest(o.scenario_id, o.difficulty, o.trainee)))

    @on(Button.Pressed, "#new-call")
    def _new_pressed(self) -> None:
        self.action_new_call()

    @on(Button.Pressed, "#again")
    def _again_pressed(self) -> None:
        self.action_again()

    @on(Button.Pressed, "#open-debrief")
    def _debrief_pressed(self) -> None:
        self.action_debrief()
