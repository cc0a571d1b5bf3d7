"""Test doubles for the Backend protocol: canned model output, recorded prompts, failures.

Unit tests use these to pin down what the session does with a model's output; the real model is
exercised by the integration tests against a real local server.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Literal

from roleplay.llm.base import BackendError, Prompt


class CannedBackend:
    """Streams the next canned line for every request and records each prompt."""

    name = "canned"
    model = "canned-lines"
    can_choose = False

    def __init__(
        self, lines: list[str], mode: Literal["chat", "completion"] = "completion"
    ) -> None:
        self.lines = list(lines)
        self.mode = mode
        self.prompts: list[Prompt] = []
        self.fail_next: BackendError | None = None
        self.fail_after_chunks: int | None = None

    async def stream(self, prompt: Prompt) -> AsyncIterator[str]:
        self.prompts.append(prompt)
        if self.fail_next is not None:
            error, self.fail_next = self.fail_next, None
            raise error
        line = self.lines.pop(0) if self.lines else "Fine."
        for i, word in enumerate(line.split(" ")):
            if self.fail_after_chunks is not None and i >= self.fail_after_chunks:
                self.fail_after_chunks = None
                raise BackendError("the stream was cut", "try again")
            yield word if i == 0 else " " + word

    async def aclose(self) -> None:
        return None


class ChoosingBackend:
    """Stands in for the embedded model's choice: says the first or the last offered line."""

    name = "choosing"
    model = "test"
    mode = "completion"
    can_choose = True

    def __init__(self, pick: Literal["first", "last"] = "last", free: str = "Free words.") -> None:
        self.pick = 0 if pick == "first" else -1
        self.free = free
        self.prompts: list[Prompt] = []

    async def stream(self, prompt: Prompt) -> AsyncIterator[str]:
        self.prompts.append(prompt)
        yield " " + (prompt.choices[self.pick] if prompt.choices else self.free)

    async def aclose(self) -> None:
        return None
