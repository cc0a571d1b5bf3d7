"""`roleplay users`: passwords are stored only as salted hashes; roles and names are checked."""

from __future__ import annotations

import io
import stat
from pathlib import Path

import pytest

from roleplay.cli import main
from roleplay.errors import UserError
from roleplay.serve.roles import Permission, Role, may, parse_role
from roleplay.serve.users import UsersFile, check_password, users_path


def run(capsys: pytest.CaptureFixture[str], monkeypatch, *args: str, stdin: str = ""):
    monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    code = main(list(args))
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return code, out, err


@pytest.fixture
def workspace(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = tmp_path / "ws"
    (root / "scenarios").mkdir(parents=True)
    monkeypatch.setenv("ROLEPLAY_HOME", str(root))
    monkeypatch.setenv("ROLEPLAY_CONFIG", str(tmp_path / "config.toml"))
    return root


def test_add_stores_a_salted_hash_never_the_password(workspace, capsys, monkeypatch) -> None:
    for login in ("dana", "eli"):
        code, out, _ = run(
            capsys, monkeypatch, "users", "add", login, "--password-stdin", stdin="same-password\n"
        )
        assert code == 0, out
    path = users_path(workspace)
    text = path.read_text()
    assert "same-password" not in text
    hashes = [line for line in text.splitlines() if line.startswith("password")]
    assert len(hashes) == 2 and all("$argon2id$" in h for h in hashes)
    assert hashes[0] != hashes[1]  # salted: one password, two different hashes
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    table = UsersFile(path)
    assert check_password(table.get("dana").password_hash, "same-password")
    assert not check_password(table.get("dana").password_hash, "same-passwordX")


def test_list_shows_roles_and_names_but_no_hash(workspace, capsys, monkeypatch) -> None:
    run(
        capsys,
        monkeypatch,
        "users",
        "add",
        "lee",
        "--role",
        "team lead",
        "--name",
        "Lee Park",
        "--password-stdin",
        stdin="lee-password\n",
    )
    code, out, _ = run(capsys, monkeypatch, "users", "list")
    assert code == 0
    assert "lee" in out and "team-lead" in out and "Lee Park" in out
    assert "argon2" not in out


def test_remove_and_unknown_user(workspace, capsys, monkeypatch) -> None:
    run(capsys, monkeypatch, "users", "add", "kim", "--password-stdin", stdin="kim-password\n")
    assert run(capsys, monkeypatch, "users", "remove", "kim")[0] == 0
    assert UsersFile(users_path(workspace)).get("kim") is None
    code, _, err = run(capsys, monkeypatch, "users", "remove", "kim")
    assert code == 2 and "no user 'kim'" in err


@pytest.mark.parametrize(
    ("args", "stdin", "said"),
    [
        (["--role", "boss"], "long-enough-pw\n", "unknown role 'boss'"),
        ([], "short\n", "too short"),
    ],
)
def test_bad_role_or_password_is_one_clear_message(
    workspace, capsys, monkeypatch, args, stdin, said
) -> None:
    code, _, err = run(
        capsys, monkeypatch, "users", "add", "max", *args, "--password-stdin", stdin=stdin
    )
    assert code == 2 and said in err
    assert not users_path(workspace).exists()


def test_bad_sign_in_name_and_clashing_call_names(workspace, capsys, monkeypatch) -> None:
    code, _, err = run(
        capsys, monkeypatch, "users", "add", "../x", "--password-stdin", stdin="long-enough-pw\n"
    )
    assert code == 2 and "cannot be a sign-in name" in err
    run(
        capsys,
        monkeypatch,
        "users",
        "add",
        "sam",
        "--name",
        "Sam Lee",
        "--password-stdin",
        stdin="long-enough-pw\n",
    )
    code, _, err = run(
        capsys,
        monkeypatch,
        "users",
        "add",
        "sam2",
        "--name",
        "Sam  Lee",
        "--password-stdin",
        stdin="long-enough-pw\n",
    )
    assert code == 2 and "already the name on sam's calls" in err


def test_without_a_workspace_users_says_how_to_make_one(tmp_path, capsys, monkeypatch) -> None:
    monkeypatch.delenv("ROLEPLAY_HOME", raising=False)
    monkeypatch.chdir(tmp_path)
    code, _, err = run(capsys, monkeypatch, "users", "list")
    assert code == 2 and "roleplay init DIR" in err


def test_a_password_stored_as_typed_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "users.toml"
    path.write_text('[users.eve]\nrole = "team-lead"\npassword = "hunter22"\n')
    with pytest.raises(UserError, match="not an argon2 hash"):
        UsersFile(path)


def test_unknown_user_costs_a_hash_check_and_is_refused() -> None:
    assert check_password(None, "anything") is False


def test_roles_each_may_what_the_one_before_may() -> None:
    assert parse_role("Team Lead") is Role.TEAM_LEAD and parse_role("lead") is Role.TEAM_LEAD
    assert may(Role.TRAINEE, Permission.TAKE_CALLS)
    assert not may(Role.TRAINEE, Permission.REVIEW_EVERYONE)
    assert not may(Role.TRAINEE, Permission.CHECK_SCENARIOS)
    assert may(Role.TRAINER, Permission.CHECK_SCENARIOS)
    assert not may(Role.TRAINER, Permission.REVIEW_EVERYONE)
    assert all(may(Role.TEAM_LEAD, p) for p in Permission)
