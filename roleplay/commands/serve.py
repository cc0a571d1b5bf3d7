"""`roleplay serve`: the call and review apps for the whole team in the browser, with sign-in."""

from __future__ import annotations

import logging
import sys
from pathlib import Path
from typing import Annotated

import typer

from roleplay.errors import UserError

BACKENDS = ("local", "openai", "scripted")


def _check_installed() -> None:
    """The server's extras are installed, or one clear message saying how to get them."""
    try:
        import aiohttp  # noqa: F401
        import argon2  # noqa: F401

        import roleplay.tui.web  # noqa: F401  (the web driver)
    except ImportError as exc:
        raise UserError(
            f"roleplay serve needs {exc.name}, which is not installed",
            hint="install the server's extras: pip install 'roleplay[serve]'",
            exit_code=1,
        ) from None


def _team_workspace(folder: Path | None) -> Path:
    """The team's workspace; a --workspace folder that does not exist yet is created."""
    from roleplay.commands.users import workspace_root

    if folder is not None and not folder.exists():
        for sub in ("scenarios", "personas", "transcripts"):
            (folder / sub).mkdir(parents=True, exist_ok=True)
        typer.echo(
            f"created the team workspace {folder}: the bundled scenarios are offered, "
            "and your own go in its scenarios/ folder",
            err=True,
        )
    return workspace_root(folder).resolve()


def _first_team_lead(root: Path) -> None:
    """With no users yet, ask for the first team lead (at a terminal), else say how to add one."""
    from roleplay.serve.roles import Role
    from roleplay.serve.users import UsersFile, users_path

    table = UsersFile(users_path(root))
    if len(table):
        return
    hint = f"add a team lead first: roleplay users add NAME --role team-lead --workspace {root}"
    if not sys.stdin.isatty():
        raise UserError(f"no one can sign in yet: {users_path(root)} has no users", hint=hint)
    typer.echo("No one can sign in yet: create the first team lead.", err=True)
    login = str(typer.prompt("Sign-in name", err=True)).strip()
    name = str(typer.prompt("Name on their calls and overrides", default=login, err=True))
    password = str(typer.prompt("Password", hide_input=True, confirmation_prompt=True, err=True))
    user = table.add(login, Role.TEAM_LEAD, password, name)
    table.save()
    typer.echo(f"added {user.login} (team-lead); add the others with: roleplay users add", err=True)


def register(app: typer.Typer) -> None:
    """Add the `serve` command."""

    @app.command("serve")
    def serve(
        host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
        port: Annotated[int, typer.Option(help="Port to listen on.")] = 8000,
        workspace: Annotated[
            Path | None,
            typer.Option(
                help="The team's workspace: scenarios, users and every call (created if new)."
            ),
        ] = None,
        backend: Annotated[
            str | None,
            typer.Option(help="The customer for every session: local, openai or scripted."),
        ] = None,
        public_url: Annotated[
            str | None,
            typer.Option(help="The address people open, behind a reverse proxy (https://…)."),
        ] = None,
        trusted_header: Annotated[
            str | None,
            typer.Option(
                help="Trust this header from the reverse proxy as the signed-in user "
                "(e.g. X-Remote-User); only from --trusted-proxy addresses."
            ),
        ] = None,
        trusted_proxy: Annotated[
            list[str] | None,
            typer.Option(help="Address of the reverse proxy (default: this machine)."),
        ] = None,
        idle_minutes: Annotated[
            float, typer.Option(help="Sign out after this long without use.")
        ] = 30.0,
    ) -> None:
        """Serve the call and review apps to browsers, behind sign-in (Ctrl+C stops it)."""
        from roleplay.config import load_settings

        if backend is not None and backend not in BACKENDS:
            raise UserError(
                f"unknown backend '{backend}'", hint=f"choose one of: {', '.join(BACKENDS)}"
            )
        if public_url is not None and not public_url.startswith(("http://", "https://")):
            raise UserError(f"--public-url '{public_url}' must start with http:// or https://")
        _check_installed()
        root = _team_workspace(workspace)
        _first_team_lead(root)
        settings = load_settings(**({"backend": backend} if backend else {}))
        app_env = {"ROLEPLAY_BACKEND": str(settings.backend)}

        from roleplay.serve.health import health_for
        from roleplay.serve.options import ServeOptions
        from roleplay.serve.run import run_server

        options = ServeOptions(
            workspace=root,
            host=host,
            port=port,
            public_url=public_url,
            trusted_header=trusted_header,
            trusted_proxies=tuple(trusted_proxy or ("127.0.0.1", "::1")),
            idle_s=idle_minutes * 60,
            app_env=app_env,
        )
        logging.basicConfig(
            level=logging.INFO, format="%(asctime)s %(levelname)s %(message)s", stream=sys.stderr
        )
        run_server(options, health_for(settings))
