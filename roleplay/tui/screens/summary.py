"""The summary after a call: how it ended, the figures, the mood's path, and the debrief."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Button, Footer, Label, Markdown, Sparkline, Static

from roleplay.scenarios.models import MoodBand
from roleplay.tui.messages import CallRequest, GoHome, StartCall
from roleplay.tui.outcome import CallOutcome, clock_text

LABEL_WIDTH = 13


def _row(label: str, value: str | Content) -> Content:
    return Content.assemble((f"{label:<{LABEL_WIDTH}}", "bold $text-muted"), value)


def _plain_md(text: str) -> str:
    """A trainee's words, safe to put inside Markdown."""
    for char in "\\`*_[]<>#|":
        text = text.replace(char, "\\" + char)
    return " ".join(text.split())


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
    rows += [
        Content.assemble(" " * LABEL_WIDTH, ("✗ ", "$error"), g) for g in outcome.goals_missed
    ]
    total_facts = len(outcome.facts_uncovered) + outcome.facts_hidden
    rows.append(_row("Facts found", f"{len(outcome.facts_uncovered)} of {total_facts}"))
    rows += [Content.assemble(" " * LABEL_WIDTH, "• ", f) for f in outcome.facts_uncovered]
    rows.append(_row("Holds", str(outcome.holds)))
    if not outcome.exam:
        rows.append(_row("Hints used", str(outcome.hints_used)))
    rows.append(_row("Transcript", transcript or "not saved"))
    rows += [_row("Note", note) for note in outcome.notes]
    return Content("\n").join(rows)


def debrief_markdown(debrief: Any) -> str:
    """The debrief's score, per-criterion grades and coaching, as Markdown."""
    verdict = "passed" if debrief.passed else "not passed"
    lines = [
        f"### Debrief: {debrief.overall:.0f}/100, {verdict} (pass mark {debrief.pass_mark})",
    ]
    if debrief.grading_note:
        lines.append(debrief.grading_note)
    for hit in debrief.auto_fail:
        lines.append(
            f"**Automatic fail:** {hit.description} (turn {hit.turn_id}: "
            f"“{_plain_md(hit.quote)}”)"
        )
    lines.append("| Criterion | Score | Weight |\n|---|---|---|")
    lines[-1] += "".join(
        f"\n| {c.name} | {f'{c.score}/5' if c.score is not None else 'n/a'} | {c.weight} |"
        for c in debrief.criteria
    )
    if debrief.improvements:
        lines.append("#### What you said, and what you could say")
        for item in debrief.improvements[:4]:
            lines.append(
                f"- Turn {item.turn_id}: you said “{_plain_md(item.said)}”. "
                f"You could say: “{_plain_md(item.could_say)}” ({_plain_md(item.why)})"
            )
    return "\n\n".join(lines)


def _debrief_api() -> Any:
    """The debrief package, if this installation has it (the summary works without it)."""
    try:
        import roleplay.debrief as debrief
    except ImportError:
        return None
    return debrief if hasattr(debrief, "build_debrief") else None


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

    def __init__(self, outcome: CallOutcome, transcript: str | None = None) -> None:
        super().__init__()
        self.outcome = outcome
        self.transcript = transcript
        self.debrief: Any = None

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
                yield Sparkline(self.outcome.mood_trail, id="mood-trail")
            yield Markdown("", id="debrief")
        with Horizontal(id="summary-buttons"):
            yield Button("New call (n)", id="new-call", variant="primary")
            yield Button("Same scenario again (a)", id="again")
        yield Footer()

    def on_mount(self) -> None:
        """Grade the call in the background when the debrief package is there."""
        self.query_one("#new-call", Button).focus()
        api = _debrief_api()
        box = self.query_one("#debrief", Markdown)
        if api is None or self.outcome.transcript is None:
            box.display = False
            return
        box.update("Grading the call…")
        self.grade(api)

    @work(exclusive=True, exit_on_error=False, group="debrief")
    async def grade(self, api: Any) -> None:
        """Heuristic grading from the saved transcript, off the screen's thread."""
        from roleplay.store.transcript import read_transcript

        path: Path = self.outcome.transcript  # type: ignore[assignment]
        box = self.query_one("#debrief", Markdown)
        try:
            transcript = await asyncio.to_thread(read_transcript, path)
            debrief = await asyncio.to_thread(api.build_debrief, transcript, self.outcome.cast)
        except Exception as exc:  # grading must never cost the trainee their summary
            await box.update(f"The debrief could not be made: {exc}")
            return
        self.debrief = debrief
        save = getattr(api, "save_debrief", None)
        if save is not None:
            try:
                await asyncio.to_thread(save, debrief, api.debrief_path(path))
            except Exception as exc:
                self.notify(f"The debrief was not saved: {exc}", severity="warning")
        await box.update(debrief_markdown(debrief))

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
