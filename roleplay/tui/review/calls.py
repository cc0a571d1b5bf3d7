"""The calls table: filter, sort and page through a team's calls (one page of rows at a time).

Only one page is ever in the table, so a history of 100,000 calls opens as fast as ten; the
counts and pages come from the index.
"""

from __future__ import annotations

import sqlite3

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.notifications import SeverityLevel
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Input, Select, Static
from textual.worker import Worker, WorkerState

from roleplay.store import queries
from roleplay.store.index import RefreshReport, ReviewIndex
from roleplay.store.queries import CallFilter, graded_call, parse_day
from roleplay.tui.review import cells
from roleplay.tui.review.context import ReviewContext
from roleplay.tui.review.detail import CallDetailScreen
from roleplay.tui.review.trainee import TraineeScreen

PAGE = 100
COLUMNS = (
    ("date", "Date (UTC)"),
    ("trainee", "Trainee"),
    ("scenario", "Scenario"),
    ("score", "Score"),
    ("pass", "Result"),
    ("end", "Ended"),
    ("difficulty", "Level"),
    ("duration", "Length"),
)
"""Most telling first: at 80 columns the score and the result are still on screen."""
RESULTS = (("passed", "passed"), ("failed", "failed"), ("not graded", "not graded"))
"""Words, not True/False: Textual's Select.BLANK is False, so a False value read as no choice."""
PASSED = {"passed": True, "failed": False}


class CallsScreen(Screen[None]):
    """Every indexed call, newest first, with filters along the top."""

    DEFAULT_CSS = """
    CallsScreen #filters { height: auto; padding: 0 1; }
    CallsScreen #filters Select { width: 1fr; }
    CallsScreen #filters Input { width: 14; }
    CallsScreen #calls { height: 1fr; }
    CallsScreen #status { height: 1; padding: 0 1; background: $panel; }
    """

    BINDINGS = [
        Binding("n", "page(1)", "Next page", id="review.next", tooltip="Show the next page."),
        Binding("p", "page(-1)", "Prev page", id="review.prev", tooltip="Previous page."),
        Binding("s", "cycle_sort", "Sort", id="review.sort", tooltip="Sort by the next column."),
        Binding("r", "reverse", "Reverse", id="review.reverse", tooltip="Reverse the order."),
        Binding("t", "trainee", "Trainee", id="review.trainee", tooltip="The trainee's progress."),
        Binding("f", "focus_filters", "Filters", id="review.filters", tooltip="Edit filters."),
        Binding(
            "ctrl+r",
            "rescan",
            "Rescan",
            id="review.rescan",
            tooltip="Look for calls finished or changed since the app opened.",
        ),
        Binding("escape", "focus_table", "Table", show=False, id="review.table"),
    ]

    def __init__(self, context: ReviewContext) -> None:
        super().__init__()
        self.context = context
        self.filter = CallFilter()
        self.sort = "date"
        self.descending = True
        self.page = 0
        self.total = 0
        self.rows: dict[str, queries.CallListRow] = {}

    @property
    def db(self) -> sqlite3.Connection:
        """The index's connection (queries only; the screens never write)."""
        return self.context.index.db

    def compose(self) -> ComposeResult:
        yield Header()
        trainees = [(name, name) for name in queries.distinct(self.db, "trainee")]
        scenarios = [(sid, sid) for sid in queries.distinct(self.db, "scenario_id")]
        with Horizontal(id="filters"):
            yield Select(trainees, prompt="Trainee", id="f-trainee")
            yield Select(scenarios, prompt="Scenario", id="f-scenario")
            yield Input(placeholder="Since", id="f-since", tooltip="YYYY-MM-DD, UTC")
            yield Input(placeholder="Until", id="f-until", tooltip="YYYY-MM-DD, UTC, inclusive")
            yield Select(RESULTS, prompt="Result", id="f-result")
        yield DataTable(id="calls", cursor_type="row", zebra_stripes=True)
        yield Static(id="status")
        yield Footer()

    def on_mount(self) -> None:
        self.title = "Review calls"
        table = self.query_one("#calls", DataTable)
        for key, label in COLUMNS:
            table.add_column(label, key=key)
        self.load()
        table.focus()

    def on_screen_resume(self) -> None:
        self.load(keep_cursor=True)

    # ------------------------------------------------------------------ data

    def load(self, *, keep_cursor: bool = False) -> None:
        """Fill the table with the current page under the current filter and sort."""
        table = self.query_one("#calls", DataTable)
        cursor = table.cursor_row
        self.total = queries.count_calls(self.db, self.filter)
        last = max(0, (self.total - 1) // PAGE)
        self.page = min(self.page, last)
        page = queries.list_calls(
            self.db,
            self.filter,
            sort=self.sort,
            descending=self.descending,
            limit=PAGE,
            offset=self.page * PAGE,
        )
        table.clear()
        self.rows = {}
        for row in page:
            key = str(row.id)
            self.rows[key] = row
            counted = graded_call(row.end_reason, row.trainee_turns)
            table.add_row(
                cells.when(row.started_at),
                row.trainee,
                row.scenario_id,
                cells.score(row.overall if counted else None, overridden=row.overrides > 0),
                cells.verdict(row.passed) if counted else cells.not_graded(),
                row.end_reason.replace("_", " "),
                row.difficulty,
                cells.duration(row.duration_s),
                key=key,
            )
        if keep_cursor and page:
            table.move_cursor(row=min(cursor, len(page) - 1))
        self._status()

    def _status(self, note: str = "") -> None:
        first = self.page * PAGE + 1 if self.total else 0
        last = min(self.total, (self.page + 1) * PAGE)
        pages = max(1, -(-self.total // PAGE))
        arrow = "↓" if self.descending else "↑"
        text = (
            f"Calls {first:,}–{last:,} of {self.total:,} · page {self.page + 1}/{pages} · "
            f"by {self.sort} {arrow} · * a reviewer's score"
        )
        self.query_one("#status", Static).update(f"{note}  {text}" if note else text)

    def selected(self) -> queries.CallListRow | None:
        """The call under the table's cursor."""
        table = self.query_one("#calls", DataTable)
        if not self.rows or table.cursor_row < 0:
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        return self.rows.get(key or "")

    # ------------------------------------------------------------------ filters

    def _set_filter(self, **change: object) -> None:
        self.filter = CallFilter(**{**self.filter.__dict__, **change})
        self.page = 0
        self.load()

    @on(Select.Changed)
    def _select_changed(self, event: Select.Changed) -> None:
        # Picking the filter's title row clears it: the value is then Select.NULL.
        no_choice = event.value is Select.NULL or event.value is Select.BLANK
        value: object = None if no_choice else event.value
        if event.select.id == "f-result":
            result = {"passed": PASSED.get(str(value)), "not_graded": value == "not graded" or None}
            if result != {"passed": self.filter.passed, "not_graded": self.filter.not_graded}:
                self._set_filter(**result)
            return
        field = {"f-trainee": "trainee", "f-scenario": "scenario"}
        name = field.get(event.select.id or "")
        if name is not None and getattr(self.filter, name) != value:
            self._set_filter(**{name: value})

    @on(Input.Submitted)
    @on(Input.Blurred)
    def _date_changed(self, event: Input.Submitted | Input.Blurred) -> None:
        name = {"f-since": "since", "f-until": "until"}.get(event.input.id or "")
        if name is None:
            return
        text = event.input.value.strip()
        try:
            value = parse_day(text) if text else None
        except ValueError as exc:
            self._status(f"⚠ {exc}.")
            event.input.add_class("-invalid")
            return
        event.input.remove_class("-invalid")
        if getattr(self.filter, name) != value:
            self._set_filter(**{name: value})

    # ------------------------------------------------------------------ actions

    @on(DataTable.HeaderSelected)
    def _sort_by_header(self, event: DataTable.HeaderSelected) -> None:
        key = event.column_key.value or "date"
        if key == self.sort:
            self.descending = not self.descending
        else:
            self.sort, self.descending = key, key in ("date", "score", "duration")
        self.page = 0
        self.load()

    @on(DataTable.RowSelected)
    def _open(self, event: DataTable.RowSelected) -> None:
        row = self.rows.get(event.row_key.value or "")
        if row is not None:
            self.app.push_screen(CallDetailScreen(self.context, row.id))

    def action_page(self, step: int) -> None:
        pages = max(1, -(-self.total // PAGE))
        new = min(max(0, self.page + step), pages - 1)
        if new != self.page:
            self.page = new
            self.load()

    def action_cycle_sort(self) -> None:
        keys = [k for k, _ in COLUMNS]
        self.sort = keys[(keys.index(self.sort) + 1) % len(keys)]
        self.descending = self.sort in ("date", "score", "duration")
        self.page = 0
        self.load()

    def action_reverse(self) -> None:
        self.descending = not self.descending
        self.page = 0
        self.load()

    def action_trainee(self) -> None:
        row = self.selected()
        name = self.filter.trainee or (row.trainee if row else None)
        if name:
            self.app.push_screen(TraineeScreen(self.context, name, self.filter))

    def action_rescan(self) -> None:
        self._status("Rescanning the transcripts folder…")
        self._rescan()

    @work(thread=True, exclusive=True, exit_on_error=False, name="rescan")
    def _rescan(self) -> None:
        """Refresh on a connection of its own (WAL lets the table keep reading meanwhile)."""
        index = self.context.index
        with ReviewIndex(index.root, db_path=index.path) as fresh:
            report = fresh.refresh(grade=self.context.grade)
        self.app.call_from_thread(self._rescanned, report)

    def _rescanned(self, report: RefreshReport) -> None:
        self.load(keep_cursor=True)
        severity: SeverityLevel = "warning" if report.warnings else "information"
        self.notify(f"Index: {report.summary()}", severity=severity)

    @on(Worker.StateChanged)
    def _rescan_failed(self, event: Worker.StateChanged) -> None:
        """A rescan that fails says so, instead of leaving "Rescanning…" on the status line."""
        if event.worker.name != "rescan" or event.state is not WorkerState.ERROR:
            return
        error = event.worker.error
        reason = f"{type(error).__name__}: {error}" if error else "unknown error"
        self._status(f"Rescan failed ({reason})")
        self.notify(
            f"The rescan failed ({reason}). The table shows the calls indexed before; "
            "press Ctrl+R to try again.",
            severity="error",
            timeout=10,
        )

    def action_focus_filters(self) -> None:
        self.query_one("#f-trainee", Select).focus()

    def action_focus_table(self) -> None:
        self.query_one("#calls", DataTable).focus()
