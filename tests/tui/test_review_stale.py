"""The review app grades a call again when its saved debrief is stale, and keeps the overrides."""

from __future__ import annotations

from pathlib import Path

from support.sim_cast import make_cast
from textual.widgets import DataTable, Static

from roleplay.debrief.files import debrief_path, load_debrief, save_debrief
from roleplay.grading.auto import AutoGrader
from roleplay.llm.scripted_backend import ScriptedBackend
from roleplay.sim.session import CallSession
from roleplay.store.index import ReviewIndex
from roleplay.tui.review.app import ReviewApp
from roleplay.tui.review.context import ReviewContext
from roleplay.tui.review.detail import CallDetailScreen

SIZE = (150, 45)


async def test_a_stale_debrief_is_graded_again_when_opened(tmp_path: Path) -> None:
    """Before, the review showed a debrief made with older grading rules as it was."""
    session = CallSession(make_cast(), ScriptedBackend(), transcripts=tmp_path, trainee="Sam")
    await session.start()
    async for _ in session.reply_to("I'm so sorry, that sounds exhausting. I'll reset the line."):
        pass
    session.end_call()
    grade = AutoGrader(lambda scenario_id: make_cast())
    assert grade(session.path) is not None
    where = debrief_path(session.path)
    saved = load_debrief(where)
    first = saved.criteria[0].id
    saved.add_override(first, 1, by="Lead Lee", note="too kind")
    saved.graded_with = {**saved.graded_with, "detector": "an older detector"}
    save_debrief(saved, where)
    with ReviewIndex(tmp_path) as index:
        index.refresh()
        app = ReviewApp(ReviewContext(index=index, reviewer="Lead Lee", grade=grade))
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            await pilot.press("enter")
            await pilot.pause()
            await app.workers.wait_for_complete()
            await pilot.pause()
            detail = app.screen
            assert isinstance(detail, CallDetailScreen)
            verdict = str(detail.query_one("#verdict", Static).render())
            assert "Graded again by the heuristic grader: the behaviour detector changed" in verdict
            assert detail.query_one("#criteria", DataTable).row_count == len(saved.criteria)
    regraded = load_debrief(where)
    assert regraded.graded_with["detector"] != "an older detector"
    override = regraded.override_for(first)
    assert override is not None and (override.score, override.by) == (1, "Lead Lee")
