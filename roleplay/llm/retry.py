"""How long to wait before asking a struggling server again: exponential backoff with jitter.

A server's Retry-After wins over our own schedule, and the total wait of one request is capped so
a trainee is never left staring at a silent customer for minutes.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field
from email.utils import parsedate_to_datetime


@dataclass(frozen=True)
class RetryPolicy:
    """Backoff settings for one request: attempts, base delay, per-wait and total caps."""

    max_retries: int = 3
    base_s: float = 0.5
    max_delay_s: float = 8.0
    max_total_s: float = 20.0
    rng: Callable[[], float] = field(default=random.random, compare=False)

    def delay(self, attempt: int, waited: float, retry_after: float | None = None) -> float | None:
        """Seconds to wait before retry number `attempt + 1`, or None to give up now."""
        if attempt >= self.max_retries:
            return None
        if retry_after is not None:
            wait = max(0.0, retry_after)
        else:
            wait = min(self.max_delay_s, self.base_s * 2**attempt) * (0.5 + self.rng())
        if waited + wait > self.max_total_s:
            return None
        return wait


def parse_retry_after(headers: object) -> float | None:
    """Seconds a server asked us to wait (Retry-After, retry-after-ms), if it said."""
    get = getattr(headers, "get", None)
    if get is None:
        return None
    millis = get("retry-after-ms")
    if millis:
        try:
            return max(0.0, float(millis) / 1000)
        except ValueError:
            pass
    value = get("retry-after")
    if not value:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        from datetime import UTC, datetime

        when = parsedate_to_datetime(value)
        return max(0.0, (when - datetime.now(UTC)).total_seconds())
    except (TypeError, ValueError, IndexError):
        return None
