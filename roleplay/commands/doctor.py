"""`roleplay doctor`: check that the chosen backend can actually play a customer.

One line per check, `ok` or `FAIL` with what to try, and exit status 1 if anything failed, so
both a trainee and a setup script can use it.
"""

from __future__ import annotations

from typing import Annotated

import typer

from roleplay.choices import BackendName
from roleplay.errors import UserError


def register(app: typer.Typer) -> None:
    """Add the `doctor` command."""

    @app.command("doctor")
    def doctor(
        backend: Annotated[
            BackendName | None,
            typer.Option(case_sensitive=False, help="Default: the configured backend."),
        ] = None,
    ) -> None:
        """Check the chosen backend: installed, model present or reachable, one reply timed."""
        import asyncio

        from roleplay.commands.doctor_checks import run_checks
        from roleplay.config import config_path, load_settings

        try:
            settings = load_settings()
        except UserError as err:
            _line(False, "settings", err.message.replace("\n", " "), err.hint)
            raise typer.Exit(1) from None
        chosen = backend or settings.backend
        _line(True, "settings", f"backend {chosen}; file {config_path()}")
        detector_ok = _detector()
        checks = asyncio.run(run_checks(settings, chosen))
        for check in checks:
            _line(check.ok, check.name, check.detail, check.hint)
        if not detector_ok or not all(check.ok for check in checks):
            raise typer.Exit(1)


def _detector() -> bool:
    """Which detector listens here (the workspace's choice, or ROLEPLAY_DETECTOR), and whether
    the transformer reader, when chosen, loads and reads a line."""
    import time

    from roleplay.detectors import active
    from roleplay.workspace import find_workspace

    try:
        find_workspace()
        reader = active.reader()
        if reader is None:
            _line(True, "detector", "standard (rules and the trained n-gram model)")
            return True
        start = time.perf_counter()
        reader.probabilities("It still doesn't work.", "That sounds really frustrating.")
        took = (time.perf_counter() - start) * 1000
    except UserError as err:
        _line(False, "detector", err.message.replace("\n", " "), err.hint)
        return False
    _line(True, "detector", f"transformer reader on as well ({took:.0f} ms to read one line)")
    return True


def _line(ok: bool, name: str, detail: str, hint: str = "") -> None:
    """`ok   name: detail` or `FAIL name: detail; try: hint`, on one line."""
    text = f"{'ok  ' if ok else 'FAIL'} {name}: {detail}"
    if hint and not ok:
        text += f"; try: {hint}"
    typer.echo(text)
