"""The review index: an SQLite file derived from the transcripts and debriefs, for fast review.

The files stay the truth. The index (`<transcripts>/.index.sqlite`, WAL mode) holds one row per
call and one per graded criterion, refreshed incrementally by file mtime and size; it can be
deleted or rebuilt at any time, and a schema change (`PRAGMA user_version`) rebuilds it.

A refresh with nothing changed must not stat 100,000 files, so it trusts folders: a folder whose
modification time is what it was at the last refresh has had no file added, removed or renamed,
and is skipped without listing it. What that cannot see is a file rewritten in place, so a
folder is trusted only when nothing in it can change that way:

- every call in it had closed (a running call, or one abandoned without a closing line, is
  appended to in place, so its folder is listed again on every refresh until the call closes);
- no file in it was unreadable (a transcript just created may not have its header yet);
- it had not changed in the last `RACY_NS` (a change in the same clock tick as the listing
  would leave the folder's time as it was);
- the index's rows for it are exactly what this refresh saw (another process may have written).

Debriefs are replaced whole by `save_debrief` (a new file renamed over the old, which changes
the folder's time), never edited in place. A file edited in place by hand in a trusted folder
is found by `roleplay review --rebuild`.

Several processes may refresh one index at once (a team lead's review while a scheduled report
runs): the schema is created under a write lock, and every write looks the path up inside its
own transaction instead of trusting what this process read before, so the last writer wins
and nobody fails.
"""

from __future__ import annotations

import os
import sqlite3
import stat as stat_mode
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from time import time_ns

from roleplay.errors import UserError
from roleplay.store.index_rows import CallRow, CallUnreadable, read_call
from roleplay.store.listing import Signature, list_folder
from roleplay.store.refresh import Grade, RefreshReport, graded_signature
from roleplay.store.schema import (  # INDEX_NAME: where callers have always found it
    INDEX_NAME,
    SCHEMA_VERSION,
    create_schema,
    index_path,
    insert_call,
)

__all__ = ["INDEX_NAME", "Grade", "RefreshReport", "ReviewIndex", "index_path", "open_index"]

SKIP_DIRS = frozenset({"selfplay"})
"""Folders under the transcripts folder that are not team calls (self-play runs)."""

BATCH = 2000
RACY_NS = 5_000_000_000
"""A folder changed this recently is listed again next time: a change within the same clock
tick as this listing would not move its time. Generous, for network shares' coarse clocks."""
BUSY_TIMEOUT_S = 30.0
"""How long a refresh waits for another process's write to finish before giving up."""


@dataclass
class _Seen:
    """One folder as this refresh listed it: its time (None: not to be trusted) and files."""

    rel: str
    mtime: int | None
    files: dict[str, Signature]


def _parent(rel: str) -> str:
    return rel.rpartition("/")[0]


class ReviewIndex:
    """An open review index over one transcripts folder."""

    def __init__(self, transcripts_dir: Path, db_path: Path | None = None) -> None:
        self.root = Path(transcripts_dir)
        self.path = db_path or index_path(self.root)
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise UserError(
                f"cannot create {self.path.parent} for the review index ({exc.strerror})",
                hint="check the transcripts folder (ROLEPLAY_TRANSCRIPTS) exists and is writable",
                exit_code=1,
            ) from None
        self.db = self._connect()

    # ------------------------------------------------------------------ opening

    def _connect(self) -> sqlite3.Connection:
        try:
            db = self._open_checked()
        except sqlite3.OperationalError as exc:
            # Busy or locked is not damage: another process is using the index right now.
            raise self._busy(exc) from None
        except sqlite3.DatabaseError:
            # The index is derived data: a damaged file is simply thrown away and rebuilt.
            self._delete_files()
            db = self._open_checked()
        return db

    def _busy(self, exc: sqlite3.OperationalError) -> UserError:
        return UserError(
            f"the review index {self.path} could not be written ({exc})",
            hint="another roleplay may be rebuilding it: try again in a moment",
            exit_code=1,
        )

    def _open_checked(self) -> sqlite3.Connection:
        try:
            db = sqlite3.connect(
                self.path, isolation_level=None, check_same_thread=False, timeout=BUSY_TIMEOUT_S
            )
        except sqlite3.OperationalError as exc:
            raise UserError(
                f"cannot open the review index {self.path}: {exc}",
                hint="check the transcripts folder is writable, or delete the index to rebuild it",
                exit_code=1,
            ) from None
        try:
            db.execute(f"PRAGMA busy_timeout={int(BUSY_TIMEOUT_S * 1000)}")
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA synchronous=NORMAL")
            db.execute("PRAGMA foreign_keys=ON")
            db.execute("PRAGMA cache_size=-32000")
            version = db.execute("PRAGMA user_version").fetchone()[0]
            if version != SCHEMA_VERSION:
                create_schema(db, only_if_stale=True)
        except sqlite3.DatabaseError:
            db.close()
            raise
        return db

    def _delete_files(self) -> None:
        for suffix in ("", "-wal", "-shm"):
            Path(str(self.path) + suffix).unlink(missing_ok=True)

    def close(self) -> None:
        """Release the database file."""
        self.db.close()

    def __enter__(self) -> ReviewIndex:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ------------------------------------------------------------------ refreshing

    def rebuild(
        self, progress: Callable[[int], None] | None = None, *, grade: Grade | None = None
    ) -> RefreshReport:
        """Forget everything and index every file again."""
        create_schema(self.db)
        return self.refresh(progress, grade=grade)

    def refresh(
        self, progress: Callable[[int], None] | None = None, *, grade: Grade | None = None
    ) -> RefreshReport:
        """Bring the index up to date: new or changed files read, deleted ones removed.

        Folders trusted at the last refresh and unchanged since are skipped unlisted (see the
        module's docstring); every other folder is listed and its files compared by signature.

        `grade`, when given, is asked to write a debrief for each new or changed call that has
        none (see `roleplay.grading.auto`); it returns the debrief's path or None.
        """
        report = RefreshReport()
        trusted: dict[str, tuple[int | None, int]] = {}
        children: dict[str, list[str]] = {}
        for rel, mtime, files in self.db.execute("SELECT path, mtime, files FROM folders"):
            trusted[rel] = (mtime, files)
            if rel:
                children.setdefault(_parent(rel), []).append(rel)
        pending: list[tuple[str, Signature, CallRow | str, bool]] = []
        seen: list[_Seen] = []
        gone: list[str] = []
        gone_folders: list[str] = []
        stack: list[tuple[str, str, int | None]] = [("", str(self.root), None)]
        while stack:
            rel, where, mtime = stack.pop()
            before = trusted.get(rel)
            if mtime is not None and before is not None and before[0] == mtime:
                report.unchanged += before[1]
                for child in children.get(rel, ()):
                    path = os.path.join(where, child.rpartition("/")[2])
                    try:
                        found = os.stat(path, follow_symlinks=False)
                    except OSError:
                        gone_folders.append(child)
                        continue
                    if stat_mode.S_ISDIR(found.st_mode):
                        stack.append((child, path, found.st_mtime_ns))
                    else:
                        gone_folders.append(child)
                continue
            try:
                files, folders = list_folder(where, SKIP_DIRS if not rel else frozenset())
            except OSError:
                files, folders, mtime = [], [], None
            if mtime is not None and time_ns() - mtime < RACY_NS:
                mtime = None
            prefix = rel + "/" if rel else ""
            known = self._rows_in(rel)
            sigs: dict[str, Signature] = {}
            for name, path, sig, debrief in files:
                call = prefix + name
                before_sig = known.get(call)
                if before_sig is not None and before_sig[0] == sig:
                    sigs[call] = sig
                    report.unchanged += 1
                    continue
                made = Path(debrief) if debrief is not None else None
                if made is None and grade is not None:
                    made, sig = graded_signature(Path(path), sig, grade, report.warnings, call)
                sigs[call] = sig
                try:
                    row: CallRow | str = read_call(Path(path), made)
                except CallUnreadable as exc:
                    row = str(exc)
                pending.append((call, sig, row, before_sig is not None))
                if len(pending) >= BATCH:
                    self._write(pending, report)
                    pending.clear()
                    if progress is not None:
                        progress(report.indexed)
            gone += [call for call in known if call not in sigs]
            listed = {prefix + name for name, _ in folders}
            gone_folders += [child for child in children.get(rel, ()) if child not in listed]
            stack += [(prefix + name, os.path.join(where, name), m) for name, m in folders]
            seen.append(_Seen(rel, mtime, sigs))
        self._write(pending, report, gone, gone_folders, seen)
        if progress is not None:
            progress(report.indexed)
        return report

    def _rows_in(self, rel: str) -> dict[str, tuple[Signature, bool]]:
        """The index's calls and problem files directly in one folder: path -> (signature,
        whether it may still change in place: a call not closed, or a file not readable)."""
        if rel:
            where = "path > ? AND path < ?"
            args: tuple[str, ...] = (rel + "/", rel + "0")  # "0" sorts just after "/"
        else:
            where, args = "instr(path, '/') = 0", ()
        rows = self.db.execute(
            f"SELECT path, t_mtime, t_size, d_mtime, d_size, open FROM calls WHERE {where} "
            f"UNION ALL SELECT path, t_mtime, t_size, d_mtime, d_size, 1 FROM problems "
            f"WHERE {where}",
            args * 2,
        )
        cut = len(rel) + 1 if rel else 0
        return {
            path: ((t_mtime, t_size, d_mtime, d_size), bool(unsettled))
            for path, t_mtime, t_size, d_mtime, d_size, unsettled in rows
            if "/" not in path[cut:]
        }

    def refresh_one(self, transcript: Path) -> RefreshReport:
        """Re-read one call (after an override was saved), without scanning the folder."""
        rel = transcript.resolve().relative_to(self.root.resolve()).as_posix()
        report = RefreshReport()
        try:
            stat = transcript.stat()
        except FileNotFoundError:
            self._write([], report, [rel])
            return report
        from roleplay.store.index_rows import debrief_file

        debrief: Path | None = debrief_file(transcript)
        d_mtime = d_size = None
        try:
            d_stat = debrief_file(transcript).stat()
            d_mtime, d_size = d_stat.st_mtime_ns, d_stat.st_size
        except OSError:
            debrief = None
        sig = (stat.st_mtime_ns, stat.st_size, d_mtime, d_size)
        try:
            row: CallRow | str = read_call(transcript, debrief)
        except CallUnreadable as exc:
            row = str(exc)
        self._write([(rel, sig, row, True)], report)
        return report

    def _write(
        self,
        pending: list[tuple[str, Signature, CallRow | str, bool]],
        report: RefreshReport,
        gone: list[str] | None = None,
        gone_folders: list[str] | None = None,
        seen: list[_Seen] | None = None,
    ) -> None:
        """Write rows, remove deleted files and folders, and record the folders listed, in one
        transaction. A folder that gets a row is not trusted until a refresh records it."""
        db = self.db
        db.execute("BEGIN IMMEDIATE")
        try:
            for rel in gone or []:
                db.execute("DELETE FROM calls WHERE path = ?", (rel,))
                db.execute("DELETE FROM problems WHERE path = ?", (rel,))
                report.removed += 1
            for folder in gone_folders or []:
                inside = (folder + "/", folder + "0")
                for table in ("calls", "problems"):
                    cur = db.execute(f"DELETE FROM {table} WHERE path > ? AND path < ?", inside)
                    report.removed += max(cur.rowcount, 0)
                db.execute(
                    "DELETE FROM folders WHERE path = ? OR (path > ? AND path < ?)",
                    (folder, *inside),
                )
            self._distrust({_parent(rel) for rel, *_ in pending})
            for rel, sig, row, existed in pending:
                # Looked up here, not trusted from before: another process may have indexed
                # this file since. A re-read call keeps its id, so an open screen still finds it.
                found = db.execute("SELECT id FROM calls WHERE path = ?", (rel,)).fetchone()
                row_id = found[0] if found else None
                if found:
                    db.execute("DELETE FROM calls WHERE id = ?", (row_id,))
                db.execute("DELETE FROM problems WHERE path = ?", (rel,))
                if isinstance(row, str):
                    db.execute("INSERT INTO problems VALUES (?,?,?,?,?,?)", (rel, *sig, row))
                    report.warnings.append(f"{rel}: skipped: {row}")
                else:
                    insert_call(self.db, rel, sig, row, row_id)
                    report.warnings.extend(f"{rel}: {p}" for p in row.problems)
                if existed:
                    report.updated += 1
                else:
                    report.added += 1
            for day in seen or []:
                self._record(day)
            db.execute("COMMIT")
        except BaseException as exc:
            if db.in_transaction:
                db.execute("ROLLBACK")
            if isinstance(exc, sqlite3.OperationalError):
                raise self._busy(exc) from None
            raise

    def _distrust(self, folders: set[str]) -> None:
        """Mark folders (and make their parents known) as to be listed at the next refresh."""
        for folder in folders:
            self.db.execute(
                "INSERT INTO folders (path, mtime) VALUES (?, NULL) "
                "ON CONFLICT(path) DO UPDATE SET mtime = NULL",
                (folder,),
            )
            while folder:
                folder = _parent(folder)
                self.db.execute("INSERT OR IGNORE INTO folders (path) VALUES (?)", (folder,))

    def _record(self, folder: _Seen) -> None:
        """Remember a listed folder, trusted only if the index now holds exactly what was seen
        (read here, inside the write: another process may have written since) and settled."""
        rows = self._rows_in(folder.rel)
        settled = folder.mtime is not None and not any(open_ for _, open_ in rows.values())
        same = settled and {rel: sig for rel, (sig, _) in rows.items()} == folder.files
        self.db.execute(
            "INSERT OR REPLACE INTO folders (path, mtime, files) VALUES (?, ?, ?)",
            (folder.rel, folder.mtime if same else None, len(rows)),
        )

    # ------------------------------------------------------------------ housekeeping

    def problems(self) -> list[str]:
        """Every file the index currently skips or reads only in part, with why."""
        rows = self.db.execute(
            "SELECT path, 'skipped: ' || message FROM problems "
            "UNION ALL SELECT path, problem FROM calls WHERE problem IS NOT NULL ORDER BY 1"
        ).fetchall()
        return [f"{path}: {message}" for path, message in rows]

    def __len__(self) -> int:
        return int(self.db.execute("SELECT COUNT(*) FROM calls").fetchone()[0])


def open_index(
    transcripts_dir: Path, *, refresh: bool = True, grade: Grade | None = None
) -> tuple[ReviewIndex, RefreshReport]:
    """Open (creating if needed) and, by default, refresh the index of a transcripts folder."""
    index = ReviewIndex(transcripts_dir)
    report = index.refresh(grade=grade) if refresh else RefreshReport()
    return index, report
