"""The summary after a call: how it ended, the figures, the mood's path, and the debrief."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import TYPE_CHECKING

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Button, Footer, Label, Markdown, Static

from roleplay.scenarios.models import MoodBand
from roleplay.tui.messages import CallRequest, GoHome, StartCall
from roleplay.tui.outcome import CallOutcome, clock_text

if TYPE_CHECKING:
    from roleplay.debrief import Debrief
    from roleplay.grading import Grading

LABEL_WIDTH = 13


def _row(label: str, value: str | Content) -> Content:
    return Content.assemble((f"{label:<{LABEL_WIDTH}}", "bold $text-muted"), value)


def outcome_lines(outcome: CallOutcome, transcript: str | None) -> Content:
    """The call's figures, one per line, as the summary shows them."""
    rows: list[Content] = [
        _row("Ended", outcome.end_text),
        _row("Duration", clock_text(outcome.duration_s)),
        _row(
            "Turns",
            f"{outcome.trainee_turns + outcome.customer_turns} "
            f"({outcome.trainee_turns} yours, {outcome.customer_turns} the customer's)",
        ),
    ]
    if not outcome.exam:
        start, end = outcome.mood_start, outcome.mood_end
        rows.append(
            _row(
                "Mood",
                f"{start:.0f} {MoodBand.of(start).value} → {end:.0f} {outcome.band_end}"
                "   (0 calm, 100 furious)",
            )
        )
    total_goals = len(outcome.goals_met) + len(outcome.goals_missed)
    rows.append(_row("Goals met", f"{len(outcome.goals_met)} of {total_goals}"))
    rows += [Content.assemble(" " * LABEL_WIDTH, ("✓ ", "$success"), g) for g in outcome.goals_met]
    rows += [Content.assemble(" " * LABEL_WIDTH, ("✗ ", "$error"), g) for g in outcome.goals_missed]
    total_facts = len(outcome.facts_uncovered) + outcome.facts_hidden
    rows.append(_row("Facts found", f"{len(outcome.facts_uncovered)} of {total_facts}"))
    rows += [Content.assemble(" " * LABEL_WIDTH, "• ", f) for f in outcome.facts_uncovered]
    rows.append(_row("Holds", str(outcome.holds)))
    if not outcome.exam:
        rows.append(_row("Hints used", str(outcome.hints_used)))
    rows.append(_row("Transcript", transcript or "not saved"))
    rows += [_row("Note", note) for note in outcome.notes]
    return Content("\n").join(rows)


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


class SummaryScreen(Screen[None]):
    """What happened on the call, and where to go next."""

    BINDINGS = [
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
        self.debrief: Debrief | None = None

    def compose(self) -> ComposeResult:
        """Title, figures, mood trail, debrief, and the two ways on."""
        scenario = self.outcome.cast.scenario
        yield Label(
            f"Call summary · {scenario.title} · {self.outcome.difficulty}", id="summary-title"
        )
        with VerticalScroll(id="summary-body"):
            yield Static(outcome_lines(self.outcome, self.transcript), id="summary-figures")
            if not self.outcome.exam:
                yield Label("Mood through the call (higher is angrier)", classes="field-label")
                yield Static(mood_trail(self.outcome.mood_trail), id="mood-trail")
            yield Markdown("", id="debrief")
        with Horizontal(id="summary-buttons"):
            yield Button("New call (n)", id="new-call", variant="primary")
            yield Button("Same scenario again (a)", id="again")
        yield Footer()

    def on_mount(self) -> None:
        """Grade the call in the background once its transcript is on disk."""
        self.query_one("#new-call", Button).focus()
        box = self.query_one("#debrief", Markdown)
        if self.outcome.transcript is None:
            box.display = False
            return
        box.update("Grading the call…")
        self.grade(self.outcome.transcript)

    @work(exclusive=True, exit_on_error=False, group="debrief")
    async def grade(self, path: Path) -> None:
        """The debrief from the saved transcript, by the grading service (off the UI thread)."""
        from roleplay.choices import JudgeMode
        from roleplay.debrief import render_markdown
        from roleplay.grading import Grading

        box = self.query_one("#debrief", Markdown)
        grading = self.grading or Grading(JudgeMode.HEURISTIC)
        if grading.uses_model:
            await box.update("Grading the call with the model…")
        try:
            graded = await grading.grade(path, lambda _scenario_id: self.outcome.cast)
            text = await asyncio.to_thread(render_markdown, graded.debrief, graded.transcript)
        except Exception as exc:  # grading must never cost the trainee their summary
            await box.update(f"The debrief could not be made: {exc}")
            return
        self.debrief = graded.debrief
        if graded.not_saved:
            self.notify(f"The debrief was not saved: {graded.not_saved}", severity="warning")
        await box.update(text)

    def action_new_call(self) -> None:
        """Back home to pick another call."""
        self.post_message(GoHome())

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
