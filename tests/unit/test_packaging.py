"""The bundled library travels with the package: a built wheel lists every bundled scenario."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from roleplay.workspace import bundled_library_dir

ROOT = Path(__file__).resolve().parents[2]


def test_in_a_checkout_the_library_is_the_top_level_folders():
    assert bundled_library_dir() == ROOT
    assert len(list((ROOT / "scenarios").glob("*.yaml"))) == 8


@pytest.mark.slow
def test_a_built_wheel_carries_the_library_and_lists_it_when_installed(tmp_path: Path):
    wheels = tmp_path / "wheels"
    built = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            str(ROOT),
            "--no-deps",
            "--no-build-isolation",
            "--quiet",
            "-w",
            str(wheels),
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert built.returncode == 0, built.stderr
    (wheel,) = wheels.glob("roleplay-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    for folder in ("scenarios", "personas", "selfplay"):
        expected = {f"roleplay/library/{folder}/{p.name}" for p in (ROOT / folder).glob("*.yaml")}
        assert expected and expected <= set(names)
    assert "roleplay/library/behaviours/detector.json.gz" in names
    for reader in ("transformer.npz", "transformer-2.npz"):  # the optional detector
        assert f"roleplay/library/behaviours/{reader}" in names
    assert "roleplay/serve/templates/signin.html.j2" in names  # the team server's pages

    site = tmp_path / "site"
    installed = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--no-deps",
            "--quiet",
            "--target",
            str(site),
            str(wheel),
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert installed.returncode == 0, installed.stderr
    away = tmp_path / "elsewhere"
    away.mkdir()
    env = {**os.environ, "PYTHONPATH": str(site), "ROLEPLAY_TRANSCRIPTS": str(tmp_path / "calls")}
    env.pop("ROLEPLAY_HOME", None)
    listed = subprocess.run(
        [
            sys.executable,
            "-c",
            "import roleplay, sys; print(roleplay.__file__);"
            "sys.argv = ['roleplay', 'scenarios', 'list']; from roleplay.cli import main; main()",
        ],
        capture_output=True,
        text=True,
        cwd=away,
        env=env,
        timeout=120,
    )
    assert listed.returncode == 0, listed.stderr
    first, *rows = listed.stdout.splitlines()
    assert first.startswith(str(site))  # the installed copy ran, not the checkout
    ids = {p.stem for p in (ROOT / "scenarios").glob("*.yaml")}
    assert ids == {row.split()[0] for row in rows[1:] if row.strip()}
