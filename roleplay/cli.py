"""The `roleplay` command line: one Typer app, with every failure turned into a clear message."""

from __future__ import annotations

import sys
import traceback
from importlib import import_module
from pathlib import Path

import typer

from roleplay.errors import UserError
from roleplay.terminal import PrintableStream

COMMAND_MODULES = (
    "roleplay.commands.scenarios",
    "roleplay.commands.workspace",
    "roleplay.commands.call",
    "roleplay.commands.doctor",
    "roleplay.commands.debrief",
    "roleplay.commands.review",
    "roleplay.commands.report",
    "roleplay.commands.selfplay",
    "roleplay.commands.detectors",
    "roleplay.commands.users",
    "roleplay.commands.serve",
)


def build_cli() -> typer.Typer:
    """The Typer app with every command group registered (shared by main and tests)."""
    app = typer.Typer(
        name="roleplay",
        help="Practise difficult customer calls against a language-model customer.",
        no_args_is_help=False,
        add_completion=False,
        pretty_exceptions_enable=False,
        rich_markup_mode=None,
    )

    @app.callback(invoke_without_command=True)
    def _root(ctx: typer.Context) -> None:
        """With no command, open the app's home screen."""
        if ctx.invoked_subcommand is None:
            from roleplay.commands.call import open_home

            open_home()

    for name in COMMAND_MODULES:
        try:
            module = import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name != name:
                raise
            continue
        module.register(app)
    return app


def _crash_log(exc: BaseException) -> Path | None:
    try:
        from platformdirs import user_log_dir

        folder = Path(user_log_dir("roleplay"))
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / "crash.log"
        with path.open("a", encoding="utf-8") as fh:
            from roleplay.llm.redact import redact

            fh.write(redact("".join(traceback.format_exception(exc))))
            fh.write("\n")
        return path
    except OSError:
        return None


def _usage_message(exc: typer.TyperException) -> str:
    """A usage mistake (unknown option, a value not among the choices) as one message and a hint.

    Typer's own exceptions carry the message; the failing command's path, when known, points
    at its --help, which lists every option and its choices.
    """
    ctx = getattr(exc, "ctx", None)
    command = getattr(ctx, "command_path", "") or "roleplay"
    return f"roleplay: {exc.format_message()}\nsee `{command} --help`"


def main(argv: list[str] | None = None) -> int:
    """Entry point: run the CLI and map failures to messages and exit codes.

    Everything printed goes through `printable`: text from transcripts and scenario files never
    puts a control character on the terminal.
    """
    stdout, stderr = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = PrintableStream(stdout), PrintableStream(stderr)
    try:
        return _run(argv)
    finally:
        sys.stdout, sys.stderr = stdout, stderr


def _help_only(app: typer.Typer, argv: list[str]) -> str | None:
    """The help of `roleplay [COMMAND ...] --help`, formatted without parsing any option.

    Typer 0.29 builds a pydantic adapter for the first option it parses, even `--help`, and
    importing pydantic for that costs a third of the wait; the text is the same as Typer's.
    Anything but command names before `--help` goes the usual way (None).
    """
    if not argv or argv[-1] != "--help":
        return None
    import typer.main

    command = typer.main.get_command(app)
    ctx = command.context_class(command, info_name="roleplay")
    for name in argv[:-1]:
        found = getattr(command, "get_command", lambda _ctx, _name: None)(ctx, name)
        if found is None:
            return None
        command = found
        ctx = command.context_class(command, info_name=name, parent=ctx)
    return command.get_help(ctx)


def _run(argv: list[str] | None) -> int:
    app = build_cli()
    help_text = _help_only(app, sys.argv[1:] if argv is None else argv)
    if help_text is not None:
        print(help_text)
        return 0
    try:
        # Outside standalone mode click returns a typer.Exit's code instead of exiting.
        result = app(args=argv, prog_name="roleplay", standalone_mode=False)
    except UserError as err:
        print(f"roleplay: {err}", file=sys.stderr)
        return err.exit_code
    except KeyboardInterrupt:
        print("roleplay: interrupted", file=sys.stderr)
        return 130
    except SystemExit as exit_:
        return int(exit_.code or 0) if not isinstance(exit_.code, str) else 1
    except typer.Exit as exit_:
        return exit_.exit_code
    except typer.Abort:
        print("roleplay: aborted", file=sys.stderr)
        return 1
    except typer.TyperException as exc:
        print(_usage_message(exc), file=sys.stderr)
        return exc.exit_code
    except Exception as exc:  # the last line of defence: never a traceback for users
        log = _crash_log(exc)
        where = f" Details were written to {log}." if log else ""
        from roleplay.llm.redact import redact

        said = redact(f"{exc.__class__.__name__}: {exc}")
        print(f"roleplay: internal error: {said}.{where}", file=sys.stderr)
        return 1
    return result if isinstance(result, int) else 0


if __name__ == "__main__":
    sys.exit(main())
