"""A team workspace for server tests: bundled scenarios, four users, calls of two trainees."""

from __future__ import annotations

from pathlib import Path

PASSWORDS = {
    "ana": "ana-secret-1",
    "ben": "ben-secret-2",
    "tess": "tess-secret-3",
    "lee": "lee-secret-4",
}
ROLES = {"ana": "trainee", "ben": "trainee", "tess": "trainer", "lee": "team-lead"}
NAMES = {"ana": "Ana Ortiz", "ben": "Ben Cole", "tess": "Tess Hill", "lee": "Lee Park"}


def make_team(root: Path, *, calls: bool = True) -> Path:
    """A workspace at `root` with the users above and (by default) graded calls of Ana and Ben."""
    from roleplay.serve.users import UsersFile, users_path

    (root / "scenarios").mkdir(parents=True, exist_ok=True)
    (root / "personas").mkdir(exist_ok=True)
    (root / "transcripts").mkdir(exist_ok=True)
    table = UsersFile(users_path(root))
    for login, password in PASSWORDS.items():
        table.add(login, ROLES[login], password, NAMES[login])
    table.save()
    if calls:
        from support.synthetic import write_synthetic_calls

        write_synthetic_calls(
            root / "transcripts", 6, trainees=(NAMES["ana"], NAMES["ben"]), days=3
        )
    return root
