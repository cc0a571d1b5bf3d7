"""File names made from people's words: readable, unique, and short enough for any disk.

File systems allow 255 *bytes* per name, and UTF-8 spends up to four on a character. A
transcript's name is also the root of the names made beside it (its debrief), so it is cut well
short of the limit, with a short digest of what was cut so that two long names stay apart.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata

NAME_MAX_BYTES = 255
"""The longest file name (in bytes) that ext4, APFS, NTFS and most network shares accept."""

STEM_MAX_BYTES = 200
"""A new transcript's name before `-2` and `.jsonl`: leaves room for `.debrief.json` and more."""

TRANSCRIPT_SUFFIX = ".jsonl"
DEBRIEF_SUFFIX = ".debrief.json"
DIGEST_CHARS = 8


def utf8_len(text: str) -> int:
    """How many bytes `text` takes in a file name."""
    return len(text.encode("utf-8"))


def clip_utf8(text: str, max_bytes: int) -> str:
    """The longest start of `text` that fits in `max_bytes` bytes, never half a character."""
    return text.encode("utf-8")[:max_bytes].decode("utf-8", errors="ignore")


def bounded(stem: str, max_bytes: int = STEM_MAX_BYTES) -> str:
    """`stem` as is when it fits; else its start plus a digest of the whole, within `max_bytes`."""
    if utf8_len(stem) <= max_bytes:
        return stem
    digest = hashlib.sha256(stem.encode("utf-8")).hexdigest()[:DIGEST_CHARS]
    return clip_utf8(stem, max_bytes - DIGEST_CHARS - 1).rstrip("-") + "-" + digest


def slug(text: str, default: str = "trainee") -> str:
    """Lower-case words joined by dashes, letters of any script kept (`Zoë Ålund` -> `zoë-ålund`).

    Spaces, punctuation, path separators and control characters all become one dash.
    """
    text = unicodedata.normalize("NFC", text).lower()
    return re.sub(r"[\W_]+", "-", text).strip("-") or default


def debrief_name(transcript_name: str) -> str:
    """The debrief's file name beside a transcript: `<stem>.debrief.json`, always a legal name.

    Transcripts written before names were bounded can have stems too long for the suffix; those
    get a shortened stem with a digest, the same one every time, so the index pairs them.
    """
    stem = transcript_name.removesuffix(TRANSCRIPT_SUFFIX)
    return bounded(stem, NAME_MAX_BYTES - utf8_len(DEBRIEF_SUFFIX)) + DEBRIEF_SUFFIX
