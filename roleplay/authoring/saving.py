"""Saving an edit: only a valid one replaces the file; any other is kept as a draft.

This is the one rule of Ctrl+S in the Scenarios app. A trainer expects the scenario trainees
play to stay good while they work on it, and their own text never to vanish: so an edit with
problems (or one that breaks another file, such as a persona a scenario needs) is not saved
over the file, the problems are shown, and the text is kept as a draft to come back to.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from roleplay.authoring.checking import Check, check_text
from roleplay.authoring.drafts import discard_draft, keep_draft
from roleplay.authoring.files import ScenarioFile, write_atomically
from roleplay.workspace import Workspace


@dataclass
class Saved:
    """What Ctrl+S did."""

    check: Check
    saved: Path | None = None
    """The file written, when the edit was valid."""
    draft: Path | None = None
    """Where the text was kept instead, when it was not."""
    breaks: list[str] | None = None
    """Problems this edit would cause in other files (it was not saved because of them)."""

    @property
    def ok(self) -> bool:
        return self.saved is not None


def save_edit(workspace: Workspace, item: ScenarioFile, text: str) -> Saved:
    """Check `text`; write it to the file (or the workspace copy) if valid, else keep a draft."""
    check = check_text(workspace, item, text)
    breaks: list[str] = []
    if check.ok and check.elsewhere:
        before = _problems_elsewhere_now(workspace, item)
        breaks = [p for p in check.elsewhere if p not in before]
    if item.save_to is None:
        return Saved(check, breaks=breaks or None)
    if not check.ok or breaks:
        return Saved(check, draft=keep_draft(item, text), breaks=breaks or None)
    write_atomically(item.save_to, text)
    discard_draft(item)
    return Saved(check, saved=item.save_to)


def _problems_elsewhere_now(workspace: Workspace, item: ScenarioFile) -> set[str]:
    """The other files' problems with the file as it is on disk (or absent, for a new copy)."""
    on_disk = item.save_to if item.save_to is not None and item.save_to.exists() else item.path
    try:
        text = on_disk.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return set()
    return set(check_text(workspace, item, text).elsewhere)
