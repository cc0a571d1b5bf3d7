"""Append-only JSONL transcripts, fsynced per record, readable after a crash or a kill.

One JSON object per line. The first is the header; then turns, events (hold, resume, hint,
error) and, when the call ended properly, a closing line. A reader skips a torn last line, so
every completed turn survives `kill -9`.
"""

from __future__ import annotations

import itertools
import json
import os
from datetime import UTC, datetime
from pathlib import Path
from typing import TextIO

from roleplay.transcript.names import TRANSCRIPT_SUFFIX, bounded, slug
from roleplay.transcript.records import Close, Event, Header, Record, Transcript, Turn, parse_record


class TranscriptError(Exception):
    """A transcript file that cannot be read at all (no header, not JSON lines)."""


def transcript_stem(scenario_id: str, trainee: str, when: datetime) -> str:
    """`<time>-<scenario>-<trainee>`, bounded so every name made from it fits on disk."""
    return bounded(f"{when.strftime('%H%M%S')}-{scenario_id}-{slug(trainee)}")


def create_transcript_file(
    root: Path, scenario_id: str, trainee: str, when: datetime | None = None
) -> tuple[Path, TextIO]:
    """Create a new call's file: transcripts/<date>/<time>-<scenario>-<trainee>.jsonl.

    Created with `open("x")`, which fails instead of sharing a file, and on a clash tried again
    as `-2`, `-3`, …: two calls by one trainee on one scenario in the same second each get
    their own file, whichever process or thread gets there first.
    """
    when = when or datetime.now(UTC)
    folder = root / when.strftime("%Y-%m-%d")
    folder.mkdir(parents=True, exist_ok=True)
    stem = transcript_stem(scenario_id, trainee, when)
    for n in itertools.count(1):
        path = folder / f"{stem if n == 1 else f'{stem}-{n}'}{TRANSCRIPT_SUFFIX}"
        try:
            return path, path.open("x", encoding="utf-8")
        except FileExistsError:
            continue
    raise AssertionError("unreachable")


class TranscriptWriter:
    """Writes one call, one fsynced line per record, so nothing finished is ever lost."""

    def __init__(self, path: Path, header: Header, file: TextIO | None = None) -> None:
        """Start the transcript at `path` (which must not exist yet), or in `file` opened there."""
        self.path = path
        if file is None:
            path.parent.mkdir(parents=True, exist_ok=True)
            file = path.open("x", encoding="utf-8")
        self._file = file
        self.closed = False
        self.append(header)

    @classmethod
    def create(cls, root: Path, header: Header, when: datetime | None = None) -> TranscriptWriter:
        """A writer for a new call under `root`, named after its scenario and trainee."""
        path, file = create_transcript_file(root, header.scenario_id, header.trainee, when)
        return cls(path, header, file)

    def append(self, record: Record) -> None:
        """Write one record and force it to disk before returning."""
        if self.closed:
            raise ValueError(f"transcript {self.path} is already closed")
        line = json.dumps(record.model_dump(mode="json", exclude_none=True), ensure_ascii=False)
        self._file.write(line + "\n")
        self._file.flush()
        os.fsync(self._file.fileno())

    def close(self, record: Close | None = None) -> None:
        """Write the closing line (if given) and release the file; safe to call twice."""
        if self.closed:
            return
        if record is not None:
            self.append(record)
        self._file.close()
        self.closed = True


def read_transcript(path: Path) -> Transcript:
    """Read a transcript, skipping (and reporting) torn or damaged lines after the header."""
    try:
        raw = path.read_text(encoding="utf-8", errors="replace")
    except OSError as exc:
        raise TranscriptError(f"{path}: cannot read ({exc.strerror})") from None
    header: Header | None = None
    turns: list[Turn] = []
    events: list[Event] = []
    close: Close | None = None
    problems: list[str] = []
    for lineno, line in enumerate(raw.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            record = parse_record(json.loads(line))
        except (ValueError, TypeError) as exc:
            problems.append(f"{path}:{lineno}: skipped a damaged line ({str(exc).splitlines()[0]})")
            continue
        if isinstance(record, Header):
            if header is None:
                header = record
            else:
                problems.append(f"{path}:{lineno}: skipped a second header")
        elif header is None:
            break
        elif isinstance(record, Turn):
            turns.append(record)
        elif isinstance(record, Event):
            events.append(record)
        elif isinstance(record, Close):
            close = record
    if header is None:
        raise TranscriptError(f"{path}: not a roleplay transcript (no header line)")
    return Transcript(
        path=path, header=header, turns=turns, events=events, close=close, problems=problems
    )
