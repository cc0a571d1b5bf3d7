"""The team server over HTTP: sign-in everywhere, roles server-side, limits, no secret logged."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from client import served, sign_in, sign_out
from team import NAMES, PASSWORDS

from roleplay.serve.sessions import COOKIE

EVERY_PATH = [
    "/",
    "/app/call",
    "/app/review",
    "/ws/call",
    "/ws/review",
    "/app/scenarios",
    "/ws/scenarios",
    "/debriefs",
    "/debriefs/1",
    "/scenarios",
    "/export.csv",
    "/status",
    "/static/js/textual.js",
    "/static/css/xterm.css",
    "/no/such/page",
]


@pytest.mark.parametrize("path", EVERY_PATH)
async def test_every_path_answers_the_sign_in_page_until_signed_in(team: Path, path: str) -> None:
    async with served(team) as (_, client):
        response = await client.get(path, allow_redirects=False)
        assert response.status == 401
        text = await response.text()
        assert 'id="signin"' in text and 'name="password"' in text
        assert "function" not in text and NAMES["ana"] not in text  # no app code, no one's data


async def test_sign_in_sets_a_strict_http_only_cookie_and_goes_where_asked(team: Path) -> None:
    async with served(team) as (_, client):
        origin = str(client.make_url("/")).rstrip("/")
        response = await client.post(
            "/signin",
            data={"login": "ana", "password": PASSWORDS["ana"], "next": "/debriefs"},
            headers={"Origin": origin},
            allow_redirects=False,
        )
        assert response.status == 303 and response.headers["Location"] == "/debriefs"
        cookie = response.headers["Set-Cookie"]
        assert "HttpOnly" in cookie and "SameSite=Strict" in cookie and "Path=/" in cookie
        home = await client.get("/")
        assert home.status == 200 and f"Hello, {NAMES['ana']}" in await home.text()


async def test_next_never_leads_to_another_site(team: Path) -> None:
    async with served(team) as (_, client):
        origin = str(client.make_url("/")).rstrip("/")
        for bad in ("https://evil.example/", "//evil.example/x", "/\\evil.example"):
            response = await client.post(
                "/signin",
                data={"login": "ana", "password": PASSWORDS["ana"], "next": bad},
                headers={"Origin": origin},
                allow_redirects=False,
            )
            assert response.headers["Location"] == "/"


async def test_wrong_password_and_unknown_name_read_the_same(team: Path) -> None:
    async with served(team) as (_, client):
        wrong = await sign_in(client, "ana", "not-her-password")
        nobody = await sign_in(client, "nobody", "whatever-it-is")
        assert wrong.status == nobody.status == 401
        said = "That name and password do not match an account."
        assert said in await wrong.text() and said in await nobody.text()
        assert COOKIE not in wrong.headers.get("Set-Cookie", "")


async def test_failed_sign_ins_are_rate_limited_even_with_the_right_password(team: Path) -> None:
    async with served(team) as (_, client):
        for _ in range(5):
            assert (await sign_in(client, "ana", "guess-guess")).status == 401
        locked = await sign_in(client, "ana")
        assert locked.status == 429
        assert "Too many failed sign-ins" in await locked.text()
        assert "Set-Cookie" not in locked.headers
        assert (await sign_in(client, "ben")).status == 303  # another person is not locked out


async def test_a_form_posted_from_another_site_is_refused(team: Path) -> None:
    async with served(team) as (_, client):
        response = await client.post(
            "/signin",
            data={"login": "ana", "password": PASSWORDS["ana"]},
            headers={"Origin": "https://evil.example"},
            allow_redirects=False,
        )
        assert response.status == 403 and "Set-Cookie" not in response.headers
        await sign_in(client, "ana")
        out = await client.post(
            "/signout", headers={"Origin": "https://evil.example"}, allow_redirects=False
        )
        assert out.status == 403
        assert (await client.get("/")).status == 200  # still signed in


@pytest.mark.parametrize(
    ("login", "allowed", "refused"),
    [
        (
            "ana",
            ["/app/call", "/debriefs"],
            [
                "/app/review",
                "/ws/review",
                "/app/scenarios",
                "/ws/scenarios",
                "/export.csv",
                "/report",
                "/status",
                "/scenarios",
            ],
        ),
        (
            "tess",
            ["/app/call", "/app/scenarios", "/debriefs", "/scenarios"],
            ["/app/review", "/ws/review", "/export.csv", "/report", "/status"],
        ),
        (
            "lee",
            [
                "/app/call",
                "/app/review",
                "/app/scenarios",
                "/debriefs",
                "/scenarios",
                "/export.csv",
                "/report",
                "/status",
            ],
            [],
        ),
    ],
)
async def test_roles_are_enforced_by_the_server(
    team: Path, login: str, allowed: list[str], refused: list[str]
) -> None:
    async with served(team) as (_, client):
        await sign_in(client, login)
        for path in allowed:
            assert (await client.get(path)).status == 200, path
        for path in refused:
            response = await client.get(path)
            assert response.status == 403, path
            assert "Not for your role" in await response.text()


async def test_a_trainee_sees_only_their_own_calls_and_debriefs(team: Path) -> None:
    async with served(team) as (_, client):
        await sign_in(client, "lee")
        everyone = await (await client.get("/debriefs")).text()
        assert NAMES["ana"] in everyone and NAMES["ben"] in everyone
        await sign_out(client)
        await sign_in(client, "ana")
        own = await (await client.get("/debriefs")).text()
        assert NAMES["ben"] not in own
        ids = [int(part.split('"')[0]) for part in own.split('href="/debriefs/')[1:]]
        assert ids
        page = await client.get(f"/debriefs/{ids[0]}")
        assert page.status == 200 and NAMES["ana"] in await page.text()
        others = [n for n in range(1, 20) if n not in ids]
        for other in others:
            response = await client.get(f"/debriefs/{other}")
            assert response.status == 404
            assert NAMES["ben"] not in await response.text()


async def test_team_lead_exports_everyone(team: Path) -> None:
    async with served(team) as (_, client):
        await sign_in(client, "lee")
        response = await client.get("/export.csv")
        text = await response.text()
        assert response.content_type == "text/csv"
        assert NAMES["ana"] in text and NAMES["ben"] in text


async def test_sign_out_ends_the_session(team: Path) -> None:
    async with served(team) as (_, client):
        await sign_in(client, "ana")
        token = client.session.cookie_jar.filter_cookies(client.make_url("/"))[COOKIE].value
        out = await sign_out(client)
        assert out.status == 303
        client.session.cookie_jar.update_cookies({COOKIE: token})  # an old cookie replayed
        assert (await client.get("/")).status == 401


async def test_an_idle_session_expires(team: Path) -> None:
    async with served(team, idle_s=60) as (server, client):
        await sign_in(client, "ana")
        now = [10_000.0]
        server.sessions.clock = lambda: now[0]
        for who in server.sessions.live():
            who.last_seen = who.started = now[0]
        now[0] += 61
        assert (await client.get("/")).status == 401


async def test_a_removed_user_is_signed_out(team: Path) -> None:
    from roleplay.serve.users import UsersFile, users_path

    async with served(team) as (_, client):
        await sign_in(client, "ben")
        assert (await client.get("/")).status == 200
        table = UsersFile(users_path(team))
        table.remove("ben")
        table.save()
        assert (await client.get("/")).status == 401


async def test_trusted_header_only_from_the_trusted_proxy(team: Path) -> None:
    async with served(team, trusted_header="X-Remote-User") as (_, client):
        response = await client.get("/", headers={"X-Remote-User": "lee"})
        assert response.status == 200 and NAMES["lee"] in await response.text()
        nobody = await client.get("/", headers={"X-Remote-User": "mallory"})
        assert nobody.status == 401
    async with served(team, trusted_header="X-Remote-User", trusted_proxies=("10.9.9.9",)) as (
        _,
        client,
    ):
        assert (await client.get("/", headers={"X-Remote-User": "lee"})).status == 401
    async with served(team) as (_, client):  # not configured: the header means nothing
        assert (await client.get("/", headers={"X-Remote-User": "lee"})).status == 401


async def test_nothing_secret_reaches_the_log(team: Path, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    async with served(team) as (_, client):
        await sign_in(client, "ana", "a-wrong-password-9")
        await sign_in(client, "typed-the-password-here", "x")
        await sign_in(client, "ana")
        token = client.session.cookie_jar.filter_cookies(client.make_url("/"))[COOKIE].value
        await client.get("/debriefs")
        await sign_out(client)
    logged = caplog.text
    assert "signed in: ana" in logged and "sign-in failed for 'ana'" in logged
    assert "sign-in failed for an unknown name" in logged
    for secret in (PASSWORDS["ana"], "a-wrong-password-9", token, "$argon2", "typed-the-pass"):
        assert secret not in logged


async def test_pages_forbid_framing_and_scripts_from_elsewhere(team: Path) -> None:
    async with served(team) as (_, client):
        response = await client.get("/signin")
        assert response.headers["X-Frame-Options"] == "DENY"
        assert "frame-ancestors 'none'" in response.headers["Content-Security-Policy"]
        assert response.headers["Cache-Control"] == "no-store"


async def test_the_calls_page_marks_calls_not_graded_and_keeps_scores_to_one_decimal(
    team: Path,
) -> None:
    """As the review app and the report do: an abandoned call shows no score, others as graded."""
    import re

    paths = sorted((team / "transcripts").rglob("*.jsonl"))
    abandoned = paths[0]
    lines = abandoned.read_text(encoding="utf-8").splitlines(keepends=True)
    abandoned.write_text("".join(lines[:-1]), encoding="utf-8")  # never closed
    async with served(team) as (_, client):
        await sign_in(client, "lee")
        page = await (await client.get("/debriefs")).text()
    rows = re.findall(r"<tr><td>.*?</tr>", page, flags=re.S)
    assert len(rows) == len(paths)
    scores = [re.findall(r"<td>([^<]*)</td>\s*<td><a href", row, flags=re.S)[0] for row in rows]
    assert scores.count("not graded") == 1
    assert "abandoned" in rows[scores.index("not graded")]
    assert all(re.fullmatch(r"\d+(\.\d)?\*?", s) for s in scores if s != "not graded")
    # When each call started, as the debrief writes it, and said to be UTC.
    started = [re.findall(r"<tr><td>([^<]*)</td>", row)[0] for row in rows]
    assert all(re.fullmatch(r"\d{1,2} [A-Z][a-z]{2} \d{4} \d\d:\d\d UTC", s) for s in started)


async def test_a_team_lead_reads_the_team_report_in_the_browser(team: Path) -> None:
    """The report `roleplay report --format html` writes, on the server, linked from home."""
    async with served(team) as (_, client):
        await sign_in(client, "lee")
        home = await (await client.get("/")).text()
        assert 'href="/report"' in home
        response = await client.get("/report")
        page = await response.text()
    assert response.status == 200 and response.content_type == "text/html"
    assert "<h1>Team report" in page and "Human overrides" in page
    calls = len(list((team / "transcripts").rglob("*.jsonl")))
    team_row = page.split("<strong>Team</strong>")[1].split("</tr>")[0]
    assert f'<td class="n">{calls}</td>' in team_row  # every call in the workspace counted
