"""The real app in a real terminal: tmux runs `python -m roleplay call` at 80x24 on the scripted
backend; the test types a line and finds the customer's reply on the screen."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from tui_helpers import SCENARIO_ID

from roleplay.transcript import Transcript, read_transcript

TMUX = shutil.which("tmux")
pytestmark = pytest.mark.skipif(TMUX is None, reason="tmux is not installed")


class Terminal:
    """One detached tmux session on a private server socket."""

    def __init__(self, socket: str, name: str) -> None:
        self.socket = socket
        self.name = name

    def tmux(self, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [TMUX or "tmux", "-L", self.socket, *args],
            capture_output=True,
            text=True,
            check=check,
        )

    def screen(self) -> str:
        return self.tmux("capture-pane", "-p", "-t", self.name, check=False).stdout

    def alive(self) -> bool:
        return self.tmux("has-session", "-t", self.name, check=False).returncode == 0

    def keys(self, *keys: str, literal: bool = False) -> None:
        self.tmux("send-keys", "-t", self.name, *(["-l"] if literal else []), *keys)


def poll(condition: Callable[[], bool], what: str, terminal: Terminal, seconds: float = 60) -> None:
    """Wait for `condition`; on giving up, show what the terminal had on screen."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.2)
    raise AssertionError(f"gave up waiting for {what}; the screen was:\n{terminal.screen()}")


@pytest.fixture
def terminal(env: Path) -> Iterator[Terminal]:
    """tmux running the app in env's workspace; the tmux server is killed afterwards."""
    term = Terminal(f"roleplay-test-{os.getpid()}", "call")
    names = ("ROLEPLAY_HOME", "ROLEPLAY_TRANSCRIPTS", "ROLEPLAY_CONFIG", "ROLEPLAY_STATE")
    command = [
        sys.executable,
        "-m",
        "roleplay",
        "call",
        SCENARIO_ID,
        "--backend",
        "scripted",
        "--trainee",
        "Sam",
    ]
    term.tmux(
        "new-session", "-d", "-s", term.name, "-x", "80", "-y", "24", "-c", str(env),
        *[arg for name in names for arg in ("-e", f"{name}={os.environ[name]}")],
        "-e", "TERM=xterm-256color",
        " ".join(command),
    )  # fmt: skip
    try:
        yield term
    finally:
        term.tmux("kill-server", check=False)


def only_transcript(env: Path) -> Transcript | None:
    files = list((env / "calls").rglob("*.jsonl"))
    return read_transcript(files[0]) if len(files) == 1 else None


def test_type_a_line_and_see_the_reply(terminal: Terminal, env: Path) -> None:
    opening = "My internet has been dead since Monday"
    poll(lambda: opening in terminal.screen(), "the opening line", terminal)

    terminal.keys("Hello Dana, I am so sorry. What are the router lights doing?", literal=True)
    terminal.keys("Enter")

    def replied() -> bool:
        transcript = only_transcript(env)
        return transcript is not None and len(transcript.turns) >= 3

    poll(replied, "the reply to be saved", terminal)
    transcript = only_transcript(env)
    assert transcript is not None
    reply = transcript.turns[2].text
    start = " ".join(reply.split()[:4])
    poll(lambda: start in terminal.screen(), f"the reply {start!r} on screen", terminal)

    terminal.keys("C-q")
    poll(lambda: "Quit in the middle of the call?" in terminal.screen(), "the question", terminal)
    terminal.keys("y")
    poll(lambda: not terminal.alive(), "the app to quit", terminal, seconds=30)
    closed = only_transcript(env)
    assert closed is not None and closed.close is not None
    assert closed.close.end_reason == "abandoned"
