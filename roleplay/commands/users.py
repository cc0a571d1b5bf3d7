"""`roleplay users add/remove/list`: who may sign in to `roleplay serve`, and in which role."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from roleplay.errors import UserError

WORKSPACE_HELP = "The workspace whose users these are (default: the one in force)."


def workspace_root(folder: Path | None) -> Path:
    """The workspace folder the users file belongs to; the bundled library has none."""
    from roleplay.workspace import find_workspace, open_workspace

    if folder is not None:
        if not folder.is_dir():
            raise UserError(f"{folder} is not a folder", hint="create it with: roleplay init DIR")
        return open_workspace(folder).root
    workspace = find_workspace()
    if workspace.bundled:
        raise UserError(
            "there is no workspace here for a users file",
            hint="pass --workspace DIR, set ROLEPLAY_HOME, or create one: roleplay init DIR",
        )
    return workspace.root


def _read_password(from_stdin: bool) -> str:
    if from_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    return str(typer.prompt("Password", hide_input=True, confirmation_prompt=True, err=True))


def register(app: typer.Typer) -> None:
    """Add the `users` command group."""
    users = typer.Typer(
        help="Who may sign in to `roleplay serve`: trainee, trainer or team-lead.",
        no_args_is_help=True,
    )
    app.add_typer(users, name="users")

    @users.command("add")
    def add(
        login: Annotated[str, typer.Argument(help="Sign-in name.")],
        role: Annotated[str, typer.Option(help="trainee, trainer or team-lead.")] = "trainee",
        name: Annotated[
            str, typer.Option(help="Name put on this person's calls (default: the sign-in name).")
        ] = "",
        password_stdin: Annotated[
            bool,
            typer.Option("--password-stdin", help="Read the password from stdin (for scripts)."),
        ] = False,
        workspace: Annotated[Path | None, typer.Option(help=WORKSPACE_HELP)] = None,
    ) -> None:
        """Add a user, or set a user's role, name and password again (the password is asked)."""
        from roleplay.serve.roles import parse_role
        from roleplay.serve.users import UsersFile, check_login, users_path

        check_login(login)
        try:
            chosen = parse_role(role)
        except ValueError as exc:
            raise UserError(str(exc)) from None
        path = users_path(workspace_root(workspace))
        table = UsersFile(path)
        existed = table.get(login) is not None
        user = table.add(login, chosen, _read_password(password_stdin), name)
        table.save()
        verb = "updated" if existed else "added"
        typer.echo(
            f"{verb} {user.login} ({user.role.value}); calls are named '{user.trainee_name}'"
        )
        typer.echo(f"users file: {path}")

    @users.command("remove")
    def remove(
        login: Annotated[str, typer.Argument(help="Sign-in name.")],
        workspace: Annotated[Path | None, typer.Option(help=WORKSPACE_HELP)] = None,
    ) -> None:
        """Remove a user (their calls stay; a server signs them out within a minute)."""
        from roleplay.serve.users import UsersFile, users_path

        table = UsersFile(users_path(workspace_root(workspace)))
        user = table.remove(login)
        table.save()
        typer.echo(f"removed {user.login}")

    @users.command("list")
    def list_users(
        workspace: Annotated[Path | None, typer.Option(help=WORKSPACE_HELP)] = None,
    ) -> None:
        """List the users and their roles (never their password hashes)."""
        from roleplay.serve.users import UsersFile, users_path

        path = users_path(workspace_root(workspace))
        table = UsersFile(path)
        if not len(table):
            typer.echo(f"no users yet in {path}; add one: roleplay users add NAME --role team-lead")
            return
        width = max(len(u.login) for u in table)
        for user in table:
            typer.echo(f"{user.login:<{width}}  {user.role.value:<9}  {user.trainee_name}")
