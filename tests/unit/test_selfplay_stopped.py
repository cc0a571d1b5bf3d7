"""Self-play whose backend fails part-way: the finished runs are kept and reported, exit 1."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from cli_helpers import selfplay_workspace
from support.sim_cast import SCENARIO
from test_selfplay import GOOD, POOR

from roleplay.cli import main
from roleplay.llm.base import BackendError, Prompt
from roleplay.llm.scripted_backend import ScriptedBackend

WHAT = "the reply from http://stall.test/v1 stalled for more than 30 s"


class FailsAfter(ScriptedBackend):
    """The scripted customer, until `lines` replies have been given; then a stall."""

    def __init__(self, lines: int | None) -> None:
        super().__init__()
        self.lines = lines
        self.given = 0

    async def stream(self, prompt: Prompt) -> AsyncIterator[str]:
        if self.lines is not None and self.given >= self.lines:
            raise BackendError(WHAT, "the server may be busy; retry")
        self.given += 1
        async for piece in super().stream(prompt):
            yield piece


@pytest.fixture
def workspace(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A workspace holding the fixture cast and its self-play lines."""
    return selfplay_workspace(tmp_path, monkeypatch, GOOD, POOR)


def selfplay(monkeypatch, backend: FailsAfter, *args: str) -> int:
    monkeypatch.setattr("roleplay.llm.factory.make_backend", lambda *a, **k: backend)
    return main(["selfplay", SCENARIO["id"], "--trainee", "good", "--runs", "2", *args])


def test_a_failing_backend_keeps_the_finished_run_and_says_what_to_try(
    workspace, monkeypatch, capsys
):
    counting = FailsAfter(None)
    assert selfplay(monkeypatch, counting) == 0
    per_run = counting.given // 2
    capsys.readouterr()

    code = selfplay(monkeypatch, FailsAfter(per_run + 1), "--keep")
    out, err = capsys.readouterr()
    assert code == 1
    assert "[good #1] ended: resolved" in out and "[good #2]" not in out
    assert "Summary" in out
    assert err.startswith(f"roleplay: self-play stopped during run good #2: {WHAT}")
    assert "1 run(s) finished and are reported above; try: the server may be busy" in err
    assert "internal error" not in err and "Traceback" not in err
    kept = sorted((workspace / "transcripts" / "selfplay").rglob("*.jsonl"))
    assert len(kept) == 2, "the finished run's transcript, and the stopped one's"


def test_json_output_carries_the_finished_runs_and_why_it_stopped(workspace, monkeypatch, capsys):
    code = selfplay(monkeypatch, FailsAfter(0), "--json")
    out, err = capsys.readouterr()
    doc = json.loads(out)
    assert code == 1
    assert doc["runs"] == []
    assert doc["stopped"] == {
        "during": "good #1",
        "error": f"{WHAT}. the server may be busy; retry",
    }
    assert "0 run(s) finished; try:" in err
