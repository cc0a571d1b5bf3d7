"""Scripted backend: speaks the director's authored line, byte for byte reproducible.

Used by tests, exam mode and anyone without a model. It is not a stand-in for the model: the
lines are the scenario author's, chosen by the director's deterministic state.
"""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from typing import Literal

from roleplay.llm.base import Prompt


class ScriptedBackend:
    """A backend with no model: streams `prompt.authored` word by word."""

    name = "scripted"
    model = "authored-lines"
    mode: Literal["scripted"] = "scripted"
    can_choose = False

    async def stream(self, prompt: Prompt) -> AsyncIterator[str]:
        """Yield the authored line in word-sized chunks, like a model would stream it."""
        for piece in re.findall(r"\S+\s*", prompt.authored):
            yield piece

    async def aclose(self) -> None:
        """Nothing to release."""
