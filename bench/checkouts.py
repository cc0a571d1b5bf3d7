"""Running one measurement in a fresh process that imports a given checkout of the project.

Benches that compare the working tree with a baseline checkout (`--baseline REV`) run each
measurement as `python BENCH --child CHECKOUT`, so the two never share imported modules; the
child prints its figures as JSON on its last line.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path


def run_child(
    script: str,
    checkout: Path,
    home: Path,
    *,
    env: dict[str, str | None] | None = None,
    cwd: Path | None = None,
) -> dict[str, float]:
    """`script --child CHECKOUT` with the checkout and its test helpers first on the path;
    transcripts go under `home`; `env` adds variables (None removes one). Its figures, or
    SystemExit with the end of its stderr."""
    tests = checkout / "tests"
    child_env = dict(os.environ, PYTHONPATH=f"{checkout}:{tests}:{tests / 'tui'}")
    child_env["ROLEPLAY_TRANSCRIPTS"] = str(home / "calls")
    for name, value in (env or {}).items():
        if value is None:
            child_env.pop(name, None)
        else:
            child_env[name] = value
    done = subprocess.run(
        [sys.executable, script, "--child", str(checkout)],
        env=child_env,
        cwd=cwd,
        capture_output=True,
        text=True,
        check=False,
        timeout=900,
    )
    if done.returncode != 0:
        raise SystemExit(f"{checkout}: the run failed:\n{done.stderr[-3000:]}")
    return dict(json.loads(done.stdout.strip().splitlines()[-1]))
