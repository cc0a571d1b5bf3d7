"""What a refresh of the review index reports, and how it asks for ungraded calls to be graded.

The index does not grade: it is given a `Grade` (the grading service's autograder) and records
what that wrote, or why it could not.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from roleplay.store.listing import Signature

Grade = Callable[[Path], Path | None]


@dataclass
class RefreshReport:
    """What one refresh did; `warnings` name files that were skipped or only partly read."""

    added: int = 0
    updated: int = 0
    removed: int = 0
    unchanged: int = 0
    warnings: list[str] = field(default_factory=list)

    @property
    def indexed(self) -> int:
        """Calls read from disk this time (added or updated)."""
        return self.added + self.updated

    def summary(self) -> str:
        """One line for the command line or a status bar."""
        text = (
            f"{self.added} added, {self.updated} updated, {self.removed} removed, "
            f"{self.unchanged} unchanged"
        )
        if self.warnings:
            text += f", {len(self.warnings)} warning(s)"
        return text


def graded_signature(
    path: Path, sig: Signature, grade: Grade, warnings: list[str], rel: str
) -> tuple[Path | None, Signature]:
    """Ask `grade` for a debrief of an ungraded call; the signature then includes it."""
    try:
        made = grade(path)
        if made is None:
            return None, sig
        stat = made.stat()
    except Exception as exc:  # grading is a convenience: a failure leaves the call ungraded
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else exc
        warnings.append(f"{rel}: not graded: {reason}")
        return None, sig
    return made, (sig[0], sig[1], stat.st_mtime_ns, stat.st_size)
