"""The team server grades a stale debrief again before showing it, as the review app and the
CLI do, and keeps the reviewers' overrides."""

from __future__ import annotations

import asyncio
import time
from pathlib import Path

from team import NAMES

from roleplay.debrief.files import debrief_path, load_debrief, save_debrief
from roleplay.grading.auto import AutoGrader
from roleplay.llm.scripted_backend import ScriptedBackend
from roleplay.serve.calls import debrief_html
from roleplay.serve.roles import Role
from roleplay.serve.sessions import SignedIn
from roleplay.sim.session import CallSession
from roleplay.store.index import ReviewIndex
from roleplay.workspace import open_workspace


async def _call(team: Path) -> Path:
    library = open_workspace(team).playable_library()[0]
    cast = library.cast("credit-card-dispute")
    session = CallSession(
        cast, ScriptedBackend(), transcripts=team / "transcripts", trainee=NAMES["ana"]
    )
    await session.start()
    async for _ in session.reply_to("I'm sorry, that sounds worrying. I'll raise a dispute now."):
        pass
    session.end_call()
    assert AutoGrader(library.cast)(session.path) is not None
    return session.path


def test_a_stale_debrief_is_graded_again_before_the_server_shows_it(team: Path) -> None:
    path = asyncio.run(_call(team))
    where = debrief_path(path)
    saved = load_debrief(where)
    first = saved.criteria[0].id
    saved.add_override(first, 1, by="Lee Park", note="too kind")
    saved.graded_with = {**saved.graded_with, "detector": "an older detector"}
    save_debrief(saved, where)
    with ReviewIndex(team / "transcripts") as index:
        index.refresh()
        (row,) = [r for r in index.db.execute("SELECT id, path FROM calls") if path.name in r[1]]

    now = time.time()
    lead = SignedIn("t", "lee", NAMES["lee"], Role("team-lead"), now, now)
    page = debrief_html(team, row[0], lead, everyone=True)

    regraded = load_debrief(where)
    assert regraded.graded_with["detector"] != "an older detector"
    override = regraded.override_for(first)
    assert override is not None and (override.score, override.by) == (1, "Lee Park")
    assert "Graded again automatically: the behaviour detector changed" in page
