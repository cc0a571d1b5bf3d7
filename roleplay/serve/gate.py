"""Who a request comes from: the users file, signed-in sessions, a trusted proxy's header.

Kept apart from the routes so that one place decides identity and the server only asks it;
the users file is read again whenever `roleplay users` changes it, so a removed account or a
changed role takes effect on the next request.
"""

from __future__ import annotations

import ipaddress
import logging
import secrets
from urllib.parse import urlsplit

from aiohttp import web

from roleplay.serve.options import ServeOptions
from roleplay.serve.sessions import COOKIE, Sessions, SignedIn
from roleplay.serve.users import UsersFile, users_path

log = logging.getLogger("roleplay.serve")


def client_address(request: web.Request) -> str:
    return request.remote or "unknown"


def safe_next(text: str | None) -> str:
    """Only a local path is a place to go after signing in (never another site)."""
    if not text or not text.startswith("/") or text.startswith("//") or "\\" in text:
        return "/"
    return text


class Gate:
    """The users file and sessions, and what they say about one request."""

    def __init__(self, options: ServeOptions, sessions: Sessions) -> None:
        self.options = options
        self.sessions = sessions
        self._users_path = users_path(options.workspace)
        self._users = UsersFile(self._users_path)
        self._users_stamp = self._stamp()
        self._header_sessions: dict[str, SignedIn] = {}

    def _stamp(self) -> tuple[int, int] | None:
        try:
            stat = self._users_path.stat()
        except OSError:
            return None
        return stat.st_mtime_ns, stat.st_size

    def users(self) -> UsersFile:
        """The users file, read again when it changed on disk (`roleplay users` edits it)."""
        stamp = self._stamp()
        if stamp != self._users_stamp:
            try:
                self._users = UsersFile(self._users_path)
            except Exception as exc:  # a broken edit keeps the last good table
                log.error("users file not reloaded: %s", exc)
            self._users_stamp = stamp
        return self._users

    def still_valid(self, who: SignedIn) -> bool:
        user = self.users().get(who.login)
        return user is not None and user.role == who.role and user.trainee_name == who.trainee_name

    def who(self, request: web.Request) -> SignedIn | None:
        header = self.options.trusted_header
        if header and self._from_trusted_proxy(request):
            login = request.headers.get(header, "").strip()
            if login:
                return self._header_session(login)
        who = self.sessions.find(request.cookies.get(COOKIE))
        if who is not None and not self.still_valid(who):
            self.sessions.end(who.token)
            return None
        return who

    def _from_trusted_proxy(self, request: web.Request) -> bool:
        try:
            peer = ipaddress.ip_address(client_address(request))
        except ValueError:
            return False
        return any(peer == ipaddress.ip_address(p) for p in self.options.trusted_proxies)

    def _header_session(self, login: str) -> SignedIn | None:
        """A reverse proxy vouched for `login`: its role still comes from the users file."""
        user = self.users().get(login)
        if user is None:
            return None
        who = self._header_sessions.get(user.login)
        if who is None or self.sessions.find(who.token) is None or not self.still_valid(who):
            who = self.sessions.start(user.login, user.trainee_name, user.role, via_header=True)
            self._header_sessions[user.login] = who
        return who

    def may_change(self, request: web.Request, who: SignedIn, token: str | None) -> bool:
        """A post (or socket) may act for `who`: from this server's pages, with their token.

        A password session's cookie is SameSite=Strict, so another site's page cannot use it;
        a proxy's header comes with every request whatever page made it, so for those sessions
        the Origin header must be present as well (browsers always send it on posts and
        sockets). Every form carries the session's own token, and a post must give it back.
        """
        if not self.same_origin(request):
            return False
        if who.via_header and request.headers.get("Origin") is None:
            return False
        if token is None:  # a socket: no form to carry a token, Origin decides
            return True
        return secrets.compare_digest(token.encode(), who.csrf.encode())

    def same_origin(self, request: web.Request) -> bool:
        """A form post or socket must come from this server's own pages (no cross-site use)."""
        origin = request.headers.get("Origin")
        if origin is None or origin == "null":
            return origin is None
        allowed = {request.host}
        if self.options.public_url:
            allowed.add(urlsplit(self.options.public_url).netloc)
        return urlsplit(origin).netloc in allowed
