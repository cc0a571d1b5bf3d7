"""`roleplay scenarios ...`: the trainer's commands to list, read, check and start scenarios."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from roleplay.choices import Difficulty
from roleplay.errors import UserError

if TYPE_CHECKING:
    from roleplay.scenarios.library import Library

ARCHETYPES = ("irate", "frustrated", "confused", "grieving", "anxious", "stressed", "disappointed")


def _playable() -> tuple[Library, list[str]]:
    """The scenarios that load, after a warning on stderr naming each file that does not."""
    from roleplay.workspace import find_workspace

    library, problems = find_workspace().playable_library()
    first_per_file = {problem.split(":", 1)[0]: problem for problem in reversed(problems)}
    for problem in reversed(first_per_file.values()):
        typer.echo(f"warning: skipped {problem}", err=True)
    if problems:
        typer.echo("check them with: roleplay scenarios validate", err=True)
    return library, problems


def list_scenarios(as_json: bool) -> None:
    """Print every scenario in the workspace that loads, as a table or as JSON.

    A broken file is named on stderr and left out, so the others can still be chosen.
    """
    import json

    from roleplay.scenarios.describe import list_rows, list_table

    rows = list_rows(_playable()[0])
    if as_json:
        typer.echo(json.dumps(rows, indent=2, ensure_ascii=False))
    elif rows:
        typer.echo(list_table(rows))
    else:
        typer.echo("no scenarios yet; start one with: roleplay scenarios new ID --archetype irate")


def show_scenario(scenario_id: str) -> None:
    """Print one scenario in full, for review."""
    from roleplay.scenarios.describe import show_text
    from roleplay.scenarios.loader import LibraryError

    library, problems = _playable()
    if scenario_id not in library.scenarios and problems:
        raise LibraryError(problems)
    scenario = library.scenario(scenario_id)
    typer.echo(show_text(scenario, library.personas[scenario.persona]))


def try_line(scenario_id: str, line: str, after: str, difficulty: Difficulty | None) -> str:
    """What `line` would do as the trainee's first line in the scenario, as text to print."""
    from roleplay.commands.detectors import detection_rows
    from roleplay.scenarios.loader import LibraryError
    from roleplay.sim.trial import try_line as run_trial

    if not line.strip():
        raise UserError("give the trainee's line to try", hint='e.g. "Let me check that for you."')
    library, problems = _playable()
    if scenario_id not in library.scenarios and problems:
        raise LibraryError(problems)
    cast = library.cast(scenario_id)
    level = (difficulty or cast.scenario.default_difficulty).value
    trial = run_trial(cast, line, after=after, difficulty=level)
    out = ["Behaviours (the words that count):"]
    out += [f"  {row}" for row in detection_rows(line, trial.found)]
    out.append("Goals it meets:")
    out += [f"  {goal.id}: {goal.description} (by {', '.join(why)})" for goal, why in trial.goals]
    if not trial.goals:
        out.append("  none")
    out.append("Facts it brings out (at the start of the call):")
    for item in trial.facts:
        asked = f"asked about with {', '.join(repr(w) for w in item.asked_with)}; "
        how = asked if item.asked_with else ""
        if item.comes_out:
            out.append(f'  {item.fact.id}: {how}the customer says "{item.fact.plain}"')
        else:
            out.append(f"  {item.fact.id}: {how}not yet, it waits for {'; '.join(item.waits_for)}")
    if not trial.facts:
        out.append("  none")
    out.append("Answer it gets:")
    if trial.answer is not None:
        words = ", ".join(repr(w) for w in trial.answered_with)
        out.append(f'  asked with {words}; the customer says "{trial.answer_words}"')
    else:
        out.append("  none (a fact comes first, or no `answers` entry covers it)")
    out.append(f"Mood ({level}): {trial.mood_before:g} -> {trial.mood_after:g}")
    return "\n".join(out)


def validate(paths: list[Path]) -> int:
    """Check files, folders or (with no paths) the workspace; print `ok: ...` or every problem."""
    from roleplay.scenarios.chosen import load_paths
    from roleplay.scenarios.loader import LibraryError
    from roleplay.workspace import bundled_library_dir, find_workspace

    workspace = find_workspace()
    try:
        if paths:
            missing = [str(p) for p in paths if not p.exists()]
            if missing:
                raise UserError(
                    f"no such file or folder: {', '.join(missing)}",
                    hint="give scenario or persona files, or folders holding them",
                )
            extra = [workspace.personas_dir, bundled_library_dir() / "personas"]
            library = load_paths(paths, extra_personas=extra)
        else:
            library = workspace.own_library()
    except LibraryError as err:
        for problem in err.problems:
            typer.echo(problem)
        count = len(err.problems)
        typer.echo(f"{count} problem{'s' if count != 1 else ''} found", err=True)
        return 2
    from roleplay.scenarios.thin import thin_spots

    for scenario_id, scenario in sorted(library.scenarios.items()):
        source = library.sources.get(f"scenario:{scenario_id}", scenario_id)
        for warning in thin_spots(scenario):
            typer.echo(f"warning: {source}: {warning}", err=True)
    scenarios = len(library.scenarios)
    used = {scenario.persona for scenario in library.scenarios.values()}
    personas = len((set(library.personas) - library.borrowed) | used)
    typer.echo(
        f"ok: {scenarios} scenario{'s' if scenarios != 1 else ''}, "
        f"{personas} persona{'s' if personas != 1 else ''}"
    )
    return 0


def new_scenario(scenario_id: str, archetype: str, out: Path | None) -> list[Path]:
    """Write a commented starting scenario and persona; return the files written."""
    from roleplay.authoring.new import check_new, create_scenario
    from roleplay.workspace import find_workspace

    check_new(scenario_id, archetype)
    if out is None:
        workspace = find_workspace()
        if workspace.bundled:
            raise UserError(
                "there is no workspace here to add the scenario to",
                hint="create one with `roleplay init DIR`, or pass --out DIR",
            )
        out = workspace.root
    return create_scenario(out, scenario_id, archetype)


def replaces_bundled(scenario_id: str, root: Path) -> str:
    """A note when the new scenario takes the id of a bundled one this workspace offers: from
    now on the workspace's file replaces it ('' otherwise)."""
    from roleplay.workspace import _bundled_library, read_config

    try:
        offered = read_config(root)
    except UserError:
        return ""
    bundled = _bundled_library() if offered else None
    if bundled is None or scenario_id not in bundled.scenarios:
        return ""
    title = bundled.scenarios[scenario_id].title
    return (
        f"note: a bundled scenario is also called '{scenario_id}' ({title}); in this workspace "
        "yours replaces it. Choose another id to keep both."
    )


def register(app: typer.Typer) -> None:
    """Add the `scenarios` command group."""
    group = typer.Typer(help="List, read, check and start scenario files.", no_args_is_help=True)
    app.add_typer(group, name="scenarios")

    @group.command("list")
    def list_command(
        as_json: Annotated[bool, typer.Option("--json", help="Print JSON for scripts.")] = False,
    ) -> None:
        """List the scenarios: id, title, archetype and difficulty range."""
        list_scenarios(as_json)

    @group.command("show")
    def show_command(
        scenario_id: Annotated[str, typer.Argument(metavar="ID", help="Scenario id.")],
    ) -> None:
        """Show one scenario: persona, briefing, knowledge base, facts, goals, rubric."""
        show_scenario(scenario_id)

    @group.command("validate")
    def validate_command(
        paths: Annotated[
            list[Path] | None,
            typer.Argument(help="Files or folders to check (default: the whole workspace)."),
        ] = None,
    ) -> None:
        """Check scenario and persona files; exit 0 when all are valid, 2 otherwise."""
        code = validate(paths or [])
        if code:
            raise typer.Exit(code)

    @group.command("try")
    def try_command(
        scenario_id: Annotated[str, typer.Argument(metavar="ID", help="Scenario id.")],
        line: Annotated[str, typer.Argument(help="What the trainee says.")],
        after: Annotated[
            str,
            typer.Option(
                "--after",
                "--customer",
                help="What the customer said just before (for paraphrases).",
            ),
        ] = "",
        difficulty: Annotated[
            Difficulty | None,
            typer.Option(case_sensitive=False, help="Default: the scenario's."),
        ] = None,
    ) -> None:
        """Show the behaviours, goals and facts a trainee line triggers, and the words that did."""
        typer.echo(try_line(scenario_id, line, after, difficulty))

    @group.command("edit")
    def edit_command(
        name: Annotated[
            str | None,
            typer.Argument(metavar="[ID]", help="Open this scenario (or persona) file at once."),
        ] = None,
    ) -> None:
        """Edit, check and self-play scenario files in the Scenarios app (Ctrl+S saves if valid)."""
        from roleplay.config import load_settings
        from roleplay.tui.scenarios.app import run_scenarios_app
        from roleplay.workspace import find_workspace

        workspace = find_workspace()
        if name is not None:
            from roleplay.authoring.files import find_file

            find_file(workspace, name)  # a wrong name is a message here, not in the app
        run_scenarios_app(workspace, load_settings(), name)

    @group.command("new")
    def new_command(
        scenario_id: Annotated[str, typer.Argument(metavar="ID", help="The new scenario's id.")],
        archetype: Annotated[
            str, typer.Option(help=f"The customer's archetype: {', '.join(ARCHETYPES)}.")
        ] = "irate",
        out: Annotated[
            Path | None, typer.Option(help="Workspace folder to write into (default: this one).")
        ] = None,
    ) -> None:
        """Write a valid, commented starting scenario and persona to edit."""
        from roleplay.commands.workspace import writing

        with writing(out or Path.cwd()):
            written = new_scenario(scenario_id, archetype, out)
        for path in written:
            typer.echo(f"wrote {path}")
        replaced = replaces_bundled(scenario_id, written[0].parent.parent)
        if replaced:
            typer.echo(replaced)
        typer.echo("next: edit them, then check with: roleplay scenarios validate")
