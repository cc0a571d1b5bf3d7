"""How the customer's reply streams onto the call screen: "…" before the first word, then the
words in batches (one append per frame, not one per token), ending on exactly what was saved."""

from __future__ import annotations

import asyncio
import gc
from collections.abc import AsyncIterator

import pytest
from textual.widgets import Markdown
from tui_helpers import AuthoredBackend, reply_done, wait_for

from roleplay.llm.base import Prompt
from roleplay.transcript import read_transcript
from roleplay.tui import quiet_gc
from roleplay.tui.app import build_app
from roleplay.tui.screens.call import CallScreen
from roleplay.tui.widgets.conversation import (
    MAX_BATCH_CHARS,
    WAITING,
    CustomerLine,
)

SCENARIO = "test-broadband-down"


class SlowToStart(AuthoredBackend):
    """The authored line, but nothing comes until the test lets the first word through."""

    def __init__(self) -> None:
        super().__init__()
        self.first_word = asyncio.Event()

    async def stream(self, prompt: Prompt) -> AsyncIterator[str]:
        await self.first_word.wait()
        async for piece in super().stream(prompt):
            yield piece


class Flood(AuthoredBackend):
    """Many word-sized tokens with a leading space, as fast as they can be taken."""

    def __init__(self, tokens: int) -> None:
        super().__init__()
        self.tokens = [f" word{i}" for i in range(tokens)]

    async def stream(self, prompt: Prompt) -> AsyncIterator[str]:
        for token in self.tokens:
            yield token


def make_app(settings, workspace, clock, backend):
    return build_app(
        settings=settings(backend="scripted"),
        workspace=workspace,
        clock=clock,
        backend_factory=lambda progress: backend,
        scenario_id=SCENARIO,
    )


async def connected(pilot, app) -> CallScreen:
    await wait_for(pilot, lambda: isinstance(app.screen, CallScreen), "the call screen")
    screen = app.screen
    assert isinstance(screen, CallScreen)
    await wait_for(pilot, lambda: bool(screen.conversation.lines()), "the opening line")
    return screen


def replying(screen: CallScreen) -> CustomerLine | None:
    return next((line for line in screen.query(CustomerLine) if line.streaming), None)


async def test_the_reply_shows_a_quiet_ellipsis_until_the_first_word(settings, workspace, clock):
    backend = SlowToStart()
    app = make_app(settings, workspace, clock, backend)
    async with app.run_test(size=(100, 32)) as pilot:
        screen = await connected(pilot, app)
        await pilot.press(*"Hello Dana")
        await pilot.press("enter")
        await wait_for(pilot, lambda: replying(screen) is not None, "the reply bubble")
        await pilot.pause()
        line = replying(screen)
        assert line is not None
        mark = line.query_one(".waiting")
        assert line.waiting and line.text == ""
        assert mark.region.height == 1, "the … is on screen, not only in the DOM"
        assert str(mark.render()) == WAITING
        backend.first_word.set()
        await wait_for(pilot, lambda: reply_done(screen), "the reply")
        assert not line.waiting
        assert mark.region.height == 0, "the … is gone once the words arrive"
        assert line.text and WAITING not in line.text


async def test_a_fast_reply_is_drawn_in_batches_and_ends_on_the_saved_line(
    settings, workspace, clock
):
    backend = Flood(600)
    app = make_app(settings, workspace, clock, backend)
    appends: list[str] = []
    updates: list[str] = []
    async with app.run_test(size=(100, 32)) as pilot:
        screen = await connected(pilot, app)
        original_start = screen.conversation.start_customer

        async def start_customer() -> CustomerLine:
            line = await original_start()
            body = line.query_one(Markdown)
            append, update = body.append, body.update

            def counted_append(markdown: str):
                appends.append(markdown)
                return append(markdown)

            def counted_update(markdown: str):
                updates.append(markdown)
                return update(markdown)

            body.append = counted_append  # type: ignore[method-assign]
            body.update = counted_update  # type: ignore[method-assign]
            return line

        screen.conversation.start_customer = start_customer  # type: ignore[method-assign]
        await pilot.press(*"Hello Dana")
        await pilot.press("enter")
        await wait_for(pilot, lambda: bool(appends) and reply_done(screen), "the reply", 2000)
        shown = [t for k, t in screen.conversation.lines() if k == "customer"][-1]
    # Tokens are gathered and appended in batches, not one append per token (how far apart the
    # batches land is the frame clock's business and is measured by bench/stream_render.py).
    assert len(appends) < len(backend.tokens) / 10
    # However fast it came, no frame appends more than a batch (whole tokens): a long frame is
    # a visible stall.
    longest = max(len(t) for t in backend.tokens)
    assert max(len(a) for a in appends) < MAX_BATCH_CHARS + longest, [len(a) for a in appends]
    assert "".join(appends) == "".join(backend.tokens).lstrip()
    # The drawn line already was the saved one: it is not parsed again at the end.
    assert updates == []
    saved = read_transcript(screen.session.path).turns[-1]
    assert saved.speaker == "customer" and shown == saved.text


async def test_what_the_call_loaded_is_left_out_of_full_collections_until_it_ends(
    settings, workspace, clock
):
    app = make_app(settings, workspace, clock, AuthoredBackend())
    async with app.run_test(size=(100, 32)) as pilot:
        await connected(pilot, app)
        assert gc.get_freeze_count() > 0, "frozen once the call has connected"
    assert gc.get_freeze_count() == 0, "collectable again once the call screen is gone"


class Gated(AuthoredBackend):
    """A long reply that pauses halfway until the test lets the rest through."""

    def __init__(self, tokens: int) -> None:
        super().__init__()
        self.tokens = [f" word{i}" for i in range(tokens)]
        self.rest = asyncio.Event()

    async def stream(self, prompt: Prompt) -> AsyncIterator[str]:
        for i, token in enumerate(self.tokens):
            if i == len(self.tokens) // 2:
                await self.rest.wait()
            yield token


@pytest.mark.parametrize("scroll_up", [False, True], ids=["left", "scrolled-up"])
async def test_the_newest_words_stay_in_view_unless_the_trainee_scrolled_up(
    settings, workspace, clock, scroll_up: bool
):
    backend = Gated(800)
    app = make_app(settings, workspace, clock, backend)
    async with app.run_test(size=(100, 32)) as pilot:
        screen = await connected(pilot, app)
        conversation = screen.conversation
        await pilot.press(*"Hello Dana")
        await pilot.press("enter")
        await wait_for(
            pilot,
            lambda: "word399" in getattr(replying(screen), "text", ""),
            "the first half of the reply",
        )
        await pilot.pause()
        assert conversation.max_scroll_y > 0
        assert conversation.scroll_y == conversation.max_scroll_y, "anchored to the bottom"
        if scroll_up:
            conversation.focus()
            await pilot.press("pageup")
            # Page Up animates; on a loaded machine a bare pause read the view mid-glide.
            await pilot.wait_for_scheduled_animations()
            await pilot.pause()
        where = conversation.scroll_y
        backend.rest.set()
        await wait_for(pilot, lambda: reply_done(screen), "the rest of the reply")
        await pilot.pause()
        if scroll_up:
            assert where < conversation.max_scroll_y
            assert conversation.scroll_y == where, "the view stays where the trainee put it"
        else:
            assert conversation.scroll_y == conversation.max_scroll_y > where


async def test_full_garbage_sweeps_wait_while_a_line_streams_and_run_once_it_is_done(
    settings, workspace, clock
):
    # A full sweep of everything the app holds was the longest pause inside a streaming line.
    backend = Gated(200)
    app = make_app(settings, workspace, clock, backend)
    before = gc.get_threshold()
    async with app.run_test(size=(100, 32)) as pilot:
        screen = await connected(pilot, app)
        await pilot.press(*"Hello Dana")
        await pilot.press("enter")
        await wait_for(
            pilot, lambda: "word99" in getattr(replying(screen), "text", ""), "half the reply"
        )
        line = replying(screen)
        assert line is not None
        assert quiet_gc.streaming_lines() == 1
        assert gc.get_threshold()[:2] == before[:2] and gc.get_threshold()[2] > 10**6
        # Only the speaker's name is styled as streaming: finishing restyles it alone.
        assert line.query_one(".speaker").has_class("-streaming") and not line.has_class(
            "-streaming"
        )
        backend.rest.set()
        await wait_for(pilot, lambda: reply_done(screen), "the rest of the reply")
        assert quiet_gc.streaming_lines() == 0
        assert not line.query_one(".speaker").has_class("-streaming")
        # The sweeps put off would all fall due in the line's last frame: they wait for the one
        # sweep that runs while the trainee reads.
        assert gc.get_threshold()[2] > 10**6
        frozen = gc.get_freeze_count()
        await pilot.pause(quiet_gc.PAUSE_AFTER_LINE_S + 0.3)
        assert gc.get_freeze_count() > frozen, "swept and frozen while the trainee reads"
        assert gc.get_threshold() == before
