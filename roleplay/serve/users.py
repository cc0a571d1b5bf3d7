"""The team server's users file: sign-in names, roles and salted password hashes, never passwords.

The file (`users.toml` in the workspace) is small and written whole, atomically, readable by
its owner only. Hashes are argon2id (argon2-cffi), each with its own salt.
"""

from __future__ import annotations

import contextlib
import os
import re
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from roleplay.errors import UserError
from roleplay.serve.roles import Role, parse_role

USERS_FILE = "users.toml"
MIN_PASSWORD = 8
LOGIN_RULE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._@-]{0,63}$")
INSTALL_HINT = "install the server's extras: pip install 'roleplay[serve]'"


def _hasher() -> Any:
    try:
        from argon2 import PasswordHasher
    except ImportError:
        raise UserError("argon2-cffi is not installed", hint=INSTALL_HINT, exit_code=1) from None
    return PasswordHasher()


def hash_password(password: str) -> str:
    """A salted argon2id hash of `password` (what the users file stores)."""
    if len(password) < MIN_PASSWORD:
        raise UserError(f"the password is too short: use at least {MIN_PASSWORD} characters")
    return str(_hasher().hash(password))


_DUMMY_HASH: list[str] = []


def check_password(stored: str | None, password: str) -> bool:
    """Whether `password` matches `stored`; with no stored hash the same work is done anyway,
    so a wrong name takes as long to refuse as a wrong password."""
    from argon2.exceptions import InvalidHashError, VerificationError

    hasher = _hasher()
    if stored is None:
        if not _DUMMY_HASH:
            _DUMMY_HASH.append(hasher.hash("no one's password"))
        with contextlib.suppress(VerificationError, InvalidHashError):
            hasher.verify(_DUMMY_HASH[0], password + "\x00")
        return False
    try:
        return bool(hasher.verify(stored, password))
    except (VerificationError, InvalidHashError):
        return False


@dataclass(frozen=True)
class User:
    """One person who may sign in: their sign-in name, role and the name put on their calls."""

    login: str
    role: Role
    full_name: str
    password_hash: str

    @property
    def trainee_name(self) -> str:
        """The name written on this person's transcripts (and shown to their team lead)."""
        return self.full_name or self.login


def users_path(workspace_root: Path) -> Path:
    """Where the users file of a workspace is."""
    return Path(workspace_root) / USERS_FILE


def check_login(login: str) -> str:
    """`login` if it is a valid sign-in name, else a UserError saying what is allowed."""
    if not LOGIN_RULE.match(login):
        raise UserError(
            f"'{login}' cannot be a sign-in name",
            hint="use letters, digits, '.', '_', '-' or '@' (up to 64), starting with a letter "
            "or digit",
        )
    return login


class UsersFile:
    """The users of one workspace, read from and written back to `users.toml`."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self.users: dict[str, User] = {}
        if self.path.exists():
            self.users = _read(self.path)

    def __iter__(self) -> Iterator[User]:
        return iter(sorted(self.users.values(), key=lambda u: u.login.lower()))

    def __len__(self) -> int:
        return len(self.users)

    def get(self, login: str) -> User | None:
        """The user signing in as `login` (names are compared case-insensitively)."""
        return self.users.get(login.strip().lower())

    def add(self, login: str, role: Role | str, password: str, full_name: str = "") -> User:
        """Add a user (or replace one of the same name), hashing the password."""
        check_login(login)
        role = role if isinstance(role, Role) else parse_role(role)
        full_name = " ".join(full_name.split())
        user = User(login, role, full_name, hash_password(password))
        clash = [
            u.login
            for u in self.users.values()
            if u.login.lower() != login.lower() and u.trainee_name == user.trainee_name
        ]
        if clash:
            raise UserError(
                f"'{user.trainee_name}' is already the name on {clash[0]}'s calls",
                hint="give a different --name: each person's calls need a name of their own",
            )
        self.users[login.lower()] = user
        return user

    def remove(self, login: str) -> User:
        """Remove a user; a UserError if there is none of that name."""
        user = self.users.pop(login.strip().lower(), None)
        if user is None:
            raise UserError(f"there is no user '{login}'", hint="see `roleplay users list`")
        return user

    def save(self) -> None:
        """Write the file whole (temporary file, then rename), readable by its owner only."""
        import tomlkit

        doc = tomlkit.document()
        doc.add(tomlkit.comment("Users of `roleplay serve`; manage with `roleplay users`."))
        doc.add(tomlkit.comment("Passwords are stored only as salted argon2id hashes."))
        table = tomlkit.table()
        for user in self:
            entry = tomlkit.table()
            entry["role"] = user.role.value
            if user.full_name:
                entry["name"] = user.full_name
            entry["password"] = user.password_hash
            table[user.login] = entry
        doc["users"] = table
        self.path.parent.mkdir(parents=True, exist_ok=True)
        temp = self.path.with_name(f".{self.path.name}.{os.getpid()}.tmp")
        fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(tomlkit.dumps(doc))
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(temp, self.path)


def _read(path: Path) -> dict[str, User]:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise UserError(f"cannot read {path}: {exc.strerror}", exit_code=1) from None
    except tomllib.TOMLDecodeError as exc:
        raise UserError(f"{path} is not valid TOML: {exc}", hint="fix or remove the file") from None
    users: dict[str, User] = {}
    table = data.get("users", {})
    if not isinstance(table, dict):
        raise UserError(f"{path}: 'users' must be a table of users")
    for login, entry in table.items():
        where = f"{path}: user '{login}'"
        if not isinstance(entry, dict) or not isinstance(entry.get("password"), str):
            raise UserError(f"{where} has no password hash", hint="set one: roleplay users add")
        if not entry["password"].startswith("$argon2"):
            raise UserError(
                f"{where}: 'password' is not an argon2 hash",
                hint="passwords are never stored as typed: set it again with roleplay users add",
            )
        try:
            role = parse_role(str(entry.get("role", "")))
        except ValueError as exc:
            raise UserError(f"{where}: {exc}") from None
        users[login.lower()] = User(login, role, str(entry.get("name", "")), entry["password"])
    return users
