"""Drafts: a trainer's unsaved text, kept on disk so nothing typed is ever lost.

An edit that does not validate is not saved over the scenario trainees play; it is kept here
instead (and every few seconds while typing), in the workspace's `drafts/` folder, which the
loader never reads. Opening the file again offers the draft; saving a valid edit removes it.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from roleplay.authoring.files import FOLDER, ScenarioFile, write_atomically

DRAFTS = "drafts"


@dataclass(frozen=True)
class Draft:
    """A kept draft: its text and when it was written."""

    path: Path
    text: str
    written: datetime


def draft_path(item: ScenarioFile) -> Path | None:
    """Where the draft of `item` is kept (None when there is no workspace to keep it in)."""
    if item.save_to is None:
        return None
    root = item.save_to.parent.parent
    return root / DRAFTS / FOLDER[item.kind] / item.save_to.name


def keep_draft(item: ScenarioFile, text: str) -> Path | None:
    """Write the draft of `item`; returns where, or None when it cannot be kept."""
    path = draft_path(item)
    if path is None:
        return None
    write_atomically(path, text)
    return path


def read_draft(item: ScenarioFile) -> Draft | None:
    """The draft of `item`, if one is kept."""
    path = draft_path(item)
    if path is None or not path.is_file():
        return None
    try:
        text = path.read_text(encoding="utf-8")
        written = datetime.fromtimestamp(path.stat().st_mtime)
    except (OSError, UnicodeDecodeError):
        return None
    return Draft(path, text, written)


def discard_draft(item: ScenarioFile) -> bool:
    """Remove the draft of `item`; True if there was one."""
    path = draft_path(item)
    if path is None or not path.is_file():
        return False
    with contextlib.suppress(FileNotFoundError):
        path.unlink()
    return True
