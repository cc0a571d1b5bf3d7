"""The interfaces backends implement (speaking, and for some judging), and their errors.

The actor builds a `Prompt` in two forms at once: chat messages (for instruction-tuned models)
and a transcript to continue (for the bundled base model). Each backend uses the form it needs;
the scripted backend ignores both and speaks the director's authored line.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import Any, Literal, Protocol, runtime_checkable

from pydantic import BaseModel

from roleplay.llm.redact import redact


@dataclass(frozen=True)
class Prompt:
    """Everything a backend may need to produce the customer's next line."""

    system: str
    messages: list[dict[str, str]]
    transcript: str
    stop: list[str] = field(default_factory=list)
    max_tokens: int = 120
    temperature: float = 0.8
    authored: str = ""
    choices: tuple[str, ...] = ()
    """Authored lines the model must choose among, writing none of its own (backends that
    `can_choose`); empty when the model writes the line."""


class BackendError(Exception):
    """A backend failure a user can act on: what happened and what to try.

    Both texts are redacted here, the one place every backend message passes through, so a
    server that echoes the API key cannot put it on screen or in a transcript.
    """

    def __init__(self, what: str, hint: str = "", *, retryable: bool = True) -> None:
        what, hint = redact(what), redact(hint)
        super().__init__(what)
        self.what = what
        self.hint = hint
        self.retryable = retryable

    def __str__(self) -> str:
        return f"{self.what}. {self.hint}".strip() if self.hint else self.what


class ReplyCutShort(BackendError):
    """The client stopped a reply part-way (too slow or too long): the text so far stands.

    Raised after the pieces already yielded; a caller keeps what arrived and says why it ended.
    """

    def __init__(self, what: str, hint: str = "") -> None:
        super().__init__(what, hint, retryable=False)


@runtime_checkable
class Backend(Protocol):
    """A source of customer lines: every backend speaks."""

    name: str
    model: str
    can_choose: bool
    """True when the backend can be held to choosing one of `Prompt.choices`."""

    @property
    def mode(self) -> Literal["chat", "completion", "scripted"]:
        """How the backend is prompted: chat messages, a transcript to continue, or neither."""
        ...

    def stream(self, prompt: Prompt) -> AsyncIterator[str]:
        """Yield the customer's line in chunks; raise BackendError on failure."""
        ...

    async def aclose(self) -> None:
        """Release connections, threads or the loaded model."""
        ...


@runtime_checkable
class Judge(Protocol):
    """A backend that can also grade a call: one structured answer to a schema.

    Only backends able to grade implement it (an OpenAI-compatible endpoint); the embedded
    model and the scripted backend speak only, and the debrief grades their calls by rules.
    """

    name: str
    model: str

    async def complete_json(
        self, system: str, user: str, schema: type[BaseModel]
    ) -> dict[str, Any]:
        """One structured answer validated against `schema`; BackendError if it can't."""
        ...

    async def aclose(self) -> None:
        """Release connections."""
        ...


def can_judge(backend: object) -> bool:
    """True when `backend` can grade calls (it implements `Judge`)."""
    return isinstance(backend, Judge)
