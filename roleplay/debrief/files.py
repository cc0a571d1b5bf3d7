"""Where a debrief lives on disk (beside its transcript) and how it is written and read."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from pydantic import ValidationError

from roleplay.debrief.model import SCHEMA_VERSION, Debrief
from roleplay.errors import UserError
from roleplay.transcript.names import debrief_name


def debrief_path(transcript_path: Path) -> Path:
    """`<transcript>.debrief.json`: the debrief cached beside its call."""
    transcript_path = Path(transcript_path)
    return transcript_path.with_name(debrief_name(transcript_path.name))


def save_debrief(debrief: Debrief, path: Path) -> Path:
    """Write the debrief as JSON atomically (a crash never leaves half a file)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    # A short temporary name: the debrief's own name may already be near the length limit.
    fd, tmp = tempfile.mkstemp(prefix=".debrief-", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(debrief.model_dump_json(indent=2))
            fh.write("\n")
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path


def load_debrief(path: Path) -> Debrief:
    """Read a saved debrief; a damaged or too-new file is a UserError saying what to do."""
    path = Path(path)
    try:
        raw = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise UserError(
            f"cannot read the debrief {path} ({exc.strerror})",
            hint="check the path, or grade the call again with `roleplay debrief TRANSCRIPT`",
        ) from None
    try:
        debrief = Debrief.model_validate_json(raw)
    except ValidationError as exc:
        raise UserError(
            f"the debrief {path} is damaged ({exc.errors()[0].get('msg')})",
            hint="grade the call again with `roleplay debrief TRANSCRIPT --regrade`",
        ) from None
    if debrief.schema_version > SCHEMA_VERSION:
        raise UserError(
            f"the debrief {path} was written by a newer roleplay "
            f"(format {debrief.schema_version}, this one reads {SCHEMA_VERSION})",
            hint="upgrade roleplay, or grade the call again with --regrade",
        )
    return debrief
