"""An in-process team server and a client that signs in as one of the team."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from aiohttp.test_utils import TestClient, TestServer
from team import PASSWORDS

from roleplay.serve.options import ServeOptions
from roleplay.serve.server import TeamServer


@asynccontextmanager
async def served(workspace: Path, **options: Any) -> AsyncIterator[tuple[TeamServer, TestClient]]:
    """A TeamServer over `workspace` and an HTTP client talking to it."""
    team = TeamServer(ServeOptions(workspace=workspace, **options))
    client = TestClient(TestServer(team.make_app()))
    await client.start_server()
    try:
        yield team, client
    finally:
        await client.close()


async def sign_in(client: TestClient, login: str, password: str | None = None) -> Any:
    """Post the sign-in form as a browser on this server would (same origin)."""
    origin = str(client.make_url("/")).rstrip("/")
    return await client.post(
        "/signin",
        data={"login": login, "password": PASSWORDS[login] if password is None else password},
        headers={"Origin": origin},
        allow_redirects=False,
    )
