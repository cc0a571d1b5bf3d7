"""What is on disk in a transcripts folder: its calls and their debriefs, listed with signatures.

The review index compares these listings with what it holds; listing itself knows nothing of
SQLite, so it can be read (and timed) on its own.
"""

from __future__ import annotations

import os

from roleplay.transcript.names import DEBRIEF_SUFFIX, debrief_name

Signature = tuple[int, int, int | None, int | None]

Entry = tuple[str, str, Signature, str | None]
"""A transcript as listed: (name, path, signature, its debrief's path or None)."""


def list_folder(folder: str, skip: frozenset[str]) -> tuple[list[Entry], list[tuple[str, int]]]:
    """The transcripts and subfolders (name, mtime) of one folder; raises OSError if unlistable.

    Plain strings, not Path objects: building Paths for each file would cost more than the stat
    calls themselves.
    """
    entries = list(os.scandir(folder))
    debriefs = {e.name: e for e in entries if e.name.endswith(DEBRIEF_SUFFIX)}
    files: list[Entry] = []
    folders: list[tuple[str, int]] = []
    for entry in entries:
        name = entry.name
        if name.startswith("."):
            continue
        try:
            if entry.is_dir(follow_symlinks=False):
                if name not in skip:
                    folders.append((name, entry.stat(follow_symlinks=False).st_mtime_ns))
                continue
            if not name.endswith(".jsonl"):
                continue
            stat = entry.stat()
        except OSError:
            continue
        d_entry = debriefs.get(debrief_name(name))
        d_mtime = d_size = None
        if d_entry is not None:
            try:
                d_stat = d_entry.stat()
                d_mtime, d_size = d_stat.st_mtime_ns, d_stat.st_size
            except OSError:
                d_entry = None
        sig = (stat.st_mtime_ns, stat.st_size, d_mtime, d_size)
        files.append((name, entry.path, sig, d_entry.path if d_entry is not None else None))
    return files, folders
