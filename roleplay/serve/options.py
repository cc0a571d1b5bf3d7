"""How the team server runs: the settings `roleplay serve` turns its options into."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class ServeOptions:
    """How the team server runs (from `roleplay serve`'s options)."""

    workspace: Path
    host: str = "127.0.0.1"
    port: int = 8000
    public_url: str | None = None
    """The address people use (behind a reverse proxy); https here makes cookies Secure."""
    trusted_header: str | None = None
    """A reverse proxy's header naming the signed-in user (e.g. X-Remote-User), if trusted."""
    trusted_proxies: tuple[str, ...] = ("127.0.0.1", "::1")
    idle_s: float = 30 * 60
    max_age_s: float = 12 * 60 * 60
    shutdown_grace_s: float = 10.0
    app_env: dict[str, str] = field(default_factory=dict)
    """Settings passed to every app process (e.g. ROLEPLAY_BACKEND)."""

    @property
    def secure_cookies(self) -> bool:
        return bool(self.public_url and self.public_url.startswith("https://"))
