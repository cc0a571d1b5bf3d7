"""CallSession: the one turn-by-turn API for the TUI, plain calls, self-play, tests and benchmarks.

A session owns the director (state), the actor (prompts and checks), a backend (lines) and the
transcript writer (disk). Every completed turn is appended and fsynced before the next begins,
so a crash or a kill never loses a finished line.
"""

from __future__ import annotations

import asyncio
import contextlib
import random
import time
import uuid
from collections.abc import AsyncIterator, Callable
from dataclasses import replace
from pathlib import Path

from roleplay.detectors.detect import DetectContext, detect
from roleplay.llm.base import Backend, Prompt, ReplyCutShort
from roleplay.scenarios.behaviours import Behaviour
from roleplay.scenarios.models import Cast, HiddenFact
from roleplay.sim import actor
from roleplay.sim.director import Director, TurnOutcome
from roleplay.sim.events import Chunk, ReplyEvent, Retract, Said
from roleplay.sim.state import CallState, EndReason
from roleplay.store.transcript import (
    Close,
    Event,
    Header,
    TranscriptWriter,
    Turn,
    TurnState,
    call_duration,
    now_iso,
)

CHOICES_OFFERED = 2
"""How many authored reactions the model chooses between on a turn."""


def voice_for(voice: str, backend: Backend, cast: Cast) -> str:
    """How the customer's lines are made: "choose" among authored lines or "write" them.

    "auto" chooses when the backend can be held to a choice (the embedded base model, which
    writes poorly but chooses well) and the scenario has reactions to choose from; a chat model
    behind an OpenAI-compatible endpoint writes its own lines.
    """
    if voice == "write" or backend.mode == "scripted":
        return "write"
    can = getattr(backend, "can_choose", False) and bool(cast.scenario.reactions)
    if voice == "choose" and not can:
        return "write"
    return "choose" if can else "write"


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
    ) -> None:
        self.cast = cast
        self.scenario = cast.scenario
        self.persona = cast.persona
        self.backend = backend
        self.difficulty = difficulty
        self.trainee = trainee
        self.exam = exam
        self.clock = clock
        self.director = Director(cast, difficulty)
        self.voice = voice_for(voice, backend, cast)
        self._rng = random.Random()
        """"choose": the model picks among authored lines; "write": it writes its own."""
        self.turns: list[Turn] = []
        self.events: list[Event] = []
        self.check_failures: list[str] = []
        self.fallbacks = 0
        self.call_id = uuid.uuid4().hex[:12]
        self._started = clock()
        self._last_customer_at = self._started
        self._hold_started: float | None = None
        self._pending: TurnOutcome | None = None
        self._just_resumed = False
        self._just_resumed_before = False
        self._warming: asyncio.Future[None] | None = None
        self._cut_short = ""
        """Why the reply being made was stopped part-way, if it was (kept, and told)."""
        self._writer: TranscriptWriter | None = None
        self.path: Path | None = None
        self.header = self._header()
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

    def _header(self) -> Header:
        return Header(
            call_id=self.call_id,
            scenario_id=self.scenario.id,
            scenario_title=self.scenario.title,
            scenario_hash=self.cast.content_hash,
            persona_id=self.persona.id,
            persona_name=self.persona.name,
            difficulty=self.difficulty,
            backend=self.backend.name,
            model=self.backend.model,
            trainee=self.trainee,
            exam=self.exam,
        )

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
        """The customer's opening line(s), said verbatim and saved."""
        if self.turns:
            return [t for t in self.turns if t.source == "opening"]
        opened = [
            self._add_turn("customer", line, now_iso(), source="opening")
            for line in self.scenario.opening_for(self.state.band)
        ]
        self.director.said.update(t.text for t in opened)
        self.director.last_said = opened[-1].text
        self._last_customer_at = self.clock()
        return opened

    def _context(self) -> DetectContext:
        return DetectContext(
            customer_name=self.persona.name,
            cares_about=tuple(self.persona.cares_about),
            customer_lines=tuple(t.text for t in self.turns if t.speaker == "customer"),
            trainee_lines=tuple(t.text for t in self.turns if t.speaker == "trainee"),
            just_resumed=self._just_resumed,
        )

    async def reply_to(self, text: str) -> AsyncIterator[ReplyEvent]:
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
        self._just_resumed_before, self._just_resumed = self._just_resumed, False
        response_s = round(self.clock() - self._last_customer_at, 2)
        outcome = self.director.on_trainee_line(
            text, behaviours, self.elapsed(), just_resumed=self._just_resumed_before
        )
        self._add_turn(
            "trainee",
            text,
            started,
            behaviours=[b.value for b in behaviours],
            response_s=response_s,
        )
        self._pending = outcome
        async for event in self._customer_reply(outcome):
            yield event

    async def retry_reply(self) -> AsyncIterator[ReplyEvent]:
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

    async def _customer_reply(self, outcome: TurnOutcome) -> AsyncIterator[ReplyEvent]:
        started = now_iso()
        text, source, failed = "", "model", []
        if outcome.end_reason in (
            EndReason.RESOLVED,
            EndReason.HUNG_UP,
            EndReason.SUPERVISOR_REQUESTED,
        ):
            text, source = outcome.authored, "end"
            yield Chunk(text)
        elif self.backend.mode == "scripted":
            source = "scripted"
            async for piece in self.backend.stream(self._prompt(outcome)):
                text += piece
                yield Chunk(piece)
            text = text.strip()
        else:
            replies = self._choose(outcome) if self.voice == "choose" else self._generate(outcome)
            async for event in replies:
                if isinstance(event, tuple):
                    text, source, failed = event
                else:
                    yield event
        self._pending = None
        self.director.said.add(text)
        self.director.last_said = text
        notice, self._cut_short = self._cut_short, ""
        if notice:
            self._record(Event(kind="error", text=notice))
        turn = self._add_turn(
            "customer",
            text,
            started,
            source=source,
            checks=failed,
            behaviours=[],
        )
        self._last_customer_at = self.clock()
        if self.state.end_reason is not None:
            self._close(self.state.end_reason)
        elif self.voice == "choose" and source != "chosen":
            self._warm_up()
        yield Said(turn=turn, state=self.state, notice=notice)

    def _warm_up(self) -> None:
        """Let the model read the call so far while the trainee types (authored turns skip it)."""
        warm = getattr(self.backend, "warm", None)
        if warm is None:
            return
        prompt = actor.build_prompt(
            self.persona, self.scenario, self.state.band, [], self._history()
        )
        # The model reads everything up to the customer's last line; drop the cue for a reply.
        head = replace(prompt, transcript=prompt.transcript.rsplit("\n", 1)[0])
        self._warming = asyncio.ensure_future(warm(head))
        self._warming.add_done_callback(lambda task: task.cancelled() or task.exception())

    def _history(self) -> list[actor.Spoken]:
        return [
            actor.Spoken(
                t.speaker, t.text, t.state.band if t.state and t.speaker == "customer" else ""
            )
            for t in self.turns
            if t.speaker != "system"
        ]

    def _facts(self, ids: list[str]) -> list[HiddenFact]:
        return [f for f in self.scenario.facts if f.id in ids]

    def _prompt(self, outcome: TurnOutcome, temperature: float = 0.8) -> Prompt:
        return actor.build_prompt(
            self.persona,
            self.scenario,
            self.state.band,
            self._facts(self.state.revealed),
            self._history(),
            authored=outcome.authored,
            new_fact=outcome.new_facts[0] if outcome.new_facts else None,
            reaction=next(
                (g.customer_reaction for g in outcome.new_goals if g.customer_reaction), ""
            ),
            frame_break=Behaviour.BREAKS_FRAME in outcome.behaviours,
            temperature=temperature,
        )

    async def _generate(
        self, outcome: TurnOutcome
    ) -> AsyncIterator[ReplyEvent | tuple[str, str, list[str]]]:
        """Stream from the model, check the line, retry once, then fall back to an authored line."""
        unrevealed = [f for f in self.scenario.facts if f.id not in self.state.revealed]
        previous = [t.text for t in self.turns if t.speaker == "customer"]
        agent = [t.text for t in self.turns if t.speaker == "trainee"]
        failed: list[str] = []
        for attempt in range(2):
            prompt = self._prompt(outcome, temperature=0.8 if attempt == 0 else 1.0)
            raw = ""
            try:
                async for piece in self.backend.stream(prompt):
                    raw += piece
                    yield Chunk(piece)
            except ReplyCutShort as cut:
                if not actor.clean_line(raw, self.persona):
                    raise
                self._cut_short = str(cut)
            line = actor.clean_line(raw, self.persona)
            problems = actor.check_line(line, self.persona, previous, unrevealed, agent)
            if not problems:
                # A chat model was told to bring the fact up and does, in its own words; only a
                # base model's line gets the author's words added when it leaves the fact out.
                extra = self._missing_fact(line, outcome) if self.backend.mode != "chat" else ""
                if extra:
                    yield Chunk(" " + extra)
                    line = f"{line} {extra}"
                yield (line, "model" if attempt == 0 else "retry", failed)
                return
            failed.extend(problems)
            self.check_failures.extend(problems)
            yield Retract("; ".join(problems))
            if self._cut_short:
                break  # asking again would keep the trainee waiting as long once more
        self.fallbacks += 1
        line = outcome.authored or self.director.fallback_line()
        extra = self._missing_fact(line, outcome)
        if extra:
            line = f"{line} {extra}"
        yield Chunk(line)
        yield (line, "fallback", failed)

    async def _choose(
        self, outcome: TurnOutcome
    ) -> AsyncIterator[ReplyEvent | tuple[str, str, list[str]]]:
        """The customer's line from authored words: what the turn calls for, else a reaction
        to the trainee's move that the model chooses in context (it writes nothing itself)."""
        last = next((t.text for t in reversed(self.turns) if t.speaker == "trainee"), "")
        composed, source = self.director.composed_line(outcome, last)
        if composed:
            yield Chunk(composed)
            yield (composed, source, [])
            return
        options = self.director.reaction_lines(outcome.move)
        if not options:
            async for event in self._generate(outcome):
                yield event
            return
        # Offering a different handful each time keeps the same moment from always getting the
        # same reply; the model still picks the one that fits best among those offered.
        offered = self._rng.sample(options, k=min(len(options), CHOICES_OFFERED))
        prompt = replace(self._prompt(outcome, temperature=1.0), choices=tuple(offered))
        said = ""
        async for piece in self.backend.stream(prompt):
            said += piece
            yield Chunk(piece)
        line = said.strip()
        yield (line, "chosen", [])

    def _missing_fact(self, line: str, outcome: TurnOutcome) -> str:
        """The fact released this turn, in the author's words, if the line left it out.

        The director decides when a fact is earned; a small model often answers without it, and
        a fact that never comes out would leave the trainee nothing to uncover.
        """
        if not outcome.new_facts or actor.mentions_fact(line, outcome.new_facts[0]):
            return ""
        return outcome.new_facts[0].says

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

    def resume(self) -> Event:
        """Take the customer off hold; a silent or long hold moves the mood."""
        if not self.state.on_hold:
            raise RuntimeError("the customer is not on hold")
        duration = round(self.hold_seconds(), 2)
        counted = self.director.on_resume(duration)
        self._hold_started = None
        self._just_resumed = True
        event = Event(
            kind="resume",
            duration_s=duration,
            text=", ".join(b.value for b in counted),
        )
        self._record(event)
        return event

    def hint(self) -> str:
        """The next good move; the hint is recorded for the debrief."""
        if self.exam:
            raise CallOver("hints are off in exam mode")
        text = self.director.hint()
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
        if self._warming is not None and not self._warming.done():
            with contextlib.suppress(Exception):
                await self._warming
        await self.backend.aclose()

    def check_failure_rate(self) -> float:
        """Share of model-generated customer lines that fell back to an authored line."""
        generated = [t for t in self.turns if t.source in ("model", "retry", "fallback")]
        return self.fallbacks / len(generated) if generated else 0.0
