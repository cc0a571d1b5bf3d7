"""When the trainee last typed, so the model reads the call ahead only in their pauses.

On a small machine the embedded model reading the call takes the processor the call screen
needs to echo keys; a read-ahead that waits for a pause in the typing never competes with it.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable

QUIET_S = 0.3
"""How long the trainee must stop typing before the model reads on."""


class Keystrokes:
    """The time of the trainee's last key in the reply box, and a wait for a pause after it."""

    def __init__(
        self, quiet_s: float | None = None, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.quiet_s = QUIET_S if quiet_s is None else quiet_s
        self.clock = clock
        self._last: float | None = None

    def pressed(self) -> None:
        """The trainee pressed a key."""
        self._last = self.clock()

    @property
    def typing(self) -> bool:
        """True while the last key is more recent than `quiet_s`."""
        return self._last is not None and self.clock() - self._last < self.quiet_s

    async def pause(self) -> None:
        """Return once the trainee has not typed for `quiet_s` (at once if they are not typing)."""
        while self._last is not None:
            left = self._last + self.quiet_s - self.clock()
            if left <= 0:
                return
            await asyncio.sleep(left)
