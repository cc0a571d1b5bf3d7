"""What the app remembers for the person at the keyboard: their name, from the last call.

It lives in the user's own state folder, not in the settings file: a trainer may point every
seat at one shared `config.toml` (ROLEPLAY_CONFIG), and a name saved there would greet the
next person on the machine as the last one. ROLEPLAY_STATE points at another file (tests).
"""

from __future__ import annotations

import os
import tomllib
from pathlib import Path

STATE_ENV = "ROLEPLAY_STATE"
STATE_NAME = "state.toml"


def state_path() -> Path:
    """The file this user's remembered values are kept in."""
    override = os.environ.get(STATE_ENV)
    if override:
        return Path(override).expanduser()
    from platformdirs import user_state_dir

    return Path(user_state_dir("roleplay")) / STATE_NAME


def last_trainee() -> str:
    """The name this user typed for their last call; empty when none (or the file is unreadable)."""
    try:
        with state_path().open("rb") as fh:
            name = tomllib.load(fh).get("trainee", "")
    except (OSError, tomllib.TOMLDecodeError):
        return ""
    return name if isinstance(name, str) else ""


def remember_trainee(name: str) -> Path:
    """Keep `name` as this user's last trainee name; returns the file written. Raises OSError."""
    import tomlkit

    path = state_path()
    try:
        doc = tomlkit.parse(path.read_text(encoding="utf-8"))
    except (OSError, tomlkit.exceptions.TOMLKitError):
        doc = tomlkit.document()
    doc["trainee"] = name
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(tomlkit.dumps(doc), encoding="utf-8")
    os.replace(tmp, path)
    return path
