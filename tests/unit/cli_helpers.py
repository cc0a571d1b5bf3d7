"""Running the `roleplay` command in tests as a user would, from an empty folder."""

from __future__ import annotations

from pathlib import Path

import pytest

from roleplay.cli import main


def isolate(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty current folder, with no workspace or data folder of the user's in reach."""
    home = tmp_path / "cwd"
    home.mkdir()
    monkeypatch.chdir(home)
    monkeypatch.setenv("ROLEPLAY_TRANSCRIPTS", str(tmp_path / "transcripts"))
    monkeypatch.delenv("ROLEPLAY_DETECTOR", raising=False)
    return home


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    """Exit code, stdout and stderr of one command; a traceback fails the test."""
    code = main(list(args))
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return code, out, err


def fixture_workspace(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, *, chdir: bool = False
) -> Path:
    """A workspace holding the fixture scenario of `sim_cast`; transcripts and settings kept in
    tmp_path (returned), and no setting of the user's environment in force."""
    import yaml
    from support.sim_cast import PERSONA, SCENARIO

    root = tmp_path / "workspace"
    (root / "scenarios").mkdir(parents=True)
    (root / "personas").mkdir()
    (root / "scenarios" / f"{SCENARIO['id']}.yaml").write_text(yaml.safe_dump(SCENARIO))
    (root / "personas" / f"{PERSONA['id']}.yaml").write_text(yaml.safe_dump(PERSONA))
    if chdir:
        monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("ROLEPLAY_HOME", str(root))
    monkeypatch.setenv("ROLEPLAY_TRANSCRIPTS", str(tmp_path / "transcripts"))
    return tmp_path


def selfplay_workspace(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, good: list[str], poor: list[str]
) -> Path:
    """tmp_path as a workspace holding the fixture cast and its self-play lines."""
    import yaml
    from support.sim_cast import PERSONA, SCENARIO

    for folder, name, data in (
        ("personas", PERSONA["id"], PERSONA),
        ("scenarios", SCENARIO["id"], SCENARIO),
        ("selfplay", SCENARIO["id"], {"good": good, "poor": poor}),
    ):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / f"{name}.yaml").write_text(yaml.safe_dump(data), encoding="utf-8")
    monkeypatch.setenv("ROLEPLAY_HOME", str(tmp_path))
    monkeypatch.setenv("ROLEPLAY_TRANSCRIPTS", str(tmp_path / "transcripts"))
    return tmp_path


def valid_workspace(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The test workspace of `tests/data/valid` on its own, as ROLEPLAY_HOME (the bundled
    scenarios offered beside a workspace are tested elsewhere)."""
    import shutil

    root = tmp_path / "ws"
    shutil.copytree(Path(__file__).resolve().parents[1] / "data" / "valid", root)
    (root / "workspace.toml").write_text("bundled_scenarios = false\n")
    monkeypatch.setenv("ROLEPLAY_HOME", str(root))
    return root


def run_in_terminal(*args: str, cwd: Path, timeout: float = 120) -> tuple[int, str]:
    """Exit code and everything shown of `roleplay ARGS` run in a real (pseudo) terminal.

    stdout and stderr are a terminal, as when a person types the command, so what a command
    does differently for a terminal (never pour HTML into one) is what is tested.
    """
    import os
    import pty
    import subprocess
    import sys

    leader, follower = pty.openpty()
    process = subprocess.Popen(
        [sys.executable, "-m", "roleplay", *args],
        cwd=cwd,
        stdin=follower,
        stdout=follower,
        stderr=follower,
        close_fds=True,
    )
    os.close(follower)
    shown = bytearray()
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:  # the terminal closed: the command has finished
            break
        if not chunk:
            break
        shown += chunk
    os.close(leader)
    code = process.wait(timeout=timeout)
    return code, shown.decode("utf-8", errors="replace").replace("\r\n", "\n")
