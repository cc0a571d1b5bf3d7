"""`roleplay detectors`: retrain behaviour detection on a team's own lines, and try a line.

Trainers who hear the detectors miss their house style add labelled lines to the workspace's
`behaviours/` folder and run `roleplay detectors train`; calls and debriefs in that workspace
then use the retrained model. `roleplay detectors try` shows what a line counts as, and why.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from roleplay.errors import UserError

if TYPE_CHECKING:
    from roleplay.detectors.detect import Detection


def register(app: typer.Typer) -> None:
    """Add the `detectors` command group."""
    group = typer.Typer(help="Behaviour detection: retrain it on your lines, try a line.")
    app.add_typer(group, name="detectors")

    @group.command("train")
    def train_command(
        bundled: Annotated[
            bool,
            typer.Option(
                "--bundled",
                help="Rebuild the model shipped with roleplay from the bundled corpus only.",
            ),
        ] = False,
        out: Annotated[
            Path | None, typer.Option(help="Write the model here instead of the default place.")
        ] = None,
    ) -> None:
        """Retrain on the bundled corpus plus the workspace's behaviours/*.csv; print figures."""
        from roleplay.detectors.evaluate import table
        from roleplay.detectors.model import HOUSE_FOLDER, bundled_model_path, house_model_path
        from roleplay.detectors.retrain import house_files, retrain
        from roleplay.workspace import find_workspace

        try:
            import sklearn  # noqa: F401
        except ImportError:
            raise UserError(
                "retraining needs scikit-learn, which is not installed",
                hint="install it with: pip install scikit-learn",
                exit_code=1,
            ) from None
        extra: list[Path] = []
        if bundled:
            target = out or bundled_model_path()
        else:
            workspace = find_workspace()
            if workspace.bundled:
                raise UserError(
                    "no workspace here to keep a retrained model in",
                    hint="run it inside a workspace (roleplay init FOLDER), with labelled lines "
                    f"in its {HOUSE_FOLDER}/ folder; or --bundled to rebuild the shipped model",
                )
            extra = house_files(workspace.root)
            if not extra:
                raise UserError(
                    f"no labelled lines in {workspace.root / HOUSE_FOLDER}",
                    hint="add CSV files with the columns set,scenario,customer,line,behaviours "
                    "(see docs/detectors.md)",
                )
            target = out or house_model_path(workspace.root)
        result = retrain(extra, say=lambda text: typer.echo(text, err=True))
        result.model.save(target)
        typer.echo(f"wrote {target} ({result.lines} training lines)")
        typer.echo("\nOn the bundled frozen test split:")
        typer.echo(table(result.bundled_test))
        if result.house_test:
            typer.echo(f"\nOn your own held-out lines (about 15% of your {result.house_lines}):")
            typer.echo(table([s for s in result.house_test if s.support]))
        elif extra:
            typer.echo("\n(none of your sets fell in the held-out part; add more sets to measure)")

    @group.command("try")
    def try_command(
        line: Annotated[str, typer.Argument(help="What the trainee says.")],
        customer: Annotated[
            str,
            typer.Option(
                "--customer",
                "--after",
                help="What the customer said just before (for paraphrases).",
            ),
        ] = "",
        detector: Annotated[
            str | None,
            typer.Option(
                "--detector",
                help="standard, or transformer (the fine-tuned reader too); "
                "default: the workspace's choice.",
            ),
        ] = None,
    ) -> None:
        """Show the behaviours a trainee line counts as, the words that count, and by what."""
        from roleplay.detectors import active
        from roleplay.detectors.detect import DetectContext, detections
        from roleplay.workspace import find_workspace

        find_workspace()
        if detector is not None:
            active.use_detector(detector, "--detector")
        ctx = DetectContext(customer_lines=(customer,) if customer else ())
        for row in detection_rows(line, detections(line, ctx)):
            typer.echo(row)


def detection_rows(line: str, found: Sequence[Detection]) -> list[str]:
    """One row per behaviour: its name, what found it, and the words of the line that count."""
    if not found:
        return ["no behaviour detected"]
    rows = []
    for d in found:
        how = f"model {d.score:.2f}" if d.by == "model" else "rule"
        rows.append(f'{d.behaviour.value:<22} {how:<11} "{d.words(line)}"')
    return rows
