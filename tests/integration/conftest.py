"""One real llama_cpp.server with the bundled model, shared by every integration test.

Integration tests talk to a real OpenAI-compatible server, never a mock. Starting the server
costs a few seconds, so one is started per test session (lazily, only when a test asks for it)
and stopped at the end. Its stderr goes to a file so a failed start can show why.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import httpx
import pytest

from roleplay.scenarios.models import Cast

if TYPE_CHECKING:
    from faultproxy import FaultProxy

START_TIMEOUT_S = float(os.environ.get("ROLEPLAY_TEST_SERVER_TIMEOUT", "180"))


@dataclass(frozen=True)
class LlamaServer:
    """A running llama_cpp.server: `base_url` ends in /v1, `model` is the id it reports."""

    base_url: str
    model: str
    root: str
    model_path: Path


def free_port() -> int:
    """A TCP port on 127.0.0.1 nobody is listening on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _tail(path: Path, lines: int = 30) -> str:
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return "(no stderr captured)"
    return "\n".join(text.splitlines()[-lines:]) or "(stderr was empty)"


def start_llama_server(
    model_path: Path, log_path: Path, *, n_ctx: int = 2048
) -> tuple[subprocess.Popen[bytes], LlamaServer]:
    """Start the server on a free port and wait until /v1/models answers.

    Raises RuntimeError with the server's stderr tail if it exits or does not answer in time.
    Shared with bench/turn_latency.py's own copy of the same idea.
    """
    port = free_port()
    root = f"http://127.0.0.1:{port}"
    command = [
        sys.executable, "-m", "llama_cpp.server",
        "--model", str(model_path),
        "--host", "127.0.0.1",
        "--port", str(port),
        "--n_ctx", str(n_ctx),
        "--n_threads", str(os.cpu_count() or 1),
    ]  # fmt: skip
    log = log_path.open("wb")
    process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT)
    log.close()
    deadline = time.monotonic() + START_TIMEOUT_S
    while True:
        if process.poll() is not None:
            raise RuntimeError(
                f"llama_cpp.server exited with code {process.returncode} before answering.\n"
                f"command: {' '.join(command)}\n--- server output (tail) ---\n{_tail(log_path)}"
            )
        try:
            answer = httpx.get(f"{root}/v1/models", timeout=2.0)
            if answer.status_code == 200:
                models = answer.json().get("data") or []
                if models:
                    model = str(models[0]["id"])
                    return process, LlamaServer(f"{root}/v1", model, root, model_path)
        except (httpx.HTTPError, ValueError):
            pass
        if time.monotonic() > deadline:
            stop_process(process)
            raise RuntimeError(
                f"llama_cpp.server did not answer {root}/v1/models within {START_TIMEOUT_S:.0f}s.\n"
                f"--- server output (tail) ---\n{_tail(log_path)}"
            )
        time.sleep(0.25)


def stop_process(process: subprocess.Popen[bytes]) -> None:
    """Terminate politely, then kill if it does not go."""
    if process.poll() is not None:
        return
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=10)


@pytest.fixture(scope="session")
def llama_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LlamaServer]:
    """The session's real llama_cpp.server serving the bundled Gemma 3 270M model."""
    pytest.importorskip("llama_cpp")
    from roleplay.llm.model_file import ensure_model

    model_path = ensure_model()
    log_path = tmp_path_factory.mktemp("llama_server") / "server.log"
    try:
        process, server = start_llama_server(model_path, log_path)
    except RuntimeError as exc:
        pytest.fail(str(exc), pytrace=False)
    try:
        yield server
    finally:
        stop_process(process)


def _fixture_cast() -> Cast:
    """The unit tests' complete fixture cast (independent of the bundled library)."""
    unit_dir = str(Path(__file__).resolve().parents[1] / "unit")
    if unit_dir not in sys.path:
        sys.path.insert(0, unit_dir)
    from sim_cast import make_cast

    return make_cast()


@pytest.fixture
def cast() -> Cast:
    """A cast to call: the first bundled scenario if the library has one, else the fixture cast."""
    from roleplay.scenarios.loader import LibraryError, load_library
    from roleplay.workspace import bundled_library_dir

    root = bundled_library_dir()
    try:
        library = load_library(root / "scenarios", root / "personas")
    except LibraryError:
        return _fixture_cast()
    ids = sorted(library.scenarios)
    return library.cast(ids[0]) if ids else _fixture_cast()


@pytest.fixture
def fault_proxy(llama_server: LlamaServer) -> Iterator[FaultProxy]:
    """A fault-injecting proxy in front of the session's real server (faults planned per test)."""
    from faultproxy import FaultProxy

    proxy = FaultProxy(llama_server.root).start()
    try:
        yield proxy
    finally:
        proxy.stop()
