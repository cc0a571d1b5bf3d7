"""Deterministic metrics of a call: what a QA coach counts before judging anything.

Everything here is computed from the transcript and the scenario, the same way every time.
Trainee behaviours are re-detected with the simulator's own detectors (detectors/detect.py) and a
context rebuilt from the transcript, so a call recorded with older detectors is graded by
today's rules rather than by whatever was stored.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field
from datetime import datetime

from roleplay.debrief.model import (
    HoldMetric,
    Metrics,
    MoodJump,
    MoodPoint,
    MoodTrajectory,
    Quote,
    TurnTime,
)
from roleplay.debrief.quotes import matched_words, quote_at
from roleplay.debrief.timeline import timeline
from roleplay.detectors.detect import DetectContext, Detection, detections
from roleplay.detectors.history import EMPTY
from roleplay.detectors.sentences import sentence_spans
from roleplay.scenarios.behaviours import Behaviour
from roleplay.scenarios.models import Cast
from roleplay.sim.actor import facts_told
from roleplay.sim.director import LONG_HOLD_SECONDS, Director
from roleplay.sim.hearing import goal_met_in_line
from roleplay.sim.line_review import WRITTEN, content_words, off_scenario, scenario_words
from roleplay.transcript import EndReason, Event, Transcript, Turn

B = Behaviour

DISMISSIVE_BEHAVIOURS = (
    B.SAYS_CALM_DOWN,
    B.DISMISSIVE,
    B.BLAMES_CUSTOMER,
    B.BLAMES_COLLEAGUES,
    B.RUDE,
)

HOLD_REASON = re.compile(
    r"\b(so (that )?(i|we) can|while (i|we)|in order to|"
    r"to (check|look|find|speak|talk|confirm|review|see|get|pull|ask|verify|sort|fix)|"
    r"(let|allow) me (to )?(check|look|find|speak|talk|confirm|review|see|get|pull|ask|verify)|"
    r"i need to (check|look|speak|talk|confirm|find|ask|verify)|"
    r"i'?ll (just |quickly )?(check|look|speak|talk|confirm|find|ask|verify))\b",
    re.IGNORECASE,
)
ESCALATION_ASK = re.compile(
    r"\b(supervisor|manager|someone (more )?senior|your boss)\b", re.IGNORECASE
)
ABUSE = re.compile(
    r"\b(idiot|idiots|stupid|useless|incompetent|pathetic|moron|clown|joke of a|"
    r"damn|bloody|hell|crap|shit\w*|fuck\w*|bastard\w*|shut up)\b",
    re.IGNORECASE,
)
TOP_JUMPS = 3
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


def one_per_phrase(quotes: list[Quote]) -> list[Quote]:
    """One quote per phrase, naming every label it counted as ('says calm down, blames
    customer'): a line that is both is one phrase, and the count says phrases."""
    merged: dict[tuple[int, str], Quote] = {}
    for quote in quotes:
        key = (quote.turn_id, quote.quote)
        if key in merged:
            first = merged[key]
            merged[key] = first.model_copy(update={"label": f"{first.label}, {quote.label}"})
        else:
            merged[key] = quote
    return list(merged.values())


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
    after_odd: set[int] = field(default_factory=set)
    """Trainee turn ids that answered a model-written customer line that made no sense (words
    from outside the scenario and the call): coaching does not hold the reply against them."""

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

    def with_any(self, *behaviours: Behaviour) -> list[DetectedTurn]:
        """Trainee turns showing at least one of the behaviours, in order."""
        found = sorted({i for b in behaviours for i in self._positions(b)})
        return [self.trainee[i] for i in found]


def _words(text: str) -> int:
    return len(text.split())


def _parse(stamp: str | None) -> datetime | None:
    if not stamp:
        return None
    try:
        return datetime.fromisoformat(stamp)
    except ValueError:
        return None


def _closed(turn: DetectedTurn) -> bool:
    """A closed question counts unless it is the turn's one question and that one is open:
    "What were you hoping to watch?" is one open question, not an open and a closed one."""
    if not turn.has(B.OPEN_QUESTION):
        return True
    text = turn.turn.text
    asked = [s for s, e in sentence_spans(text) if text[s:e].rstrip().endswith("?")]
    return len(asked) > 1


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
    for step in timeline(transcript):
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
        facts.goals_met.extend(
            g.id
            for g in cast.scenario.goals
            if g.id not in facts.goals_met
            and goal_met_in_line(g, step.text, found.behaviours, revealed, known)
        )
        revealed = known
        facts.trainee.append(found)
        trainee_lines = trainee_lines.then(step.text)
        last_trainee = found
    return facts


def _mood(transcript: Transcript, cast: Cast, facts: CallFacts) -> MoodTrajectory:
    director = Director(cast, transcript.header.difficulty or "medium")
    points = [
        MoodPoint(turn_id=t.id, speaker=t.speaker, mood=t.state.mood)
        for t in transcript.turns
        if t.state is not None
    ]
    if not points:
        return MoodTrajectory()
    texts = {d.turn.id: d.turn.text for d in facts.trainee}
    # The customer's words on coming back from a hold are recorded with the wait already in
    # their mood: the hold moved it from the line before them, not on top of them.
    back_from_hold = {t.id for t in transcript.turns if t.source == "hold"}
    jumps: list[MoodJump] = []
    for i, (prev, point) in enumerate(itertools.pairwise(points)):
        if point.speaker != "trainee":
            continue
        before = prev.mood
        moves = facts.hold_moves.get(point.turn_id, [])
        if moves:
            if prev.turn_id in back_from_hold and i > 0:
                before, held = points[i - 1].mood, prev.mood
            else:
                held = max(0.0, min(100.0, before + sum(director.delta_for(b) for b in moves)))
            if held != before:
                jumps.append(
                    MoodJump(
                        turn_id=point.turn_id,
                        cause="hold",
                        before=before,
                        after=held,
                        delta=round(held - before, 1),
                        text="hold: " + ", ".join(b.value.replace("_", " ") for b in moves),
                    )
                )
            before = held
        jumps.append(
            MoodJump(
                turn_id=point.turn_id,
                before=before,
                after=point.mood,
                delta=round(point.mood - before, 1),
                text=texts.get(point.turn_id, ""),
            )
        )
    facts.jumps = jumps
    end = transcript.close.state.mood if transcript.close and transcript.close.state else None
    moods = [p.mood for p in points]
    rises = sorted((j for j in jumps if j.delta > 0), key=lambda j: (-j.delta, j.turn_id))
    falls = sorted((j for j in jumps if j.delta < 0), key=lambda j: (j.delta, j.turn_id))
    return MoodTrajectory(
        start=moods[0],
        peak=max(moods),
        end=end if end is not None else moods[-1],
        points=points,
        biggest_rises=rises[:TOP_JUMPS],
        biggest_falls=falls[:TOP_JUMPS],
    )


def compute_metrics(transcript: Transcript, cast: Cast, facts: CallFacts | None = None) -> Metrics:
    """All the deterministic metrics of one call (re-detecting behaviours unless given)."""
    facts = facts or redetect(transcript, cast)
    scenario = cast.scenario
    trainee = facts.trainee
    customer = [t for t in transcript.turns if t.speaker == "customer"]
    t_words = sum(_words(d.turn.text) for d in trainee)
    c_words = sum(_words(t.text) for t in customer)
    times = [  # time on hold is the hold's, not the trainee's slowness
        TurnTime(
            turn_id=d.turn.id,
            seconds=round(max(0.0, d.turn.response_s - facts.held_before.get(d.turn.id, 0.0)), 2),
        )
        for d in trainee
        if d.turn.response_s is not None
    ]

    def first(behaviour: Behaviour) -> int | None:
        hits = facts.with_behaviour(behaviour)
        return hits[0].turn.id if hits else None

    def count(behaviour: Behaviour) -> int:
        return len(facts.with_behaviour(behaviour))

    ack, sol = first(B.ACKNOWLEDGES_FEELING), first(B.OFFERS_SOLUTION)
    if ack is None and sol is None:
        ack_first = None
    else:
        ack_first = ack is not None and (sol is None or ack <= sol)
    dismissive = one_per_phrase(
        [d.quote(b) for d in trainee for b in DISMISSIVE_BEHAVIOURS if d.has(b)]
    )
    jargon = [
        Quote(
            turn_id=d.turn.id,
            quote=matched_words(d.turn.text, B.JARGON, d.context),
            label="jargon",
        )
        for d in facts.with_behaviour(B.JARGON)
    ]
    final = transcript.close.state if transcript.close and transcript.close.state else None
    if final is None:
        final = next((t.state for t in reversed(transcript.turns) if t.state), None)
    goals_met = list(facts.goals_met)
    required = [g.id for g in scenario.goals if g.required]
    customer_text = [t.text for t in customer]
    behaviours: dict[str, list[int]] = {}
    for d in trainee:
        for b in d.behaviours:
            behaviours.setdefault(b.value, []).append(d.turn.id)
    return Metrics(
        duration_s=transcript.duration_s,
        turns=len(transcript.turns),
        trainee_turns=len(trainee),
        customer_turns=len(customer),
        trainee_words=t_words,
        customer_words=c_words,
        words_per_trainee_turn=round(t_words / len(trainee), 1) if trainee else 0.0,
        talk_share=round(t_words / (t_words + c_words), 2) if t_words + c_words else 0.0,
        response_times=times,
        mean_response_s=round(sum(t.seconds for t in times) / len(times), 1) if times else None,
        slowest_response_s=max((t.seconds for t in times), default=None),
        greeted=bool(trainee) and trainee[0].has(B.GREETS),
        open_questions=count(B.OPEN_QUESTION),
        closed_questions=sum(1 for d in facts.with_behaviour(B.CLOSED_QUESTION) if _closed(d)),
        paraphrases=count(B.PARAPHRASES),
        acknowledgements=count(B.ACKNOWLEDGES_FEELING),
        first_acknowledgement_turn=ack,
        first_solution_turn=sol,
        acknowledged_before_solution=ack_first,
        apologies=count(B.APOLOGISES),
        name_uses=count(B.USES_NAME),
        personal_touches=count(B.PERSONAL_TOUCH),
        ownership=count(B.TAKES_OWNERSHIP),
        next_steps=count(B.EXPLAINS_NEXT_STEPS),
        reassurances=count(B.REASSURES),
        went_beyond=count(B.GOES_BEYOND),
        repeated_questions=count(B.REPEATS_QUESTION),
        hedges=[d.quote(B.HEDGES) for d in facts.with_behaviour(B.HEDGES)],
        dismissive=dismissive,
        jargon=jargon,
        boundaries_set=count(B.SETS_BOUNDARY),
        holds=facts.holds,
        closed_properly=any(d.has(B.CLOSES_CALL) for d in trainee[-2:]),
        goals_met=goals_met,
        goals_missed=[g for g in required if g not in goals_met],
        facts_uncovered=facts_told(final.revealed if final else [], scenario.facts, customer_text),
        facts_total=len(scenario.facts),
        hints_used=sum(1 for e in transcript.events if e.kind == "hint"),
        escalation_requested=transcript.end_reason == EndReason.SUPERVISOR_REQUESTED
        or any(ESCALATION_ASK.search(t) for t in customer_text),
        customer_abusive=any(ABUSE.search(t) for t in customer_text),
        mood=_mood(transcript, cast, facts),
        end_reason=transcript.end_reason,
        behaviours=behaviours,
    )
