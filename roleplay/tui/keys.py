"""Key bindings as the trainee sees them: every binding has an id, users remap them by id.

The help screen and in-app messages ("press ctrl+r to retry") read keys from here, so they
always show the key that actually works after `settings.keys` remapped it.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from textual.app import App
from textual.binding import Binding
from textual.dom import DOMNode


@dataclass(frozen=True)
class KeyRow:
    """One line of the help screen."""

    binding_id: str
    keys: str
    description: str
    tooltip: str


def bindings_of(node: type[DOMNode] | DOMNode) -> list[Binding]:
    """The node class's own bindings that have an id (ours all do)."""
    found = []
    for item in getattr(node, "BINDINGS", []):
        if isinstance(item, Binding) and item.id:
            found.append(item)
    return found


def keys_for(app: App[object], binding: Binding) -> str:
    """The key(s) for a binding, remapped by the app's keymap, formatted for display."""
    keymap: dict[str, str] = getattr(app, "_keymap", {})
    keys = keymap.get(binding.id or "", binding.key)
    shown = [
        app.get_key_display(replace(binding, key=key.strip(), key_display=None))
        for key in keys.split(",")
        if key.strip()
    ]
    return " / ".join(shown)


def key_display(app: App[object], binding_id: str) -> str:
    """The key for one binding id, wherever it is defined (screens on the stack, then the app)."""
    nodes: list[DOMNode] = [*reversed(app.screen_stack), app]
    for node in nodes:
        for binding in bindings_of(node):
            if binding.id == binding_id:
                return keys_for(app, binding)
    raise KeyError(binding_id)


def help_rows(app: App[Any], screen: DOMNode) -> list[KeyRow]:
    """Every key that works on `screen`, the screen's own first, then the app-wide ones.

    Bindings that share an id are one key with a word per phase (Hold, then Resume): the
    first says what it does.
    """
    rows: list[KeyRow] = []
    for node in (screen, app):
        for binding in bindings_of(node):
            if any(row.binding_id == binding.id for row in rows):
                continue
            rows.append(
                KeyRow(
                    binding_id=binding.id or "",
                    keys=keys_for(app, binding),
                    description=binding.description,
                    tooltip=binding.tooltip,
                )
            )
    return rows
