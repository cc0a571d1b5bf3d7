"""Keep API keys out of everything a user sees or a transcript stores.

A server's error body may echo the Authorization header or the key itself, and that text ends up
in messages, on stderr and in the transcript's error events. Every BackendError passes its text
through `redact`, so the configured key (once `remember`ed) and any `Bearer …` credential are
replaced before the error can be shown or saved.
"""

from __future__ import annotations

import re

MASK = "[redacted]"
MIN_SECRET = 4
"""Shorter "keys" are not masked: replacing every "ab" would garble the message itself."""

_BEARER = re.compile(r"(?i)\b(bearer)(\s+|%20)[^\s\"',;}\]]+")
_secrets: set[str] = set()


def remember(secret: str | None) -> None:
    """Mask this value (an API key) in every error text from now on."""
    if secret and len(secret.strip()) >= MIN_SECRET:
        _secrets.add(secret.strip())


def redact(text: str) -> str:
    """`text` with every remembered secret and every `Bearer <credential>` masked."""
    for secret in sorted(_secrets, key=len, reverse=True):
        text = text.replace(secret, MASK)
    return _BEARER.sub(lambda m: f"{m.group(1)} {MASK}", text)
