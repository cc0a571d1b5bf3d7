"""llama.cpp's server engine as xllamacpp runs it in-process: started, and asked for one reply.

Kept apart from the backend so what speaks to the engine, and on which thread it starts, reads
in one place.
"""

from __future__ import annotations

import json
import os
import sys
import threading
from collections.abc import Callable
from typing import Any

ENGINE_NICENESS = 10
"""The engine's threads run this far below the app's priority (Linux), so the call screen gets
the processor first: on two cores the model reading ahead at the same priority made the
trainee's keys show up to a second late. The model still has every cycle the screen leaves."""


def choice_grammar(options: list[str]) -> str:
    """A GBNF grammar whose only sentences are the given lines."""
    return "root ::= " + " | ".join(json.dumps(o) for o in options)


def stream_request(
    llama: Any,
    request: dict[str, Any],
    on_text: Callable[[str], bool],
    stop: threading.Event,
) -> dict[str, Any] | None:
    """Run one streamed request; None when it finished, else the engine's error."""
    error: dict[str, Any] | None = None

    def receive(chunk: dict[str, Any]) -> bool:
        nonlocal error
        if "error" in chunk:
            error = chunk["error"]
            return True
        choices = chunk.get("choices") or [{}]
        text = choices[0].get("text") or ""
        if text and on_text(text):
            return True
        return stop.is_set()

    result = llama.handle_completions(request, receive)
    if error is None and isinstance(result, dict) and "error" in result:
        error = result["error"]
    return error


def start_engine(server: Callable[[Any], Any], params: Any, niceness: int) -> Any:
    """Start llama.cpp's engine; with `niceness`, on a thread that much lower in priority.

    The engine computes on threads it starts itself, and on Linux a thread starts at the
    priority of the thread that started it; a thread's priority cannot be raised back without
    privileges, so the lowering is done on a thread made for it alone.
    """
    if niceness <= 0 or not sys.platform.startswith("linux"):
        return server(params)
    made: dict[str, Any] = {}

    def start() -> None:
        thread = threading.get_native_id()
        try:
            now = os.getpriority(os.PRIO_PROCESS, thread)
            os.setpriority(os.PRIO_PROCESS, thread, min(19, now + niceness))
        except OSError:
            pass  # a lower priority is a courtesy to the screen, not a reason to fail
        try:
            made["engine"] = server(params)
        except BaseException as exc:  # raised again on the caller's thread
            made["error"] = exc

    thread = threading.Thread(target=start, name="roleplay-model-start", daemon=True)
    thread.start()
    thread.join()
    if "error" in made:
        raise made["error"]
    return made["engine"]
