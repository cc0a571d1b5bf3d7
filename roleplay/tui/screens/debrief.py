"""The debrief after a call, on a screen of its own: scrolls with the keyboard, has its own help.

The summary grades the call; this screen shows the result (or the grading's progress until it
is ready) and goes back to the summary with Esc. The debrief is drawn as one widget
(`MarkdownPage`), so it opens at once however long it is.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Label, Static

from roleplay.tui.widgets.markdown_page import MarkdownPage


class DebriefScreen(Screen[None]):
    """The call's debrief: scores with evidence, coaching, metrics; Esc back to the summary."""

    HELP_TEXT = (
        "The debrief grades the call you just took: each criterion's score with the lines that "
        "earned it, what you said and what you could say instead, and the call's figures. It "
        "is saved beside the transcript. Scroll with the arrows, Page Up/Down, Home and End; "
        "Esc goes back to the summary."
    )

    BINDINGS = [
        Binding(
            "escape,b",
            "back",
            "Back to summary",
            id="debrief.back",
            tooltip="Close the debrief and go back to the call summary.",
        ),
        Binding(
            "down,j",
            "scroll('down')",
            "Down",
            id="debrief.down",
            tooltip="Scroll down a line.",
            show=False,
        ),
        Binding(
            "up,k", "scroll('up')", "Up", id="debrief.up", tooltip="Scroll up a line.", show=False
        ),
        Binding(
            "pagedown,space",
            "scroll('page_down')",
            "Page down",
            id="debrief.page_down",
            tooltip="Scroll down a page.",
        ),
        Binding(
            "pageup",
            "scroll('page_up')",
            "Page up",
            id="debrief.page_up",
            tooltip="Scroll up a page.",
        ),
        Binding(
            "home",
            "scroll('home')",
            "Top",
            id="debrief.top",
            tooltip="Back to the top.",
            show=False,
        ),
        Binding(
            "end", "scroll('end')", "Bottom", id="debrief.bottom", tooltip="To the end.", show=False
        ),
    ]

    def __init__(
        self, title: str, markdown: str | None, waiting: str = "Grading the call…"
    ) -> None:
        super().__init__()
        self.title_text = title
        self.markdown = markdown
        self.waiting = waiting

    def compose(self) -> ComposeResult:
        """Title, then the debrief in a scrolling body (focused, so the keys scroll it at once)."""
        yield Label(self.title_text, id="debrief-title")
        with VerticalScroll(id="debrief-body"):
            yield Static(self.waiting, id="debrief-waiting")
            yield MarkdownPage(self.markdown or "", id="debrief-text")
        yield Footer()

    def on_mount(self) -> None:
        """Focus the body: Down and PageDown scroll it from the start."""
        self.query_one("#debrief-waiting").display = self.markdown is None
        self.query_one("#debrief-body").focus()

    def progress(self, text: str) -> None:
        """How grading is going, until the debrief is ready."""
        self.waiting = text
        self.query_one("#debrief-waiting", Static).update(text)

    async def show(self, markdown: str) -> None:
        """The debrief is ready (or could not be made: `markdown` says why)."""
        self.markdown = markdown
        self.query_one("#debrief-waiting").display = False
        self.query_one("#debrief-text", MarkdownPage).show(markdown)

    def action_scroll(self, where: str) -> None:
        """Scroll the body (the keys work wherever the focus is)."""
        body = self.query_one("#debrief-body", VerticalScroll)
        {
            "down": body.scroll_down,
            "up": body.scroll_up,
            "page_down": body.scroll_page_down,
            "page_up": body.scroll_page_up,
            "home": body.scroll_home,
            "end": body.scroll_end,
        }[where]()

    def action_back(self) -> None:
        """Back to the call summary."""
        self.dismiss(None)
