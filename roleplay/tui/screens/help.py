"""The help screen (F1 or ?): every key on the screen below it, and how a call works."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Grid, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Label, Static

from roleplay.tui.keys import KeyRow

HOW_IT_WORKS = (
    "Type what you would say to the customer and press Enter. The customer answers as "
    "their mood allows; you can keep typing while they speak and send once they finish. "
    "Every line is saved as soon as it is complete. Keys can be remapped in the settings "
    "file under [keys], by the id shown here."
)


class HelpScreen(ModalScreen[None]):
    """Lists the keys that work on the screen the trainee came from."""

    BINDINGS = [
        Binding(
            "escape,f1,question_mark,q",
            "dismiss",
            "Close",
            id="help.close",
            tooltip="Close the help.",
        ),
    ]

    def __init__(self, rows: list[KeyRow], title: str = "Keys", intro: str = HOW_IT_WORKS) -> None:
        super().__init__()
        self.rows = rows
        self.title_text = title
        self.intro = intro

    def compose(self) -> ComposeResult:
        """A title, how a call works, and the keys (descriptions wrap on small terminals)."""
        with Vertical(id="help"):
            yield Label(f"Help · {self.title_text}", id="help-title")
            with VerticalScroll(id="help-scroll"):
                yield Static(Content(self.intro), id="help-text")
                with Grid(id="help-keys"):
                    for heading in ("Key", "Action", "Id", "What it does"):
                        yield Label(heading, classes="help-heading")
                    for row in self.rows:
                        yield Label(row.keys, classes="help-key")
                        yield Label(row.description, classes="help-action")
                        yield Label(row.binding_id, classes="help-id")
                        yield Static(Content(row.tooltip), classes="help-tooltip")
            yield Label("Esc closes this help.", id="help-close")

    def on_mount(self) -> None:
        """Scrollable with the keyboard at once."""
        self.query_one("#help-scroll").focus()

    def keys_shown(self) -> dict[str, str]:
        """binding id -> key as listed (what a test or a curious user can check)."""
        return {row.binding_id: row.keys for row in self.rows}
