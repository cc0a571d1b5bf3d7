"""The Scenarios app: a trainer's files, the editor, and self-play, in the terminal or a browser.

`roleplay scenarios edit` runs it in the terminal; the team server runs it per browser tab for
trainers and team leads (`python -m roleplay.tui.served scenarios`).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import cast

from textual import on
from textual.app import App
from textual.binding import Binding

from roleplay.authoring.files import ScenarioFile, find_file
from roleplay.config import Settings
from roleplay.errors import UserError
from roleplay.llm.base import Backend
from roleplay.tui.keys import KeyRow, bindings_of, help_rows, keys_for
from roleplay.tui.scenarios.editor import EditorScreen
from roleplay.tui.scenarios.file_list import FileListScreen
from roleplay.tui.scenarios.messages import OpenFile, PlayScenario
from roleplay.tui.scenarios.selfplay_screen import SelfplayScreen
from roleplay.tui.screens.help import HelpScreen
from roleplay.workspace import Workspace


class ScenariosApp(App[None]):
    """The list of files, an editor per file, and self-play on a scenario."""

    CSS_PATH = "scenarios.tcss"
    TITLE = "roleplay · scenarios"
    ENABLE_COMMAND_PALETTE = False  # every action has a key in the footer

    BINDINGS = [
        Binding(
            "f1",
            "help",
            "Help",
            id="app.help",
            tooltip="List every key that works here, and how this screen works.",
        ),
        Binding(
            "ctrl+q",
            "quit",
            "Quit",
            id="app.quit",
            tooltip="Leave the app; unsaved text is kept as a draft.",
            priority=True,
        ),
    ]

    def __init__(
        self,
        workspace: Workspace,
        settings: Settings,
        *,
        open_name: str | None = None,
        backend_for: Callable[[str], Backend] | None = None,
    ) -> None:
        super().__init__()
        self.workspace = workspace
        self.settings = settings
        self.open_name = open_name
        self.backend_for = backend_for or self._make_backend
        self.editors: list[EditorScreen] = []
        """The editors open now, whose unsaved text is kept as drafts when the app ends."""
        self.set_keymap(dict(settings.keys))

    def _make_backend(self, name: str) -> Backend:
        from roleplay.llm.factory import make_backend

        return make_backend(self.settings, name, progress=lambda _text: None)

    def on_mount(self) -> None:
        """The list of files; straight into the editor when a file was named."""
        self.push_screen(FileListScreen(self.workspace))
        if self.open_name is not None:
            try:
                item = find_file(self.workspace, self.open_name)
            except UserError as exc:
                self.notify(f"{exc.message}. {exc.hint}", severity="error")
                return
            self.open_editor(item)

    def open_editor(self, item: ScenarioFile) -> None:
        """Open `item` in a new editor screen."""
        try:
            editor = EditorScreen(self.workspace, item)
        except (OSError, UnicodeDecodeError) as exc:
            self.notify(f"Cannot open {item.shown}: {exc}", severity="error")
            return
        self.editors.append(editor)

        def closed(_: None) -> None:
            self.editors.remove(editor)

        self.push_screen(editor, closed)

    @on(OpenFile)
    def _open(self, message: OpenFile) -> None:
        self.open_editor(message.item)

    @on(PlayScenario)
    def _play(self, message: PlayScenario) -> None:
        from roleplay.authoring.selfplay_job import scenario_id_of

        try:
            scenario_id = scenario_id_of(self.workspace, message.item)
        except UserError as exc:
            self.notify(f"{exc.message}. {exc.hint}", severity="error", timeout=10)
            return
        configured = str(self.settings.backend)
        self.push_screen(SelfplayScreen(self.workspace, scenario_id, self.backend_for, configured))

    def action_help(self) -> None:
        """The keys of the screen in front, and what it is for."""
        if isinstance(self.screen, HelpScreen):
            return
        title = type(self.screen).__name__.removesuffix("Screen") or "Keys"
        intro = getattr(self.screen, "HELP_TEXT", "")
        rows = help_rows(self, self.screen)
        if self.focused is not None:  # e.g. the list's Enter, which its table owns
            app = cast("App[object]", self)
            rows = [
                KeyRow(b.id or "", keys_for(app, b), b.description, b.tooltip)
                for b in bindings_of(self.focused)
            ] + rows
        self.push_screen(HelpScreen(rows, title, intro))

    def keep_drafts(self) -> None:
        """Keep every open editor's unsaved text as a draft (on quit, and when the server stops)."""
        for editor in self.editors:
            editor.keep_unsaved()

    async def action_quit(self) -> None:
        """Quit; every open editor's unsaved text is kept as a draft first."""
        self.keep_drafts()
        self.exit()


def run_scenarios_app(
    workspace: Workspace, settings: Settings, open_name: str | None = None
) -> None:
    """Run the app until the trainer quits; unsaved text is kept as drafts whatever happens."""
    app = ScenariosApp(workspace, settings, open_name=open_name)
    try:
        app.run()
    finally:
        app.keep_drafts()
