"""The call screen draws the embedded model's loading cue before the load holds Python's lock.

The fake engine notes the screen as last drawn when the load starts: what the trainee looks at,
unchanged, until the model is in memory.
"""

from __future__ import annotations

import html
import re

from support.fake_engine import install
from tui_helpers import wait_for

from roleplay.config import LocalSettings
from roleplay.llm.local_backend import LOADING_CUE, LocalBackend
from roleplay.tui.app import build_app


def screen_text(app) -> str:  # type: ignore[no-untyped-def]
    """The app's screen as plain text, from its drawn frame."""
    svg = app.export_screenshot()
    text = html.unescape(re.sub(r"<[^>]+>", "", svg)).replace("\xa0", " ")
    return " ".join(text.split())


async def test_the_loading_cue_is_on_screen_before_the_model_loads(
    settings, workspace, clock, tmp_path, monkeypatch
):
    app = None
    runtime, model = install(monkeypatch, tmp_path, lambda: screen_text(app))

    def factory(progress):  # type: ignore[no-untyped-def]
        return LocalBackend(LocalSettings(model_path=model), progress=progress)

    app = build_app(
        settings=settings(),
        workspace=workspace,
        clock=clock,
        scenario_id="test-broadband-down",
        backend_factory=factory,
        remember=False,
    )
    async with app.run_test(size=(120, 36)) as pilot:
        screen = app.screen
        await wait_for(pilot, lambda: screen.session is not None, "the call to connect")
    assert len(runtime.seen_at_load) == 1
    assert LOADING_CUE.split(":")[0] in runtime.seen_at_load[0]
