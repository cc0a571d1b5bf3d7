"""Running the team server until Ctrl+C or SIGTERM, then closing every app cleanly."""

from __future__ import annotations

import logging
import sys
from typing import Any

from aiohttp import web

from roleplay.serve.options import ServeOptions
from roleplay.serve.server import TeamServer

log = logging.getLogger("roleplay.serve")


def url_of(options: ServeOptions) -> str:
    """Where people open the server."""
    if options.public_url:
        return options.public_url
    host = "localhost" if options.host in ("127.0.0.1", "0.0.0.0", "::") else options.host
    if ":" in host:
        host = f"[{host}]"
    return f"http://{host}:{options.port}/"


def run_server(options: ServeOptions, health: Any | None = None) -> None:
    """Serve until stopped; on SIGINT or SIGTERM every open call is saved as abandoned first."""
    server = TeamServer(options, health)

    def ready(*_args: Any) -> None:
        print(f"roleplay serve: open {url_of(options)} (workspace {options.workspace})", flush=True)
        print("roleplay serve: Ctrl+C stops the server; open calls are saved.", flush=True)

    try:
        web.run_app(
            server.make_app(),
            host=options.host,
            port=options.port,
            print=ready,
            access_log_format='%a "%r" %s %b',
            shutdown_timeout=options.shutdown_grace_s + 5,
        )
    except OSError as exc:
        from roleplay.errors import UserError

        raise UserError(
            f"cannot listen on {options.host}:{options.port}: {exc.strerror or exc}",
            hint="choose another --port, or stop what is using it",
            exit_code=1,
        ) from None
    print("roleplay serve: stopped", file=sys.stderr)
