"""Keys typed in the call screen's reply box hold the model's read-ahead back.

On a 2-core machine the embedded model reading ahead took the processor the screen needed to
echo the trainee's keys; the session reads ahead only in their pauses, so it must hear of them.
"""

from __future__ import annotations

import pytest
from tui_helpers import SCENARIO_ID, AuthoredBackend, wait_for

from roleplay.tui.app import build_app
from roleplay.tui.screens.call import CallScreen


async def test_keys_in_the_reply_box_tell_the_session_the_trainee_is_typing(
    settings, workspace, clock, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("roleplay.sim.keystrokes.QUIET_S", 3600.0)  # a pause never comes
    app = build_app(
        settings=settings(backend="scripted"),
        workspace=workspace,
        clock=clock,
        backend_factory=lambda progress: AuthoredBackend(),
        scenario_id=SCENARIO_ID,
    )
    async with app.run_test(size=(100, 32)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, CallScreen), "the call screen")
        screen = app.screen
        assert isinstance(screen, CallScreen)
        await wait_for(pilot, lambda: screen.session is not None, "the call to connect")
        session = screen.session
        assert not session.keystrokes.typing
        screen.say.focus()
        await pilot.press(*"Hel")
        assert session.keystrokes.typing
