"""One call side by side: the transcript on the left, the debrief and its criteria on the right.

A call with no debrief is graded by the heuristic grader when opened, in a worker, and so is one
whose heuristic debrief is stale (other grading rules, detector or scenario). The reviewer
overrides a criterion's score here; the override is saved into the debrief beside the machine's
score.
"""

from __future__ import annotations

import asyncio
from pathlib import Path

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Static

from roleplay.debrief.files import debrief_path, load_debrief, save_debrief
from roleplay.debrief.model import Debrief, score_text
from roleplay.errors import UserError
from roleplay.grading.auto import AutoGrader
from roleplay.store import queries
from roleplay.transcript import (
    Event,
    Transcript,
    TranscriptError,
    Turn,
    line_source,
    read_transcript,
)
from roleplay.transcript.durations import spoken
from roleplay.tui.review import cells
from roleplay.tui.review.context import ReviewContext
from roleplay.tui.review.override import OverrideRequest, OverrideScreen


def _speaker(call: Transcript, speaker: str) -> str:
    if speaker == "customer":
        return call.header.persona_name or "Customer"
    return call.header.trainee if speaker == "trainee" else "System"


class CallDetailScreen(Screen[None]):
    """Transcript and debrief of one call, with human overrides."""

    DEFAULT_CSS = """
    CallDetailScreen #head { height: auto; padding: 0 1; background: $panel; }
    CallDetailScreen #transcript { width: 1fr; border: round $primary-darken-2; padding: 0 1; }
    CallDetailScreen #debrief { width: 1fr; }
    CallDetailScreen #verdict { height: auto; padding: 0 1; }
    CallDetailScreen #criteria { height: auto; max-height: 14; }
    CallDetailScreen #coaching { height: 1fr; border: round $primary-darken-2; padding: 0 1; }
    CallDetailScreen .turn { margin-bottom: 1; }
    """

    BINDINGS = [
        Binding("escape", "app.pop_screen", "Back", id="review.back", tooltip="Back to calls."),
        Binding(
            "o",
            "override",
            "Override score",
            id="review.override",
            tooltip="Change the highlighted criterion's score, with a note.",
        ),
    ]

    def __init__(self, context: ReviewContext, row_id: int) -> None:
        super().__init__()
        self.context = context
        self.row_id = row_id
        self.debrief: Debrief | None = None
        self.path: Path | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="head")
        with Horizontal():
            yield VerticalScroll(id="transcript")
            with Vertical(id="debrief"):
                yield Static(id="verdict")
                yield DataTable(id="criteria", cursor_type="row")
                yield VerticalScroll(id="coaching")
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one("#criteria", DataTable)
        # The score that counts beside the name: at 80 columns the rest scroll off to the right.
        for key, label in (
            ("name", "Criterion"),
            ("score", "Counts"),
            ("machine", "Machine"),
            ("weight", "Weight"),
            ("by", "Overridden by"),
            ("note", "Note"),
        ):
            table.add_column(label, key=key)
        row = queries.call_by_id(self.context.index.db, self.row_id)
        if row is None:
            self.query_one("#head", Static).update("This call is no longer in the index.")
            return
        self.path = self.context.transcript(row.path)
        self.title = f"{row.trainee} · {row.scenario_title}"
        self.query_one("#head", Static).update(
            f"{row.trainee} · {row.scenario_title} · {cells.when(row.started_at)} UTC · "
            f"{row.difficulty} · {cells.duration(row.duration_s)} · "
            f"ended: {row.end_reason.replace('_', ' ')}"
        )
        self._show_transcript()
        self._load_debrief()
        table.focus()

    # ------------------------------------------------------------------ transcript

    def _show_transcript(self) -> None:
        box = self.query_one("#transcript", VerticalScroll)
        assert self.path is not None
        try:
            call: Transcript = read_transcript(self.path)
        except TranscriptError as exc:
            box.mount(Static(f"The transcript cannot be read: {exc}"))
            return
        widgets: list[Static] = []
        items: list[tuple[str, int, Turn | Event]] = [(t.started_at, t.id, t) for t in call.turns]
        items += [(e.at, 0, e) for e in call.events]
        for _, _, item in sorted(items, key=lambda x: (x[0], x[1])):
            if isinstance(item, Turn):
                label = Text(f"{item.id}  {_speaker(call, item.speaker)}: ", style="bold")
                source = line_source(item)
                mark = Text(f"[{source}] ", style="dim italic") if source else Text("")
                widgets.append(Static(label + mark + Text(item.text), classes="turn"))
            else:
                extra = f" ({spoken(item.duration_s)})" if item.duration_s else ""
                detail = f": {item.text}" if item.text else ""
                widgets.append(Static(Text(f"[{item.kind}{extra}{detail}]", style="dim italic")))
        if call.problems:
            widgets.append(Static(Text("; ".join(call.problems), style="dim")))
        box.mount_all(widgets)

    # ------------------------------------------------------------------ debrief

    def _load_debrief(self) -> None:
        assert self.path is not None
        if not debrief_path(self.path).exists() and self.context.grade is not None:
            self.query_one("#verdict", Static).update("Grading this call (it had no debrief)…")
            self._grade(self.path)
            return
        self._read_debrief()
        if isinstance(self.context.grade, AutoGrader):
            self._regrade_if_stale(self.path, self.context.grade)

    @work(exclusive=True, exit_on_error=False, group="grade")
    async def _regrade_if_stale(self, path: Path, grader: AutoGrader) -> None:
        """A debrief made with other grading rules, detector or scenario is graded again."""
        try:
            note = await asyncio.to_thread(grader.regrade_stale, path)
        except Exception as exc:  # the saved debrief is already on screen
            note = f"Could not grade this call again: {exc}"
        if note:
            self.context.index.refresh_one(path)
            self._read_debrief(note)

    @work(exclusive=True, exit_on_error=False, group="grade")
    async def _grade(self, path: Path) -> None:
        """Grade a call that has no debrief, in a thread: the screen stays responsive."""
        assert self.context.grade is not None
        note = ""
        try:
            made = await asyncio.to_thread(self.context.grade, path)
        except Exception as exc:  # grading is best effort; the transcript still shows
            made, note = None, f"Grading failed: {exc}"
        if made is not None:
            self.context.index.refresh_one(path)
            note = "Graded now by the heuristic grader (this call had no debrief)."
        self._read_debrief(note)

    def _read_debrief(self, note: str = "") -> None:
        assert self.path is not None
        where = debrief_path(self.path)
        if not where.exists():
            self.debrief = None
            self.query_one("#verdict", Static).update(
                note or "This call has no debrief (its scenario is not in the library)."
            )
            return
        try:
            self.debrief = load_debrief(where)
        except UserError as exc:
            self.debrief = None
            self.query_one("#verdict", Static).update(f"The debrief cannot be read: {exc}")
            return
        self._show_debrief(note)

    def _show_debrief(self, note: str = "") -> None:
        d = self.debrief
        assert d is not None
        effective, machine = d.effective_overall(), d.overall
        passed = d.effective_passed()
        if d.not_graded:
            # As the table says: no score and no pass or fail, and why.
            text = Text.assemble(
                ("Not graded: ", "bold"),
                f"{d.not_graded}. Its score counts in no average or pass rate.",
            )
        else:
            text = Text.assemble(
                ("Score ", "bold"),
                score_text(effective),
                f" (machine {score_text(machine)})" if d.overrides else "",
                "  ",
                cells.verdict(passed),
                f"  pass mark {d.pass_mark} · graded by {d.grader}",
                f" · {len(d.overrides)} override(s)" if d.overrides else "",
            )
        if d.auto_fail:
            text.append("\nAuto-fail " + "; ".join(h.matched() for h in d.auto_fail), "red")
        if note:
            text.append("\n" + note, "dim")
        self.query_one("#verdict", Static).update(text)
        table = self.query_one("#criteria", DataTable)
        cursor = table.cursor_row
        table.clear()
        for c in d.criteria:
            latest = d.override_for(c.id)
            table.add_row(
                c.name,
                cells.criterion_score(d.effective_score(c.id)) + ("*" if latest else ""),
                cells.criterion_score(c.score),
                str(c.weight),
                f"{latest.by} {latest.at[:16].replace('T', ' ')}" if latest else "",
                latest.note if latest else "",
                key=c.id,
            )
        if d.criteria:
            table.move_cursor(row=max(0, min(cursor, len(d.criteria) - 1)))
        coaching = self.query_one("#coaching", VerticalScroll)
        coaching.remove_children()
        lines: list[Static] = []
        for c in d.criteria:
            if c.rationale:
                lines.append(Static(Text.assemble((f"{c.name}: ", "bold"), c.rationale)))
        for item in d.improvements:
            lines.append(
                Static(
                    Text.assemble(
                        *(
                            [(f"Turn {item.turn_id} — the hold before it", "bold")]
                            if item.cause == "hold"
                            else [(f"Turn {item.turn_id} — you said: ", "bold"), item.said]
                        ),
                        ("\nCould say: ", "bold"),
                        item.could_say,
                        ("\nWhy: ", "bold"),
                        item.why,
                    ),
                    classes="turn",
                )
            )
        coaching.mount_all(lines)

    # ------------------------------------------------------------------ override

    def action_override(self) -> None:
        if self.debrief is None or not self.debrief.criteria:
            self.notify("There is no debrief to override on this call.", severity="warning")
            return
        table = self.query_one("#criteria", DataTable)
        cid = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        criterion = self.debrief.criterion(cid or "")
        if criterion is None:
            return
        request = OverrideRequest(
            criterion_id=criterion.id,
            name=criterion.name,
            machine=criterion.score,
            current=self.debrief.effective_score(criterion.id),
            reviewer=self.context.reviewer,
        )
        self.app.push_screen(OverrideScreen(request), self._save_override)

    def _save_override(self, result: tuple[str, int | None, str] | None) -> None:
        if result is None or self.debrief is None or self.path is None:
            return
        cid, score, note = result
        self.debrief.add_override(cid, score, by=self.context.reviewer, note=note)
        save_debrief(self.debrief, debrief_path(self.path))
        self.context.index.refresh_one(self.path)
        self._show_debrief()
        self.notify(f"Override saved: {cid} → {cells.criterion_score(score)}.")
