"""The review app on a generated workspace: filter, sort, page, open a call, override a score."""

from __future__ import annotations

import json
import sqlite3
import threading
from pathlib import Path

import pytest
from support.sim_cast import make_cast
from support.synthetic import write_synthetic_calls
from textual.message import Message
from textual.widgets import DataTable, Input, Select, Sparkline, Static
from textual.worker import Worker, WorkerState

from roleplay.debrief.files import debrief_path
from roleplay.grading.auto import AutoGrader
from roleplay.llm.scripted_backend import ScriptedBackend
from roleplay.sim.session import CallSession
from roleplay.store import queries
from roleplay.store.index import ReviewIndex
from roleplay.tui.review.app import ReviewApp
from roleplay.tui.review.calls import PAGE, CallsScreen
from roleplay.tui.review.context import ReviewContext
from roleplay.tui.review.detail import CallDetailScreen
from roleplay.tui.review.override import OverrideScreen
from roleplay.tui.review.trainee import TraineeScreen

SIZE = (150, 45)


@pytest.fixture
def index(tmp_path: Path):
    write_synthetic_calls(tmp_path, 260, seed=31)
    with ReviewIndex(tmp_path) as opened:
        opened.refresh()
        yield opened


def _table(app: ReviewApp) -> DataTable:
    return app.screen.query_one("#calls", DataTable)


def _column(table: DataTable, key: str) -> list[str]:
    return [str(v) for v in table.get_column(key)]


async def test_filter_open_a_call_and_record_an_override(index: ReviewIndex) -> None:
    app = ReviewApp(ReviewContext(index=index, reviewer="Lead Lee"))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, CallsScreen)
        table = _table(app)
        assert table.row_count == PAGE
        assert "of 260" in str(screen.query_one("#status", Static).render())
        dates = _column(table, "date")
        assert dates == sorted(dates, reverse=True)

        # Filter by trainee and to failed calls only.
        screen.query_one("#f-trainee", Select).value = "Ben Carter"
        screen.query_one("#f-result", Select).value = "failed"
        await pilot.pause()
        expected = queries.count_calls(
            index.db, queries.CallFilter(trainee="Ben Carter", passed=False)
        )
        assert 0 < table.row_count == min(expected, PAGE)
        assert set(_column(table, "trainee")) == {"Ben Carter"}
        assert set(_column(table, "pass")) == {"fail"}

        # Open the first call: transcript and debrief side by side.
        table.focus()
        row = screen.selected()
        await pilot.press("enter")
        await pilot.pause()
        detail = app.screen
        assert isinstance(detail, CallDetailScreen)
        turns = detail.query("#transcript Static")
        assert len(turns) == row.turns
        assert "Line 1 of a practice call" in str(turns[0].render())
        criteria = detail.query_one("#criteria", DataTable)
        assert criteria.row_count == 5

        # Override the highlighted criterion with a note.
        cid = criteria.coordinate_to_cell_key(criteria.cursor_coordinate).row_key.value
        before = json.loads(debrief_path(detail.path).read_text())
        machine = next(c["score"] for c in before["criteria"] if c["id"] == cid)
        new = 5 if machine != 5 else 1
        await pilot.press("o")
        await pilot.pause()
        assert isinstance(app.screen, OverrideScreen)
        await pilot.press("9", "enter")  # out of range: refused, stays open
        await pilot.pause()
        assert isinstance(app.screen, OverrideScreen)
        app.screen.query_one("#score", Input).value = str(new)
        await pilot.click("#save")  # no note yet: refused
        await pilot.pause()
        assert isinstance(app.screen, OverrideScreen)
        assert "Add a note" in str(app.screen.query_one("#error", Static).render())
        note = app.screen.query_one("#note", Input)
        assert note.has_focus
        await pilot.press(*"Acknowledged the delay warmly", "enter")
        await pilot.pause()
        assert app.screen is detail

        saved = json.loads(debrief_path(detail.path).read_text())
        (override,) = saved["overrides"]
        assert override["criterion_id"] == cid and override["score"] == new
        assert override["by"] == "Lead Lee" and override["note"].startswith("Acknowledged")
        assert override["at"]
        assert next(c["score"] for c in saved["criteria"] if c["id"] == cid) == machine
        shown = [str(c) for c in criteria.get_row(cid)]
        assert shown[1] == f"{new}*" and shown[2] == str(machine) and "Lead Lee" in shown[4]

        # Back on the table, the call shows its overridden score.
        await pilot.press("escape")
        await pilot.pause()
        refreshed = queries.call_by_id(index.db, row.id)
        assert refreshed.overrides == 1 and refreshed.machine_overall == row.machine_overall
        cell = str(_table(app).get_cell(str(row.id), "score"))
        assert cell == f"{refreshed.overall:.0f}*"


async def test_sort_page_dates_and_trainee_view(index: ReviewIndex) -> None:
    app = ReviewApp(ReviewContext(index=index, reviewer="Lead Lee"))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = app.screen
        table = _table(app)
        await pilot.press(*["s"] * 3)  # date → trainee → scenario → score
        await pilot.pause()
        assert screen.sort == "score" and screen.descending
        scores = [float(v.plain.rstrip("*")) for v in table.get_column("score")]
        assert scores == sorted(scores, reverse=True)
        first_page = set(table.rows)
        await pilot.press("n")
        await pilot.pause()
        assert screen.page == 1 and not first_page & set(table.rows)
        assert max(float(v.plain) for v in table.get_column("score")) <= min(scores)

        since = screen.query_one("#f-since", Input)
        since.value = "2025-12-01"
        await pilot.click("#f-since")
        await pilot.press("enter")
        await pilot.pause()
        assert screen.page == 0
        assert all(d >= "2025-12-01" for d in _column(table, "date"))
        since.value = "not a date"
        await pilot.click("#f-since")
        await pilot.press("enter")
        await pilot.pause()
        assert "not a date" in str(screen.query_one("#status", Static).render())

        table.focus()
        name = screen.selected().trainee
        await pilot.press("t")
        await pilot.pause()
        view = app.screen
        assert isinstance(view, TraineeScreen) and view.trainee == name
        assert len(view.query_one(Sparkline).data) > 0
        rows = view.query_one("#criteria", DataTable)
        assert rows.row_count == 5
        mine = queries.criterion_averages(
            index.db, queries.CallFilter(trainee=name, since="2025-12-01")
        )
        assert str(rows.get_row("Empathy")[1]) == f"{mine['empathy']:.2f}"


async def test_an_ungraded_call_is_graded_when_opened(tmp_path: Path) -> None:
    session = CallSession(make_cast(), ScriptedBackend(), transcripts=tmp_path, trainee="Sam")
    await session.start()
    async for _ in session.reply_to("I'm so sorry, that sounds exhausting. I'll reset the line."):
        pass
    session.end_call()
    with ReviewIndex(tmp_path) as index:
        index.refresh()  # indexed without a grader: no debrief yet
        assert queries.list_calls(index.db)[0].overall is None
        grade = AutoGrader(lambda scenario_id: make_cast())
        app = ReviewApp(ReviewContext(index=index, reviewer="Lead Lee", grade=grade))
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            assert str(_table(app).get_row_at(0)[4]) == "ungraded"
            await pilot.press("enter")
            await pilot.pause()
            await app.workers.wait_for_complete()
            await pilot.pause()
            detail = app.screen
            assert isinstance(detail, CallDetailScreen)
            verdict = str(detail.query_one("#verdict", Static).render())
            assert "Graded now by the heuristic grader" in verdict
            assert detail.query_one("#criteria", DataTable).row_count == 2
            assert debrief_path(session.path).exists()
            await pilot.press("escape")
            await pilot.pause()
            assert str(_table(app).get_row_at(0)[4]) in ("pass", "fail")


def test_override_scores_are_one_to_five_or_not_applicable() -> None:
    from roleplay.tui.review.override import parse_score

    assert [parse_score(t) for t in ("1", " 5 ", "n/a", "NA")] == [1, 5, None, None]
    for bad in ("0", "6", "4.5", "", "great"):
        with pytest.raises(ValueError, match="from 1 to 5"):
            parse_score(bad)


async def test_rescan_picks_up_a_call_finished_while_reviewing(index: ReviewIndex) -> None:
    app = ReviewApp(ReviewContext(index=index, reviewer="Lead Lee"))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = app.screen
        assert screen.total == 260
        write_synthetic_calls(index.root, 2, seed=32, first=260)
        await pilot.press("ctrl+r")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert screen.total == 262 and _table(app).row_count == PAGE


async def test_an_opened_call_is_graded_off_the_ui_thread(tmp_path: Path) -> None:
    """The detail screen shows the call at once and says it is grading; the grade follows."""
    session = CallSession(make_cast(), ScriptedBackend(), transcripts=tmp_path, trainee="Sam")
    await session.start()
    session.end_call()
    grader = AutoGrader(lambda scenario_id: make_cast())
    release = threading.Event()

    def slow_grade(path: Path) -> Path | None:
        release.wait(timeout=5)  # on the UI thread this would freeze the screen for 5 s
        return grader(path)

    with ReviewIndex(tmp_path) as index:
        index.refresh()
        app = ReviewApp(ReviewContext(index=index, reviewer="Lead Lee", grade=slow_grade))
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            await pilot.press("enter")
            await pilot.pause()
            detail = app.screen
            assert isinstance(detail, CallDetailScreen)
            verdict = str(detail.query_one("#verdict", Static).render())
            assert "Grading this call" in verdict
            release.set()
            await app.workers.wait_for_complete()
            await pilot.pause()
            assert "Graded now" in str(detail.query_one("#verdict", Static).render())


async def test_a_failed_rescan_says_so(index: ReviewIndex, monkeypatch: pytest.MonkeyPatch) -> None:
    def locked(self: ReviewIndex, *args: object, **kwargs: object) -> object:
        raise sqlite3.OperationalError("database is locked")

    monkeypatch.setattr(ReviewIndex, "refresh", locked)
    messages: list[Message] = []
    app = ReviewApp(ReviewContext(index=index, reviewer="Lead Lee"))
    async with app.run_test(size=SIZE, message_hook=messages.append) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+r")
        await app.workers.wait_for_complete()
        await pilot.pause()
        failed = [
            m
            for m in messages
            if isinstance(m, Worker.StateChanged) and m.state is WorkerState.ERROR
        ]
        assert [m.worker.name for m in failed] == ["rescan"]
        status = str(app.screen.query_one("#status", Static).render())
        assert "Rescanning" not in status
        assert "Rescan failed (OperationalError: database is locked)" in status


async def test_a_call_that_is_not_graded_says_so_instead_of_0_and_fail(tmp_path: Path) -> None:
    write_synthetic_calls(tmp_path, 3, seed=31)
    (path,) = write_synthetic_calls(tmp_path, 1, seed=32, first=50)
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    path.write_text("".join(lines[:-1]), encoding="utf-8")  # never closed: abandoned
    with ReviewIndex(tmp_path) as index:
        index.refresh()
        failed = queries.count_calls(index.db, queries.CallFilter(passed=False))
        app = ReviewApp(ReviewContext(index=index, reviewer="Lead Lee"))
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            table = _table(app)
            ended = _column(table, "end")
            row = ended.index("abandoned")
            assert _column(table, "pass")[row] == "not graded"
            assert _column(table, "score")[row] == "–"
            table.focus()
            table.move_cursor(row=row)
            await pilot.press("enter")
            await pilot.pause()
            verdict = str(app.screen.query_one("#verdict", Static).render())
            assert "Not graded: the call was never finished" in verdict
            assert "fail" not in verdict and "Score" not in verdict
            await pilot.press("escape")
            await pilot.pause()
            app.screen.query_one("#f-result", Select).value = "failed"
            await pilot.pause()
            assert "abandoned" not in _column(table, "end")
            assert table.row_count == failed

            # The calls left out of every figure can be listed on their own.
            app.screen.query_one("#f-result", Select).value = "not graded"
            await pilot.pause()
            not_graded = queries.count_calls(index.db, queries.CallFilter(not_graded=True))
            assert table.row_count == not_graded > 0
            assert set(_column(table, "pass")) == {"not graded"}
            assert "abandoned" in _column(table, "end")


async def test_at_80_columns_the_score_and_result_are_on_screen(index: ReviewIndex) -> None:
    app = ReviewApp(ReviewContext(index=index, reviewer="Lead Lee"))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        table = _table(app)
        shown = 0
        for column in table.ordered_columns:
            shown += column.get_render_width(table)
            if column.key.value == "pass":
                break
        assert shown <= 80
        status = str(app.screen.query_one("#status", Static).render())
        assert len(status) <= 80 and status.endswith("* a reviewer's score")

        # An opened call: each criterion's score is on screen beside its name.
        table.focus()
        await pilot.press("enter")
        await pilot.pause()
        criteria = app.screen.query_one("#criteria", DataTable)
        shown = 0
        for column in criteria.ordered_columns:
            shown += column.get_render_width(criteria)
            if column.key.value == "score":
                break
        assert shown <= criteria.scrollable_content_region.width


async def test_a_filter_set_back_to_no_choice_shows_every_call_again(index: ReviewIndex) -> None:
    """Picking the blank row of a filter (its title) clears it; it once crashed the app."""
    app = ReviewApp(ReviewContext(index=index, reviewer="Lead Lee"))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = app.screen
        trainee = screen.query_one("#f-trainee", Select)
        result = screen.query_one("#f-result", Select)
        trainee.value = "Ben Carter"
        result.value = "failed"
        await pilot.pause()
        assert "of 260" not in str(screen.query_one("#status", Static).render())
        trainee.clear()
        result.clear()
        await pilot.pause()
        assert app.screen is screen
        assert screen.filter == queries.CallFilter()
        assert "of 260" in str(screen.query_one("#status", Static).render())


async def test_the_trainee_view_names_criteria_as_the_scenarios_played_name_them(
    tmp_path: Path,
) -> None:
    """One criterion id named differently by two scenarios is two rows, each by its own name."""
    write_synthetic_calls(tmp_path, 12, seed=31)
    with ReviewIndex(tmp_path) as index:
        index.refresh()
        trainee, scenario = index.db.execute("SELECT trainee, scenario_id FROM calls").fetchone()
        index.db.execute(
            "UPDATE criteria SET name = 'Condolence and empathy' WHERE criterion_id = 'empathy' "
            "AND call IN (SELECT id FROM calls WHERE scenario_id = ?)",
            (scenario,),
        )
        app = ReviewApp(ReviewContext(index=index, reviewer="Lead Lee"))
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            app.screen.query_one("#f-trainee", Select).value = trainee
            await pilot.pause()
            _table(app).focus()
            await pilot.press("t")
            await pilot.pause()
            rows = app.screen.query_one("#criteria", DataTable)
            names = [str(rows.get_row_at(i)[0]) for i in range(rows.row_count)]
            played = {
                name
                for (name,) in index.db.execute(
                    "SELECT DISTINCT k.name FROM criteria k JOIN calls c ON k.call = c.id "
                    "WHERE c.trainee = ?",
                    (trainee,),
                )
            }
            assert set(names) == played
            assert len(names) == len(set(names))
