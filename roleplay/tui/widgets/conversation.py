"""The conversation: customer and trainee lines, coach notes and call events, newest at the bottom.

Customer lines stream into a `Markdown` widget through `MarkdownStream`, which appends to the
document instead of re-rendering it per token; the scroll is anchored so the newest line stays
in view until the trainee scrolls up to read.
"""

from __future__ import annotations

from typing import Literal

from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.widgets import Label, Markdown, Static
from textual.widgets.markdown import MarkdownStream

NoteKind = Literal["coach", "hold", "resume", "error", "system"]

NOTE_PREFIX: dict[str, str] = {
    "coach": "Coach: ",
    "hold": "",
    "resume": "",
    "error": "Problem: ",
    "system": "",
}


class CustomerLine(Vertical):
    """One customer line; it may still be arriving, token by token."""

    def __init__(self, speaker: str, text: str = "", *, streaming: bool = False) -> None:
        super().__init__(classes="line customer")
        self.speaker = speaker
        self._initial = text
        self._stream: MarkdownStream | None = None
        self.streaming = streaming
        if streaming:
            self.add_class("-streaming")

    def compose(self) -> ComposeResult:
        """The speaker's name above the line."""
        yield Label(self._label(), classes="speaker")
        yield Markdown(self._initial, classes="body")

    def _label(self) -> str:
        return f"{self.speaker} · speaking…" if self.streaming else self.speaker

    @property
    def text(self) -> str:
        """What is on screen so far (the Markdown source; the initial text until composed)."""
        bodies = self.query(Markdown)
        return bodies.first().source if bodies else self._initial

    async def write(self, fragment: str) -> None:
        """Append a streamed fragment (batched by MarkdownStream when tokens come fast)."""
        if self._stream is None:
            self._stream = Markdown.get_stream(self.query_one(Markdown))
        await self._stream.write(fragment)

    async def _stop(self) -> None:
        if self._stream is not None:
            stream, self._stream = self._stream, None
            await stream.stop()

    async def restart(self) -> None:
        """Throw away what streamed so far (the line failed a check and is being replaced)."""
        await self._stop()
        await self.query_one(Markdown).update("")

    async def finish(self, text: str) -> None:
        """The line is complete: show exactly what was said and saved."""
        await self._stop()
        body = self.query_one(Markdown)
        if body.source != text:
            await body.update(text)
        self.streaming = False
        self.remove_class("-streaming")
        self.query_one(".speaker", Label).update(self._label())

    async def abandon(self) -> None:
        """Stop streaming and remove the half-written line (Escape or a failure)."""
        await self._stop()
        await self.remove()


class TraineeLine(Vertical):
    """One line the trainee said."""

    def __init__(self, text: str, speaker: str = "You") -> None:
        super().__init__(classes="line trainee")
        self.speaker = speaker
        self.text = text

    def compose(self) -> ComposeResult:
        """The trainee's name above the line."""
        yield Label(self.speaker, classes="speaker")
        yield Static(Content(self.text), classes="body")


class Note(Static):
    """A coach note, a hold or resume, an error or another event, shown between lines."""

    def __init__(self, kind: NoteKind, text: str) -> None:
        super().__init__(Content(NOTE_PREFIX[kind] + text), classes=f"note -{kind}")
        self.kind = kind
        self.text = text


class Conversation(VerticalScroll):
    """The call so far, anchored to its newest line."""

    can_focus = True

    def __init__(self, customer: str, trainee: str = "You", **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.customer = customer
        self.trainee = trainee

    def on_mount(self) -> None:
        """Keep the newest line in view while lines arrive."""
        self.anchor()

    async def add_customer(self, text: str) -> CustomerLine:
        """A complete customer line (the opening lines)."""
        line = CustomerLine(self.customer, text)
        await self.mount(line)
        return line

    async def start_customer(self) -> CustomerLine:
        """An empty customer line to stream the reply into."""
        line = CustomerLine(self.customer, streaming=True)
        await self.mount(line)
        return line

    async def add_trainee(self, text: str) -> TraineeLine:
        """A line the trainee just sent."""
        line = TraineeLine(text, self.trainee)
        await self.mount(line)
        return line

    async def add_note(self, kind: NoteKind, text: str) -> Note:
        """A coach note or call event."""
        note = Note(kind, text)
        await self.mount(note)
        return note

    def lines(self) -> list[tuple[str, str]]:
        """What is on screen, in order, as (kind, text): customer, trainee or a note kind."""
        shown: list[tuple[str, str]] = []
        for child in self.children:
            if isinstance(child, CustomerLine):
                shown.append(("customer", child.text))
            elif isinstance(child, TraineeLine):
                shown.append(("trainee", child.text))
            elif isinstance(child, Note):
                shown.append((child.kind, child.text))
        return shown
