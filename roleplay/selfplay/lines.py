"""Where the trainee's side of a self-play call comes from: the scenario's file, or the user's.

`selfplay/<scenario-id>.yaml` (in the workspace, else in the bundled library) holds
`{good: [lines], poor: [lines]}`; a FILE holds one trainee line per line. `/hold` and `/resume`
(optionally `/hold 120`, seconds on hold) are hold commands, as in a plain call.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from pathlib import Path

from roleplay.errors import UserError
from roleplay.scenarios.yaml_source import SourceError, read_yaml

KINDS = ("good", "poor")
DEFAULT_HOLD_S = 45.0


@dataclass(frozen=True)
class TraineeScript:
    """The trainee's lines for a run, and where they came from (for the report)."""

    kind: str
    lines: tuple[str, ...]
    source: str


def selfplay_file(scenario_id: str, folders: list[Path]) -> Path | None:
    """The first `<folder>/<scenario-id>.yaml` that exists."""
    for folder in folders:
        path = folder / f"{scenario_id}.yaml"
        if path.is_file():
            return path
    return None


def read_selfplay_file(path: Path) -> dict[str, tuple[str, ...]]:
    """The good/poor lines of a scenario's self-play file; a malformed file is a UserError."""
    try:
        source = read_yaml(path)
    except SourceError as exc:
        raise UserError(
            f"cannot read the self-play file {path}:{exc.line}: {exc.message}",
            hint="it should be YAML: good: [lines], poor: [lines]",
        ) from None
    data = source.data if source is not None else None
    if not isinstance(data, dict):
        raise UserError(
            f"the self-play file {path} is not a mapping",
            hint="write it as YAML with the keys good: and poor:, each a list of lines",
        )
    out: dict[str, tuple[str, ...]] = {}
    for kind, lines in data.items():
        if not isinstance(lines, list) or not all(isinstance(x, str) for x in lines):
            raise UserError(
                f"{path}: '{kind}' must be a list of lines (strings)",
                hint="for example:  good:\\n  - Hello, I'm Sam. I'm sorry to hear that.",
            )
        out[str(kind)] = tuple(x.strip() for x in lines if x.strip())
    return out


def read_lines_file(path: Path) -> tuple[str, ...]:
    """A user's file of trainee lines, one per line (blank lines and `# ...` are skipped)."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise UserError(
            f"cannot read the trainee lines file {path} ({exc.strerror})",
            hint="give good, poor, or the path of a text file with one trainee line per line",
        ) from None
    lines = tuple(
        s.strip() for s in text.splitlines() if s.strip() and not s.lstrip().startswith("#")
    )
    if not lines:
        raise UserError(f"{path} has no trainee lines", hint="write one trainee line per line")
    return lines


def trainee_script(spec: str, scenario_id: str, folders: list[Path]) -> TraineeScript | None:
    """The script for `--trainee SPEC`; None when `good`/`poor` has no authored lines here.

    None lets a model backend play the trainee from handling instructions instead.
    """
    if spec in KINDS:
        path = selfplay_file(scenario_id, folders)
        if path is None:
            return None
        lines = read_selfplay_file(path).get(spec)
        if not lines:
            return None
        return TraineeScript(kind=spec, lines=lines, source=str(path))
    path = Path(spec).expanduser()
    if not path.exists():
        raise UserError(
            f"--trainee '{spec}' is neither good, poor nor an existing file",
            hint="use --trainee good, --trainee poor, or --trainee PATH/TO/lines.txt",
        )
    return TraineeScript(kind=path.stem, lines=read_lines_file(path), source=str(path))


def hold_command(line: str) -> tuple[str, float] | None:
    """('hold', seconds) or ('resume', 0) for a hold command line, else None."""
    words = line.strip().lower().split()
    if not words:
        return None
    if words[0] == "/resume":
        return ("resume", 0.0)
    if words[0] == "/hold":
        seconds = DEFAULT_HOLD_S
        if len(words) > 1:
            with contextlib.suppress(ValueError):
                seconds = max(0.0, float(words[1]))
        return ("hold", seconds)
    return None
