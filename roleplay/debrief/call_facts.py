"""The call re-detected: each trainee line's behaviours found today, and the holds around them.

Trainee behaviours are re-detected with the simulator's own detectors (detectors/detect.py) and a
context rebuilt from the transcript, so a call recorded with older detectors is graded by
today's rules rather than by whatever was stored. The metrics, the heuristic rules, the judge's
prompt and the coaching all read the call through these facts.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from roleplay.debrief.model import HoldMetric, MoodJump, Quote
from roleplay.debrief.moments import Moment, find_moments
from roleplay.debrief.quotes import quote_at
from roleplay.debrief.timeline import timeline
from roleplay.detectors.detect import DetectContext, Detection, detections
from roleplay.detectors.history import EMPTY
from roleplay.detectors.sentences import sentence_spans
from roleplay.scenarios.behaviours import Behaviour
from roleplay.scenarios.models import Cast, Goal
from roleplay.sim.director import LONG_HOLD_SECONDS
from roleplay.sim.hearing import goal_met_in_line, mentions
from roleplay.sim.line_review import WRITTEN, content_words, off_scenario, scenario_words
from roleplay.transcript import Event, Transcript, Turn

B = Behaviour

HOLD_REASON = re.compile(
    r"\b(so (that )?(i|we) can|while (i|we)|in order to|"
    r"to (check|look|find|speak|talk|confirm|review|see|get|pull|ask|verify|sort|fix)|"
    r"(let|allow) me (to )?(check|look|find|speak|talk|confirm|review|see|get|pull|ask|verify)|"
    r"i need to (check|look|speak|talk|confirm|find|ask|verify)|"
    r"i'?ll (just |quickly )?(check|look|speak|talk|confirm|find|ask|verify))\b",
    re.IGNORECASE,
)
_VALUES = frozenset(b.value for b in Behaviour)


@dataclass
class DetectedTurn:
    """A trainee turn with the behaviours found in it today and the context they were found in."""

    turn: Turn
    found: tuple[Detection, ...]
    context: DetectContext
    after_resume: bool = False
    by_behaviour: dict[Behaviour, Detection] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self.by_behaviour = {d.behaviour: d for d in self.found}

    @property
    def behaviours(self) -> list[Behaviour]:
        """The behaviours detected in this turn, in vocabulary order."""
        return list(self.by_behaviour)

    def has(self, behaviour: Behaviour) -> bool:
        """True when the behaviour was detected in this turn."""
        return behaviour in self.by_behaviour

    def quote(self, behaviour: Behaviour) -> Quote:
        """The sentence showing a behaviour, as evidence with the turn id.

        Cut around the span this turn's own detection matched, so quoting never asks the
        detectors again (and never re-hashes a context that holds the whole call so far).
        """
        found = self.by_behaviour.get(behaviour)
        text = quote_at(self.turn.text, (found.start, found.end) if found else None)
        return Quote(turn_id=self.turn.id, quote=text, label=behaviour.value)

    def goal_quote(self, goal: Goal) -> Quote:
        """The sentence of this turn that meets a goal: the first one saying its words."""
        text = self.turn.text
        words = goal.detect.keywords
        span = next(
            (s for s in sentence_spans(text) if words and mentions(text[s[0] : s[1]], words)), None
        )
        return Quote(turn_id=self.turn.id, quote=quote_at(text, span), label=goal.id)


@dataclass
class CallFacts:
    """The re-detected call: trainee turns with behaviours, and the holds around them."""

    trainee: list[DetectedTurn] = field(default_factory=list)
    holds: list[HoldMetric] = field(default_factory=list)
    hold_moves: dict[int, list[Behaviour]] = field(default_factory=dict)
    jumps: list[MoodJump] = field(default_factory=list)
    held_before: dict[int, float] = field(default_factory=dict)
    """Trainee turn id -> seconds the customer spent on hold just before it."""
    goals_met: list[str] = field(default_factory=list)
    """Goals met by the re-detected lines, by the director's own test (so goals and criteria
    never disagree)."""
    goal_turns: dict[str, int] = field(default_factory=dict)
    """Goal id -> the trainee turn id that met it."""
    after_odd: set[int] = field(default_factory=set)
    """Trainee turn ids that answered a model-written customer line that made no sense (words
    from outside the scenario and the call): coaching does not hold the reply against them."""
    moments: list[Moment] = field(default_factory=list)
    """Personal facts the customer said, each with the trainee turn that answered it, if any."""

    _showing: dict[Behaviour, list[int]] = field(default_factory=dict, repr=False)
    _indexed: int = field(default=-1, repr=False)

    def _positions(self, behaviour: Behaviour) -> list[int]:
        """Where in `trainee` a behaviour shows; indexed once, since every criterion asks."""
        if self._indexed != len(self.trainee):
            self._showing = {}
            for i, d in enumerate(self.trainee):
                for b in d.by_behaviour:
                    self._showing.setdefault(b, []).append(i)
            self._indexed = len(self.trainee)
        return self._showing.get(behaviour, [])

    def with_behaviour(self, behaviour: Behaviour) -> list[DetectedTurn]:
        """Trainee turns showing a behaviour, in order."""
        return [self.trainee[i] for i in self._positions(behaviour)]

    def beyond_the_fix(self, goals: Iterable[Goal]) -> dict[int, Quote]:
        """Trainee turns that went past the fix, each with the words that show it.

        A gesture heard in the words counts, and so does a line that met a goal the scenario
        marks `going_beyond` ("I've made sure the yoghurts and the sticker book are on it"):
        the author has said that step is a gesture, whatever words the trainee found for it.
        """
        found = {d.turn.id: d.quote(B.GOES_BEYOND) for d in self.with_behaviour(B.GOES_BEYOND)}
        by_id = {d.turn.id: d for d in self.trainee}
        for goal in goals:
            turn = by_id.get(self.goal_turns.get(goal.id, -1))
            if goal.going_beyond and turn is not None and turn.turn.id not in found:
                found[turn.turn.id] = turn.goal_quote(goal)
        return dict(sorted(found.items()))

    def with_any(self, *behaviours: Behaviour) -> list[DetectedTurn]:
        """Trainee turns showing at least one of the behaviours, in order."""
        found = sorted({i for b in behaviours for i in self._positions(b)})
        return [self.trainee[i] for i in found]


def redetect(transcript: Transcript, cast: Cast) -> CallFacts:
    """Walk the call in order, re-running the detectors on every trainee line.

    Each line's context holds the call so far as `CallLines`, one line longer each turn, so a
    turn's context costs the same however long the call; grading the same call again (the app
    after a call, the review screen) finds its cached detections in one lookup per line.
    """
    persona = cast.persona
    customer_lines = trainee_lines = EMPTY
    facts = CallFacts()
    last_trainee: DetectedTurn | None = None
    open_hold: HoldMetric | None = None
    just_resumed = False
    heard = set(scenario_words(cast))
    odd_last = False
    pending_moves: list[Behaviour] = []
    revealed: list[str] = []
    steps = timeline(transcript)
    for step in steps:
        if isinstance(step, Event):
            if step.kind == "hold":
                before = last_trainee.turn.text if last_trainee else ""
                asked = bool(last_trainee and last_trainee.has(B.ASKS_HOLD_PERMISSION))
                open_hold = HoldMetric(
                    after_turn=last_trainee.turn.id if last_trainee else None,
                    asked_permission=asked,
                    reason_given=bool(HOLD_REASON.search(before)),
                )
                facts.holds.append(open_hold)
            elif step.kind == "resume":
                just_resumed = True
                if open_hold is not None:
                    open_hold.duration_s = step.duration_s
                    open_hold.long = (step.duration_s or 0.0) > LONG_HOLD_SECONDS
                moved = (part.strip() for part in step.text.split(","))
                pending_moves = [B(v) for v in moved if v in _VALUES]
            continue
        known = list(step.state.revealed) if step.state else revealed
        if step.speaker == "customer":
            written = (step.source or "model") in WRITTEN
            odd_last = written and bool(off_scenario(step.text, heard))
            heard.update(content_words(step.text))
            customer_lines = customer_lines.then(step.text)
            revealed = known
            continue
        if step.speaker != "trainee":
            continue
        if odd_last:
            facts.after_odd.add(step.id)
        odd_last = False
        heard.update(content_words(step.text))
        ctx = DetectContext(
            customer_name=persona.name,
            cares_about=tuple(persona.cares_about),
            customer_lines=customer_lines,
            trainee_lines=trainee_lines,
            just_resumed=just_resumed,
            first_line=not trainee_lines,
        )
        found = DetectedTurn(step, detections(step.text, ctx), ctx, after_resume=just_resumed)
        if just_resumed and open_hold is not None and open_hold.duration_s:
            facts.held_before[step.id] = open_hold.duration_s
        if just_resumed and open_hold is not None:
            open_hold.checked_back = found.has(B.CHECKS_BACK)
            open_hold = None
        if pending_moves:
            facts.hold_moves[step.id] = pending_moves
            pending_moves = []
        just_resumed = False
        for goal in cast.scenario.goals:
            if goal.id not in facts.goals_met and goal_met_in_line(
                goal, step.text, found.behaviours, revealed, known
            ):
                facts.goals_met.append(goal.id)
                facts.goal_turns[goal.id] = step.id
        revealed = known
        facts.trainee.append(found)
        trainee_lines = trainee_lines.then(step.text)
        last_trainee = found
    shown = {d.turn.id: frozenset(d.by_behaviour) for d in facts.trainee}
    spoken = [s for s in steps if not isinstance(s, Event)]
    facts.moments = find_moments(spoken, shown, cast)
    return facts
