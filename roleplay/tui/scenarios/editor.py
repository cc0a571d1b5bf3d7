"""The editor: one scenario or persona file, checked by the loader on Ctrl+S.

Only a valid file is saved; problems are listed beside the text as `file:line: field:
message` and the cursor goes to the first. The text is never lost: it is kept as a draft
on disk a few seconds after each change, when a save is refused, and when the editor closes.
"""

from __future__ import annotations

from contextlib import suppress
from datetime import datetime
from functools import cache
from importlib.util import find_spec

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.css.query import NoMatches
from textual.markup import escape
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Footer, Label, Static, TextArea

from roleplay.authoring.checking import check_text
from roleplay.authoring.drafts import keep_draft, read_draft
from roleplay.authoring.files import FileKind, ScenarioFile
from roleplay.authoring.saving import Saved, save_edit
from roleplay.transcript.dates import written
from roleplay.tui.scenarios.messages import PlayScenario
from roleplay.workspace import Workspace

DRAFT_AFTER_S = 3.0
"""Seconds after the last change before the draft is written (a closed tab loses nothing)."""


@cache
def yaml_language() -> str | None:
    """'yaml' when tree-sitter's YAML grammar is installed and works (highlighting), else None.

    Highlighting is a comfort: a grammar that is missing, or too new for Textual's highlight
    query, means plain text, never an editor that does not open.
    """
    if find_spec("tree_sitter") is None or find_spec("tree_sitter_yaml") is None:
        return None
    try:
        TextArea("key: value  # comment\n", language="yaml")
    except Exception:
        return None
    return "yaml"


def saved_words(outcome: Saved, item: ScenarioFile) -> str:
    """What the panel says after Ctrl+S, in Rich markup."""
    check = outcome.check
    lines: list[str] = []
    if outcome.ok:
        when = datetime.now().strftime("%H:%M:%S")
        copy = " as your copy (the bundled file is unchanged)" if item.bundled else ""
        lines.append(f"[b $success]Saved{copy}[/] at {when}: {escape(check.shown)} is valid.")
        if check.warnings:
            lines.append("")
            lines.append("[b]Worth filling in[/] (valid, but a trainee would notice):")
            lines += [f"• {escape(w)}" for w in check.warnings]
    else:
        count = len(check.problems)
        if count:
            lines.append(f"[b $error]Not saved: {count} problem{'s' if count != 1 else ''}.[/]")
        elif outcome.breaks:
            lines.append("[b $error]Not saved: this edit breaks other files.[/]")
        lines.append(
            "The file trainees play is unchanged."
            if item.save_to is not None and item.save_to.exists()
            else "Nothing was written to the scenarios."
        )
        if outcome.draft is not None:
            lines.append("Your text is kept as a draft; fix it and press Ctrl+S again.")
        elif item.save_to is None:
            lines.append("There is no workspace to save into (create one with roleplay init DIR).")
        lines.append("")
        lines += [f"[$error]{escape(p)}[/]" for p in check.problems]
        lines += [f"[$error]{escape(p)}[/]" for p in outcome.breaks or []]
    if check.elsewhere and not outcome.breaks:
        lines.append("")
        lines.append(f"({len(check.elsewhere)} problem(s) in other files of the workspace.)")
    return "\n".join(lines)


class EditorScreen(Screen[None]):
    """One file's text, the loader's verdict beside it, and the keys to save or self-play."""

    HELP_TEXT = (
        "Edit the YAML on the left. Ctrl+S checks it with the same loader as `roleplay scenarios "
        "validate` and saves it only if it is valid; otherwise the problems are listed on the "
        "right (file:line: field: message), the cursor goes to the first, the scenario trainees "
        "play stays as it was, and your text is kept as a draft. A bundled file is saved as your "
        "own copy in the workspace. Esc goes back to the list; nothing typed is lost."
    )

    BINDINGS = [
        Binding(
            "ctrl+s",
            "save",
            "Save",
            id="editor.save",
            tooltip="Check with the loader; save only a valid file (else keep a draft).",
        ),
        Binding(
            "ctrl+p",
            "selfplay",
            "Self-play",
            id="editor.selfplay",
            tooltip="Play the saved scenario with good and with poor handling.",
        ),
        Binding(
            "escape",
            "back",
            "Back",
            id="editor.back",
            tooltip="Back to the list of files (unsaved text is kept as a draft).",
        ),
    ]

    def __init__(self, workspace: Workspace, item: ScenarioFile) -> None:
        super().__init__()
        self.workspace = workspace
        self.item = item
        self.saved_text = self._read_saved()
        draft = read_draft(item)
        self.opened_draft = draft is not None and draft.text != self.saved_text
        self.start_text = draft.text if draft is not None and self.opened_draft else self.saved_text
        self.text_now = self.start_text
        """The editor's text as of the last change (kept here so it outlives the widgets)."""
        self.last_result: Saved | None = None
        self._draft_timer: Timer | None = None

    def _read_saved(self) -> str:
        source = self.item.save_to if self.item.save_to and self.item.save_to.exists() else None
        return (source or self.item.path).read_text(encoding="utf-8")

    def current_text(self) -> str:
        """The text in the editor now (a key pressed just before may not have been told yet)."""
        if self.is_attached:
            with suppress(NoMatches):  # the widgets may already be gone as the app ends
                self.text_now = self.query_one("#editor", TextArea).text
        return self.text_now

    @property
    def unsaved(self) -> bool:
        """Whether the text differs from the file as saved."""
        return self.current_text() != self.saved_text

    def compose(self) -> ComposeResult:
        yield Label(self._title(), id="editor-title")
        with Horizontal(id="editor-body"):
            yield TextArea(
                self.start_text,
                language=yaml_language(),
                show_line_numbers=True,
                soft_wrap=True,
                read_only=self.item.read_only,
                id="editor",
            )
            with VerticalScroll(id="check-panel"):
                yield Label("Check", classes="field-label")
                yield Static(self._opening_words(), id="check")
        yield Footer()

    def _title(self) -> str:
        kind = self.item.kind.value
        if self.item.read_only:
            return f"{self.item.shown} · {kind} · bundled, read-only (no workspace to copy into)"
        if self.item.bundled:
            return f"{self.item.shown} · {kind} · bundled: Ctrl+S saves your own copy"
        return f"{self.item.shown} · {kind}"

    def _opening_words(self) -> str:
        if self.opened_draft:
            draft = read_draft(self.item)
            when = written(draft.written, year=False) if draft else "earlier"
            return (
                f"[b $warning]This is your unsaved draft from {when}.[/] The file itself is "
                "unchanged. Ctrl+S saves the draft once it is valid; to drop it, go back (Esc) "
                "and press x on the file."
            )
        return "Ctrl+S checks the file and saves it if it is valid."

    def on_mount(self) -> None:
        self.query_one("#editor", TextArea).focus()
        self.check_opened(self.text_now)

    @work(thread=True, exclusive=True, exit_on_error=False, group="save")
    def check_opened(self, text: str) -> None:
        """Show at once what is wrong with the text as opened (a broken file says so)."""
        check = check_text(self.workspace, self.item, text)
        if check.ok:
            return
        count = len(check.problems)
        lines = [
            self._opening_words(),
            "",
            f"[b $warning]As opened it has {count} problem{'s' if count != 1 else ''}:[/]",
            *(f"[$error]{escape(p)}[/]" for p in check.problems),
        ]
        self.app.call_from_thread(self._show_opened, "\n".join(lines))

    def _show_opened(self, words: str) -> None:
        if self.last_result is None and self.is_attached:
            self.query_one("#check", Static).update(words)

    @on(TextArea.Changed, "#editor")
    def _changed(self, event: TextArea.Changed) -> None:
        self.text_now = event.text_area.text
        if self._draft_timer is not None:
            self._draft_timer.stop()
        self._draft_timer = self.set_timer(DRAFT_AFTER_S, self.keep_unsaved)

    def keep_unsaved(self) -> None:
        """Write the text as a draft if it differs from the saved file (even after the app ends)."""
        if not self.unsaved or self.item.read_only:
            return
        try:
            keep_draft(self.item, self.text_now)
        except OSError as exc:
            if self.is_attached:
                self.notify(f"Your draft could not be kept: {exc}", severity="error")

    def action_save(self) -> None:
        if self.item.read_only:
            self.notify(
                "There is no workspace to save into: create one with roleplay init DIR.",
                severity="warning",
            )
            return
        self.query_one("#check", Static).update("Checking…")
        self.save(self.current_text())

    @work(thread=True, exclusive=True, exit_on_error=False, group="save")
    def save(self, text: str) -> None:
        """Check and save off the UI thread; the panel shows the outcome."""
        try:
            outcome = save_edit(self.workspace, self.item, text)
        except OSError as exc:
            self.app.call_from_thread(self._failed, str(exc))
            return
        self.app.call_from_thread(self._saved, outcome, text)

    def _failed(self, why: str) -> None:
        self.query_one("#check", Static).update(f"[b $error]Not saved:[/] {escape(why)}")
        self.keep_unsaved()

    def _saved(self, outcome: Saved, text: str) -> None:
        self.last_result = outcome
        self.query_one("#check", Static).update(saved_words(outcome, self.item))
        if outcome.ok:
            self.saved_text = text
            self.opened_draft = False
            if self.item.bundled and outcome.saved is not None:
                # From now on this is the workspace's own file.
                self.item = ScenarioFile(self.item.kind, outcome.saved, outcome.saved, False)
                self.query_one("#editor-title", Label).update(self._title())
            self.notify(f"Saved {self.item.shown}.")
            return
        line = outcome.check.first_line()
        if line is not None:
            area = self.query_one("#editor", TextArea)
            area.move_cursor((max(0, line - 1), 0), center=True)
        self.notify("Not saved: see the problems on the right.", severity="error")

    def action_selfplay(self) -> None:
        if self.item.kind is not FileKind.SCENARIO:
            self.notify("Self-play plays a scenario; this is a persona file.", severity="warning")
            return
        if self.unsaved:
            self.notify(
                "Self-play plays the saved scenario: save first (Ctrl+S).", severity="warning"
            )
            return
        self.post_message(PlayScenario(self.item))

    def action_back(self) -> None:
        self.keep_unsaved()
        self.dismiss(None)
