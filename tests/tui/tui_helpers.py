"""Helpers shared by the app's tests: a frozen clock, a fixture workspace, test backends."""

from __future__ import annotations

import asyncio
import re
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import Any, Literal, TypeVar

import yaml
from support.sim_cast import PERSONA, SCENARIO
from textual.pilot import Pilot

from roleplay.llm.base import BackendError, Prompt

SCENARIO_ID: str = SCENARIO["id"]  # type: ignore[assignment]
CUSTOMER: str = PERSONA["name"]  # type: ignore[assignment]

M = TypeVar("M")


class FrozenClock:
    """A clock the test moves by hand, so timers and hold lengths are the same on every run."""

    def __init__(self, now: float = 1000.0) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


def write_workspace(root: Path) -> Path:
    """A workspace folder with the fixture persona and scenario as YAML files, and only those.

    The bundled scenarios are turned off, so screens show the fixture alone.
    """
    (root / "scenarios").mkdir(parents=True)
    (root / "workspace.toml").write_text("bundled_scenarios = false\n", encoding="utf-8")
    (root / "personas").mkdir()
    (root / "personas" / f"{PERSONA['id']}.yaml").write_text(
        yaml.safe_dump(PERSONA, sort_keys=False), encoding="utf-8"
    )
    (root / "scenarios" / f"{SCENARIO_ID}.yaml").write_text(
        yaml.safe_dump(SCENARIO, sort_keys=False), encoding="utf-8"
    )
    return root


class AuthoredBackend:
    """Speaks the director's authored line like the scripted backend, with test knobs.

    `fail_next` makes the next request raise; `hold_after_first` makes a reply stop after its
    first word and wait until released (a customer still speaking).
    """

    name = "test"
    model = "authored"
    mode: Literal["scripted"] = "scripted"
    can_choose = False

    def __init__(self) -> None:
        self.fail_next: BackendError | None = None
        self.hold_after_first = False
        self.release = asyncio.Event()
        self.requests = 0

    async def stream(self, prompt: Prompt) -> AsyncIterator[str]:
        self.requests += 1
        if self.fail_next is not None:
            error, self.fail_next = self.fail_next, None
            raise error
        for i, piece in enumerate(re.findall(r"\S+\s*", prompt.authored)):
            yield piece
            if i == 0 and self.hold_after_first:
                await self.release.wait()

    async def aclose(self) -> None:
        return None


def reply_done(screen: Any) -> bool:
    """True once no customer line is streaming or still being drawn on the call screen."""
    from roleplay.tui.widgets.conversation import CustomerLine

    return not screen.streaming and not any(line.streaming for line in screen.query(CustomerLine))


class Posted:
    """Every message the app posts, for tests that wait on what the app said rather than poll.

    Pass `posted.append` as `run_test(message_hook=...)`; `first` then returns the first
    message of a kind not returned before, letting the app run until one is posted.
    """

    def __init__(self) -> None:
        self.messages: list[Any] = []
        self._taken: set[int] = set()

    def append(self, message: Any) -> None:
        self.messages.append(message)

    async def first(self, pilot: Pilot[Any], kind: type[M], what: str, tries: int = 400) -> M:
        """The next unseen message of `kind` (fails with `what` if none is posted in time)."""
        for _ in range(tries):
            for message in self.messages:
                if isinstance(message, kind) and id(message) not in self._taken:
                    self._taken.add(id(message))
                    return message
            await pilot.pause(0.02)
        raise AssertionError(f"gave up waiting for a message: {what}")


async def wait_for(
    pilot: Pilot[Any], condition: Callable[[], bool], what: str, tries: int = 400
) -> None:
    """Let the app run until `condition` holds (fails with `what` after `tries` short pauses)."""
    for _ in range(tries):
        if condition():
            return
        await pilot.pause(0.02)
    raise AssertionError(f"gave up waiting: {what}")
