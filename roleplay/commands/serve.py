"""`roleplay serve`: the call and review apps for the whole team in the browser, with sign-in."""

from __future__ import annotations

import logging
import sys
from pathlib import Path
from typing import Annotated

import typer

from roleplay.errors import UserError

BACKENDS = ("local", "openai", "scripted")


def _check_ready(root: Path) -> None:
    """The server's extras are installed and someone can sign in, or one clear message."""
    try:
        import aiohttp  # noqa: F401
        import argon2  # noqa: F401
        import textual_serve  # noqa: F401
    except ImportError as exc:
        raise UserError(
            f"roleplay serve needs {exc.name}, which is not installed",
            hint="install the server's extras: pip install 'roleplay[serve]'",
            exit_code=1,
        ) from None
    from roleplay.serve.users import UsersFile, users_path

    if not len(UsersFile(users_path(root))):
        raise UserError(
            f"no one can sign in yet: {users_path(root)} has no users",
            hint=f"add a team lead first: roleplay users add NAME --role team-lead "
            f"--workspace {root}",
        )


def register(app: typer.Typer) -> None:
    """Add the `serve` command."""

    @app.command("serve")
    def serve(
        host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
        port: Annotated[int, typer.Option(help="Port to listen on.")] = 8000,
        workspace: Annotated[
            Path | None,
            typer.Option(help="The team's workspace: scenarios, users and every call."),
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
        from roleplay.commands.users import workspace_root
        from roleplay.config import load_settings

        if backend is not None and backend not in BACKENDS:
            raise UserError(
                f"unknown backend '{backend}'", hint=f"choose one of: {', '.join(BACKENDS)}"
            )
        if public_url is not None and not public_url.startswith(("http://", "https://")):
            raise UserError(f"--public-url '{public_url}' must start with http:// or https://")
        root = workspace_root(workspace).resolve()
        _check_ready(root)
        settings = load_settings(**({"backend": backend} if backend else {}))
        app_env = {"ROLEPLAY_BACKEND": settings.backend}

        from roleplay.serve.health import health_for
        from roleplay.serve.run import run_server
        from roleplay.serve.server import ServeOptions

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
