"""One real llama_cpp.server with the bundled model, shared by every integration test.

Integration tests talk to a real OpenAI-compatible server, never a mock. Starting the server
costs a few seconds, so one is started per test session (lazily, only when a test asks for it)
and stopped at the end. Its stderr goes to a file so a failed start can show why.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import TYPE_CHECKING

import pytest
from support.local_server import LocalServer, ServerStartError, start_server

from roleplay.scenarios.models import Cast

if TYPE_CHECKING:
    from faultproxy import FaultProxy

START_TIMEOUT_S = float(os.environ.get("ROLEPLAY_TEST_SERVER_TIMEOUT", "180"))


@pytest.fixture(scope="session")
def llama_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LocalServer]:
    """The session's real llama_cpp.server serving the bundled Gemma 3 270M model.

    It has `.base_url` (ending in /v1), `.model` (the id the server reports) and `.root`.
    """
    pytest.importorskip("llama_cpp")
    from roleplay.llm.model_file import ensure_model

    log_path = tmp_path_factory.mktemp("llama_server") / "server.log"
    try:
        server = start_server(ensure_model(), log_path, n_ctx=2048, timeout_s=START_TIMEOUT_S)
    except ServerStartError as exc:
        pytest.fail(str(exc), pytrace=False)
    with server:
        yield server


def _fixture_cast() -> Cast:
    """The unit tests' complete fixture cast (independent of the bundled library)."""
    from support.sim_cast import make_cast

    return make_cast()


@pytest.fixture
def fixture_cast() -> Cast:
    """The unit tests' fixture cast: stable trainee lines keep its call going for fault tests."""
    return _fixture_cast()


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
def fault_proxy(llama_server: LocalServer) -> Iterator[FaultProxy]:
    """A fault-injecting proxy in front of the session's real server (faults planned per test)."""
    from faultproxy import FaultProxy

    proxy = FaultProxy(llama_server.root).start()
    try:
        yield proxy
    finally:
        proxy.stop()
