"""The field types every scenario and persona model shares: ids, texts, lines, wordings, moods."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Annotated, Any

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
    WithJsonSchema,
)

# A whole-model check that finds several problems joins them with this; the loader shows
# each as a line of its own, so one run names them all.
ONE_PER_LINE = "\n"

SLUG_PATTERN = r"^[a-z0-9][a-z0-9_-]*$"
SLUG_MAX = 64
Slug = Annotated[str, StringConstraints(pattern=SLUG_PATTERN, max_length=SLUG_MAX)]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=4000)]
LINE_MAX = 600
Line = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=LINE_MAX)]


def _one_line(value: Any, which: str) -> str:
    if not isinstance(value, str):
        kind = "a list" if isinstance(value, list) else "a mapping"
        kind = kind if isinstance(value, list | dict) else repr(value)
        if value is None:
            raise ValueError(f"{which}is empty; give a line of text")
        raise ValueError(f"{which}must be a line of text (got {kind})")
    line = value.strip()
    if not line:
        raise ValueError(f"{which}must not be empty")
    if len(line) > LINE_MAX:
        raise ValueError(f"{which}is too long ({len(line)} characters; at most {LINE_MAX})")
    return line


def _wording(value: Any) -> str | list[str]:
    """A line, or a list of alternative lines: each stripped, none empty, the list not empty."""
    if isinstance(value, list):
        if not value:
            raise ValueError(
                "the list of wordings is empty; give one line, or a list of one or more lines"
            )
        return [_one_line(v, f"wording {i + 1} ") for i, v in enumerate(value)]
    return _one_line(value, "")


_LINE_SCHEMA = {"type": "string", "minLength": 1, "maxLength": LINE_MAX}
Wording = Annotated[
    str | list[str],
    BeforeValidator(_wording),
    WithJsonSchema(
        {
            "anyOf": [_LINE_SCHEMA, {"type": "array", "items": _LINE_SCHEMA, "minItems": 1}],
            "description": "A line, or a list of lines: alternative wordings of the same thing, "
            "one picked per call.",
        }
    ),
]
"""Words the customer says, as one line or as alternative wordings of the same thing (the call
picks one, so the same moment does not always get the same words)."""


def wordings(wording: str | Sequence[str]) -> list[str]:
    """Every wording of a `Wording` field, in the order the author wrote them."""
    return [wording] if isinstance(wording, str) else list(wording)


Mood = Annotated[int, Field(ge=0, le=100)]
Delta = Annotated[int, Field(ge=-50, le=50)]


def is_slug(text: str) -> bool:
    """True when `text` can be an id: what the files accept, and so what file names may use."""
    return len(text) <= SLUG_MAX and re.fullmatch(SLUG_PATTERN, text) is not None


class Strict(BaseModel):
    """Base for file models: unknown keys are errors, values are checked on assignment too."""

    model_config = ConfigDict(extra="forbid", validate_assignment=True, frozen=False)
