"""`roleplay init DIR` and `roleplay schema`: set up a workspace, and help editors check files."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated

import typer

from roleplay.errors import UserError

VSCODE_HELP = """\
To have VS Code check and complete scenario files as you type (Red Hat's YAML extension):
  add to .vscode/settings.json in your workspace
    "yaml.schemas": {{
      "{scenario}": ["scenarios/*.yaml"],
      "{persona}": ["personas/*.yaml"]
    }}
  or put this first line in a file:
    # yaml-language-server: $schema={scenario}"""


@contextmanager
def writing(where: Path) -> Iterator[None]:
    """Turn a failed write (permissions, a full disk, a file in the way) into one clear message."""
    try:
        yield
    except OSError as exc:
        target = exc.filename or where
        raise UserError(
            f"cannot write {target}: {exc.strerror or exc}",
            hint="choose a folder you can write to",
            exit_code=1,
        ) from None


def vscode_help(scenario_schema: Path, persona_schema: Path) -> str:
    """How to hook the schema files into VS Code, with their paths filled in."""
    return VSCODE_HELP.format(
        scenario=scenario_schema.as_posix(), persona=persona_schema.as_posix()
    )


def register(app: typer.Typer) -> None:
    """Add the `init` and `schema` commands."""

    @app.command("init")
    def init_command(
        folder: Annotated[Path, typer.Argument(metavar="DIR", help="Folder for the workspace.")],
    ) -> None:
        """Create a workspace: scenarios/, personas/, transcripts/, with one example each."""
        from roleplay.workspace import create_workspace

        with writing(folder):
            written = create_workspace(folder)
        typer.echo(f"created a workspace in {folder}")
        for path in written:
            typer.echo(f"  {path.relative_to(folder.resolve()).as_posix()}")
        typer.echo(
            f"next: cd {folder} && roleplay scenarios list   (add one with: roleplay scenarios "
            "new ID --archetype irate)"
        )

    @app.command("schema")
    def schema_command(
        out: Annotated[
            Path | None,
            typer.Option(help="Folder for the schema files (default: the workspace's schema/)."),
        ] = None,
    ) -> None:
        """Write the JSON Schema of scenario and persona files, for editors."""
        from roleplay.scenarios.schema import write_schemas
        from roleplay.workspace import find_workspace

        if out is None:
            workspace = find_workspace()
            out = Path.cwd() / "schema" if workspace.bundled else workspace.root / "schema"
        with writing(out):
            scenario, persona = write_schemas(out)
        typer.echo(f"wrote {scenario}\nwrote {persona}\n")
        typer.echo(vscode_help(scenario, persona))
