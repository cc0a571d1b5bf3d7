"""The review index's tables: the schema (versioned by `PRAGMA user_version`), where the file
lives, and how one call is written into it. `index.py` decides when; this module knows how."""

from __future__ import annotations

import hashlib
import os
import sqlite3
from pathlib import Path

from roleplay.store.index_rows import CallRow
from roleplay.store.listing import Signature

INDEX_NAME = ".index.sqlite"
SCHEMA_VERSION = 8

SCHEMA = """
CREATE TABLE calls (
    id INTEGER PRIMARY KEY,
    path TEXT NOT NULL UNIQUE,
    t_mtime INTEGER NOT NULL,
    t_size INTEGER NOT NULL,
    d_mtime INTEGER,
    d_size INTEGER,
    call_id TEXT NOT NULL,
    started_at TEXT NOT NULL,
    trainee TEXT NOT NULL,
    scenario_id TEXT NOT NULL,
    scenario_title TEXT NOT NULL,
    difficulty TEXT NOT NULL,
    exam INTEGER NOT NULL,
    backend TEXT NOT NULL,
    duration_s REAL,
    turns INTEGER NOT NULL,
    trainee_turns INTEGER NOT NULL DEFAULT 0,
    end_reason TEXT NOT NULL,
    overall REAL,
    machine_overall REAL,
    passed INTEGER,
    machine_passed INTEGER,
    grader TEXT,
    graded_with TEXT,
    overrides INTEGER NOT NULL DEFAULT 0,
    problem TEXT,
    open INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE criteria (
    call INTEGER NOT NULL REFERENCES calls(id) ON DELETE CASCADE,
    criterion_id TEXT NOT NULL,
    name TEXT NOT NULL,
    weight INTEGER NOT NULL,
    machine_score INTEGER,
    score INTEGER,
    overridden INTEGER NOT NULL DEFAULT 0,
    override_by TEXT,
    override_at TEXT,
    override_note TEXT,
    PRIMARY KEY (call, criterion_id)
) WITHOUT ROWID;
CREATE TABLE overrides (
    call INTEGER NOT NULL REFERENCES calls(id) ON DELETE CASCADE,
    criterion_id TEXT NOT NULL,
    score INTEGER,
    note TEXT NOT NULL,
    by TEXT NOT NULL,
    at TEXT NOT NULL
);
CREATE TABLE problems (
    path TEXT PRIMARY KEY,
    t_mtime INTEGER NOT NULL,
    t_size INTEGER NOT NULL,
    d_mtime INTEGER,
    d_size INTEGER,
    message TEXT NOT NULL
);
CREATE TABLE folders (
    path TEXT PRIMARY KEY,
    mtime INTEGER,
    files INTEGER NOT NULL DEFAULT 0
) WITHOUT ROWID;
"""

INDEXES = """
CREATE INDEX IF NOT EXISTS calls_started ON calls(started_at);
CREATE INDEX IF NOT EXISTS calls_trainee ON calls(trainee, started_at, overall, passed, overrides);
CREATE INDEX IF NOT EXISTS calls_scenario ON calls(scenario_id, started_at);
CREATE INDEX IF NOT EXISTS calls_scenario_passed ON calls(scenario_id, passed, started_at);
CREATE INDEX IF NOT EXISTS calls_passed ON calls(passed, started_at);
CREATE INDEX IF NOT EXISTS calls_overall ON calls(overall);
CREATE INDEX IF NOT EXISTS criteria_kind ON criteria(criterion_id, score, overridden);
CREATE INDEX IF NOT EXISTS overrides_call ON overrides(call);
"""


def index_path(transcripts_dir: Path) -> Path:
    """Where the index of a transcripts folder lives.

    Beside the calls when the folder is writable; for a read-only folder (a shared team drive),
    in the user's cache folder, one index per transcripts folder.
    """
    transcripts_dir = Path(transcripts_dir)
    if not transcripts_dir.is_dir() or os.access(transcripts_dir, os.W_OK | os.X_OK):
        return transcripts_dir / INDEX_NAME
    from platformdirs import user_cache_path

    key = hashlib.sha256(str(transcripts_dir.resolve()).encode()).hexdigest()[:16]
    return user_cache_path("roleplay") / f"index-{key}.sqlite"


def create_schema(db: sqlite3.Connection, *, only_if_stale: bool = False) -> None:
    """Drop every table and create the current schema, in one write transaction.

    `only_if_stale`: look at the version again under the write lock, and leave the schema
    alone if another process created it meanwhile (dropping it would lose that work).
    """
    db.execute("PRAGMA foreign_keys=OFF")
    db.execute("BEGIN IMMEDIATE")
    try:
        version = db.execute("PRAGMA user_version").fetchone()[0]
        if not (only_if_stale and version == SCHEMA_VERSION):
            tables = db.execute(
                "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'"
            ).fetchall()
            for (name,) in tables:
                db.execute(f'DROP TABLE IF EXISTS "{name}"')
            for statement in (SCHEMA + INDEXES).split(";"):
                if statement.strip():
                    db.execute(statement)
            db.execute(f"PRAGMA user_version={SCHEMA_VERSION}")
        db.execute("COMMIT")
    except BaseException:
        if db.in_transaction:
            db.execute("ROLLBACK")
        raise
    finally:
        db.execute("PRAGMA foreign_keys=ON")


def insert_call(
    db: sqlite3.Connection, rel: str, sig: Signature, row: CallRow, row_id: int | None = None
) -> None:
    """One call's row, its criteria and its overrides' audit trail."""
    cur = db.execute(
        "INSERT INTO calls (id, path, t_mtime, t_size, d_mtime, d_size, call_id, started_at, "
        "trainee, scenario_id, scenario_title, difficulty, exam, backend, duration_s, turns, "
        "trainee_turns, end_reason, overall, machine_overall, passed, machine_passed, grader, "
        "graded_with, overrides, problem, open) "
        "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
        (
            row_id,
            rel,
            *sig,
            row.call_id,
            row.started_at,
            row.trainee,
            row.scenario_id,
            row.scenario_title,
            row.difficulty,
            int(row.exam),
            row.backend,
            row.duration_s,
            row.turns,
            row.trainee_turns,
            row.end_reason,
            row.overall,
            row.machine_overall,
            None if row.passed is None else int(row.passed),
            None if row.machine_passed is None else int(row.machine_passed),
            row.grader,
            row.graded_with,
            row.overrides,
            "; ".join(row.problems) or None,
            int(row.open),
        ),
    )
    call = cur.lastrowid
    if row.criteria:
        db.executemany(
            "INSERT OR REPLACE INTO criteria VALUES (?,?,?,?,?,?,?,?,?,?)",
            [
                (
                    call,
                    c.criterion_id,
                    c.name,
                    c.weight,
                    c.machine_score,
                    c.score,
                    int(c.overridden),
                    c.override_by,
                    c.override_at,
                    c.override_note,
                )
                for c in row.criteria
            ],
        )
    if row.audit:
        db.executemany(
            "INSERT INTO overrides VALUES (?,?,?,?,?,?)",
            [(call, o.criterion_id, o.score, o.note, o.by, o.at) for o in row.audit],
        )
