"""Run llama_cpp.server with a GGUF model on a free local port, and stop it again.

The integration tests and the latency benchmark both need a real OpenAI-compatible server with
the bundled model; this is the one place that knows how to start it, wait until it answers, and
explain (with the server's own last words) when it does not.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import httpx


class ServerStartError(RuntimeError):
    """The server exited or never answered; the message carries its output's tail."""


@dataclass
class LocalServer:
    """A running llama_cpp.server: `base_url` ends in /v1, `model` is the id it reports."""

    base_url: str
    model: str
    root: str
    model_path: Path
    process: subprocess.Popen[bytes] = field(repr=False)
    log_path: Path

    def stop(self) -> None:
        """Terminate politely, then kill if it does not go."""
        stop_process(self.process)

    def __enter__(self) -> LocalServer:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.stop()


def free_port() -> int:
    """A TCP port on 127.0.0.1 nobody is listening on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def log_tail(path: Path, lines: int = 30) -> str:
    """The last lines the server wrote, for error messages."""
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return "(no output captured)"
    return "\n".join(text.splitlines()[-lines:]) or "(no output)"


def stop_process(process: subprocess.Popen[bytes]) -> None:
    """Terminate, wait, kill if needed."""
    if process.poll() is not None:
        return
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=10)


def start_server(
    model_path: Path,
    log_path: Path,
    *,
    n_ctx: int = 2048,
    n_threads: int | None = None,
    timeout_s: float = 180.0,
    extra_args: tuple[str, ...] = (),
) -> LocalServer:
    """Start `python -m llama_cpp.server` on a free port; return once /v1/models answers.

    `extra_args` go on its command line as given (e.g. `--interrupt_requests False`).
    """
    port = free_port()
    root = f"http://127.0.0.1:{port}"
    command = [
        sys.executable, "-m", "llama_cpp.server",
        "--model", str(model_path),
        "--host", "127.0.0.1",
        "--port", str(port),
        "--n_ctx", str(n_ctx),
        "--n_threads", str(n_threads or os.cpu_count() or 1),
        *extra_args,
    ]  # fmt: skip
    log_path.parent.mkdir(parents=True, exist_ok=True)
    with log_path.open("wb") as log:
        process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + timeout_s
    while True:
        if process.poll() is not None:
            raise ServerStartError(
                f"llama_cpp.server exited with code {process.returncode} before answering.\n"
                f"command: {' '.join(command)}\n--- server output (tail) ---\n{log_tail(log_path)}"
            )
        try:
            answer = httpx.get(f"{root}/v1/models", timeout=2.0)
            models = answer.json().get("data") if answer.status_code == 200 else None
            if models:
                model = str(models[0]["id"])
                return LocalServer(f"{root}/v1", model, root, model_path, process, log_path)
        except (httpx.HTTPError, ValueError):
            pass
        if time.monotonic() > deadline:
            stop_process(process)
            raise ServerStartError(
                f"llama_cpp.server did not answer {root}/v1/models within {timeout_s:.0f} s.\n"
                f"--- server output (tail) ---\n{log_tail(log_path)}"
            )
        time.sleep(0.25)
