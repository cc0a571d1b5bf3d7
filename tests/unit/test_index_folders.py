"""The review index skips folders unchanged since the last refresh, and still misses nothing.

A folder is skipped only when its time is unchanged and nothing in it can change in place: a
call still open (appended to without touching the folder's time) keeps its folder listed.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest
from support.synthetic import write_synthetic_calls

import roleplay.store.index as index_module
from roleplay.debrief.files import debrief_path, load_debrief, save_debrief
from roleplay.store.index import ReviewIndex

AGO_NS = 3600 * 10**9


def _age(root: Path) -> None:
    """Set every folder's time an hour back, as a history written long ago would have."""
    for folder in [root, *(p for p in root.rglob("*") if p.is_dir())]:
        then = folder.stat().st_mtime_ns - AGO_NS
        os.utime(folder, ns=(then, then))


@pytest.fixture
def listed(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The folders the index lists (every refresh's os.scandir calls), in order."""
    calls: list[str] = []
    real = os.scandir

    def spy(path: str | int) -> object:
        if isinstance(path, str):  # shutil.rmtree lists by file descriptor: not the index
            calls.append(os.path.basename(path))
        return real(path)

    monkeypatch.setattr(index_module.os, "scandir", spy)
    return calls


def _end_reason(index: ReviewIndex, path: Path, root: Path) -> str:
    rel = path.relative_to(root).as_posix()
    return index.db.execute("SELECT end_reason FROM calls WHERE path = ?", (rel,)).fetchone()[0]


def test_an_unchanged_history_lists_only_the_top_folder(tmp_path: Path, listed: list[str]) -> None:
    paths = write_synthetic_calls(tmp_path, 40, seed=1, days=8)
    _age(tmp_path)
    with ReviewIndex(tmp_path) as index:
        assert index.refresh().added == 40
        folders = {p.parent.name for p in paths}
        assert set(listed) == folders | {tmp_path.name}
        listed.clear()

        again = index.refresh()
        assert (again.indexed, again.removed, again.unchanged) == (0, 0, 40)
        assert listed == [tmp_path.name]

        # A debrief saved by roleplay replaces the file, which moves its folder's time.
        listed.clear()
        debrief = load_debrief(debrief_path(paths[3]))
        debrief.add_override("empathy", 1, by="Lead Lee", note="Talked over the customer")
        save_debrief(debrief, debrief_path(paths[3]))
        changed = index.refresh()
        assert (changed.updated, changed.unchanged) == (1, 39)
        assert listed == [tmp_path.name, paths[3].parent.name]
        row = index.db.execute("SELECT overrides FROM calls WHERE call_id = 'syn000000003'")
        assert row.fetchone() == (1,)


def test_a_call_appended_to_in_an_unchanged_folder_is_read_again(tmp_path: Path) -> None:
    path = write_synthetic_calls(tmp_path, 5, seed=2, days=1)[2]
    lines = path.read_text().splitlines(keepends=True)
    closing = lines.pop()
    assert json.loads(closing)["type"] == "close"
    path.write_text("".join(lines))  # still running: no closing line yet
    _age(tmp_path)
    folder_time = path.parent.stat().st_mtime_ns
    with ReviewIndex(tmp_path) as index:
        index.refresh()
        assert _end_reason(index, path, tmp_path) == "abandoned"
        assert index.refresh().indexed == 0

        with path.open("a") as fh:  # the call ends: written in place, the folder untouched
            fh.write(closing)
        assert path.parent.stat().st_mtime_ns == folder_time
        closed = index.refresh()
        assert closed.updated == 1
        assert _end_reason(index, path, tmp_path) == json.loads(closing)["end_reason"]

        # Every call there has closed: the folder is trusted again and skipped.
        assert index.db.execute(
            "SELECT mtime FROM folders WHERE path = ?", (path.parent.name,)
        ).fetchone() == (folder_time,)


def test_a_change_in_the_same_clock_tick_as_the_listing_is_not_missed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write_synthetic_calls(tmp_path, 2, seed=3, days=1)[0]
    folder = path.parent
    listed_at = folder.stat().st_mtime_ns
    # The refresh lists the folder in the same tick as the folder's last change...
    monkeypatch.setattr(index_module, "time_ns", lambda: listed_at + 1)
    with ReviewIndex(tmp_path) as index:
        assert index.refresh().added == 2
        # ...and a new call lands in that tick too, so the folder's time does not move.
        shutil.copy(path, folder / "235959-late-call.jsonl")
        os.utime(folder, ns=(listed_at, listed_at))
        monkeypatch.setattr(index_module, "time_ns", lambda: listed_at + AGO_NS)
        assert index.refresh().added == 1
        assert index.refresh().indexed == 0


def test_deleted_folders_and_changes_below_a_skipped_folder_are_found(
    tmp_path: Path, listed: list[str]
) -> None:
    paths = write_synthetic_calls(tmp_path, 12, seed=4, days=3)
    day = paths[0].parent
    nested = day / "team-b"
    nested.mkdir()
    shutil.copy(paths[0], nested / paths[0].name)
    _age(tmp_path)
    with ReviewIndex(tmp_path) as index:
        assert index.refresh().added == 13
        shutil.copy(paths[1], nested / paths[1].name)  # moves team-b's time, not its day's
        listed.clear()
        found = index.refresh()
        assert (found.added, found.unchanged) == (1, 13)
        assert day.name not in listed and "team-b" in listed

        gone = paths[-1].parent
        count = len(list(gone.glob("*.jsonl")))
        shutil.rmtree(gone)
        shutil.rmtree(nested)
        removed = index.refresh()
        assert removed.removed == count + 2
        assert len(index) == 12 - count
        assert index.db.execute(
            "SELECT count(*) FROM folders WHERE path LIKE '%team-b'"
        ).fetchone() == (0,)
