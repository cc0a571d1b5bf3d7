"""Is the shared model endpoint keeping up? A tiny request now and then, timed to its first token.

Every app process talks to the same OpenAI-compatible endpoint. When its first tokens arrive
late (the endpoint's slots are all busy and requests queue) or it answers 429/503, the server
says so: in its log once per change, on the team lead's status page and on everyone's start page.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from roleplay.config import Settings

log = logging.getLogger("roleplay.serve")

PROBE_EVERY_S = 30.0
SLOW_FIRST_TOKEN_S = 4.0
PROBE_TIMEOUT_S = 60.0


@dataclass
class Probe:
    """One timed request: seconds to the first token, or what went wrong."""

    first_token_s: float | None
    problem: str = ""


async def probe_openai(base_url: str, api_key: str, model: str) -> Probe:
    """Time one streamed one-token completion against the endpoint."""
    from openai import APIStatusError, AsyncOpenAI, OpenAIError

    client = AsyncOpenAI(base_url=base_url, api_key=api_key or "none", max_retries=0)
    started = time.monotonic()
    try:
        async with asyncio.timeout(PROBE_TIMEOUT_S):
            stream = await client.completions.create(
                model=model, prompt="Hello", max_tokens=1, stream=True
            )
            async for _chunk in stream:
                return Probe(time.monotonic() - started)
            return Probe(time.monotonic() - started)
    except TimeoutError:
        return Probe(None, f"no first token within {PROBE_TIMEOUT_S:.0f} s")
    except APIStatusError as exc:
        return Probe(None, f"HTTP {exc.status_code}")
    except OpenAIError as exc:
        return Probe(None, exc.__class__.__name__)
    finally:
        with contextlib.suppress(Exception):
            await client.close()


class EndpointHealth:
    """Probes the shared endpoint in the background and says when it is saturated."""

    def __init__(
        self,
        where: str,
        probe: Callable[[], Awaitable[Probe]],
        *,
        every_s: float = PROBE_EVERY_S,
        slow_s: float = SLOW_FIRST_TOKEN_S,
    ) -> None:
        self.where = where
        self.probe = probe
        self.every_s = every_s
        self.slow_s = slow_s
        self.last: Probe | None = None
        self.saturated = False
        self._task: asyncio.Task[None] | None = None

    def start(self) -> None:
        self._task = asyncio.create_task(self._run())

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task

    async def _run(self) -> None:
        while True:
            await self.check()
            await asyncio.sleep(self.every_s)

    async def check(self) -> Probe:
        """Probe once and update (and log a change of) the saturated state."""
        result = await self.probe()
        self.last = result
        late = result.first_token_s is not None and result.first_token_s > self.slow_s
        busy = late or result.problem.startswith(("HTTP 429", "HTTP 503", "no first token"))
        if busy != self.saturated:
            self.saturated = busy
            if busy:
                log.warning("model endpoint %s is saturated: %s", self.where, self.describe())
            else:
                log.info("model endpoint %s keeps up again: %s", self.where, self.describe())
        return result

    def describe(self) -> str:
        """The last probe, in a sentence."""
        last = self.last
        if last is None:
            return f"Model endpoint {self.where}: not checked yet."
        if last.first_token_s is not None:
            state = "saturated" if self.saturated else "keeping up"
            return (
                f"Model endpoint {self.where}: {state}, first token in "
                f"{last.first_token_s:.1f} s (limit {self.slow_s:.0f} s)."
            )
        return f"Model endpoint {self.where}: {last.problem}."

    def notice(self) -> str:
        """What everyone's start page says while the endpoint is saturated ('' otherwise)."""
        if not self.saturated:
            return ""
        return (
            "The model server is busy right now: customers may be slow to answer. "
            "Calls still work and nothing you say is lost."
        )


def health_for(settings: Settings) -> EndpointHealth | None:
    """A health check of the configured OpenAI-compatible endpoint, if calls use one."""
    if settings.backend != "openai":
        return None
    openai = settings.openai

    async def probe() -> Probe:
        return await probe_openai(openai.base_url, openai.api_key, openai.model)

    return EndpointHealth(openai.base_url, probe)
