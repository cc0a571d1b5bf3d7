"""CallSession: the one turn-by-turn API for the TUI, plain calls, self-play, tests and benchmarks.

A session owns the director (state), the actor (prompts and checks), a backend (lines) and the
transcript writer (disk). Every completed turn is appended and fsynced before the next begins,
so a crash or a kill never loses a finished line.
"""

from __future__ import annotations

import asyncio
import time
import uuid
from collections.abc import AsyncGenerator, Callable
from pathlib import Path

from roleplay.detectors import active
from roleplay.detectors.detect import DetectContext, detect
from roleplay.llm.base import Backend
from roleplay.scenarios.behaviours import Behaviour, Move, move_of
from roleplay.scenarios.models import Cast
from roleplay.sim.call_header import call_header
from roleplay.sim.director import Director, TurnOutcome
from roleplay.sim.events import ReplyEvent, Resumed, Said
from roleplay.sim.hearing import proposes
from roleplay.sim.hints import next_move
from roleplay.sim.hold import back_from_hold_line
from roleplay.sim.speaking import CustomerVoice, LineReady
from roleplay.sim.state import CallState, EndReason
from roleplay.transcript import (
    Close,
    Event,
    TranscriptWriter,
    Turn,
    TurnState,
    call_duration,
    now_iso,
)


class CallOver(Exception):
    """Raised when something is asked of a call that has already ended."""


class CallSession:
    """One practice call, from the opening line to the closing record."""

    def __init__(
        self,
        cast: Cast,
        backend: Backend,
        *,
        difficulty: str = "medium",
        trainee: str = "trainee",
        transcripts: Path | None = None,
        exam: bool = False,
        clock: Callable[[], float] = time.monotonic,
        voice: str = "auto",
        seed: int | None = None,
    ) -> None:
        self.cast = cast
        self.scenario = cast.scenario
        self.persona = cast.persona
        self.backend = backend
        self.difficulty = difficulty
        self.trainee = trainee
        self.exam = exam
        self.clock = clock
        self.director = Director(cast, difficulty, seed, exam or backend.mode == "scripted")
        self.speaker = CustomerVoice(cast, backend, self.director, voice)
        self.turns: list[Turn] = []
        self.events: list[Event] = []
        self.call_id = uuid.uuid4().hex[:12]
        self._started = clock()
        self._last_customer_at = self._started
        self._hold_started: float | None = None
        self._pending: TurnOutcome | None = None
        self._just_resumed = False
        self._reacted_to_resume = False
        self._warming: asyncio.Future[None] | None = None
        self._writer: TranscriptWriter | None = None
        self.path: Path | None = None
        self.header = call_header(cast, backend, self.call_id, difficulty, trainee, exam)
        self.close: Close | None = None
        if transcripts is not None:
            self._writer = TranscriptWriter.create(transcripts, self.header)
            self.path = self._writer.path

    # ------------------------------------------------------------------ state

    @property
    def state(self) -> CallState:
        """The director's current state (mood, band, revealed facts, goals, end reason)."""
        return self.director.state

    @property
    def voice(self) -> str:
        """ "choose": the model picks among authored lines; "write": it writes its own."""
        return self.speaker.voice

    @property
    def check_failures(self) -> list[str]:
        """What the model's lines failed on, in order (each a check's words)."""
        return self.speaker.check_failures

    @property
    def fallbacks(self) -> int:
        """How many customer lines came from the scenario's fallbacks after failed checks."""
        return self.speaker.fallbacks

    @property
    def holds_lines_back(self) -> bool:
        """True when a line should be shown only once it passed its checks.

        A base model (the embedded one) fails checks often when it writes, and a line replaced
        part-way looks like the customer changing their mind; chat models' lines stream as
        they come.
        """
        return self.backend.mode == "completion"

    @property
    def hints_allowed(self) -> bool:
        """Hints are offered while the call is open, and never in exam mode."""
        return not self.exam and not self.ended

    @property
    def ended(self) -> bool:
        """True once the call is over."""
        return self.state.ended

    @property
    def awaiting_reply(self) -> bool:
        """True when the customer's reply to the last trainee line is still owed."""
        return self._pending is not None

    def elapsed(self) -> float:
        """Seconds since the call started (the running clock on screen)."""
        return self.clock() - self._started

    def duration_s(self) -> float | None:
        """How long the call lasted, as its debrief will say: start to last record written."""
        return call_duration(self.header, self.turns, self.events, self.close)

    def _record(self, record: Turn | Event) -> None:
        if isinstance(record, Turn):
            self.turns.append(record)
        else:
            self.events.append(record)
        if self._writer is not None:
            self._writer.append(record)

    def _turn_state(self) -> TurnState:
        return TurnState.model_validate(self.state.snapshot())

    def _add_turn(self, speaker: str, text: str, started_at: str, **extra: object) -> Turn:
        turn = Turn(
            id=len(self.turns) + 1,
            speaker=speaker,  # type: ignore[arg-type]
            text=text,
            started_at=started_at,
            ended_at=now_iso(),
            state=self._turn_state(),
            **extra,  # type: ignore[arg-type]
        )
        self._record(turn)
        return turn

    # ------------------------------------------------------------------ the call

    async def start(self) -> list[Turn]:
        """The customer's opening line(s), said verbatim (in one of each line's wordings) and saved.
        The model reads the call so far while the trainee types, so the first reply is quick."""
        if self.turns:
            return [t for t in self.turns if t.source == "opening"]
        active.warm()
        opened = [
            self._add_turn("customer", line, now_iso(), source="opening")
            for line in map(self.director.phrasing.pick, self.scenario.opening_for(self.state.band))
        ]
        self.director.said.update(t.text for t in opened)
        self.director.last_said = opened[-1].text
        self._last_customer_at = self.clock()
        if self.voice == "choose":
            self._read_ahead()
        return opened

    def _read_ahead(self) -> None:
        """Let the model read the call so far while the trainee types."""
        self._stop_reading_ahead()
        self._warming = self.speaker.warm_up(self.turns)

    def _stop_reading_ahead(self) -> None:
        """A reply is asked for: it reads what the read-ahead has not, after the piece in hand."""
        if self._warming is not None:
            self._warming.cancel()
            self._warming = None

    def _context(self) -> DetectContext:
        return DetectContext(
            customer_name=self.persona.name,
            cares_about=tuple(self.persona.cares_about),
            customer_lines=tuple(t.text for t in self.turns if t.speaker == "customer"),
            trainee_lines=tuple(t.text for t in self.turns if t.speaker == "trainee"),
            just_resumed=self._just_resumed,
            first_line=not any(t.speaker == "trainee" for t in self.turns),
        )

    async def reply_to(self, text: str) -> AsyncGenerator[ReplyEvent, None]:
        """Say a trainee line; yields the customer's reply as it streams, then `Said`.

        The trainee's line is saved before the model is asked, so a backend failure
        (BackendError) loses nothing; call `retry_reply()` to ask again.
        """
        if self.ended:
            raise CallOver(f"the call has ended ({self.state.end_reason})")
        if self.state.on_hold:
            self.resume()
        text = text.strip()
        if not text:
            raise ValueError("say something first")
        if self._pending is not None:
            raise RuntimeError("the customer has not answered the last line yet; retry_reply()")
        started = now_iso()
        behaviours = detect(text, self._context())
        # The customer's reply is their reaction to the hold, unless they already reacted.
        reacted = self._reacted_to_resume
        back = self._just_resumed and not reacted
        self._just_resumed = self._reacted_to_resume = False
        response_s = round(self.clock() - self._last_customer_at, 2)
        outcome = self.director.on_trainee_line(text, behaviours, self.elapsed(), just_resumed=back)
        if reacted and outcome.move == Move.BACK_FROM_HOLD:
            rest = set(outcome.behaviours) - {Behaviour.CHECKS_BACK}
            outcome.move = move_of(rest, asks_leave=proposes(text))
        self._add_turn(
            "trainee",
            text,
            started,
            behaviours=[b.value for b in behaviours],
            response_s=response_s,
        )
        self._pending = outcome
        self._stop_reading_ahead()
        async for event in self._customer_reply(outcome):
            yield event

    async def retry_reply(self) -> AsyncGenerator[ReplyEvent, None]:
        """Ask the backend again for the reply owed after a failure."""
        if self._pending is None:
            raise RuntimeError("no reply is owed")
        async for event in self._customer_reply(self._pending):
            yield event

    def cancel_reply(self) -> None:
        """Give up on the reply owed (the trainee pressed Escape); the trainee may speak again."""
        if self._pending is not None:
            self._pending = None
            self._record(Event(kind="note", text="customer reply cancelled by the trainee"))

    async def _customer_reply(self, outcome: TurnOutcome) -> AsyncGenerator[ReplyEvent, None]:
        started = now_iso()
        ready = LineReady("", "model")
        async for event in self.speaker.speak(outcome, self.turns):
            if isinstance(event, LineReady):
                ready = event
            else:
                yield event
        self._pending = None
        self.director.said.add(ready.text)
        self.director.last_said = ready.text
        if ready.notice:
            self._record(Event(kind="error", text=ready.notice))
        turn = self._add_turn(
            "customer",
            ready.text,
            started,
            source=ready.source,
            checks=list(ready.failed),
            behaviours=[],
        )
        self._last_customer_at = self.clock()
        if self.state.end_reason is not None:
            self._close(self.state.end_reason)
        elif self.voice == "choose" and ready.source != "chosen":
            self._read_ahead()
        yield Said(turn=turn, state=self.state, notice=ready.notice)

    # ------------------------------------------------------------------ hold, hint, end

    def hold(self) -> Event:
        """Put the customer on hold; whether permission was asked comes from the last line."""
        if self.ended:
            raise CallOver("the call has ended")
        if self.state.on_hold:
            raise RuntimeError("the customer is already on hold")
        last = next((t for t in reversed(self.turns) if t.speaker == "trainee"), None)
        asked = bool(last and Behaviour.ASKS_HOLD_PERMISSION.value in last.behaviours)
        self.director.on_hold(asked)
        self._hold_started = self.clock()
        event = Event(kind="hold", asked_permission=asked)
        self._record(event)
        return event

    def hold_seconds(self) -> float:
        """How long the current hold has lasted (0 when not on hold)."""
        if self._hold_started is None:
            return 0.0
        return self.clock() - self._hold_started

    def mood_on_hold(self) -> float:
        """The mood as the wait is landing: what it becomes if the hold ended now.

        The meter shows this during a hold, so a long or unasked-for wait shows as it happens
        rather than as a jump on resume.
        """
        if not self.state.on_hold:
            return self.state.mood
        return self.director.mood_after_hold(self.hold_seconds())

    def resume(self) -> Event:
        """Take the customer off hold; a silent or long hold moves the mood.

        The customer's next reply is their reaction to the wait (see `come_back` to have them
        react at once).
        """
        if not self.state.on_hold:
            raise RuntimeError("the customer is not on hold")
        duration = round(self.hold_seconds(), 2)
        counted = self.director.on_resume(duration)
        self._hold_started = None
        self._just_resumed = True
        self._reacted_to_resume = False
        event = Event(
            kind="resume",
            duration_s=duration,
            text=", ".join(b.value for b in counted),
        )
        self._record(event)
        return event

    def come_back(self) -> Resumed:
        """Take the customer off hold and let them react in the scenario's words for the wait.

        The words are the scenario's `back_from_hold` reactions for the mood after the wait,
        picked by how long it was; a scenario without them leaves the customer silent.
        """
        event = self.resume()
        lines = self.director.reaction_lines(Move.BACK_FROM_HOLD)
        text = back_from_hold_line(lines, event.duration_s or 0.0)
        if not text:
            return Resumed(event, None)
        self.director.said.add(text)
        turn = self._add_turn("customer", text, now_iso(), source="hold", behaviours=[])
        self._last_customer_at = self.clock()
        self._reacted_to_resume = True
        return Resumed(event, turn)

    def toggle_hold(self) -> Event | Resumed:
        """Hold, or come back from hold: one rule for the call screen and the plain call."""
        if self.state.on_hold:
            return self.come_back()
        return self.hold()

    def hint(self) -> str:
        """The next good move; the hint is recorded for the debrief."""
        if self.exam:
            raise CallOver("hints are off in exam mode")
        if self.ended:
            raise CallOver("the call has ended")
        self.state.hints_used += 1
        text = next_move(self.state, self.cast, self.turns)
        self._record(Event(kind="hint", text=text))
        return text

    def note_error(self, message: str) -> None:
        """Record a backend failure in the transcript (the call goes on)."""
        self._record(Event(kind="error", text=message))

    def end_call(self, reason: EndReason | str = EndReason.TRAINEE_ENDED) -> None:
        """End the call from the trainee's side (or the app's: `abandoned` on quit)."""
        reason = EndReason(reason)
        if self.state.on_hold:
            self.resume()
        self.director.end(reason)
        self._close(self.state.end_reason or reason)

    def _close(self, reason: EndReason) -> None:
        if self.close is None:
            self.close = Close(end_reason=reason.value, state=self._turn_state())
        if self._writer is not None and not self._writer.closed:
            self._writer.close(self.close)

    async def aclose(self) -> None:
        """Abandon the call if still open and release the backend."""
        if not self.ended:
            self.end_call(EndReason.ABANDONED)
        warming, self._warming = self._warming, None
        if warming is not None and not warming.done():
            warming.cancel()
            await asyncio.wait([warming])  # the model lets go after the piece in hand
        await self.backend.aclose()
