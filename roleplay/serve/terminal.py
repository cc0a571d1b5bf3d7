"""The browser terminal's side of an app socket: its messages passed on to the app process.

The page's terminal sends small JSON messages (keys typed, a new size, focus, a ping); only
those are relayed, with sizes clamped, so a hostile page cannot send anything else through.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from aiohttp import WSMsgType, web

from roleplay.serve.apps import SessionApp


async def relay(socket: web.WebSocketResponse, app: SessionApp, touch: Callable[[], None]) -> None:
    """Pass the terminal's messages to the app until the socket closes; each one is activity."""
    async for message in socket:
        if message.type != WSMsgType.TEXT:
            continue
        try:
            kind, *rest = message.json()
        except (ValueError, TypeError):
            continue
        data = rest[0] if rest else None
        touch()
        if kind == "stdin" and isinstance(data, str):
            await app.send_bytes(data.encode("utf-8"))
        elif kind == "resize" and isinstance(data, dict):
            await app.set_terminal_size(
                bounded(data.get("width"), 80, 20, 500),
                bounded(data.get("height"), 24, 10, 200),
            )
        elif kind == "ping":
            await socket.send_json(["pong", data])
        elif kind == "blur":
            await app.blur()
        elif kind == "focus":
            await app.focus()


def bounded(value: Any, default: int, low: int, high: int) -> int:
    """A whole number from the browser, kept within [low, high] (the default if not a number)."""
    try:
        number = int(value)
    except (TypeError, ValueError):
        return default
    return min(max(number, low), high)
