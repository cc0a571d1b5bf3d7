"""`roleplay serve` as a real process on a free port, as people start it."""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

ANSI = re.compile(r"\x1b\[[0-9;?<>=]*[ -/]*[@-~]|\x1b[\]P^_].*?(?:\x07|\x1b\\)|\x1b[@-Z\\-_]")
"""Terminal control sequences: what is left of the app's output is the text on its screen."""


def screen_text(raw: str) -> str:
    """The words an app drew, without the control sequences between them."""
    return ANSI.sub("", raw)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass
class LiveServer:
    """A running `roleplay serve`: its address, process and log file."""

    url: str
    process: subprocess.Popen[bytes]
    log: Path

    def log_text(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")

    def stop(self, timeout: float = 40.0) -> int:
        """SIGTERM, as systemd or Ctrl+C stops it; returns the exit status."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
        try:
            return self.process.wait(timeout)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
            raise AssertionError(f"the server did not stop within {timeout:.0f} s") from None


@contextmanager
def live_server(workspace: Path, log: Path, *args: str) -> Iterator[LiveServer]:
    """Start the server on the scripted backend and wait until it listens."""
    port = free_port()
    command = [sys.executable, "-m", "roleplay", "serve", "--workspace", str(workspace)]
    command += ["--port", str(port), "--backend", "scripted", *args]
    with log.open("wb") as out:
        process = subprocess.Popen(
            command, stdout=out, stderr=subprocess.STDOUT, env=dict(os.environ)
        )
    server = LiveServer(f"http://127.0.0.1:{port}", process, log)
    try:
        deadline = time.monotonic() + 120
        while "roleplay serve: open" not in server.log_text():
            if process.poll() is not None or time.monotonic() > deadline:
                raise AssertionError(f"the server did not start:\n{server.log_text()}")
            time.sleep(0.1)
        yield server
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(40)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
