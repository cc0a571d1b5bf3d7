"""The first screen: every scenario and persona file, whose they are, and whether they load."""

from __future__ import annotations

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Label, Static

from roleplay.authoring.drafts import discard_draft, read_draft
from roleplay.authoring.files import FileKind, ScenarioFile, workspace_files
from roleplay.tui.scenarios.messages import OpenFile, PlayScenario
from roleplay.tui.scenarios.new_scenario import NewScenarioScreen
from roleplay.workspace import Workspace


def file_status(workspace: Workspace) -> dict[str, int]:
    """Problems per file of the workspace's own (`scenarios/x.yaml` -> how many)."""
    from roleplay.scenarios.loader import LibraryError

    if workspace.bundled:
        return {}
    try:
        workspace.own_library()
    except LibraryError as exc:
        counts: dict[str, int] = {}
        for problem in exc.problems:
            name = problem.split(":", 1)[0]
            counts[name] = counts.get(name, 0) + 1
        return counts
    return {}


class FileTable(DataTable[str]):
    """The files, one per row; Enter opens the highlighted one (shown in the footer)."""

    BINDINGS = [
        Binding(
            "enter",
            "select_cursor",
            "Open",
            id="files.open",
            tooltip="Open the highlighted file in the editor.",
        ),
    ]


class FileListScreen(Screen[None]):
    """Pick a file to edit, start a new scenario, or self-play one."""

    HELP_TEXT = (
        "Your workspace's scenario and persona files come first, then the bundled ones. Bundled "
        "files are read-only: edit one and saving writes your own copy into the workspace, which "
        "then replaces the bundled one. Ctrl+S in the editor saves only a file that validates; "
        "any other text is kept as a draft, never lost."
    )

    BINDINGS = [
        Binding(
            "n",
            "new",
            "New scenario",
            id="files.new",
            tooltip="Start a new scenario (and its persona) from the commented template.",
        ),
        Binding(
            "p",
            "selfplay",
            "Self-play",
            id="files.selfplay",
            tooltip="Play the highlighted scenario with good and with poor handling.",
        ),
        Binding(
            "x",
            "discard_draft",
            "Discard draft",
            id="files.discard",
            tooltip="Throw away the unsaved draft kept for the highlighted file.",
        ),
    ]

    def __init__(self, workspace: Workspace) -> None:
        super().__init__()
        self.workspace = workspace
        self.files: list[ScenarioFile] = []

    def compose(self) -> ComposeResult:
        where = (
            "no workspace: files are read-only (create one with: roleplay init DIR)"
            if self.workspace.bundled
            else f"workspace {self.workspace.root.name}"
        )
        yield Label(f"Scenario files · {where}", id="files-title")
        yield FileTable(id="files", cursor_type="row", zebra_stripes=True)
        yield Static("", id="files-note")
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one("#files", DataTable)
        table.add_columns("File", "Kind", "Whose", "State")
        self.reload()
        table.focus()

    def on_screen_resume(self) -> None:
        self.reload()

    def reload(self, select: ScenarioFile | None = None) -> None:
        """List the files again (an edit may have added a copy or fixed a problem)."""
        table = self.query_one("#files", DataTable)
        keep = select or self.highlighted()
        self.files = workspace_files(self.workspace)
        table.clear()
        for item in self.files:
            whose = "bundled (read-only)" if item.bundled else "yours"
            state = "draft kept" if read_draft(item) is not None else ""
            table.add_row(item.shown, item.kind.value, whose, state, key=_key(item))
        if keep is not None and any(_key(f) == _key(keep) for f in self.files):
            table.move_cursor(row=table.get_row_index(_key(keep)))
        self.check_states()

    @work(thread=True, exclusive=True, exit_on_error=False, group="files")
    def check_states(self) -> None:
        """Count each file's problems with the loader, off the UI thread."""
        counts = file_status(self.workspace)
        self.app.call_from_thread(self._show_states, counts)

    def _show_states(self, counts: dict[str, int]) -> None:
        table = self.query_one("#files", DataTable)
        for item in self.files:
            if item.bundled:
                continue
            problems = counts.get(item.shown, 0)
            words = f"{problems} problem{'s' if problems != 1 else ''}" if problems else "valid"
            if read_draft(item) is not None:
                words += ", draft kept"
            table.update_cell(_key(item), table.ordered_columns[3].key, words)
        bad = sum(counts.values())
        if not any(not item.bundled for item in self.files):
            note = (
                "No files of your own yet: open a bundled one and save it to make your copy, "
                "or press n for a new scenario."
            )
        elif bad:
            note = f"{bad} problem(s) in your files: open one to see them."
        else:
            note = "Every file of yours validates."
        self.query_one("#files-note", Static).update(note)

    def highlighted(self) -> ScenarioFile | None:
        """The file under the cursor."""
        table = self.query_one("#files", DataTable)
        if not self.files or table.cursor_row < 0 or table.cursor_row >= len(self.files):
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        return next((f for f in self.files if _key(f) == key), None)

    def action_open(self) -> None:
        item = self.highlighted()
        if item is not None:
            self.post_message(OpenFile(item))

    @on(DataTable.RowSelected)
    def _row_chosen(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_open()

    def action_selfplay(self) -> None:
        item = self.highlighted()
        if item is None:
            return
        if item.kind is not FileKind.SCENARIO:
            self.notify(
                "Self-play plays a scenario: highlight a scenario file.", severity="warning"
            )
            return
        self.post_message(PlayScenario(item))

    def action_discard_draft(self) -> None:
        item = self.highlighted()
        if item is None:
            return
        if discard_draft(item):
            self.notify(f"Discarded the draft of {item.shown}.")
        else:
            self.notify(f"{item.shown} has no draft.", severity="warning")
        self.reload(item)

    def action_new(self) -> None:
        if self.workspace.bundled:
            self.notify(
                "There is no workspace to add a scenario to: create one with roleplay init DIR.",
                severity="warning",
            )
            return

        def made(item: ScenarioFile | None) -> None:
            if item is not None:
                self.reload(item)
                self.post_message(OpenFile(item))

        self.app.push_screen(NewScenarioScreen(self.workspace), made)


def _key(item: ScenarioFile) -> str:
    return f"{'bundled' if item.bundled else 'own'}:{item.kind.value}:{item.path.name}"
