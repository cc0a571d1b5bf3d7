"""What every review screen needs, passed down once: the index, who is reviewing, a grader."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from roleplay.store.index import Grade, ReviewIndex


@dataclass
class ReviewContext:
    """The open index, the reviewer's name (stored with overrides) and the ungraded-call grader."""

    index: ReviewIndex
    reviewer: str
    grade: Grade | None = None

    def transcript(self, rel: str) -> Path:
        """The transcript file of an indexed call."""
        return self.index.root / rel
