"""A customer line the backend stopped part-way stays on screen, with a note saying why."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Literal

from tui_helpers import AuthoredBackend, wait_for

from roleplay.llm.base import Prompt, ReplyCutShort
from roleplay.transcript import read_transcript
from roleplay.tui.app import build_app
from roleplay.tui.screens.call import CallScreen

WHY = "the reply from http://slow.test/v1 was still coming after 60 s, so it was cut short there"
PARTIAL = "Fine, but please hurry up"


class CutShortBackend(AuthoredBackend):
    """A writing model whose replies are stopped by the client after a few words."""

    mode: Literal["chat"] = "chat"  # type: ignore[assignment]

    async def stream(self, prompt: Prompt) -> AsyncIterator[str]:
        self.requests += 1
        for word in PARTIAL.split(" "):
            yield word + " "
        raise ReplyCutShort(WHY, "raise openai.reply_deadline_s")


async def test_a_cut_short_reply_stays_and_is_explained(settings, workspace, clock):
    app = build_app(
        settings=settings(backend="scripted"),
        workspace=workspace,
        clock=clock,
        backend_factory=lambda progress: CutShortBackend(),
        scenario_id="test-broadband-down",
    )
    async with app.run_test(size=(100, 32)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, CallScreen), "the call screen")
        screen = app.screen
        assert isinstance(screen, CallScreen)
        await wait_for(pilot, lambda: screen.session is not None, "the call to connect")
        screen.say.focus()
        await pilot.press(*"Hello, I'm sorry to hear that.")
        await pilot.press("enter")
        await wait_for(
            pilot,
            lambda: any(k == "error" for k, _ in screen.conversation.lines()),
            "the note on why the line stopped",
        )
        shown = screen.conversation.lines()
        assert ("customer", PARTIAL) in shown
        note = next(text for kind, text in shown if kind == "error")
        assert note.startswith(WHY)
        assert not screen.session.awaiting_reply
    saved = read_transcript(screen.session.path)
    assert saved.turns[-1].text == PARTIAL
