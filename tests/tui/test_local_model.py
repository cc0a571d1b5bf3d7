"""The app on the embedded model: loading progress is shown, then a real reply streams in.

Needs llama-cpp-python and the bundled model (both installed by `make setup`); one short turn.
"""

from __future__ import annotations

import pytest
from textual.message import Message
from tui_helpers import reply_done, wait_for

from roleplay.transcript import read_transcript
from roleplay.tui.app import build_app
from roleplay.tui.messages import BackendProgress
from roleplay.tui.screens.call import CallScreen

pytest.importorskip("xllamacpp")


async def test_embedded_model_shows_progress_then_answers(settings, workspace, clock):
    messages: list[Message] = []
    app = build_app(
        settings=settings(backend="local", local={"n_ctx": 1024, "seed": 7}),
        workspace=workspace,
        clock=clock,
        scenario_id="test-broadband-down",
        remember=False,
    )
    async with app.run_test(size=(100, 32), message_hook=messages.append) as pilot:
        screen = app.screen
        assert isinstance(screen, CallScreen)
        await wait_for(pilot, lambda: screen.session is not None, "the model to load", 6000)
        progress = [m.text for m in messages if isinstance(m, BackendProgress)]
        assert any("Loading the embedded model" in text for text in progress)
        assert not screen.query_one("#loading").display
        await pilot.press(*"I'm so sorry, Dana. What is the router showing?")
        await pilot.press("enter")
        await wait_for(
            pilot,
            lambda: (
                reply_done(screen)
                and [k for k, _ in screen.conversation.lines()].count("customer") == 2
            ),
            "the model's reply",
            6000,
        )
        shown = [t for k, t in screen.conversation.lines() if k == "customer"][-1]
        await pilot.press("ctrl+q", "y")
    transcript = read_transcript(screen.session.path)
    reply = transcript.turns[-1]
    assert reply.speaker == "customer" and reply.text == shown and reply.text.strip()
    assert reply.source in ("model", "retry", "fallback")
