"""The field types every scenario and persona model shares: ids, texts, lines, mood numbers."""

from __future__ import annotations

import re
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

SLUG_PATTERN = r"^[a-z0-9][a-z0-9_-]*$"
SLUG_MAX = 64
Slug = Annotated[str, StringConstraints(pattern=SLUG_PATTERN, max_length=SLUG_MAX)]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=4000)]
Line = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=600)]
Mood = Annotated[int, Field(ge=0, le=100)]
Delta = Annotated[int, Field(ge=-50, le=50)]


def is_slug(text: str) -> bool:
    """True when `text` can be an id: what the files accept, and so what file names may use."""
    return len(text) <= SLUG_MAX and re.fullmatch(SLUG_PATTERN, text) is not None


class Strict(BaseModel):
    """Base for file models: unknown keys are errors, values are checked on assignment too."""

    model_config = ConfigDict(extra="forbid", validate_assignment=True, frozen=False)
