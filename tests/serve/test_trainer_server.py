"""The trainer's side of the server: who gets the Scenarios app; forms only our pages post."""

from __future__ import annotations

from pathlib import Path

from client import form_token, served, sign_in, sign_out

from roleplay.serve.roles import ROLE_PERMISSIONS, Permission, Role

PROXY = {"trusted_header": "X-Remote-User"}


def _as(login: str) -> dict[str, str]:
    return {"X-Remote-User": login}


async def test_a_trainee_is_refused_the_scenarios_app_and_no_process_starts(team: Path) -> None:
    async with served(team) as (server, client):
        await sign_in(client, "ana")
        home = await (await client.get("/")).text()
        assert "/app/scenarios" not in home
        for path in ("/app/scenarios", "/ws/scenarios"):
            response = await client.get(path)
            assert response.status == 403, path
            assert "Not for your role" in await response.text()
        assert not server.open_apps.apps


async def test_trainers_and_team_leads_are_offered_the_scenarios_app(team: Path) -> None:
    for login in ("tess", "lee"):
        async with served(team) as (_, client):
            await sign_in(client, login)
            home = await (await client.get("/")).text()
            assert 'href="/app/scenarios"' in home, login
            page = await client.get("/app/scenarios")
            assert page.status == 200 and "/ws/scenarios" in await page.text()


def test_editing_and_self_play_are_trainer_permissions() -> None:
    for permission in (Permission.EDIT_SCENARIOS, Permission.RUN_SELFPLAY):
        assert permission not in ROLE_PERMISSIONS[Role.TRAINEE]
        assert permission in ROLE_PERMISSIONS[Role.TRAINER]
        assert permission in ROLE_PERMISSIONS[Role.TEAM_LEAD]


async def test_a_proxy_session_post_without_the_form_token_is_refused(team: Path) -> None:
    async with served(team, **PROXY) as (_, client):
        assert (await client.get("/", headers=_as("lee"))).status == 200
        # Another site's form, posted through the proxy, which adds the header to everything.
        forged = await client.post("/signout", headers=_as("lee"), allow_redirects=False)
        assert forged.status == 403
        origin = str(client.make_url("/")).rstrip("/")
        wrong = await client.post(
            "/signout",
            data={"csrf": "guessed"},
            headers={"Origin": origin, **_as("lee")},
            allow_redirects=False,
        )
        assert wrong.status == 403
        assert (await sign_out(client, _as("lee"))).status == 303  # our own page's form works


async def test_proxy_form_tokens_are_per_user(team: Path) -> None:
    async with served(team, **PROXY) as (_, client):
        lees = await form_token(client, _as("lee"))
        tesss = await form_token(client, _as("tess"))
        assert lees != tesss
        assert lees == await form_token(client, _as("lee"))  # the same user keeps their token
        origin = str(client.make_url("/")).rstrip("/")
        borrowed = await client.post(
            "/signout",
            data={"csrf": lees},
            headers={"Origin": origin, **_as("tess")},
            allow_redirects=False,
        )
        assert borrowed.status == 403


async def test_a_proxy_session_socket_needs_the_origin_of_this_server(team: Path) -> None:
    async with served(team, **PROXY) as (server, client):
        response = await client.get("/ws/scenarios", headers=_as("tess"))
        assert response.status == 403  # no Origin: not opened by this server's page
        assert not server.open_apps.apps


async def test_a_password_session_post_needs_the_form_token_too(team: Path) -> None:
    async with served(team) as (_, client):
        await sign_in(client, "ana")
        origin = str(client.make_url("/")).rstrip("/")
        bare = await client.post("/signout", headers={"Origin": origin}, allow_redirects=False)
        assert bare.status == 403
        assert (await client.get("/")).status == 200  # still signed in
        assert (await sign_out(client)).status == 303
