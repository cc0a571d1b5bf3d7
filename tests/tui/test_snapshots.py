"""Snapshots of the five screens a trainee sees, at 100x32, with the clock and dates frozen.

Update with `pytest tests/tui/test_snapshots.py --snapshot-update` and look at the result.
"""

from __future__ import annotations

from datetime import UTC, datetime, tzinfo
from pathlib import Path

import pytest
from textual.widgets import Input
from tui_helpers import AuthoredBackend, FrozenClock, reply_done, wait_for

from roleplay.tui.app import RoleplayApp, build_app
from roleplay.tui.screens.call import CallScreen
from roleplay.tui.screens.debrief import DebriefScreen
from roleplay.tui.screens.summary import SummaryScreen

SIZE = (100, 32)


class FixedDatetime(datetime):
    """`datetime.now()` always answers the same moment, so file names and stamps repeat."""

    @classmethod
    def now(cls, tz: tzinfo | None = None) -> FixedDatetime:  # type: ignore[override]
        return cls(2026, 1, 5, 9, 30, 0, tzinfo=tz or UTC)


@pytest.fixture
def frozen(env: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Fixed dates in transcripts and a relative transcripts folder, so paths shown repeat."""
    monkeypatch.setattr("roleplay.transcript.records.datetime", FixedDatetime)
    monkeypatch.setattr("roleplay.transcript.file.datetime", FixedDatetime)
    monkeypatch.chdir(env)
    monkeypatch.setenv("ROLEPLAY_TRANSCRIPTS", "calls")


def make_app(settings, workspace, **kwargs) -> RoleplayApp:
    backend = AuthoredBackend()
    return build_app(
        settings=settings(backend="scripted", trainee="Sam"),
        workspace=workspace,
        clock=FrozenClock(),
        backend_factory=lambda progress: backend,
        remember=False,
        **kwargs,
    )


async def _in_call(pilot) -> CallScreen:
    app = pilot.app
    await wait_for(pilot, lambda: isinstance(app.screen, CallScreen), "the call screen")
    screen = app.screen
    await wait_for(pilot, lambda: bool(screen.conversation.lines()), "the opening line")
    return screen


async def _say(pilot, screen: CallScreen, text: str) -> None:
    count = len(screen.conversation.lines())
    await pilot.press(*text)
    await pilot.press("enter")
    await wait_for(
        pilot,
        lambda: reply_done(screen) and len(screen.conversation.lines()) >= count + 2,
        "the reply",
    )


async def _mid_call(pilot) -> None:
    screen = await _in_call(pilot)
    await _say(pilot, screen, "Hi Dana, I'm sorry, that sounds really frustrating.")
    await pilot.press("ctrl+t")
    await _say(pilot, screen, "What are the lights on the router doing?")
    await pilot.press(*"I can run a remote re")
    await pilot.pause()


async def test_the_cursor_holds_still_for_snapshots(settings, workspace) -> None:
    app = make_app(settings, workspace)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        box = app.screen.query_one("#trainee", Input)
        box.focus()
        shown = set()
        for _ in range(8):  # 1.2 s: a blinking cursor would hide at least twice
            await pilot.pause(0.15)
            shown.add(box._cursor_visible)
        assert shown == {True}


def test_home(snap_compare, frozen, settings, workspace) -> None:
    assert snap_compare(make_app(settings, workspace), terminal_size=SIZE)


def test_call_mid_conversation(snap_compare, frozen, settings, workspace) -> None:
    app = make_app(settings, workspace, scenario_id="test-broadband-down")
    assert snap_compare(app, terminal_size=SIZE, run_before=_mid_call)


def test_help(snap_compare, frozen, settings, workspace) -> None:
    async def run_before(pilot) -> None:
        await _in_call(pilot)
        await pilot.press("f1")

    app = make_app(settings, workspace, scenario_id="test-broadband-down")
    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


DEBRIEF_STAND_IN = """# Debrief: Broadband down for three days

**Overall: 55/100 (fail)**, pass mark 70

| Criterion | Weight | Score |
| --- | --- | --- |
| Empathy | 50 | 3/5 |
| Resolution | 50 | 2/5 |
"""


async def _to_summary(pilot) -> None:
    """A call part-way through, ended, and its summary shown with the debrief graded."""
    await _mid_call(pilot)
    await pilot.press("ctrl+g", "y")
    await wait_for(pilot, lambda: isinstance(pilot.app.screen, SummaryScreen), "summary")
    await wait_for(pilot, lambda: pilot.app.screen.debrief is not None, "the debrief")


def test_summary(snap_compare, frozen, settings, workspace, monkeypatch) -> None:
    """The summary's layout; the debrief text is a stand-in so that changes to the debrief's
    wording (tested with the debrief) do not change this picture. The Pilot test of a full call
    checks that the real debrief is shown."""
    monkeypatch.setattr(
        "roleplay.debrief.render_markdown", lambda debrief, t=None: DEBRIEF_STAND_IN
    )

    async def run_before(pilot) -> None:
        await _to_summary(pilot)
        await pilot.pause()

    app = make_app(settings, workspace, scenario_id="test-broadband-down")
    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


def test_debrief(snap_compare, frozen, settings, workspace, monkeypatch) -> None:
    """The debrief on its own screen (the same stand-in text as the summary's picture)."""
    monkeypatch.setattr(
        "roleplay.debrief.render_markdown", lambda debrief, t=None: DEBRIEF_STAND_IN
    )

    async def run_before(pilot) -> None:
        await _to_summary(pilot)
        await pilot.press("d")
        await wait_for(pilot, lambda: isinstance(pilot.app.screen, DebriefScreen), "debrief")
        await pilot.pause()

    app = make_app(settings, workspace, scenario_id="test-broadband-down")
    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


def test_call_at_80x24(snap_compare, frozen, settings, workspace) -> None:
    """The smallest supported terminal: the panel folds away, the conversation keeps the room."""
    app = make_app(settings, workspace, scenario_id="test-broadband-down")
    assert snap_compare(app, terminal_size=(80, 24), run_before=_mid_call)


def test_call_searching_the_knowledge_base(snap_compare, frozen, settings, workspace) -> None:
    """At 120x36, as a trainee found it: the key back to the reply box, whole, under the box."""

    async def run_before(pilot) -> None:
        await _in_call(pilot)
        await pilot.press("ctrl+f", *"router")
        await pilot.pause()

    app = make_app(settings, workspace, scenario_id="test-broadband-down")
    assert snap_compare(app, terminal_size=(120, 36), run_before=run_before)
