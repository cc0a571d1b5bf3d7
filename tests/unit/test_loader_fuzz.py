"""Fuzzed hostile files (issue 16): only the loader's own error comes out, and calls go on.

Each example writes one bundled scenario or persona, mutated by `fuzz_files` (YAML tags, huge
repeats, nested quantifiers, thousands of unknown keys, long keys, odd values), into a copy of
the valid test workspace. Loading must give either a library or LibraryError problems that are
all `path:line:` lines; the good scenario beside it must still load and take a scripted call;
and a fuzzed scenario that does load must get through the auto-fail check of hostile lines.
`bench/fuzz_library.py` runs the same generator over thousands of files.
"""

from __future__ import annotations

import asyncio
import random
import re
import shutil
from pathlib import Path

import pytest
from fuzz_files import write_fuzzed
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from roleplay.debrief.rules import auto_fail_hits
from roleplay.llm.scripted_backend import ScriptedBackend
from roleplay.scenarios.chosen import load_paths
from roleplay.scenarios.loader import LibraryError
from roleplay.scenarios.models import Cast
from roleplay.sim.session import CallSession
from roleplay.transcript import Header, Transcript, Turn, read_transcript
from roleplay.workspace import bundled_library_dir, open_workspace

DATA = Path(__file__).resolve().parents[1] / "data"
PROBLEM_LINE = re.compile(r"^(scenarios|personas)/fuzzed\.yaml:\d+: \S")
HOSTILE = ["a" * 30 + "!", "x" * 40, "a" * 60 + "b", "word " * 100 + "!"]
FUZZED = settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)


async def one_turn(cast: Cast, folder: Path) -> Path:
    session = CallSession(cast, ScriptedBackend(), transcripts=folder, trainee="fuzz")
    await session.start()
    async for _ in session.reply_to("Hello, I'm Sam. I'm sorry it has been so long."):
        pass
    session.end_call()
    assert session.path is not None
    return session.path


@FUZZED
@given(rnd=st.randoms(use_true_random=False))
def test_a_fuzzed_file_is_refused_by_line_and_never_stops_another_call(
    tmp_path_factory: pytest.TempPathFactory, rnd: random.Random
) -> None:
    root = tmp_path_factory.mktemp("ws")
    shutil.copytree(DATA / "valid", root, dirs_exist_ok=True)
    path, applied = write_fuzzed(root, rnd)
    workspace = open_workspace(root)
    library, problems = workspace.playable_library()
    for problem in problems:
        assert "\n" not in problem and PROBLEM_LINE.match(problem), (applied, problem)
    assert "broadband-down" in library.scenarios, (applied, problems)
    transcript = asyncio.run(one_turn(workspace.cast("broadband-down"), root / "transcripts"))
    assert [t.speaker for t in read_transcript(transcript).turns][-2:] == ["trainee", "customer"]
    # What `scenarios validate FILE` does with it alone: the same rule.
    try:
        alone = load_paths([path], extra_personas=[bundled_library_dir() / "personas"], base=root)
    except LibraryError as err:
        assert err.problems and all(PROBLEM_LINE.match(p) for p in err.problems), applied
    else:
        if "fuzzed" in alone.scenarios:
            turns = [Turn(id=i, speaker="trainee", text=t) for i, t in enumerate(HOSTILE)]
            call = Transcript(header=Header(call_id="f", scenario_id="fuzzed"), turns=turns)
            hits = auto_fail_hits(alone.scenarios["fuzzed"].rubric, call, [])
            assert all(0 <= hit.turn_id < len(HOSTILE) for hit in hits)
