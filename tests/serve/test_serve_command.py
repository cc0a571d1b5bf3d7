"""`roleplay serve` in one command: a new workspace is made, the first team lead asked for."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest

from roleplay.cli import main
from roleplay.serve.roles import Role
from roleplay.serve.users import UsersFile, check_password, users_path


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.fixture
def started(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> list[Any]:
    """What the server would have been started with (it is not started)."""
    calls: list[Any] = []
    monkeypatch.setattr("roleplay.serve.run.run_server", lambda o, h=None: calls.append((o, h)))
    monkeypatch.setenv("ROLEPLAY_CONFIG", str(tmp_path / "config.toml"))
    monkeypatch.delenv("ROLEPLAY_BACKEND", raising=False)
    monkeypatch.delenv("ROLEPLAY_HOME", raising=False)
    monkeypatch.delenv("ROLEPLAY_TRANSCRIPTS", raising=False)
    return calls


@pytest.mark.filterwarnings("ignore::getpass.GetPassWarning")
def test_one_command_makes_the_workspace_and_the_first_team_lead(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], started
) -> None:
    folder = tmp_path / "team"
    monkeypatch.setattr("sys.stdin", Terminal("lee\nLee Park\nlee-secret-4\nlee-secret-4\n"))
    assert main(["serve", "--workspace", str(folder), "--port", "8123"]) == 0
    err = capsys.readouterr().err
    assert "created the team workspace" in err and "added lee (team-lead)" in err
    user = UsersFile(users_path(folder)).get("lee")
    assert user is not None and user.role is Role.TEAM_LEAD and user.trainee_name == "Lee Park"
    assert check_password(user.password_hash, "lee-secret-4")
    ((options, health),) = started
    assert options.workspace == folder.resolve() and options.port == 8123
    assert options.app_env == {"ROLEPLAY_BACKEND": "local"}  # the embedded model by default
    assert health is None  # no shared endpoint to watch


def test_without_a_terminal_and_no_users_it_says_how_to_add_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], started
) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO(""))
    code = main(["serve", "--workspace", str(tmp_path / "team")])
    err = capsys.readouterr().err
    assert code == 2 and "no one can sign in yet" in err and "roleplay users add" in err
    assert started == []


def test_an_openai_endpoint_is_watched_for_saturation(
    team: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], started
) -> None:
    monkeypatch.setenv("OPENAI_BASE_URL", "http://models.internal:8000/v1")
    assert main(["serve", "--workspace", str(team), "--backend", "openai"]) == 0
    ((options, health),) = started
    assert options.app_env == {"ROLEPLAY_BACKEND": "openai"}
    assert health is not None and health.where == "http://models.internal:8000/v1"


def test_bad_options_are_one_message(tmp_path: Path, capsys, started) -> None:
    assert main(["serve", "--backend", "gpt", "--workspace", str(tmp_path)]) == 2
    assert "unknown backend 'gpt'" in capsys.readouterr().err
    assert main(["serve", "--public-url", "team.example", "--workspace", str(tmp_path)]) == 2
    assert "must start with http" in capsys.readouterr().err
