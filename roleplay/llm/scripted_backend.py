"""Scripted backend: speaks the director's authored line, byte for byte reproducible.

Used by tests, exam mode and anyone without a model. It is not a stand-in for the model: the
lines are the scenario author's, chosen by the director's deterministic state.
"""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from typing import Any, Literal

from pydantic import BaseModel

from roleplay.llm.base import BackendError, Prompt


class ScriptedBackend:
    """A backend with no model: streams `prompt.authored` word by word."""

    name = "scripted"
    model = "authored-lines"
    mode: Literal["scripted"] = "scripted"
    can_judge = False
    can_choose = False

    async def stream(self, prompt: Prompt) -> AsyncIterator[str]:
        """Yield the authored line in word-sized chunks, like a model would stream it."""
        for piece in re.findall(r"\S+\s*", prompt.authored):
            yield piece

    async def complete_json(
        self, system: str, user: str, schema: type[BaseModel]
    ) -> dict[str, Any]:
        """The scripted backend cannot grade; the debrief uses its heuristic grader instead."""
        raise BackendError(
            "the scripted backend cannot grade calls",
            "use the heuristic debrief, or configure a model backend",
            retryable=False,
        )

    async def aclose(self) -> None:
        """Nothing to release."""
