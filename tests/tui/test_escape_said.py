"""Escape has two jobs on the call screen, and the screen says which, where the trainee looks.

Taken by hand: Escape interrupts the customer while they speak and otherwise brings the cursor
back to the reply box, but the help listed "Interrupt" and "Reply box" on the same key without
saying when each applies, and nothing in sight told a trainee in the knowledge-base search how
to get back to their reply.
"""

from __future__ import annotations

from test_call_flow import connected, make_app
from textual.widgets import Input, Label

from roleplay.tui.screens.help import HelpScreen


async def test_the_search_box_says_how_to_get_back_to_the_reply(settings, workspace, clock):
    app = make_app(settings, workspace, clock, scenario_id="test-broadband-down")
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await connected(pilot, app)
        await pilot.press("ctrl+f")
        await pilot.press(*"refund")
        await pilot.pause()
        search = screen.query_one("#kb-search", Input)
        assert app.focused is search
        # On a line of its own under the box, whole: on the box's lower border it was faint
        # and half hidden.
        back = screen.query_one("#kb-back", Label)
        assert str(back.render()) == "esc back to reply"
        assert not search.border_subtitle
        assert back.region.y >= search.region.bottom
        assert back.content_region.width >= len("esc back to reply")
        await pilot.press("escape")
        await pilot.pause()
        assert app.focused is screen.say


async def test_the_help_says_when_escape_interrupts_and_when_it_returns(settings, workspace, clock):
    app = make_app(settings, workspace, clock, scenario_id="test-broadband-down")
    async with app.run_test(size=(120, 36)) as pilot:
        await connected(pilot, app)
        await pilot.press("f1")
        await pilot.pause()
        help_screen = app.screen
        assert isinstance(help_screen, HelpScreen)
        rows = {row.binding_id: row for row in help_screen.rows}
        interrupt, reply = rows["call.interrupt"], rows["call.reply"]
        assert interrupt.keys == reply.keys == "esc"
        assert interrupt.tooltip.startswith("While the customer speaks")
        assert "reply box" in interrupt.tooltip
        assert reply.tooltip.startswith("While the customer is not speaking")
