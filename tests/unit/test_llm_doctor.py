"""`roleplay doctor`: one line per check, what to try on failure, exit 1 if anything failed."""

from __future__ import annotations

import socket

import pytest

from roleplay.cli import main


@pytest.fixture
def clean_settings(isolated_env):
    """The test's own settings file (the suite's conftest keeps outside variables away)."""
    return isolated_env


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def doctor(capsys, *args: str) -> tuple[int, list[str]]:
    code = main(["doctor", *args])
    return code, capsys.readouterr().out.splitlines()


def test_the_scripted_backend_needs_only_the_library(capsys):
    code, lines = doctor(capsys, "--backend", "scripted")
    assert code == 0
    assert lines and all(line.startswith("ok   ") for line in lines)
    assert any(line.startswith("ok   one short reply:") for line in lines)


def test_an_unreachable_endpoint_fails_with_what_to_try(capsys, monkeypatch):
    url = f"http://127.0.0.1:{closed_port()}/v1"
    monkeypatch.setenv("ROLEPLAY_OPENAI__BASE_URL", url)
    code, lines = doctor(capsys, "--backend", "openai")
    assert code == 1
    failed = [line for line in lines if line.startswith("FAIL")]
    assert len(failed) == 1
    assert failed[0].startswith(f"FAIL endpoint reachable: cannot reach {url}")
    assert "; try: check the server is running" in failed[0]
    assert not any("one short reply" in line for line in lines), "later checks are skipped"


def test_openai_without_a_key_says_which_variable_to_set(capsys):
    code, lines = doctor(capsys, "--backend", "openai")
    assert code == 1
    assert any(line.startswith("FAIL API key") and "OPENAI_API_KEY" in line for line in lines)


def test_the_configured_backend_is_checked_by_default(capsys, clean_settings):
    clean_settings.write_text('backend = "scripted"\n')
    code, lines = doctor(capsys)
    assert code == 0
    assert lines[0].startswith("ok   settings: backend scripted")


def test_a_broken_settings_file_is_reported_not_raised(capsys, clean_settings):
    clean_settings.write_text('backend = "carrier pigeon"\n')
    code, lines = doctor(capsys)
    assert code == 1
    assert lines[0].startswith("FAIL settings:")
    assert f"{clean_settings}:1" in lines[0]


def test_an_unknown_backend_is_bad_input(capsys):
    code = main(["doctor", "--backend", "pigeon"])
    assert code == 2
    assert "'pigeon' is not one of 'local', 'openai', 'scripted'" in capsys.readouterr().err


def test_the_library_counts_the_workspace_scenarios_apart_from_the_bundled_ones(
    capsys, tmp_path, monkeypatch
):
    # a trainer with two scenarios of their own must not read "9 scenario(s) in ws/scenarios"
    code = main(["init", str(tmp_path / "ws")])
    assert code == 0
    monkeypatch.setenv("ROLEPLAY_HOME", str(tmp_path / "ws"))
    capsys.readouterr()
    code, lines = doctor(capsys, "--backend", "scripted")
    assert code == 0
    (library,) = [line for line in lines if "scenario library" in line]
    folder = tmp_path / "ws" / "scenarios"
    assert library.startswith(f"ok   scenario library: 1 scenario in {folder}, and ")
    assert library.endswith(" bundled")


def test_doctor_says_which_detector_listens_and_names_a_bad_choice(capsys, monkeypatch):
    code, lines = doctor(capsys, "--backend", "scripted")
    assert "ok   detector: standard (rules and the trained n-gram model)" in lines
    monkeypatch.setenv("ROLEPLAY_DETECTOR", "transformer")
    try:
        code, lines = doctor(capsys, "--backend", "scripted")
        assert code == 0
        assert any(line.startswith("ok   detector: transformer reader on") for line in lines)
        monkeypatch.setenv("ROLEPLAY_DETECTOR", "bert")
        code, lines = doctor(capsys, "--backend", "scripted")
        assert code == 1
        failed = next(line for line in lines if line.startswith("FAIL detector:"))
        assert "ROLEPLAY_DETECTOR" in failed and "standard, transformer" in failed
    finally:
        from roleplay.detectors import active

        active.use_detector("standard")
