"""The team server: sign-in, roles checked on every request, and one app process per browser tab.

Every path except the sign-in form answers an unsigned request with the sign-in page (status
401), so nothing of the apps, their static files or anyone's calls is reachable without an
account. What a role may open is decided here, server-side, never by hiding links.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from pathlib import Path
from typing import Any

import jinja2
from aiohttp import web

from roleplay.serve.apps import APP_TITLES, OpenApps, SessionApp
from roleplay.serve.cells import call_score, call_started
from roleplay.serve.gate import Gate, client_address, safe_next
from roleplay.serve.limits import SignInLimiter
from roleplay.serve.options import ServeOptions
from roleplay.serve.roles import Permission, may
from roleplay.serve.sessions import COOKIE, Sessions, SignedIn
from roleplay.serve.terminal import bounded, relay
from roleplay.serve.users import check_password

log = logging.getLogger("roleplay.serve")

TEMPLATES = Path(__file__).parent / "templates"
APP_PERMISSIONS = {
    "call": frozenset({Permission.TAKE_CALLS}),
    "review": frozenset({Permission.REVIEW_EVERYONE}),
    "scenarios": frozenset({Permission.EDIT_SCENARIOS, Permission.RUN_SELFPLAY}),
}
"""What a role must be allowed to open each app: checked on the page and again on its socket."""
SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
        "connect-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'"
    ),
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "Cache-Control": "no-store",
}
SWEEP_S = 20.0
REFUSED = (
    "That request did not come from this server's own page, or the page had expired. "
    "Go back to the start page, reload it and try again."
)
WHO: Any = web.RequestKey("who", SignedIn) if hasattr(web, "RequestKey") else "who"


class TeamServer:
    """The aiohttp application and everything it keeps in memory."""

    def __init__(self, options: ServeOptions, health: Any | None = None) -> None:
        self.options = options
        self.sessions = Sessions(idle_s=options.idle_s, max_age_s=options.max_age_s)
        self.limiter = SignInLimiter()
        self.open_apps = OpenApps()
        self.health = health
        self.gate = Gate(options, self.sessions)
        self._sweeper: asyncio.Task[None] | None = None
        self._env = jinja2.Environment(
            loader=jinja2.FileSystemLoader(TEMPLATES),
            autoescape=True,
            undefined=jinja2.StrictUndefined,
        )
        self._env.globals["call_score"] = call_score
        self._env.globals["call_started"] = call_started
        from roleplay.tui.web import static_dir

        self.statics = static_dir()

    # ------------------------------------------------------------------ app

    def make_app(self) -> web.Application:
        """The aiohttp application with every route behind the sign-in check."""
        app = web.Application(middlewares=[self._headers, self._signed_in])
        app.add_routes(
            [
                web.get("/signin", self.signin_form),
                web.post("/signin", self.signin),
                web.post("/signout", self.signout),
                web.get("/", self.home),
                web.get("/app/{name}", self.app_page),
                web.get("/ws/{name}", self.app_socket),
                web.get("/debriefs", self.debriefs),
                web.get("/debriefs/{id}", self.debrief),
                web.get("/scenarios", self.scenarios),
                web.get("/export.csv", self.team_results),
                web.get("/report", self.team_results),
                web.get("/status", self.status),
                web.static("/static", self.statics),
            ]
        )
        app.on_startup.append(self._start)
        app.on_shutdown.append(self._shutdown)
        return app

    def page(self, template: str, status: int = 200, **context: Any) -> web.Response:
        """A rendered page (every value escaped)."""
        context.setdefault("who", None)
        html = self._env.get_template(template).render(**context)
        return web.Response(text=html, content_type="text/html", status=status)

    def message(
        self, who: SignedIn | None, title: str, message: str, status: int = 200
    ) -> web.Response:
        return self.page("message.html.j2", status, who=who, title=title, message=message)

    # ------------------------------------------------------------------ middleware

    @web.middleware
    async def _headers(self, request: web.Request, handler: Any) -> web.StreamResponse:
        response: web.StreamResponse = await handler(request)
        if not response.prepared:
            for name, value in SECURITY_HEADERS.items():
                response.headers.setdefault(name, value)
        return response

    @web.middleware
    async def _signed_in(self, request: web.Request, handler: Any) -> web.StreamResponse:
        if request.path == "/signin":
            return await handler(request)
        who = self.gate.who(request)
        if who is None:
            return self.page(
                "signin.html.j2",
                401,
                title="Sign in",
                error="",
                login="",
                next=safe_next(request.path_qs if request.method == "GET" else "/"),
            )
        if request.method not in ("GET", "HEAD"):
            form = await request.post()
            token = str(form.get("csrf", ""))
            if not self.gate.may_change(request, who, token):
                log.warning("refused a %s to %s for %s", request.method, request.path, who.login)
                return self.message(who, "Refused", REFUSED, 403)
        request[WHO] = who
        return await handler(request)

    # ------------------------------------------------------------------ sign-in

    async def signin_form(self, request: web.Request) -> web.Response:
        return self.page(
            "signin.html.j2",
            title="Sign in",
            error="",
            login="",
            next=safe_next(request.query.get("next")),
        )

    async def signin(self, request: web.Request) -> web.Response:
        if not self.gate.same_origin(request):
            return self.message(None, "Refused", "That request came from another site.", 403)
        form = await request.post()
        login = str(form.get("login", "")).strip()[:100]
        password = str(form.get("password", ""))[:1000]
        goto = safe_next(str(form.get("next", "/")))
        address = client_address(request)
        wait = self.limiter.wait_s(login, address)
        if wait > 0:
            named = repr(login) if self.gate.users().get(login) is not None else "an unknown name"
            log.warning("sign-in refused for %s from %s: too many failures", named, address)
            minutes = max(1, round(wait / 60))
            return self.page(
                "signin.html.j2",
                429,
                title="Sign in",
                login=login,
                next=goto,
                error=f"Too many failed sign-ins. Try again in {minutes} minute"
                f"{'s' if minutes != 1 else ''}.",
            )
        user = self.gate.users().get(login)
        stored = user.password_hash if user is not None else None
        ok = await asyncio.to_thread(check_password, stored, password)
        if not ok or user is None:
            self.limiter.failed(login, address)
            # An unknown name is not logged: it may be a password typed in the wrong field.
            named = repr(login) if user is not None else "an unknown name"
            log.info("sign-in failed for %s from %s", named, address)
            return self.page(
                "signin.html.j2",
                401,
                title="Sign in",
                login=login,
                next=goto,
                error="That name and password do not match an account.",
            )
        self.limiter.succeeded(login)
        who = self.sessions.start(user.login, user.trainee_name, user.role)
        log.info("signed in: %s (%s) from %s", user.login, user.role.value, address)
        response = web.HTTPSeeOther(goto)
        response.set_cookie(
            COOKIE,
            who.token,
            httponly=True,
            samesite="Strict",
            path="/",
            secure=self.options.secure_cookies,
        )
        raise response

    async def signout(self, request: web.Request) -> web.Response:
        who = request[WHO]
        self.sessions.end(who.token)
        await self.open_apps.close_all(self.open_apps.of(who), self.options.shutdown_grace_s)
        log.info("signed out: %s", who.login)
        response = web.HTTPSeeOther("/signin")
        response.del_cookie(COOKIE, path="/")
        raise response

    # ------------------------------------------------------------------ pages

    async def home(self, request: web.Request) -> web.Response:
        who = request[WHO]
        return self.page(
            "home.html.j2",
            title="Start",
            who=who,
            reviews=may(who.role, Permission.REVIEW_EVERYONE),
            checks=may(who.role, Permission.CHECK_SCENARIOS),
            edits=all(may(who.role, p) for p in APP_PERMISSIONS["scenarios"]),
            saturated=self.health.notice() if self.health is not None else "",
        )

    def _allowed_app(self, request: web.Request) -> tuple[SignedIn, str]:
        who = request[WHO]
        name = request.match_info["name"]
        if name not in APP_PERMISSIONS:
            raise web.HTTPNotFound()
        if not all(may(who.role, needed) for needed in APP_PERMISSIONS[name]):
            log.warning("refused %s app to %s (%s)", name, who.login, who.role.value)
            raise self._forbidden(who)
        return who, name

    def _forbidden(self, who: SignedIn) -> web.HTTPForbidden:
        html = self._env.get_template("message.html.j2").render(
            who=who,
            title="Not for your role",
            message=f"Your role ({who.role.value}) cannot open this. Ask your team lead.",
        )
        return web.HTTPForbidden(text=html, content_type="text/html", headers=SECURITY_HEADERS)

    async def app_page(self, request: web.Request) -> web.Response:
        who, name = self._allowed_app(request)
        secure = request.secure or (self.options.public_url or "").startswith("https://")
        websocket_url = f"{'wss' if secure else 'ws'}://{request.host}/ws/{name}"
        size = request.query.get("fontsize", "16")
        font_size = int(size) if size.isdigit() and 8 <= int(size) <= 40 else 16
        return self.page(
            "terminal.html.j2",
            title=APP_TITLES[name],
            who=who,
            path=request.path,
            websocket_url=websocket_url,
            font_size=font_size,
        )

    async def app_socket(self, request: web.Request) -> web.StreamResponse:
        """The browser's terminal: one new app process, closed when the tab or session goes."""
        who, name = self._allowed_app(request)
        if not self.gate.may_change(request, who, None):
            log.warning(
                "refused a %s app socket for %s: not from this server's page", name, who.login
            )
            return self.message(who, "Refused", REFUSED, 403)
        width = bounded(request.query.get("width"), 80, 20, 500)
        height = bounded(request.query.get("height"), 24, 10, 200)
        socket = web.WebSocketResponse(heartbeat=15)
        await socket.prepare(request)
        from roleplay.tui.web import download_manager

        app = SessionApp(
            name,
            who,
            self.options.workspace,
            self.options.app_env,
            write_bytes=socket.send_bytes,
            write_str=socket.send_str,
            close=socket.close,
            download_manager=download_manager(),
        )
        self.open_apps.add(app)
        log.info("opened %s app for %s", name, who.login)
        try:
            await app.start(width, height)
            await relay(socket, app, lambda: self.sessions.touch(who))
        except (ConnectionError, asyncio.CancelledError):
            pass
        finally:
            await app.close(self.options.shutdown_grace_s)
            self.open_apps.discard(app)
            await socket.close()
            log.info("closed %s app for %s", name, who.login)
        return socket

    async def debriefs(self, request: web.Request) -> web.Response:
        from roleplay.serve.calls import visible_calls

        who = request[WHO]
        everyone = may(who.role, Permission.REVIEW_EVERYONE)
        calls = await asyncio.to_thread(visible_calls, self.options.workspace, who, everyone)
        title = "Everyone's calls" if everyone else "Your calls"
        return self.page("debriefs.html.j2", title=title, who=who, calls=calls, everyone=everyone)

    async def debrief(self, request: web.Request) -> web.Response:
        from roleplay.serve.calls import CallNotFound, debrief_html

        who = request[WHO]
        raw = request.match_info["id"]
        if not raw.isdigit():
            raise web.HTTPNotFound()
        everyone = may(who.role, Permission.REVIEW_EVERYONE)
        try:
            html = await asyncio.to_thread(
                debrief_html, self.options.workspace, int(raw), who, everyone
            )
        except CallNotFound as exc:
            # Someone else's call answers exactly as a missing one: ids reveal nothing.
            return self.message(who, "No such call", str(exc), 404)
        return web.Response(text=html, content_type="text/html")

    async def scenarios(self, request: web.Request) -> web.Response:
        from roleplay.serve.calls import scenario_check

        who = request[WHO]
        if not may(who.role, Permission.CHECK_SCENARIOS):
            raise self._forbidden(who)
        text = await asyncio.to_thread(scenario_check, self.options.workspace)
        return self.message(who, "Scenario files", text)

    async def team_results(self, request: web.Request) -> web.Response:
        """The team's results, for those who may export them: /report to read, /export.csv."""
        from roleplay.serve.calls import team_csv, team_report_html

        who = request[WHO]
        if not may(who.role, Permission.EXPORT):
            raise self._forbidden(who)
        if request.path == "/report":
            html = await asyncio.to_thread(team_report_html, self.options.workspace)
            return web.Response(text=html, content_type="text/html")
        text = await asyncio.to_thread(team_csv, self.options.workspace)
        csv_file = {"Content-Disposition": 'attachment; filename="roleplay-team.csv"'}
        return web.Response(text=text, content_type="text/csv", headers=csv_file)

    async def status(self, request: web.Request) -> web.Response:
        who = request[WHO]
        if not may(who.role, Permission.REVIEW_EVERYONE):
            raise self._forbidden(who)
        lines = [
            f"Signed in: {len(self.sessions.live())}.",
            f"Open apps: {len(self.open_apps.apps)}.",
        ]
        if self.health is not None:
            lines.append(self.health.describe())
        return self.message(who, "Server status", " ".join(lines))

    # ------------------------------------------------------------------ life cycle

    async def _start(self, app: web.Application) -> None:
        self._sweeper = asyncio.create_task(self._sweep())
        if self.health is not None:
            self.health.start()

    async def _sweep(self) -> None:
        """Sign out expired sessions and removed users, and close the apps they left open."""
        while True:
            await asyncio.sleep(SWEEP_S)
            await self.sweep_once()

    async def sweep_once(self) -> None:
        gone = self.sessions.expired() + self.sessions.not_matching(self.gate.still_valid)
        for who in gone:
            apps = self.open_apps.of(who)
            if apps:
                log.info("session of %s ended; closing %d app(s)", who.login, len(apps))
                await self.open_apps.close_all(apps, self.options.shutdown_grace_s)

    async def _shutdown(self, app: web.Application) -> None:
        """Close every app (each saves an open call as abandoned) before the server stops."""
        if self._sweeper is not None:
            self._sweeper.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._sweeper
        if self.health is not None:
            await self.health.stop()
        started = time.monotonic()
        count = await self.open_apps.close_all(grace_s=self.options.shutdown_grace_s)
        if count:
            log.info("closed %d open app(s) in %.1f s", count, time.monotonic() - started)
