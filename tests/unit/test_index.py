"""The review index: consistent with the files after adds, edits and deletes; never fatal."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest
from support.sim_cast import make_cast
from support.synthetic import write_synthetic_calls

from roleplay.debrief.files import debrief_path, load_debrief, save_debrief
from roleplay.grading.auto import AutoGrader
from roleplay.llm.scripted_backend import ScriptedBackend
from roleplay.sim.session import CallSession
from roleplay.store import queries
from roleplay.store.index import ReviewIndex, index_path
from roleplay.store.index_rows import parse_time, read_call
from roleplay.transcript import read_transcript


def _truth(root: Path) -> dict[str, tuple[str, float | None]]:
    """What the files say: call id -> (trainee, overall) for every readable transcript."""
    out = {}
    for path in root.rglob("*.jsonl"):
        header = json.loads(path.read_text().splitlines()[0])
        debrief = debrief_path(path)
        overall = json.loads(debrief.read_text())["overall"] if debrief.exists() else None
        out[header["call_id"]] = (header["trainee"], overall)
    return out


def _indexed(index: ReviewIndex) -> dict[str, tuple[str, float | None]]:
    rows = index.db.execute("SELECT call_id, trainee, machine_overall FROM calls")
    return {cid: (trainee, overall) for cid, trainee, overall in rows}


def test_index_follows_adds_edits_and_deletes(tmp_path: Path) -> None:
    paths = write_synthetic_calls(tmp_path, 60, seed=1)
    with ReviewIndex(tmp_path) as index:
        first = index.refresh()
        assert first.added == 60 and not first.warnings
        assert _indexed(index) == _truth(tmp_path)

        more = write_synthetic_calls(
            tmp_path, 5, seed=2, start=datetime(2026, 3, 1, tzinfo=UTC), days=1, first=60
        )
        debrief = debrief_path(paths[0])
        data = json.loads(debrief.read_text())
        data["overall"], data["passed"] = 99.0, True
        regraded = debrief.with_name(debrief.name + ".tmp")
        regraded.write_text(json.dumps(data))
        regraded.replace(debrief)  # as roleplay saves a debrief: the whole file replaced
        paths[1].unlink()
        debrief_path(paths[1]).unlink()
        debrief_path(paths[2]).unlink()  # the call stays, now ungraded

        second = index.refresh()
        assert (second.added, second.updated, second.removed) == (5, 2, 1)
        assert second.unchanged == 57
        assert len(index) == 64
        assert _indexed(index) == _truth(tmp_path)
        assert index.refresh().indexed == 0  # nothing changed since

        rebuilt = index.rebuild()
        assert rebuilt.added == 64 and _indexed(index) == _truth(tmp_path)
    assert len(more) == 5


def test_corrupt_and_half_written_files_are_reported_and_skipped(tmp_path: Path) -> None:
    good = write_synthetic_calls(tmp_path, 3, seed=3)
    folder = good[0].parent
    (folder / "garbage.jsonl").write_bytes(b"\x00\xffnot json at all\n")
    (folder / "no-header.jsonl").write_text('{"type": "turn", "id": 1}\n')
    torn = good[1]
    torn.write_text(torn.read_text() + '{"type": "turn", "id": 99, "spea')
    debrief_path(good[2]).write_text('{"overall": 50, "crit')

    with ReviewIndex(tmp_path) as index:
        report = index.refresh()
        assert len(index) == 3
        text = "\n".join(report.warnings)
        assert "garbage.jsonl: skipped" in text
        assert "no-header.jsonl: skipped: not a roleplay transcript" in text
        assert f"{torn.name}: 1 damaged line(s) skipped" in text
        assert "is unreadable" in text and "not graded" in text
        ungraded = index.db.execute(
            "SELECT overall FROM calls WHERE path LIKE ?", (f"%{good[2].name}",)
        ).fetchone()
        assert ungraded == (None,)
        assert len(index.problems()) == 4
        # Problems are remembered: an unchanged bad file is not re-read and re-reported.
        assert index.refresh().warnings == []
        (folder / "garbage.jsonl").unlink()
        assert index.refresh().removed == 1 and len(index.problems()) == 3


def test_a_damaged_index_file_is_rebuilt_not_fatal(tmp_path: Path) -> None:
    write_synthetic_calls(tmp_path, 4, seed=4)
    index_path(tmp_path).write_bytes(b"this is not a database" * 100)
    with ReviewIndex(tmp_path) as index:
        assert index.refresh().added == 4


def test_override_keeps_machine_score_and_audit_trail(tmp_path: Path) -> None:
    path = write_synthetic_calls(tmp_path, 1, seed=5)[0]
    debrief = load_debrief(debrief_path(path))
    machine = debrief.criterion("empathy").score
    new = 5 if machine != 5 else 1
    debrief.add_override("empathy", new, by="Lead Lee", note="Named the feeling at turn 2")
    save_debrief(debrief, debrief_path(path))

    with ReviewIndex(tmp_path) as index:
        index.refresh()
        (row,) = queries.list_calls(index.db)
        assert row.overrides == 1
        assert row.machine_overall == debrief.overall
        assert row.overall == debrief.effective_overall() != debrief.overall
        crit = {c.criterion_id: c for c in queries.call_criteria(index.db, row.id)}["empathy"]
        assert (crit.machine_score, crit.score, crit.overridden) == (machine, new, True)
        assert crit.override_by == "Lead Lee" and crit.override_note.startswith("Named")
        (trail,) = queries.override_trail(index.db)
        assert (trail.machine_score, trail.score, trail.by) == (machine, new, "Lead Lee")
        assert trail.at.startswith(str(datetime.now(UTC).year))
    saved = json.loads(debrief_path(path).read_text())
    assert next(c for c in saved["criteria"] if c["id"] == "empathy")["score"] == machine


async def test_ungraded_finished_call_gets_a_heuristic_debrief(tmp_path: Path) -> None:
    session = CallSession(make_cast(), ScriptedBackend(), transcripts=tmp_path, trainee="Sam")
    await session.start()
    async for _ in session.reply_to("I'm so sorry, that sounds exhausting. I'll reset your line."):
        pass
    session.end_call()
    assert not debrief_path(session.path).exists()
    grader = AutoGrader(lambda scenario_id: make_cast())
    with ReviewIndex(tmp_path) as index:
        index.refresh(grade=grader)
        (row,) = queries.list_calls(index.db)
        assert row.grader == "heuristic" and row.overall is not None
        assert debrief_path(session.path).exists()
        assert index.refresh(grade=grader).indexed == 0


def test_unknown_scenario_leaves_the_call_ungraded_with_a_reason(tmp_path: Path) -> None:
    path = write_synthetic_calls(tmp_path, 1, seed=6)[0]
    debrief_path(path).unlink()

    def missing(scenario_id: str):
        raise KeyError(scenario_id)

    grader = AutoGrader(missing)
    with ReviewIndex(tmp_path) as index:
        index.refresh(grade=grader)
        assert queries.list_calls(index.db)[0].overall is None
    assert "is not in the library" in grader.problems[0]


@pytest.fixture(scope="module")
def big(tmp_path_factory: pytest.TempPathFactory) -> ReviewIndex:
    root = tmp_path_factory.mktemp("calls")
    write_synthetic_calls(root, 400, seed=8)
    index = ReviewIndex(root)
    index.refresh()
    return index


def test_filters_match_a_count_by_hand(big: ReviewIndex) -> None:
    rows = big.db.execute("SELECT trainee, scenario_id, passed, started_at FROM calls").fetchall()
    flt = queries.CallFilter(scenario="double-charge", passed=True, since="2025-03-01")
    expected = [r for r in rows if r[1] == "double-charge" and r[2] == 1 and r[3] >= "2025-03-01"]
    assert queries.count_calls(big.db, flt) == len(expected) > 0
    page = queries.list_calls(big.db, flt, limit=1000)
    assert all(r.scenario_id == "double-charge" and r.passed for r in page)
    until = queries.CallFilter(until="2025-01-31")
    assert all(r.started_at < "2025-02-01" for r in queries.list_calls(big.db, until, limit=999))


def test_pages_cover_every_call_once_in_sorted_order(big: ReviewIndex) -> None:
    seen: list[queries.CallListRow] = []
    for offset in range(0, 500, 50):
        seen += queries.list_calls(big.db, sort="score", descending=True, limit=50, offset=offset)
    assert len({r.id for r in seen}) == len(seen) == 400
    scores = [r.overall for r in seen]
    assert scores == sorted(scores, reverse=True)


def test_aggregates_agree_with_the_rows(big: ReviewIndex) -> None:
    team = queries.team_summary(big.db)
    people = queries.trainee_summaries(big.db)
    assert team.calls == sum(p.calls for p in people) == 400
    rows = big.db.execute("SELECT overall, passed FROM calls WHERE trainee = ?", (people[0].name,))
    values = list(rows)
    assert people[0].average == round(sum(v for v, _ in values) / len(values), 1)
    assert people[0].pass_rate == round(sum(p for _, p in values) / len(values) * 100, 1)
    averages = queries.criterion_averages(big.db)
    assert set(averages) == {"empathy", "ownership", "personal-touch", "composure", "call-control"}
    assert all(1 <= v <= 5 for v in averages.values())
    months = queries.trend(big.db)
    assert months[0][0] == "2025-01" and len(months) == 12


async def test_index_row_agrees_with_the_full_transcript_reader(tmp_path: Path) -> None:
    session = CallSession(make_cast(), ScriptedBackend(), transcripts=tmp_path, trainee="Sam")
    await session.start()
    for line in ("Hello, I'm Sam. I'm sorry about this.", "May I put you on hold briefly?"):
        async for _ in session.reply_to(line):
            pass
    session.hold()
    session.resume()
    session.end_call()
    full = read_transcript(session.path)
    row = read_call(session.path, None)
    assert row.turns == len(full.turns) == 5 and row.end_reason == "trainee_ended"
    ended = parse_time(full.close.ended_at)
    assert row.duration_s == round((ended - parse_time(full.header.started_at)).total_seconds(), 1)

    torn = tmp_path / "torn.jsonl"
    lines = session.path.read_text().splitlines()[:-1]  # no closing line: a crash
    torn.write_text("\n".join([*lines[:-1], lines[-1][:40]]) + "\n")
    row = read_call(torn, None)
    assert row.end_reason == "abandoned" and row.problems == ["1 damaged line(s) skipped"]


def test_a_read_only_transcripts_folder_is_indexed_into_the_cache(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import roleplay.store.index as index_module

    calls = tmp_path / "shared"
    write_synthetic_calls(calls, 3, seed=9)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.setattr(index_module.os, "access", lambda path, mode: False)
    with ReviewIndex(calls) as index:
        assert index.refresh().added == 3
        assert index.path.is_relative_to(tmp_path / "cache")
    assert not (calls / ".index.sqlite").exists()


def test_a_not_applicable_override_drops_the_criterion_from_the_score(tmp_path: Path) -> None:
    path = write_synthetic_calls(tmp_path, 1, seed=12)[0]
    debrief = load_debrief(debrief_path(path))
    debrief.add_override("empathy", None, by="Lead Lee", note="No feelings were expressed")
    save_debrief(debrief, debrief_path(path))
    with ReviewIndex(tmp_path) as index:
        index.refresh()
        (row,) = queries.list_calls(index.db)
        assert row.overall == debrief.effective_overall()
        crit = {c.criterion_id: c for c in queries.call_criteria(index.db, row.id)}["empathy"]
        assert crit.score is None and crit.machine_score is not None and crit.overridden
        assert "empathy" not in queries.criterion_averages(index.db)  # effective scores only


def test_calls_not_graded_sort_below_every_score_and_result(tmp_path: Path) -> None:
    """An abandoned call keeps its debrief's score on file, but sorts as having none."""
    write_synthetic_calls(tmp_path, 8, seed=5)
    with ReviewIndex(tmp_path) as index:
        index.refresh()
        top, second = index.db.execute("SELECT id FROM calls ORDER BY overall DESC LIMIT 2")
        index.db.execute(
            "UPDATE calls SET end_reason = 'abandoned', overall = 99, passed = 1 WHERE id = ?", top
        )
        index.db.execute("UPDATE calls SET trainee_turns = 0, overall = 98 WHERE id = ?", second)
        not_graded = {top[0], second[0]}
        for sort in ("score", "pass"):
            best_first = queries.list_calls(index.db, sort=sort, descending=True)
            worst_first = queries.list_calls(index.db, sort=sort, descending=False)
            assert {r.id for r in best_first[-2:]} == not_graded
            assert {r.id for r in worst_first[:2]} == not_graded
