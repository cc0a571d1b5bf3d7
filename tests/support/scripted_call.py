"""A whole call played line by line against the scripted customer, for tests that read what
the customer said back and what the call recorded."""

from __future__ import annotations

import asyncio
from collections.abc import Iterable
from pathlib import Path

from roleplay.llm.scripted_backend import ScriptedBackend
from roleplay.scenarios.models import Cast
from roleplay.sim.session import CallSession


def scripted_call(cast: Cast, lines: Iterable[str], transcripts: Path) -> CallSession:
    """The session after the trainee said each of `lines` and the customer answered."""

    async def play() -> CallSession:
        session = CallSession(cast, ScriptedBackend(), transcripts=transcripts)
        await session.start()
        for line in lines:
            async for _ in session.reply_to(line):
                pass
        return session

    return asyncio.run(play())
