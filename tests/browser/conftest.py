"""Browser tests: a real `roleplay serve` and headless Chromium; skipped only without Chromium."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

HERE = Path(__file__).parent
sys.path[:0] = [str(HERE), str(HERE.parent / "serve")]

EXTRAS = "the server's extras are not installed: pip install '.[serve,test]'"
for _module in ("aiohttp", "argon2", "textual_serve", "selenium"):
    pytest.importorskip(_module, reason=EXTRAS)

from browser import Browser, chromium_paths  # noqa: E402
from live import LiveServer, live_server  # noqa: E402
from team import make_team  # noqa: E402

PATHS = chromium_paths()


@pytest.fixture
def server(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[LiveServer]:
    """`roleplay serve` over a fresh team workspace with no calls yet, scripted customers."""
    root = make_team(tmp_path / "team", calls=False)
    monkeypatch.delenv("ROLEPLAY_HOME", raising=False)
    monkeypatch.delenv("ROLEPLAY_TRANSCRIPTS", raising=False)
    monkeypatch.setenv("ROLEPLAY_CONFIG", str(tmp_path / "config.toml"))
    with live_server(root, tmp_path / "serve.log") as running:
        yield running


@pytest.fixture
def browser(server: LiveServer) -> Iterator[Browser]:
    if PATHS is None:
        pytest.skip("headless Chromium is not installed (apt-get install chromium chromium-driver)")
    window = Browser(server.url, PATHS)
    try:
        yield window
    finally:
        window.close()
