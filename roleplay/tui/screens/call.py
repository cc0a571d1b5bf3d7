"""The call screen: the conversation, the input box, the status line and the side panel.

A view over one reactive `Phase` (`tui/phase.py`) driving one `CallSession`, which owns the
call's rules. Backend work runs in async workers, so a slow model never freezes the screen; the
thread preparing the backend posts messages. Focus starts in the reply box; Escape brings it back.
"""

from __future__ import annotations

import asyncio
import gc
import time
from collections.abc import Callable
from pathlib import Path

from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.reactive import reactive
from textual.screen import Screen
from textual.widgets import Button, Footer, Input
from textual.worker import Worker, WorkerState

from roleplay.llm.base import Backend, BackendError
from roleplay.scenarios.models import Cast
from roleplay.sim.events import Resumed
from roleplay.sim.session import CallSession
from roleplay.sim.state import EndReason
from roleplay.transcript import Event
from roleplay.tui.call_words import error_text, sentence, why_not_now
from roleplay.tui.keys import key_display
from roleplay.tui.messages import BackendProgress, CallFinished, GoHome
from roleplay.tui.outcome import end_words, outcome_of, spoken
from roleplay.tui.phase import ACTIONS, Phase, resting_phase
from roleplay.tui.reply_stream import draw_reply
from roleplay.tui.screens.call_keys import CALL_BINDINGS
from roleplay.tui.screens.confirm import ConfirmScreen
from roleplay.tui.widgets.connecting import Connecting
from roleplay.tui.widgets.conversation import Conversation, CustomerLine, Note
from roleplay.tui.widgets.say_row import SayRow
from roleplay.tui.widgets.side_panel import KnowledgeBase, SidePanel
from roleplay.tui.widgets.status import CallStatus

BackendFactory = Callable[[Callable[[str], None]], Backend]
"""Builds the call's backend; receives a progress callback (safe to call from any thread)."""


class CallScreen(Screen[None]):
    """One practice call, from the opening line to the summary."""

    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (90, "-wide")]

    BINDINGS = CALL_BINDINGS

    phase: reactive[Phase] = reactive(Phase.CONNECTING, bindings=True)
    """Where the call stands; the footer, the buttons and the keys follow it."""

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
        self._line: CustomerLine | None = None
        """The customer's line being streamed, until it is saved."""
        self._error: Note | None = None
        self._finished = False

    @property
    def streaming(self) -> bool:
        """True while the customer's reply is arriving (or being drawn)."""
        return self.phase == Phase.SPEAKING

    def compose(self) -> ComposeResult:
        """Status line; conversation and input beside the side panel; the footer."""
        scenario = self.cast.scenario
        title = f"{scenario.title} · {self.cast.persona.name} · {self.difficulty}"
        if self.exam:
            title += " · exam"
        yield CallStatus(title)
        with Horizontal(id="call-body"):
            with Vertical(id="call-main"):
                yield Connecting(id="loading")
                yield Conversation(self.cast.persona.name, id="conversation")
                yield SayRow(exam=self.exam, id="say-row")
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
        self.query_one(SayRow).name_keys(self._key)
        self.query_one(KnowledgeBase).name_keys(self._key)
        self.set_interval(1.0, self._tick)
        self.connect()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Show only the keys that work in this phase (the table in `tui/phase.py`)."""
        if action == "hint" and self.exam:
            return False
        allowed = ACTIONS.get(action)
        return allowed is None or self.phase in allowed

    def watch_phase(self, phase: Phase) -> None:
        """The buttons and the reply box follow the phase."""
        self.query_one(SayRow).follow(phase)

    def _settle(self) -> None:
        """Nothing is streaming: the phase is what the session says."""
        self.phase = resting_phase(self.session, connect_failed=self.phase == Phase.CONNECT_FAILED)
        self._tick()

    # ------------------------------------------------------------------ connecting

    @work(exclusive=True, exit_on_error=False, group="connect")
    async def connect(self) -> None:
        """Build (and, for the embedded model, load) the backend, then hear the opening lines."""

        def progress(text: str) -> None:
            self.post_message(BackendProgress(text))

        backend = await asyncio.to_thread(self.backend_factory, progress)
        prepare = getattr(backend, "prepare", None)
        if prepare is not None:  # the load waits until its cue is on screen
            await prepare(shown=self.query_one(Connecting).drawn)
        self.session = CallSession(
            self.cast,
            backend,
            difficulty=self.difficulty,
            trainee=self.trainee,
            transcripts=self.transcripts,
            exam=self.exam,
            clock=self.clock or time.monotonic,
        )
        self.query_one("#loading").display = False
        self.query_one("#mood").display = not self.exam
        for turn in await self.session.start():
            await self.conversation.add_customer(turn.text)
        # What is loaded by now (library, detectors, model, screen) lives for the whole call:
        # leaving it out of the collector's full sweeps removes their pauses, hundreds of
        # milliseconds on a busy machine, from the middle of the customer's lines.
        gc.freeze()
        self._settle()

    @on(BackendProgress)
    def _progress(self, message: BackendProgress) -> None:
        self.query_one(Connecting).progress(message.text)

    @on(Worker.StateChanged)
    async def _worker_failed(self, event: Worker.StateChanged) -> None:
        """Any failure a worker did not handle becomes a message on screen, never a crash."""
        if event.state != WorkerState.ERROR:
            return
        text = error_text(event.worker.error)
        if event.worker.group == "connect":
            self.query_one(Connecting).failed(
                f"Could not start the call: {text}\nPress {self._key('call.retry')} to try "
                f"again, {self._key('app.quit')} to quit, or go back to the home screen."
            )
            self.phase = Phase.CONNECT_FAILED
            return
        await self.conversation.add_note("error", f"Something went wrong: {text}")
        self._settle()

    # ------------------------------------------------------------------ speaking

    @on(Input.Submitted, "#say")
    async def _send(self, event: Input.Submitted) -> None:
        text = event.value.strip()
        if not text:
            return
        refusal = why_not_now(self.phase, self._key)
        if refusal:
            self.notify(refusal, severity="warning")
            return
        event.input.clear()
        if self.phase == Phase.ON_HOLD:
            await self._resumed(self.session_now.resume())
        await self.conversation.add_trainee(text)
        self.stream_reply(text)

    @property
    def session_now(self) -> CallSession:
        """The call's session (only asked for once the call is connected)."""
        assert self.session is not None
        return self.session

    @work(exclusive=True, exit_on_error=False, group="reply")
    async def stream_reply(self, text: str | None) -> None:
        """Stream the customer's reply to `text` (None: retry the reply still owed).

        On a small model whose lines may fail a check, the line is held back behind "…" until
        it passes, so the trainee never sees the customer change their mind mid-line.
        """
        session = self.session_now
        line = await self.conversation.start_customer()
        self._line = line
        self.phase = Phase.SPEAKING
        held = session.holds_lines_back
        events = session.reply_to(text) if text is not None else session.retry_reply()

        def saved() -> None:
            self._line = None

        try:
            await draw_reply(events, line, self.conversation, held=held, saved=saved)
        except Exception as exc:
            if isinstance(exc, BackendError):
                session.note_error(str(exc))
            self._error = await self.conversation.add_note(
                "error",
                f"{sentence(error_text(exc))} Your line is saved: "
                f"press {self._key('call.retry')} to retry, "
                f"or {self._key('call.interrupt')} to drop it.",
            )
        finally:
            self._line = None
        self._settle()
        if session.ended:
            await self.conversation.add_note("system", end_words(session.state.end_reason))

    def action_interrupt(self) -> None:
        """Drop the customer's reply (streaming or failed); the trainee's draft stays put."""
        session = self.session
        if session is None or (self.streaming and self._line is None):
            return  # nothing to drop, or the reply is complete and saved and only being drawn
        if self.streaming:
            self.workers.cancel_group(self, "reply")
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
        self._settle()

    def action_back_to_reply(self) -> None:
        """Put the cursor back in the reply box (Escape, from anywhere on the call screen)."""
        self.say.focus()

    def action_retry(self) -> None:
        """Connect again after a failed start, or ask again for the reply still owed."""
        if self.phase == Phase.CONNECT_FAILED:
            self.query_one(Connecting).retrying()
            self.phase = Phase.CONNECTING
            self.connect()
        elif self.phase == Phase.REPLY_OWED:
            self._clear_error()
            self.stream_reply(None)

    def _clear_error(self) -> None:
        if self._error is not None:
            self._error.add_class("-resolved")
        self._error = None

    # ------------------------------------------------------------------ hold, hint, end

    async def action_hold(self) -> None:
        """Hold, or come back and hear the customer react; refused while the customer speaks."""
        if self.phase not in ACTIONS["hold"] | ACTIONS["resume"]:
            return
        if self.streaming:
            self.notify("Let the customer finish before you put them on hold.", severity="warning")
            return
        done = self.session_now.toggle_hold()
        if isinstance(done, Resumed):
            await self._resumed(done.event)
            if done.reaction is not None:
                await self.conversation.add_customer(done.reaction.text)
        else:
            asked = "after asking" if done.asked_permission else "without asking first"
            await self.conversation.add_note("hold", f"You put the customer on hold {asked}.")
        self._settle()

    action_resume = action_hold  # the same key, read Resume while the customer waits

    async def _resumed(self, event: Event) -> None:
        text = f"You took the customer off hold after {spoken(event.duration_s or 0.0)}."
        await self.conversation.add_note("resume", text)
        self._settle()

    async def action_hint(self) -> None:
        """Show the coach's next-move suggestion in the conversation."""
        if self.session is not None and self.session.hints_allowed:
            await self.conversation.add_note("coach", self.session.hint())

    def action_summary(self) -> None:
        """The call has ended (the key reads Summary now): show the summary."""
        if self.phase == Phase.ENDED:
            self._finish()

    def action_end_call(self) -> None:
        """Confirm, then end the call and show the summary (no question once it has ended)."""
        if self.phase == Phase.ENDED:
            self._finish()
            return
        if self.phase not in ACTIONS["end_call"]:
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
            session.cancel_reply()
        session.end_call(reason)
        self._settle()

    def _finish(self) -> None:
        if self._finished or self.session is None:
            return
        self._finished = True
        self.post_message(CallFinished(outcome_of(self.session)))

    # ------------------------------------------------------------------ panel, timer, buttons

    def action_toggle_panel(self) -> None:
        """Show or hide the side panel; shown, it opens on the briefing, as the key says."""
        self.toggle_class("-panel-toggled")
        if self.has_class("-narrow") == self.has_class("-panel-toggled"):
            self.query_one(SidePanel).show_briefing()

    def action_search(self) -> None:
        """Open the knowledge base and focus its search box."""
        self.set_class(self.has_class("-narrow"), "-panel-toggled")
        self.query_one(SidePanel).focus_search()

    def _tick(self) -> None:
        """The clock, the growing wait of a hold, and the mood as the wait is landing."""
        if self.session is not None:
            self.query_one(CallStatus).follow(self.session)

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

    def _key(self, binding_id: str) -> str:
        """How the key for a binding id is shown, after the user's remapping."""
        return key_display(self.app, binding_id)

    async def on_unmount(self) -> None:
        """Leaving the screen (or the app) mid-call abandons the call and frees the backend."""
        gc.unfreeze()  # this call's objects may be collected again
        if self.session is not None:
            await self.session.aclose()
