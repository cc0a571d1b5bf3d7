"""The conversation: customer and trainee lines, coach notes and call events, newest at the bottom.

A customer line streams into a `Markdown` widget. The words that arrive while one frame is being
drawn are appended together once it is on screen, and at most once per `DRAW_EVERY_S`: every
append re-parses the last paragraph and lays the conversation out again, so appending per token
made the screen spend its time measuring instead of drawing. The scroll is anchored so the
newest line stays in view until the trainee scrolls up to read. Until the first word arrives
the line shows a quiet "…". While it streams, Python's full garbage sweeps wait until it is
complete (`quiet_gc`), and finishing it restyles only the speaker's name.
"""

from __future__ import annotations

import asyncio
from functools import cache
from typing import Any, Final, Literal

from markdown_it import MarkdownIt
from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.widgets import Label, Markdown, Static

from roleplay.tui import quiet_gc

NoteKind = Literal["coach", "hold", "resume", "error", "system"]

NOTE_PREFIX: dict[str, str] = {
    "coach": "Coach: ",
    "hold": "",
    "resume": "",
    "error": "Problem: ",
    "system": "",
}

DRAW_EVERY_S: Final = 1 / 60
"""The shortest time between two appends to a streaming line (each also waits for the screen to
show the one before): one batch of words per frame, however fast the model is."""

MAX_BATCH_CHARS: Final = 800
"""The most text one frame appends: a reply that arrives all at once is drawn over several
frames, each short, rather than in one long one."""

WAITING: Final = "…"
"""What the customer's line shows between the trainee's line and the customer's first word."""


@cache
def markdown_parser() -> MarkdownIt:
    """One parser for every line (Textual would build a new one for each append otherwise)."""
    return MarkdownIt("gfm-like")


class CustomerLine(Vertical):
    """One customer line; it may still be arriving, token by token."""

    def __init__(self, speaker: str, text: str = "", *, streaming: bool = False) -> None:
        super().__init__(classes="line customer")
        self.speaker = speaker
        self._initial = text
        self._pending: list[str] = []
        self._arrived = asyncio.Event()
        self._drawing: asyncio.Task[None] | None = None
        self._said: str | None = None
        self._holding_gc = False
        self.streaming = streaming

    def compose(self) -> ComposeResult:
        """The speaker's name above the line (and "…" until a streamed line's first word).

        While the line streams, the speaker's name carries the `-streaming` class, not the
        whole line: changing a class restyles everything under it, and under the line are all
        its paragraphs, so finishing a long line took one long frame.
        """
        yield Label(self._label(), classes="speaker -streaming" if self.streaming else "speaker")
        waiting = Static(WAITING, classes="waiting")
        waiting.display = self.streaming
        yield waiting
        yield Markdown(self._initial, classes="body", parser_factory=markdown_parser)

    def on_mount(self) -> None:
        """A streaming line holds full garbage sweeps back until it is complete."""
        if self.streaming and not self._holding_gc:
            self._holding_gc = True
            quiet_gc.hold()

    def on_unmount(self) -> None:
        self._let_go_of_gc()
        quiet_gc.restore()  # a sweep this line was waiting for will not run now

    def _let_go_of_gc(self, sweep_later: bool = False) -> None:
        if self._holding_gc:
            self._holding_gc = False
            quiet_gc.let_go(sweep_soon=sweep_later)
            if sweep_later:
                # On the line, so a call screen already gone (and unfrozen) is not swept.
                self.set_timer(quiet_gc.PAUSE_AFTER_LINE_S, quiet_gc.sweep)

    def _label(self) -> str:
        return f"{self.speaker} · speaking…" if self.streaming else self.speaker

    @property
    def text(self) -> str:
        """What is on screen: the saved line once finished, else the Markdown source so far."""
        if self._said is not None:
            return self._said
        bodies = self.query(Markdown)
        return bodies.first().source if bodies else self._initial

    @property
    def waiting(self) -> bool:
        """True while the line shows "…": streaming, and no word of it drawn yet."""
        marks = self.query(".waiting")
        return bool(marks) and marks.first().display

    def _show_waiting(self, show: bool) -> None:
        self.query_one(".waiting").display = show

    async def write(self, fragment: str) -> None:
        """Append a streamed fragment; it is drawn with the others that arrive this frame."""
        if not fragment:
            return
        self._pending.append(fragment)
        self._arrived.set()
        if self._drawing is None:
            self._drawing = asyncio.create_task(self._draw())
        # Let the screen run between tokens, however fast they come.
        await asyncio.sleep(0)

    async def _draw(self) -> None:
        """Append what has arrived, then wait until it is on screen while the next words gather."""
        body = self.query_one(Markdown)
        painted = asyncio.Event()
        while True:
            await self._arrived.wait()
            self._arrived.clear()
            painted.clear()
            await asyncio.shield(self._append(body))
            self.call_after_refresh(painted.set)
            await asyncio.gather(painted.wait(), asyncio.sleep(DRAW_EVERY_S))

    async def _append(self, body: Markdown) -> None:
        """Append what has arrived, up to `MAX_BATCH_CHARS` (whole fragments); the rest waits."""
        taken, size = 0, 0
        while taken < len(self._pending) and (taken == 0 or size < MAX_BATCH_CHARS):
            size += len(self._pending[taken])
            taken += 1
        fragment = "".join(self._pending[:taken])
        del self._pending[:taken]
        if self._pending:
            self._arrived.set()
        if not body.source:
            # The saved line is stripped; starting without the model's leading space lets
            # `finish` keep what is drawn instead of parsing the whole line again.
            fragment = fragment.lstrip()
        if fragment:
            self._show_waiting(False)
            await body.append(fragment)

    async def _stop(self) -> None:
        """Stop drawing as words arrive; whatever arrived is appended now, a frame at a time."""
        if self._drawing is not None:
            drawing, self._drawing = self._drawing, None
            drawing.cancel()
            await asyncio.wait([drawing])
        body = self.query_one(Markdown)
        while self._pending:
            await self._append(body)
            if self._pending:
                painted = asyncio.Event()
                self.call_after_refresh(painted.set)
                await asyncio.gather(painted.wait(), asyncio.sleep(DRAW_EVERY_S))

    async def restart(self) -> None:
        """Throw away what streamed so far (the line failed a check and is being replaced)."""
        await self._stop()
        self._pending.clear()
        await self.query_one(Markdown).update("")
        self._show_waiting(True)

    async def finish(self, text: str) -> None:
        """The line is complete: show exactly what was said and saved.

        What streamed is kept when it differs from the saved line only in trailing whitespace
        (which Markdown does not draw): parsing a long line again is a visible stall.
        """
        await self._stop()
        body = self.query_one(Markdown)
        if body.source.rstrip() != text.rstrip():
            await body.update(text)
        self._said = text
        self._show_waiting(False)
        self.streaming = False
        speaker = self.query_one(".speaker", Label)
        speaker.remove_class("-streaming")
        speaker.update(self._label())
        self._let_go_of_gc(sweep_later=True)

    async def abandon(self) -> None:
        """Stop streaming and remove the half-written line (Escape or a failure)."""
        self._pending.clear()
        await self._stop()
        self._let_go_of_gc()
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

    def __init__(self, customer: str, trainee: str = "You", **kwargs: Any) -> None:
        super().__init__(**kwargs)
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
