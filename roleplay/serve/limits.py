"""Failed sign-ins are rate limited, per sign-in name and per client address.

Guessing passwords costs an attacker a wait; a person who mistypes a few times does not notice.
"""

from __future__ import annotations

import time
from collections import defaultdict, deque
from collections.abc import Callable

WINDOW_S = 10 * 60
PER_NAME = 5
PER_ADDRESS = 20


class SignInLimiter:
    """Counts failed sign-ins in a sliding window; over the limit, sign-in is refused unseen."""

    def __init__(
        self,
        *,
        window_s: float = WINDOW_S,
        per_name: int = PER_NAME,
        per_address: int = PER_ADDRESS,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.window_s = window_s
        self.limits = {"name": per_name, "address": per_address}
        self.clock = clock
        self._failures: dict[tuple[str, str], deque[float]] = defaultdict(deque)

    def _keys(self, login: str, address: str) -> list[tuple[str, str]]:
        return [("name", login.strip().lower()), ("address", address)]

    def _recent(self, key: tuple[str, str], now: float) -> deque[float]:
        times = self._failures[key]
        while times and now - times[0] > self.window_s:
            times.popleft()
        if not times:
            del self._failures[key]
            return deque()
        return times

    def wait_s(self, login: str, address: str) -> float:
        """Seconds until this name from this address may try again (0: it may try now)."""
        now = self.clock()
        wait = 0.0
        for key in self._keys(login, address):
            times = self._recent(key, now)
            if len(times) >= self.limits[key[0]]:
                wait = max(wait, self.window_s - (now - times[-self.limits[key[0]]]))
        return wait

    def failed(self, login: str, address: str) -> None:
        """Count one failed sign-in."""
        now = self.clock()
        for key in self._keys(login, address):
            self._failures[key].append(now)

    def succeeded(self, login: str) -> None:
        """A right password clears the name's count (not the address's)."""
        self._failures.pop(("name", login.strip().lower()), None)
