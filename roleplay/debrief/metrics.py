"""Deterministic metrics of a call: what a QA coach counts before judging anything.

Everything here is computed from the transcript and the scenario, the same way every time,
counted over the call as re-detected today (call_facts.py), never over what was stored.
"""

from __future__ import annotations

import itertools
import re

from roleplay.debrief.call_facts import CallFacts, DetectedTurn, redetect
from roleplay.debrief.model import (
    Metrics,
    MoodJump,
    MoodPoint,
    MoodTrajectory,
    Quote,
    TurnTime,
)
from roleplay.debrief.quotes import matched_words
from roleplay.detectors.sentences import sentence_spans
from roleplay.scenarios.behaviours import Behaviour
from roleplay.scenarios.models import Cast
from roleplay.sim.actor import facts_told
from roleplay.sim.director import Director
from roleplay.transcript import EndReason, Transcript

B = Behaviour

DISMISSIVE_BEHAVIOURS = (
    B.SAYS_CALM_DOWN,
    B.DISMISSIVE,
    B.BLAMES_CUSTOMER,
    B.BLAMES_COLLEAGUES,
    B.RUDE,
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


def _words(text: str) -> int:
    return len(text.split())


def _closed(turn: DetectedTurn) -> bool:
    """A closed question counts unless it is the turn's one question and that one is open:
    "What were you hoping to watch?" is one open question, not an open and a closed one."""
    if not turn.has(B.OPEN_QUESTION):
        return True
    text = turn.turn.text
    asked = [s for s, e in sentence_spans(text) if text[s:e].rstrip().endswith("?")]
    return len(asked) > 1


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
        went_beyond=len(facts.beyond_the_fix(scenario.goals)),
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
