"""`roleplay --help` stays fast: building the CLI and printing help import no heavy module.

Typer, the command modules and the help text are all `--help` needs (not even pydantic, which
Typer would import to parse `--help` itself); asyncio, the UI, model clients, NumPy and the
scenario models are imported inside the commands that use them. Checked in a fresh process,
since this test run has imported everything already.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import roleplay

HEAVY = (
    "asyncio",
    "textual",
    "openai",
    "numpy",
    "sklearn",
    "jinja2",
    "yaml",
    "pydantic",
    "llama_cpp",
    "xllamacpp",
    "roleplay.scenarios",
    "roleplay.sim",
    "roleplay.llm",
    "roleplay.debrief",
    "roleplay.store",
)

PROBE = r"""
import contextlib, io, json, sys
heavy = sys.argv[1:]
import roleplay.cli
seen = {"import roleplay.cli": [m for m in heavy if m in sys.modules]}
app = roleplay.cli.build_cli()
seen["build_cli()"] = [m for m in heavy if m in sys.modules]
import typer.main
root = typer.main.get_command(app)
paths = [[]] + [[name] for name in root.commands] + [
    [name, sub] for name, group in root.commands.items() for sub in getattr(group, "commands", {})
]
for path in paths:
    with contextlib.redirect_stdout(io.StringIO()):
        code = roleplay.cli.main([*path, "--help"])
    seen[" ".join(["roleplay", *path, "--help"]) + f" (exit {code})"] = [
        m for m in heavy if m in sys.modules
    ]
print(json.dumps(seen))
"""


def test_help_imports_no_heavy_module() -> None:
    checkout = Path(roleplay.__file__).resolve().parents[1]
    result = subprocess.run(
        [sys.executable, "-c", PROBE, *HEAVY],
        capture_output=True,
        text=True,
        check=True,
        cwd=checkout,
    )
    seen = json.loads(result.stdout)
    assert len(seen) > 10  # the probe found the commands
    assert all(step.endswith("(exit 0)") for step in list(seen)[2:]), list(seen)
    assert {step: found for step, found in seen.items() if found} == {}


def _typer_help(path: list[str]) -> str:
    """The help Typer itself prints for `roleplay PATH --help` (parsing the options)."""
    import contextlib
    import io

    from roleplay.cli import build_cli

    out = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.suppress(SystemExit):
        build_cli()(args=[*path, "--help"], prog_name="roleplay")
    return out.getvalue()


def test_fast_help_is_typers_help_word_for_word(capsys: object) -> None:
    """`main` formats `--help` without parsing options; the text must not differ by a byte."""
    import typer.main

    from roleplay.cli import build_cli, main

    root = typer.main.get_command(build_cli())
    paths: list[list[str]] = [[]]
    for name, group in root.commands.items():  # type: ignore[attr-defined]
        paths.append([name])
        paths += [[name, sub] for sub in getattr(group, "commands", {})]
    assert len(paths) > 10
    for path in paths:
        assert main([*path, "--help"]) == 0
        fast = capsys.readouterr().out  # type: ignore[attr-defined]
        assert fast.startswith("Usage: roleplay"), path
        assert fast == _typer_help(path), path
