"""Pick and build the backend a call will use, importing heavy libraries only when chosen."""

from __future__ import annotations

from collections.abc import Callable

from roleplay.choices import BackendName
from roleplay.config import Settings
from roleplay.errors import UserError
from roleplay.llm.base import Backend


def make_backend(
    settings: Settings,
    name: str | None = None,
    *,
    progress: Callable[[str], None] | None = None,
) -> Backend:
    """The backend called `name` (default: `settings.backend`), configured from `settings`.

    Construction is cheap: the embedded model loads on first use (or `await backend.prepare()`),
    and `progress` receives messages such as "Preparing the embedded model (first run)…".
    """
    chosen = (name or settings.backend or BackendName.LOCAL).strip().lower()
    if chosen == BackendName.SCRIPTED:
        from roleplay.llm.scripted_backend import ScriptedBackend

        return ScriptedBackend()
    if chosen == BackendName.OPENAI:
        from roleplay.llm.openai_backend import OpenAIBackend

        return OpenAIBackend(settings.openai)
    if chosen == BackendName.LOCAL:
        from roleplay.llm.local_backend import LocalBackend

        return LocalBackend(settings.local, progress=progress)
    raise UserError(
        f"unknown backend '{name or settings.backend}'",
        hint=f"choose one of: {'|'.join(BackendName)}",
    )
