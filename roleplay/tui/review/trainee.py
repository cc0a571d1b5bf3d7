"""One trainee's progress: scores over time as a chart, and each criterion against the team.

Uses the calls screen's scenario and date filters, so a lead can ask "how has Ben done on
the supervisor scenario since June?" and compare with the team under the same filter.
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Sparkline, Static

from roleplay.store import queries
from roleplay.store.queries import CallFilter
from roleplay.tui.review.context import ReviewContext

RECENT = 60


def _pct(value: float | None) -> str:
    return "–" if value is None else f"{value:.0f}%"


def _num(value: float | None, digits: int = 1) -> str:
    return "–" if value is None else f"{value:.{digits}f}"


class TraineeScreen(Screen[None]):
    """Progress over time and per-criterion averages against the team for one trainee."""

    DEFAULT_CSS = """
    TraineeScreen #summary { height: auto; padding: 1 1 0 1; }
    TraineeScreen Sparkline { height: 6; margin: 0 1; }
    TraineeScreen .caption { padding: 0 1; color: $text-muted; }
    TraineeScreen DataTable { height: auto; margin: 1 1 0 1; }
    """

    BINDINGS = [
        Binding("escape", "app.pop_screen", "Back", id="trainee.back", tooltip="Back to calls.")
    ]

    def __init__(self, context: ReviewContext, trainee: str, flt: CallFilter) -> None:
        super().__init__()
        self.context = context
        self.trainee = trainee
        self.team_filter = CallFilter(**{**flt.__dict__, "trainee": None})
        self.filter = CallFilter(**{**flt.__dict__, "trainee": trainee})

    def compose(self) -> ComposeResult:
        db = self.context.index.db
        mine = queries.team_summary(db, self.filter)
        team = queries.team_summary(db, self.team_filter)
        recent = queries.recent_scores(db, self.filter, RECENT)
        yield Header()
        with VerticalScroll():
            yield Static(
                Text.assemble(
                    (self.trainee, "bold"),
                    f" · {mine.calls} call(s), {mine.graded} graded · average "
                    f"{_num(mine.average)} (team {_num(team.average)}) · pass rate "
                    f"{_pct(mine.pass_rate)} (team {_pct(team.pass_rate)})",
                ),
                id="summary",
            )
            yield Static(f"Last {len(recent)} scores, oldest to newest (0–100)", classes="caption")
            yield Sparkline(recent, id="recent")
            yield DataTable(id="criteria", cursor_type="row")
            yield DataTable(id="months", cursor_type="row")
        yield Footer()

    def on_mount(self) -> None:
        self.title = f"Trainee: {self.trainee}"
        db = self.context.index.db
        # By name, as the scenarios this trainee played call them: two scenarios may give one
        # criterion id different names ("Condolence and empathy", "Empathy and acknowledgement").
        mine = queries.criterion_averages_by_name(db, self.filter)
        team = queries.criterion_averages_by_name(db, self.team_filter)
        table = self.query_one("#criteria", DataTable)
        table.add_columns("Criterion (1–5)", self.trainee, "Team", "Difference")
        for name in sorted(mine):
            diff = mine[name] - team[name] if name in team else None
            style = "" if diff is None or abs(diff) < 0.3 else ("green" if diff > 0 else "red")
            table.add_row(
                name,
                _num(mine[name], 2),
                _num(team.get(name), 2),
                Text("–" if diff is None else f"{diff:+.2f}", style=style),
                key=name,
            )
        months = self.query_one("#months", DataTable)
        months.add_columns("Month", "Average score", "")
        for month, avg in queries.trend(db, self.filter):
            months.add_row(month, f"{avg:.1f}", "█" * max(1, round(avg / 5)), key=month)
        table.focus()
