"""How the customer's line for a turn is made: authored words, a reaction the model chooses,
or a line the model writes and the actor checks (retried once, then an authored fallback).

Kept apart from the session, which owns the call's record and rules, so the session reads as the
turn-by-turn API and this module as the customer's voice.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass, field, replace

from roleplay.llm.base import Backend, Prompt, ReplyCutShort
from roleplay.scenarios.behaviours import Behaviour
from roleplay.scenarios.models import Cast, HiddenFact
from roleplay.sim import actor
from roleplay.sim.director import Director, TurnOutcome
from roleplay.sim.events import Chunk, Retract
from roleplay.sim.state import EndReason
from roleplay.transcript import Turn

CHOICES_OFFERED = 2
"""How many authored reactions the model chooses between on a turn."""

ENDING = (EndReason.RESOLVED, EndReason.HUNG_UP, EndReason.SUPERVISOR_REQUESTED)
"""End reasons the customer announces in the scenario's own words."""


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


@dataclass(frozen=True)
class LineReady:
    """The customer's finished line, before the session saves it (never reaches a screen)."""

    text: str
    source: str
    failed: list[str] = field(default_factory=list)
    notice: str = ""
    """Why the line was cut short, when it was (what arrived stands; the trainee is told)."""


VoiceEvent = Chunk | Retract | LineReady


class CustomerVoice:
    """Makes the customer's lines for one call; counts the lines that failed their checks."""

    def __init__(self, cast: Cast, backend: Backend, director: Director, voice: str) -> None:
        self.cast = cast
        self.persona = cast.persona
        self.scenario = cast.scenario
        self.backend = backend
        self.director = director
        self.voice = voice_for(voice, backend, cast)
        """"choose": the model picks among authored lines; "write": it writes its own."""
        self.check_failures: list[str] = []
        self.fallbacks = 0
        self._rng = director.rng

    async def speak(self, outcome: TurnOutcome, turns: Sequence[Turn]) -> AsyncIterator[VoiceEvent]:
        """The customer's line for this turn, as it streams, ending with `LineReady`."""
        if outcome.end_reason in ENDING:
            yield Chunk(outcome.authored)
            yield LineReady(outcome.authored, "end")
        elif self.backend.mode == "scripted":
            prompt = replace(self.prompt(outcome, turns), authored=self._scripted(outcome, turns))
            text = ""
            async for piece in self.backend.stream(prompt):
                text += piece
                yield Chunk(piece)
            yield LineReady(text.strip(), "scripted")
        elif self.voice == "choose":
            async for event in self._choose(outcome, turns):
                yield event
        else:
            async for event in self._generate(outcome, turns):
                yield event

    def history(self, turns: Sequence[Turn]) -> list[actor.Spoken]:
        """The call so far as the actor's prompt reads it."""
        return [
            actor.Spoken(
                t.speaker, t.text, t.state.band if t.state and t.speaker == "customer" else ""
            )
            for t in turns
            if t.speaker != "system"
        ]

    def _facts(self, ids: list[str]) -> list[HiddenFact]:
        return [f for f in self.scenario.facts if f.id in ids]

    def prompt(
        self, outcome: TurnOutcome, turns: Sequence[Turn], temperature: float = 0.8
    ) -> Prompt:
        """The actor's prompt for this turn: what the customer knows, never the rubric."""
        state = self.director.state
        return actor.build_prompt(
            self.persona,
            self.scenario,
            state.band,
            self._facts(state.revealed),
            self.history(turns),
            authored=outcome.authored,
            new_fact=outcome.new_facts[0] if outcome.new_facts else None,
            reaction=next((g.reactions()[0] for g in outcome.new_goals if g.customer_reaction), ""),
            frame_break=Behaviour.BREAKS_FRAME in outcome.behaviours,
            temperature=temperature,
        )

    def warm_up(self, turns: Sequence[Turn]) -> asyncio.Future[None] | None:
        """Let the model read the call so far while the trainee types (None: it cannot).

        Cancel the future to stop it: the model lets go after the piece it is reading.
        """
        warm = getattr(self.backend, "warm", None)
        if warm is None:
            return None
        prompt = actor.build_prompt(
            self.persona, self.scenario, self.director.state.band, [], self.history(turns)
        )
        # The model reads everything up to the customer's last line; drop the cue for a reply.
        head = replace(prompt, transcript=prompt.transcript.rsplit("\n", 1)[0])
        warming: asyncio.Future[None] = asyncio.ensure_future(warm(head))
        warming.add_done_callback(lambda task: task.cancelled() or task.exception())
        return warming

    async def _generate(
        self, outcome: TurnOutcome, turns: Sequence[Turn]
    ) -> AsyncIterator[VoiceEvent]:
        """Stream from the model, check the line, retry once, then fall back to an authored line."""
        state = self.director.state
        unrevealed = [f for f in self.scenario.facts if f.id not in state.revealed]
        previous = [t.text for t in turns if t.speaker == "customer"]
        agent = [t.text for t in turns if t.speaker == "trainee"]
        failed: list[str] = []
        cut_short = ""
        for attempt in range(2):
            prompt = self.prompt(outcome, turns, temperature=0.8 if attempt == 0 else 1.0)
            raw = ""
            try:
                async for piece in self.backend.stream(prompt):
                    raw += piece
                    yield Chunk(piece)
            except ReplyCutShort as cut:
                if not actor.clean_line(raw, self.persona):
                    raise
                cut_short = str(cut)
            line = actor.clean_line(raw, self.persona)
            problems = actor.check_line(line, self.persona, previous, unrevealed, agent)
            if not problems:
                # A chat model was told to bring the fact up and does, in its own words; only a
                # base model's line gets the author's words added when it leaves the fact out.
                extra = self._missing_fact(line, outcome) if self.backend.mode != "chat" else ""
                if extra:
                    yield Chunk(" " + extra)
                    line = f"{line} {extra}"
                yield LineReady(line, "model" if attempt == 0 else "retry", failed, cut_short)
                return
            failed.extend(problems)
            self.check_failures.extend(problems)
            yield Retract("; ".join(problems))
            if cut_short:
                break  # asking again would keep the trainee waiting as long once more
        self.fallbacks += 1
        line = outcome.authored or self.director.fallback_line()
        extra = self._missing_fact(line, outcome)
        if extra:
            line = f"{line} {extra}"
        yield Chunk(line)
        yield LineReady(line, "fallback", failed, cut_short)

    async def _choose(
        self, outcome: TurnOutcome, turns: Sequence[Turn]
    ) -> AsyncIterator[VoiceEvent]:
        """The customer's line from authored words: what the turn calls for, else a reaction
        to the trainee's move that the model chooses in context (it writes nothing itself)."""
        last = next((t.text for t in reversed(turns) if t.speaker == "trainee"), "")
        composed, source = self.director.composed_line(outcome, last)
        if composed:
            yield Chunk(composed)
            yield LineReady(composed, source)
            return
        options = self.director.reaction_lines(outcome.move)
        if not options:
            async for event in self._generate(outcome, turns):
                yield event
            return
        # Offering a different handful each time keeps the same moment from always getting the
        # same reply; the model still picks the one that fits best among those offered.
        offered = self._rng.sample(options, k=min(len(options), CHOICES_OFFERED))
        prompt = replace(self.prompt(outcome, turns, temperature=1.0), choices=tuple(offered))
        said = ""
        async for piece in self.backend.stream(prompt):
            said += piece
            yield Chunk(piece)
        yield LineReady(said.strip(), "chosen")

    def _scripted(self, outcome: TurnOutcome, turns: Sequence[Turn]) -> str:
        """The scripted customer's words: what the turn calls for, composed as the embedded
        customer's are (a goal's reaction, a fact, an answer to the question asked), else the
        next fallback line. A fact released but not told (the trainee said it, or a met goal
        answered it) is not said here either."""
        last = next((t.text for t in reversed(turns) if t.speaker == "trainee"), "")
        composed, _ = self.director.composed_line(outcome, last)
        if composed:
            return composed
        return self.director.fallback_line() if outcome.new_facts else outcome.authored

    def _missing_fact(self, line: str, outcome: TurnOutcome) -> str:
        """The fact released this turn, in the author's words, if the line left it out.

        The director decides when a fact is earned; a small model often answers without it, and
        a fact that never comes out would leave the trainee nothing to uncover.
        """
        if not outcome.new_facts or actor.mentions_fact(line, outcome.new_facts[0]):
            return ""
        return self.director.told(outcome.new_facts[0])
