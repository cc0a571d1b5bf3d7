"""The call screen: the conversation, the input box, the status line and the side panel.

The screen drives one `CallSession`. Backend work runs in async workers (`exclusive=True`), so a
slow model never freezes the screen; the only thread is the one preparing the backend, and it
talks to the screen by posting messages.
"""

from __future__ import annotations

import asyncio
import gc
from collections.abc import Callable
from contextlib import aclosing
from pathlib import Path

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Button, Footer, Input, Label, LoadingIndicator
from textual.worker import Worker, WorkerState

from roleplay.errors import UserError
from roleplay.llm.base import Backend, BackendError
from roleplay.scenarios.models import Cast
from roleplay.sim.events import Chunk, Retract, Said
from roleplay.sim.session import CallSession
from roleplay.sim.state import EndReason
from roleplay.tui.keys import key_display
from roleplay.tui.messages import BackendProgress, CallFinished, GoHome
from roleplay.tui.outcome import clock_text, end_words, outcome_of
from roleplay.tui.screens.confirm import ConfirmScreen
from roleplay.tui.widgets.conversation import Conversation, CustomerLine, Note
from roleplay.tui.widgets.side_panel import SidePanel
from roleplay.tui.widgets.status import CallStatus

BackendFactory = Callable[[Callable[[str], None]], Backend]
"""Builds the call's backend; receives a progress callback (safe to call from any thread)."""

WAIT_MESSAGE = (
    "The customer is still speaking. Wait for them to finish, or press {key} to interrupt."
)


def _sentence(text: str) -> str:
    """`text` with a full stop, unless it already ends like a sentence."""
    text = text.strip()
    return text if text.endswith((".", "?", "!")) else text + "."


class CallScreen(Screen[None]):
    """One practice call, from the opening line to the summary."""

    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (90, "-wide")]

    BINDINGS = [
        Binding(
            "ctrl+o",
            "hold",
            "Hold",
            id="call.hold",
            tooltip="Put the customer on hold, or take them off hold.",
        ),
        Binding(
            "ctrl+t",
            "hint",
            "Hint",
            id="call.hint",
            tooltip="Ask the coach for the next good move (hints used are recorded).",
        ),
        Binding(
            "ctrl+g",
            "end_call",
            "End call",
            id="call.end",
            tooltip="End the call (asks to confirm) and see the summary.",
        ),
        Binding(
            "escape",
            "interrupt",
            "Interrupt",
            id="call.interrupt",
            tooltip="Stop the customer's reply; the half-written line is dropped, your draft kept.",
        ),
        Binding(
            "ctrl+r",
            "retry",
            "Retry",
            id="call.retry",
            tooltip="Ask the customer again after a backend failure; nothing said is lost.",
        ),
        Binding(
            "ctrl+b",
            "toggle_panel",
            "Briefing",
            id="call.panel",
            tooltip="Show or hide the briefing and knowledge base panel.",
        ),
        Binding(
            "ctrl+f",
            "search",
            "Search KB",
            id="call.search",
            tooltip="Search the knowledge base.",
        ),
    ]

    def __init__(
        self,
        cast: Cast,
        backend_factory: BackendFactory,
        *,
        difficulty: str,
        trainee: str,
        transcripts: Path | None = None,
        exam: bool = False,
        clock: Callable[[], float] | None = None,
    ) -> None:
        super().__init__()
        self.cast = cast
        self.backend_factory = backend_factory
        self.difficulty = difficulty
        self.trainee = trainee
        self.transcripts = transcripts
        self.exam = exam
        self.clock = clock
        self.session: CallSession | None = None
        self.streaming = False
        self._line: CustomerLine | None = None
        self._error: Note | None = None
        self._finished = False
        self._connect_failed = False

    # ------------------------------------------------------------------ layout

    def compose(self) -> ComposeResult:
        """Status line; conversation and input beside the side panel; the footer."""
        scenario = self.cast.scenario
        title = f"{scenario.title} · {self.cast.persona.name} · {self.difficulty}"
        if self.exam:
            title += " · exam"
        yield CallStatus(title)
        with Horizontal(id="call-body"):
            with Vertical(id="call-main"):
                with Vertical(id="loading"):
                    yield LoadingIndicator()
                    yield Label("Connecting the call…", id="loading-text")
                yield Conversation(self.cast.persona.name, id="conversation")
                with Horizontal(id="say-row"):
                    yield Input(placeholder="Say something to the customer…", id="say")
                    yield Button("Hold", id="hold-button")
                    hint = Button("Hint", id="hint-button")
                    if self.exam:
                        hint.display = False
                    yield hint
                    yield Button("End call", id="end-button", variant="error")
            yield SidePanel(scenario, id="side")
        yield Footer()

    @property
    def conversation(self) -> Conversation:
        """The conversation widget."""
        return self.query_one(Conversation)

    @property
    def say(self) -> Input:
        """The input box the trainee types into."""
        return self.query_one("#say", Input)

    def on_mount(self) -> None:
        """Prepare the backend and open the call; tick the timer every second."""
        self.say.focus()
        for button, binding_id, what in (
            ("#hold-button", "call.hold", "Hold or resume"),
            ("#hint-button", "call.hint", "The next good move"),
            ("#end-button", "call.end", "End the call"),
        ):
            self.query_one(button, Button).tooltip = f"{what} ({self._key(binding_id)})"
        self.set_interval(1.0, self._tick)
        self.connect()

    # ------------------------------------------------------------------ connecting

    @work(exclusive=True, exit_on_error=False, group="connect")
    async def connect(self) -> None:
        """Build (and, for the embedded model, load) the backend, then hear the opening lines."""

        def progress(text: str) -> None:
            self.post_message(BackendProgress(text))

        backend = await asyncio.to_thread(self.backend_factory, progress)
        prepare = getattr(backend, "prepare", None)
        if prepare is not None:
            await prepare()
        self.session = CallSession(
            self.cast,
            backend,
            difficulty=self.difficulty,
            trainee=self.trainee,
            transcripts=self.transcripts,
            exam=self.exam,
            **({"clock": self.clock} if self.clock else {}),
        )
        self.query_one("#loading").display = False
        self.query_one("#mood").display = not self.exam
        for turn in await self.session.start():
            await self.conversation.add_customer(turn.text)
        # What is loaded by now (library, detectors, model, screen) lives for the whole call:
        # leaving it out of the collector's full sweeps removes their pauses, hundreds of
        # milliseconds on a busy machine, from the middle of the customer's lines.
        gc.freeze()
        self._tick()
        self.refresh_bindings()

    @on(BackendProgress)
    def _progress(self, message: BackendProgress) -> None:
        self.query_one("#loading-text", Label).update(message.text)

    @on(Worker.StateChanged)
    async def _worker_failed(self, event: Worker.StateChanged) -> None:
        """Any failure a worker did not handle becomes a message on screen, never a crash."""
        if event.state != WorkerState.ERROR:
            return
        error = event.worker.error
        if isinstance(error, UserError):
            text = f"{error.message}. {error.hint}".strip() if error.hint else error.message
        elif isinstance(error, BackendError):
            text = str(error)
        else:
            text = f"{error.__class__.__name__}: {error}"
        if event.worker.group == "connect":
            self._connect_failed = True
            self.query_one(LoadingIndicator).display = False
            self.query_one("#loading-text", Label).update(
                f"Could not start the call: {text}\nPress {self._key('call.retry')} to try "
                f"again, or {self._key('app.quit')} to quit."
            )
            self.query_one("#loading").add_class("-failed")
            self.refresh_bindings()
            return
        self.streaming = False
        await self.conversation.add_note("error", f"Something went wrong: {text}")
        self.refresh_bindings()

    # ------------------------------------------------------------------ speaking

    @on(Input.Submitted, "#say")
    async def _send(self, event: Input.Submitted) -> None:
        text = event.value.strip()
        session = self.session
        if not text:
            return
        if session is None:
            if self._connect_failed:
                self.notify(
                    f"The call could not start (see above): press {self._key('call.retry')} "
                    f"to try again, or {self._key('app.quit')} to quit.",
                    severity="error",
                )
            else:
                self.notify("The call is still connecting.", severity="warning")
            return
        if session.ended:
            self.notify(f"The call has ended: press {self._key('call.end')} for the summary.")
            return
        if self.streaming:
            self.notify(WAIT_MESSAGE.format(key=self._key("call.interrupt")), severity="warning")
            return
        if session.awaiting_reply:
            self.notify(
                "The customer has not answered your last line yet: press "
                f"{self._key('call.retry')} to retry, or {self._key('call.interrupt')} to drop it.",
                severity="warning",
            )
            return
        event.input.clear()
        if session.state.on_hold:
            await self._resume()
        await self.conversation.add_trainee(text)
        self.stream_reply(text)

    @work(exclusive=True, exit_on_error=False, group="reply")
    async def stream_reply(self, text: str | None) -> None:
        """Stream the customer's reply to `text` (None: retry the reply still owed)."""
        session = self.session
        assert session is not None
        line = await self.conversation.start_customer()
        self._line = line
        self.streaming = True
        self.refresh_bindings()
        events = session.reply_to(text) if text is not None else session.retry_reply()
        said = False
        try:
            async with aclosing(events) as stream:
                async for event in stream:
                    if isinstance(event, Chunk):
                        await line.write(event.text)
                    elif isinstance(event, Retract):
                        await line.restart()
                    elif isinstance(event, Said):
                        # Saved: from here on the line stays, even if this worker is cancelled.
                        said = True
                        self._line = None
                        await asyncio.shield(line.finish(event.turn.text))
                        if event.notice:
                            await self.conversation.add_note("error", _sentence(event.notice))
        except BackendError as exc:
            self.streaming = False
            self._line = None
            session.note_error(str(exc))
            await line.abandon()
            self._error = await self.conversation.add_note(
                "error",
                f"{_sentence(str(exc))} Your line is saved: "
                f"press {self._key('call.retry')} to retry, "
                f"or {self._key('call.interrupt')} to drop it.",
            )
        except asyncio.CancelledError:
            if not said:
                await line.abandon()
            raise
        finally:
            self.streaming = False
            self._line = None
        self._tick()
        self.refresh_bindings()
        if session.ended:
            await self._call_over()

    def action_interrupt(self) -> None:
        """Drop the customer's reply (streaming or failed); the trainee's draft stays put."""
        session = self.session
        if session is None:
            return
        if self.streaming and self._line is None:
            return  # the reply is complete and saved; it is only being drawn
        if self.streaming:
            self.workers.cancel_group(self, "reply")
            self.streaming = False
            if self._line is not None:
                self._line.display = False
                self._line = None
            session.cancel_reply()
            self.conversation.mount(Note("system", "You interrupted the customer."))
        elif session.awaiting_reply:
            session.cancel_reply()
            self.conversation.mount(Note("system", "You dropped the customer's reply."))
        self._clear_error()
        self.say.focus()
        self.refresh_bindings()

    def action_retry(self) -> None:
        """Connect again after a failed start, or ask again for the reply still owed."""
        if self.session is None and self._connect_failed:
            self._connect_failed = False
            self.query_one("#loading").remove_class("-failed")
            self.query_one(LoadingIndicator).display = True
            self.query_one("#loading-text", Label).update("Connecting the call…")
            self.refresh_bindings()
            self.connect()
            return
        if self.session is None or self.streaming or not self.session.awaiting_reply:
            return
        self._clear_error()
        self.stream_reply(None)

    def _clear_error(self) -> None:
        if self._error is not None:
            self._error.add_class("-resolved")
            self._error = None

    # ------------------------------------------------------------------ hold, hint, end

    async def action_hold(self) -> None:
        """Hold or resume; holding while the customer speaks is refused."""
        session = self.session
        if session is None or session.ended:
            return
        if self.streaming:
            self.notify("Let the customer finish before you put them on hold.", severity="warning")
            return
        if session.state.on_hold:
            await self._resume()
            return
        event = session.hold()
        asked = "after asking" if event.asked_permission else "without asking first"
        await self.conversation.add_note("hold", f"You put the customer on hold {asked}.")
        self.query_one("#hold-button", Button).label = "Resume"
        self._tick()

    async def _resume(self) -> None:
        assert self.session is not None
        event = self.session.resume()
        await self.conversation.add_note(
            "resume", f"You took the customer off hold after {clock_text(event.duration_s or 0)}."
        )
        self.query_one("#hold-button", Button).label = "Hold"
        self._tick()

    async def action_hint(self) -> None:
        """Show the coach's next-move suggestion in the conversation."""
        session = self.session
        if session is None or session.ended or self.exam:
            return
        await self.conversation.add_note("coach", session.hint())

    def action_end_call(self) -> None:
        """Confirm, then end the call and show the summary (no question once it has ended)."""
        session = self.session
        if session is None:
            return
        if session.ended:
            self._finish()
            return

        def confirmed(yes: bool | None) -> None:
            if yes:
                self.end_call(EndReason.TRAINEE_ENDED)
                self._finish()

        self.app.push_screen(
            ConfirmScreen("End the call now?", "The customer will hear you hang up."),
            confirmed,
        )

    def end_call(self, reason: EndReason) -> None:
        """End the call now (the trainee hung up, or the app is quitting: `abandoned`)."""
        session = self.session
        if session is None or session.ended:
            return
        if self.streaming and self._line is None:
            return  # the reply is complete and saved; it is only being drawn
        if self.streaming:
            self.workers.cancel_group(self, "reply")
            self.streaming = False
            session.cancel_reply()
        session.end_call(reason)

    async def _call_over(self) -> None:
        """The customer ended the call: say why and offer the summary."""
        assert self.session is not None
        await self.conversation.add_note("system", end_words(self._end_reason()))
        self._disable_input()

    def _end_reason(self) -> str | None:
        reason = self.session.state.end_reason if self.session else None
        return reason.value if reason else None

    def _disable_input(self) -> None:
        self.say.disabled = True
        self.say.placeholder = "The call has ended."
        for button in ("#hold-button", "#hint-button"):
            self.query_one(button, Button).disabled = True
        end = self.query_one("#end-button", Button)
        end.label = "Summary"
        end.variant = "primary"
        end.focus()
        self.refresh_bindings()

    def _finish(self) -> None:
        if self._finished or self.session is None:
            return
        self._finished = True
        self.post_message(CallFinished(outcome_of(self.session)))

    # ------------------------------------------------------------------ panel, timer, buttons

    def action_toggle_panel(self) -> None:
        """Show or hide the side panel (hidden by default on narrow terminals)."""
        self.toggle_class("-panel-toggled")

    def action_search(self) -> None:
        """Open the knowledge base and focus its search box."""
        self.set_class(self.has_class("-narrow"), "-panel-toggled")
        self.query_one(SidePanel).focus_search()

    def _tick(self) -> None:
        session = self.session
        if session is None:
            return
        status = self.query_one(CallStatus)
        if not session.ended:
            status.elapsed = session.elapsed()
        status.hold_s = session.hold_seconds() if session.state.on_hold else None
        status.mood = session.state.mood

    @on(Button.Pressed, "#hold-button")
    async def _hold_pressed(self) -> None:
        await self.action_hold()

    @on(Button.Pressed, "#hint-button")
    async def _hint_pressed(self) -> None:
        await self.action_hint()

    @on(Button.Pressed, "#end-button")
    def _end_pressed(self) -> None:
        self.action_end_call()

    @on(Button.Pressed, "#back-home")
    def _home_pressed(self) -> None:
        self.post_message(GoHome())

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Show only the keys that do something now (Interrupt while speaking, Retry on error)."""
        session = self.session
        if action == "interrupt":
            return self.streaming or bool(session and session.awaiting_reply)
        if action == "retry":
            if session is None:
                return self._connect_failed
            return session.awaiting_reply and not self.streaming
        if action == "hint":
            return not self.exam and not (session and session.ended)
        if action == "hold":
            return not (session and session.ended)
        return True

    def _key(self, binding_id: str) -> str:
        """How the key for a binding id is shown, after the user's remapping."""
        return key_display(self.app, binding_id)

    async def on_unmount(self) -> None:
        """Leaving the screen (or the app) mid-call abandons the call and frees the backend."""
        gc.unfreeze()  # this call's objects may be collected again
        if self.session is not None:
            await self.session.aclose()
