"""Make `docs/screenshot-call.svg`: a call mid-conversation, taken by the app itself.

Runs the real app headless on the scripted backend with a bundled scenario, plays a few
turns (a hint and a hold included) and saves the screen. Not a test; run it by hand:

    python tests/tui/make_screenshot.py [OUT.svg]
"""

from __future__ import annotations

import asyncio
import os
import sys
import tempfile
from pathlib import Path

from tui_helpers import FrozenClock, reply_done, wait_for

from roleplay.config import load_settings
from roleplay.tui.app import build_app
from roleplay.tui.screens.call import CallScreen
from roleplay.workspace import find_workspace

SCENARIO = "service-down-hold-music"
LINES = [
    "Mr Pryce, I'm so sorry. Forty minutes is far too long, and that's really frustrating.",
    "What's the most important thing you want to watch, so I know how urgent this is?",
    "May I put you on hold for about two minutes while I check the activation log?",
]


async def shoot(out: Path) -> None:
    clock = FrozenClock()
    app = build_app(
        settings=load_settings(backend="scripted"),
        workspace=find_workspace(),
        scenario_id=SCENARIO,
        trainee="Sam",
        backend="scripted",
        clock=clock,
        remember=False,
    )
    async with app.run_test(size=(110, 34)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, CallScreen), "the call screen")
        screen = app.screen
        assert isinstance(screen, CallScreen)
        await wait_for(pilot, lambda: screen.session is not None, "the call to connect")
        for i, line in enumerate(LINES):
            clock.advance(35)
            count = len(screen.conversation.lines())
            await pilot.press(*line)
            await pilot.press("enter")
            await wait_for(
                pilot,
                lambda c=count: reply_done(screen) and len(screen.conversation.lines()) >= c + 2,
                "the reply",
            )
            if i == 0:
                await pilot.press("ctrl+t")
        await pilot.press("ctrl+o")
        clock.advance(48)
        screen._tick()
        await pilot.press(*"Thank you for holding, Mr Pryce. I've found the pro")
        await pilot.pause(0.3)
        app.save_screenshot(out.name, str(out.parent))


if __name__ == "__main__":
    target = Path(sys.argv[1] if len(sys.argv) > 1 else "docs/screenshot-call.svg").resolve()
    with tempfile.TemporaryDirectory() as scratch:
        os.environ["ROLEPLAY_TRANSCRIPTS"] = scratch
        os.environ["ROLEPLAY_CONFIG"] = str(Path(scratch) / "config.toml")
        os.environ.pop("ROLEPLAY_HOME", None)
        asyncio.run(shoot(target))
    print(target)
