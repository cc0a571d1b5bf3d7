"""Signed-in sessions: a random token in an HttpOnly cookie, kept only in the server's memory.

A session ends when it is idle too long, when it is too old whatever its use, when its user
signs out, or when the user is removed or given another role. Tokens are never logged.
"""

from __future__ import annotations

import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from roleplay.serve.roles import Role

COOKIE = "roleplay_session"
IDLE_S = 30 * 60
MAX_AGE_S = 12 * 60 * 60


@dataclass
class SignedIn:
    """One signed-in browser: who it is, in which role, and when it was last used."""

    token: str
    login: str
    trainee_name: str
    role: Role
    started: float
    last_seen: float
    via_header: bool = False
    """Vouched for by the trusted proxy's header, not by our cookie (so SameSite cannot help)."""
    csrf: str = field(default_factory=lambda: secrets.token_urlsafe(32))
    """Put in every form the server sends this session; a post without it is refused."""

    def __repr__(self) -> str:  # the token never reaches a log through a repr
        return f"SignedIn(login={self.login!r}, role={self.role.value!r})"


class Sessions:
    """The server's signed-in sessions, by token."""

    def __init__(
        self,
        *,
        idle_s: float = IDLE_S,
        max_age_s: float = MAX_AGE_S,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.idle_s = idle_s
        self.max_age_s = max_age_s
        self.clock = clock
        self._by_token: dict[str, SignedIn] = {}

    def start(
        self, login: str, trainee_name: str, role: Role, *, via_header: bool = False
    ) -> SignedIn:
        """A new session for a person who just signed in (fresh tokens every time)."""
        now = self.clock()
        session = SignedIn(
            secrets.token_urlsafe(32), login, trainee_name, role, now, now, via_header
        )
        self._by_token[session.token] = session
        return session

    def find(self, token: str | None) -> SignedIn | None:
        """The live session of `token`, touched; None (and forgotten) once expired."""
        if not token:
            return None
        session = self._by_token.get(token)
        if session is None:
            return None
        now = self.clock()
        if self._expired(session, now):
            del self._by_token[token]
            return None
        session.last_seen = now
        return session

    def touch(self, session: SignedIn) -> None:
        """Mark a session as in use (an open app counts as use, keystroke by keystroke)."""
        session.last_seen = self.clock()

    def end(self, token: str) -> SignedIn | None:
        """Sign a session out."""
        return self._by_token.pop(token, None)

    def expired(self) -> list[SignedIn]:
        """Forget and return every session that has expired."""
        now = self.clock()
        gone = [s for s in self._by_token.values() if self._expired(s, now)]
        for session in gone:
            del self._by_token[session.token]
        return gone

    def not_matching(self, still_valid: Callable[[SignedIn], bool]) -> list[SignedIn]:
        """Forget and return the sessions whose user was removed or changed (users file)."""
        gone = [s for s in self._by_token.values() if not still_valid(s)]
        for session in gone:
            del self._by_token[session.token]
        return gone

    def live(self) -> list[SignedIn]:
        """Every session not yet forgotten."""
        return list(self._by_token.values())

    def _expired(self, session: SignedIn, now: float) -> bool:
        return now - session.last_seen > self.idle_s or now - session.started > self.max_age_s
