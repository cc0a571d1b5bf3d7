"""The trainee's path through the app, tried as a new hire would: focus, the debrief, holds,
lines that fail a check, and failures that are not the backend's."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path
from typing import Literal

import yaml
from test_call_flow import connected, make_app, say
from textual.widgets import Input
from tui_helpers import SCENARIO_ID, AuthoredBackend, FrozenClock, reply_done, wait_for

from roleplay.errors import UserError
from roleplay.llm.base import Prompt
from roleplay.tui.app import build_app
from roleplay.tui.phase import Phase
from roleplay.tui.screens.call import CallScreen
from roleplay.tui.screens.debrief import DebriefScreen
from roleplay.tui.screens.help import HelpScreen
from roleplay.tui.screens.home import HomeScreen
from roleplay.tui.screens.summary import SummaryScreen
from roleplay.tui.widgets.conversation import CustomerLine
from roleplay.tui.widgets.mood import MoodMeter
from roleplay.tui.widgets.scenario_list import ScenarioList


class BrokenMidLine(AuthoredBackend):
    """Says one word, then fails with an error that is not a backend error (a bug, say)."""

    def __init__(self) -> None:
        super().__init__()
        self.broken = True

    async def stream(self, prompt: Prompt) -> AsyncIterator[str]:
        if not self.broken:
            async for piece in super().stream(prompt):
                yield piece
            return
        self.broken = False
        yield "Well "
        raise KeyError("surprise")


class SmallWriter:
    """A base model writing its own lines: the first one fails a check, the second passes."""

    name = "small"
    model = "base"
    mode: Literal["completion"] = "completion"
    can_judge = False
    can_choose = False

    def __init__(self) -> None:
        self.lines = ["Agent: How can I help you today?", "Fine. Just get it working, please."]

    async def stream(self, prompt: Prompt) -> AsyncIterator[str]:
        line = self.lines.pop(0) if len(self.lines) > 1 else self.lines[0]
        for word in line.split(" "):
            yield word + " "

    async def aclose(self) -> None:
        return None


async def test_a_failure_that_is_not_the_backend_s_leaves_no_line_speaking(
    settings, workspace, clock
):
    backend = BrokenMidLine()
    app = make_app(settings, workspace, clock, backend=backend, scenario_id=SCENARIO_ID)
    async with app.run_test(size=(100, 32)) as pilot:
        screen = await connected(pilot, app)
        await pilot.press(*"Hello, I'm Sam.", "enter")
        await wait_for(pilot, lambda: screen.phase == Phase.REPLY_OWED, "the failure")
        await pilot.pause()
        assert not any(line.streaming for line in screen.query(CustomerLine))
        notes = [text for kind, text in screen.conversation.lines() if kind == "error"]
        assert notes and "KeyError" in notes[-1] and "Your line is saved" in notes[-1]
        await pilot.press("ctrl+r")
        await wait_for(
            pilot, lambda: reply_done(screen) and screen.phase == Phase.LISTENING, "retry"
        )
        assert screen.conversation.lines()[-1][0] == "customer"


async def test_when_the_call_cannot_start_back_to_home_goes_home(settings, workspace, clock):
    def failing(progress):
        raise UserError("the model file is missing", hint="run `roleplay doctor`")

    app = build_app(
        settings=settings(backend="scripted"),
        workspace=workspace,
        clock=clock,
        backend_factory=failing,
        scenario_id=SCENARIO_ID,
    )
    async with app.run_test(size=(100, 32)) as pilot:
        screen = app.screen
        assert isinstance(screen, CallScreen)
        await wait_for(pilot, lambda: screen.phase == Phase.CONNECT_FAILED, "the failure")
        assert screen.query_one("#back-home").display
        await pilot.click("#back-home")
        await wait_for(pilot, lambda: isinstance(app.screen, HomeScreen), "the home screen")


async def test_escape_always_returns_to_the_reply_box(settings, workspace, clock):
    app = make_app(settings, workspace, clock, scenario_id=SCENARIO_ID)
    async with app.run_test(size=(100, 32)) as pilot:
        screen = await connected(pilot, app)
        await pilot.press("ctrl+f")
        await pilot.pause()
        assert app.focused is not None and app.focused.id == "kb-search"
        await pilot.press(*"credit", "escape")
        await pilot.pause()
        assert app.focused is screen.say
        await pilot.press(*"Hello", "enter")
        await wait_for(pilot, lambda: reply_done(screen), "the reply")
        assert screen.query_one("#kb-search", Input).value == "credit"
        assert ("trainee", "Hello") in screen.conversation.lines()


async def test_new_call_starts_on_the_scenario_list_with_the_same_name(
    settings, workspace, clock, env: Path
):
    # A second scenario, so that where the highlight lands tells.
    folder = env / "ws" / "scenarios"
    second = yaml.safe_load((folder / f"{SCENARIO_ID}.yaml").read_text())
    second.update(id="aaa-first-in-list", title="AAA first in the list")
    (folder / "aaa-first-in-list.yaml").write_text(yaml.safe_dump(second), encoding="utf-8")
    from roleplay.workspace import find_workspace

    app = make_app(settings, find_workspace(), clock, remember=False)
    async with app.run_test(size=(100, 32)) as pilot:
        home = app.screen
        assert isinstance(home, HomeScreen)
        await pilot.press(*"Ana")
        home.query_one(ScenarioList).highlighted = list(home.scenarios).index(SCENARIO_ID)
        await pilot.press("ctrl+s")
        screen = await connected(pilot, app)
        await say(pilot, screen, "Hello, I'm Ana.")
        await pilot.press("ctrl+g", "y")
        await wait_for(pilot, lambda: isinstance(app.screen, SummaryScreen), "the summary")
        await pilot.press("n")
        await wait_for(pilot, lambda: isinstance(app.screen, HomeScreen), "home again")
        home = app.screen
        await pilot.pause()
        listed = home.query_one(ScenarioList)
        assert app.focused is listed
        assert listed.selected_id == SCENARIO_ID
        assert home.query_one("#trainee", Input).value == "Ana"
        difficulty = home.chosen_difficulty
        await pilot.press("up")
        assert home.chosen_difficulty == difficulty  # arrows move the list, not the difficulty
        assert listed.selected_id == "aaa-first-in-list"


async def test_the_debrief_has_its_own_screen_that_scrolls_and_its_own_help(
    settings, workspace, clock
):
    app = make_app(settings, workspace, clock, scenario_id=SCENARIO_ID)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await connected(pilot, app)
        await say(pilot, screen, "Hello Dana, I'm so sorry, that sounds really frustrating.")
        await say(pilot, screen, "Can you tell me what the lights on the router are doing?")
        await pilot.press("ctrl+g", "y")
        await wait_for(pilot, lambda: isinstance(app.screen, SummaryScreen), "the summary")
        summary = app.screen
        await wait_for(pilot, lambda: summary.debrief is not None, "the grading")
        assert app.focused is summary.query_one("#summary-body")
        await pilot.press("d")
        await wait_for(pilot, lambda: isinstance(app.screen, DebriefScreen), "the debrief")
        debrief = app.screen
        body = debrief.query_one("#debrief-body")
        await wait_for(pilot, lambda: body.max_scroll_y > 0, "a debrief taller than the screen")
        await pilot.press("down")
        await pilot.pause()
        assert body.scroll_y == 1
        await pilot.press("pagedown")
        await pilot.pause()
        assert body.scroll_y > 5
        await pilot.press("f1")
        await wait_for(pilot, lambda: isinstance(app.screen, HelpScreen), "the help")
        assert "The debrief grades the call" in app.screen.intro
        keys = app.screen.keys_shown()
        assert "debrief.back" in keys and "debrief.page_down" in keys
        assert not any(binding_id.startswith("call.") for binding_id in keys)
        await pilot.press("escape")
        await pilot.press("escape")
        await wait_for(pilot, lambda: app.screen is summary, "back to the summary")


async def test_a_hold_shows_the_wait_growing_and_the_mood_as_it_lands(
    settings, workspace, clock: FrozenClock
):
    app = make_app(settings, workspace, clock, scenario_id=SCENARIO_ID)
    async with app.run_test(size=(100, 32)) as pilot:
        screen = await connected(pilot, app)
        await say(pilot, screen, "Hello Dana, I'm so sorry, that sounds really frustrating.")
        session = screen.session
        before = session.state.mood
        await pilot.press("ctrl+o")  # not asked first: a silent hold
        await pilot.pause()
        meter = screen.query_one(MoodMeter)
        hold = screen.query_one("#call-hold")
        readings = []
        for _ in range(3):
            clock.advance(50)
            screen._tick()
            await pilot.pause()
            readings.append((str(hold.render()), meter.mood))
        assert [text for text, _ in readings] == ["ON HOLD 00:50", "ON HOLD 01:40", "ON HOLD 02:30"]
        assert readings[0][1] > before  # the unasked-for hold shows at once
        assert readings[-1][1] > readings[0][1]  # and the long wait as it becomes long
        await pilot.press("ctrl+o")
        await pilot.pause()
        assert session.state.mood == readings[-1][1]  # no jump on resume
        assert screen.phase == Phase.LISTENING


async def test_a_small_model_s_line_is_held_back_until_it_passes(settings, workspace, clock):
    backend = SmallWriter()
    app = make_app(settings, workspace, clock, backend=backend, scenario_id=SCENARIO_ID)
    drawn: list[str] = []
    original = CustomerLine.write

    async def spy(self: CustomerLine, fragment: str) -> None:
        drawn.append(fragment)
        await original(self, fragment)

    CustomerLine.write = spy  # type: ignore[method-assign]
    try:
        async with app.run_test(size=(100, 32)) as pilot:
            screen = await connected(pilot, app)
            assert screen.session.holds_lines_back
            await say(pilot, screen, "Hello, I'm Sam.")
            said = screen.conversation.lines()[-1]
    finally:
        CustomerLine.write = original  # type: ignore[method-assign]
    assert said == ("customer", "Fine. Just get it working, please.")
    assert "How can I help" not in "".join(drawn)


async def test_once_the_call_has_ended_its_key_reads_summary(settings, workspace, clock):
    """Seen by hand: after the customer hung up the footer still offered '^g End call'."""
    from roleplay.transcript import EndReason

    app = make_app(settings, workspace, clock, scenario_id=SCENARIO_ID)
    async with app.run_test(size=(100, 32)) as pilot:
        screen = await connected(pilot, app)

        def footer() -> dict[str, str]:
            return {k: b.binding.description for k, b in screen.active_bindings.items()}

        assert footer()["ctrl+g"] == "End call"
        screen.end_call(EndReason.HUNG_UP)
        await pilot.pause()
        assert footer()["ctrl+g"] == "Summary"
        await pilot.press("ctrl+g")
        await wait_for(pilot, lambda: isinstance(app.screen, SummaryScreen), "the summary")


async def test_while_on_hold_the_footer_offers_resume_on_the_same_key(settings, workspace, clock):
    """Seen by hand: on hold the footer still read '^o Hold'; the button already read Resume."""
    from textual.widgets._footer import FooterKey

    app = make_app(settings, workspace, clock, scenario_id=SCENARIO_ID)
    async with app.run_test(size=(100, 32)) as pilot:
        screen = await connected(pilot, app)

        def footer() -> dict[str, str]:
            return {key.key_display: key.description for key in screen.query(FooterKey)}

        await wait_for(pilot, lambda: "^o" in footer(), "the footer to follow the phase")

        assert footer()["^o"] == "Hold"
        await pilot.press("ctrl+o")
        await pilot.pause()
        assert screen.phase == Phase.ON_HOLD
        await pilot.pause()
        assert footer()["^o"] == "Resume" and "Hold" not in footer().values()
        assert str(screen.query_one("#hold-button").label) == "Resume"
        await pilot.press("ctrl+o")
        await pilot.pause()
        assert screen.phase == Phase.LISTENING
        await pilot.pause()
        assert footer()["^o"] == "Hold"


async def test_a_remapped_hold_key_also_resumes(settings, workspace, clock):
    """Hold and Resume are one key: remapping it moves both, and the help lists it once."""
    chosen = AuthoredBackend()
    app = build_app(
        settings=settings(backend="scripted", keys={"call.hold": "f6"}),
        workspace=workspace,
        clock=clock,
        backend_factory=lambda progress: chosen,
        scenario_id=SCENARIO_ID,
    )
    async with app.run_test(size=(100, 32)) as pilot:
        screen = await connected(pilot, app)
        await pilot.press("f6")
        await pilot.pause()
        assert screen.phase == Phase.ON_HOLD
        await pilot.press("f1")
        await pilot.pause()
        help_screen = app.screen
        assert isinstance(help_screen, HelpScreen)
        assert [row.binding_id for row in help_screen.rows].count("call.hold") == 1
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("f6")
        await pilot.pause()
        assert screen.phase == Phase.LISTENING
        await pilot.press("ctrl+o")
        await pilot.pause()
        assert screen.phase == Phase.LISTENING, "the old key no longer holds"


async def test_a_remapped_end_key_also_opens_the_summary_once_the_call_has_ended(
    settings, workspace, clock
):
    """End call and Summary are one key: remapping it must not leave the summary keyless."""
    from roleplay.transcript import EndReason
    from roleplay.tui.call_words import why_not_now

    chosen = AuthoredBackend()
    app = build_app(
        settings=settings(backend="scripted", keys={"call.end": "f4"}),
        workspace=workspace,
        clock=clock,
        backend_factory=lambda progress: chosen,
        scenario_id=SCENARIO_ID,
    )
    async with app.run_test(size=(100, 32)) as pilot:
        screen = await connected(pilot, app)
        screen.end_call(EndReason.HUNG_UP)
        await pilot.pause()
        assert "press f4 for the summary" in why_not_now(screen.phase, screen._key)
        await pilot.press("f4")
        await wait_for(pilot, lambda: isinstance(app.screen, SummaryScreen), "the summary")
