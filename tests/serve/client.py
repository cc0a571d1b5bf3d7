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


async def form_token(client: TestClient, headers: dict[str, str] | None = None) -> str:
    """The token the server put in this session's forms (as a browser reads it from the page)."""
    import re

    page = await (await client.get("/", headers=headers)).text()
    found = re.search(r'name="csrf" value="([^"]+)"', page)
    assert found is not None, "the start page has no form token"
    return found.group(1)


async def sign_out(client: TestClient, headers: dict[str, str] | None = None) -> Any:
    """Press Sign out as a browser on this server would: same origin, the form's token."""
    origin = str(client.make_url("/")).rstrip("/")
    token = await form_token(client, headers)
    return await client.post(
        "/signout",
        data={"csrf": token},
        headers={"Origin": origin, **(headers or {})},
        allow_redirects=False,
    )
