"""Start a new scenario: its id and the customer's archetype, then the commented template."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Select

from roleplay.authoring.files import FileKind, ScenarioFile
from roleplay.authoring.new import ARCHETYPES, create_scenario
from roleplay.errors import UserError
from roleplay.workspace import Workspace


class NewScenarioScreen(ModalScreen[ScenarioFile | None]):
    """Asks for an id and an archetype; writes what `roleplay scenarios new` writes."""

    HELP_TEXT = (
        "Type the new scenario's id (lowercase words joined by '-', e.g. late-order), choose the "
        "customer's archetype, and press Enter. The scenario, its persona and self-play lines are "
        "written from the commented template, and the scenario opens in the editor."
    )

    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="new.cancel", tooltip="Back without writing."),
    ]

    def __init__(self, workspace: Workspace) -> None:
        super().__init__()
        self.workspace = workspace

    def compose(self) -> ComposeResult:
        with Vertical(id="new-scenario"):
            yield Label("New scenario", id="new-title")
            yield Label("Id (e.g. late-order)", classes="field-label")
            yield Input(placeholder="late-order", id="new-id")
            yield Label("The customer's archetype", classes="field-label")
            yield Select(
                [(kind, kind) for kind in ARCHETYPES],
                value=ARCHETYPES[0],
                allow_blank=False,
                id="new-archetype",
            )
            yield Label("Enter writes it; Esc goes back.", id="new-error")

    def on_mount(self) -> None:
        self.query_one("#new-id", Input).focus()

    @on(Input.Submitted, "#new-id")
    def _submitted(self) -> None:
        self.create()

    def create(self) -> None:
        """Write the files, or say what to type instead."""
        scenario_id = self.query_one("#new-id", Input).value.strip()
        archetype = str(self.query_one("#new-archetype", Select).value)
        try:
            written = create_scenario(self.workspace.root, scenario_id, archetype)
        except UserError as exc:
            hint = f": {exc.hint}" if exc.hint else ""
            self.query_one("#new-error", Label).update(f"{exc.message}{hint}")
            return
        except OSError as exc:
            self.query_one("#new-error", Label).update(f"Could not write the files: {exc}")
            return
        path = written[0]
        names = ", ".join(p.relative_to(self.workspace.root).as_posix() for p in written[:3])
        self.notify(f"Wrote {names}.")
        self.dismiss(ScenarioFile(FileKind.SCENARIO, path, path, bundled=False))

    def action_cancel(self) -> None:
        self.dismiss(None)
