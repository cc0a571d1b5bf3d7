"""The apps draw at `FRAMES_PER_SECOND` (streamed lines wait less for the next tick), unless the
environment asks for another rate. Each check runs in a fresh interpreter: textual reads the rate
once, when it is first imported."""

from __future__ import annotations

import os
import subprocess
import sys

from roleplay.tui import FRAMES_PER_SECOND

PROBE = "import roleplay.tui.app; from textual import constants, screen; " + (
    "print(constants.MAX_FPS, round(1 / screen.UPDATE_PERIOD))"
)


def rate_in_fresh_process(**env: str) -> str:
    environment = {k: v for k, v in os.environ.items() if k != "TEXTUAL_FPS"} | env
    done = subprocess.run(
        [sys.executable, "-c", PROBE], env=environment, capture_output=True, text=True, check=True
    )
    return done.stdout.strip()


def test_the_app_draws_at_its_own_frame_rate() -> None:
    assert FRAMES_PER_SECOND > 60
    assert rate_in_fresh_process() == f"{FRAMES_PER_SECOND} {FRAMES_PER_SECOND}"


def test_the_environment_still_decides_when_it_says() -> None:
    assert rate_in_fresh_process(TEXTUAL_FPS="30") == "30 30"
