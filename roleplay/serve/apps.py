"""The app processes of browser sessions: one per open browser tab, each signed with its user.

textual-serve's AppService does the byte pumping (the Textual web driver's packet protocol);
here each process gets the signed-in person's name and the server's workspace in its
environment, and the server keeps every open one so it can close them all on shutdown.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import shlex
import sys
from pathlib import Path
from typing import Any

from roleplay.serve.env import USER_ENV
from roleplay.serve.sessions import SignedIn
from roleplay.tui.web import AppService

log = logging.getLogger("roleplay.serve")

APP_TITLES = {"call": "Practice call", "review": "Review", "scenarios": "Scenario editor"}


def app_command(name: str) -> str:
    """The shell command of one app process (no user-given text in it: names go in the env)."""
    if name not in APP_TITLES:
        raise ValueError(name)
    return f"{shlex.quote(sys.executable)} -m roleplay.tui.served {name}"


class SessionApp(AppService):
    """One app process for one signed-in browser tab."""

    def __init__(
        self, name: str, who: SignedIn, workspace: Path, extra_env: dict[str, str], **kw: Any
    ) -> None:
        super().__init__(app_command(name), **kw)
        self.name = name
        self.who = who
        self.workspace = workspace
        self.extra_env = extra_env

    def _build_environment(self, width: int = 80, height: int = 24) -> dict[str, str]:
        env = super()._build_environment(width, height)
        env.update(self.extra_env)
        env["ROLEPLAY_HOME"] = str(self.workspace)
        env[USER_ENV] = self.who.trainee_name
        env["PYTHONUNBUFFERED"] = "1"
        return env

    @property
    def pid(self) -> int | None:
        """The process id, once started."""
        return self._process.pid if self._process is not None else None

    async def close(self, grace_s: float) -> None:
        """Ask the app to quit (an open call is saved as abandoned); end it if it does not."""
        process = self._process
        if process is None:
            return
        with contextlib.suppress(TimeoutError, ConnectionError, OSError):
            await asyncio.wait_for(self.stop(), grace_s)
        if process.returncode is None:
            with contextlib.suppress(ProcessLookupError):
                process.terminate()  # the web driver turns SIGTERM into a quit as well
            try:
                await asyncio.wait_for(process.wait(), grace_s)
            except TimeoutError:
                log.warning("app process %s did not quit; killing it", process.pid)
                with contextlib.suppress(ProcessLookupError):
                    process.kill()
                await process.wait()
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await self._task
            self._task = None
        if self._stdin is not None:
            # Closed now, not when the event loop is gone (which prints an ignored exception).
            self._stdin.close()
            with contextlib.suppress(Exception):
                await self._stdin.wait_closed()


class OpenApps:
    """Every app process the server has open, so shutdown and sign-out can close them."""

    def __init__(self) -> None:
        self.apps: set[SessionApp] = set()

    def add(self, app: SessionApp) -> None:
        self.apps.add(app)

    def discard(self, app: SessionApp) -> None:
        self.apps.discard(app)

    def of(self, who: SignedIn) -> list[SessionApp]:
        """The apps a session has open."""
        return [a for a in self.apps if a.who.token == who.token]

    async def close_all(self, apps: list[SessionApp] | None = None, grace_s: float = 10.0) -> int:
        """Close the given apps (default all) at once; returns how many there were."""
        chosen = list(self.apps if apps is None else apps)
        await asyncio.gather(*(a.close(grace_s) for a in chosen), return_exceptions=True)
        for app in chosen:
            self.apps.discard(app)
        return len(chosen)
