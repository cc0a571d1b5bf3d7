"""The heuristic grader: each criterion scored 1-5 from counted behaviours, by written rules.

It is a rule-based estimate, not a person's or a model's judgement, and every debrief it
produces says so. The rules, per kind of criterion (`Criterion.measures`), are:

- empathy: 1 with no acknowledgement, apology or paraphrase; 2 with an apology or paraphrase
  but no acknowledgement of feelings; 3 when feelings were acknowledged only after the first
  solution; 4 when acknowledged before (or without) a solution; 5 when also acknowledged or
  paraphrased in two or more turns. Minus 1 per turn that says "calm down", dismisses, blames
  the customer or is rude.
- personal_touch: 1, plus 1 for using the customer's name, plus 1 for an open question, plus
  1 per turn engaging with what this customer cares about (up to 2). Minus 1 per rude turn.
- ownership: 1, plus 1 each for taking ownership ("I'll", "let me"), offering a concrete fix,
  explaining next steps, and meeting every required goal. Minus 1 per turn blaming colleagues
  or dismissing the problem.
- going_beyond: 1; 3 with one gesture beyond the fix (heard in the words, or a met goal the
  scenario marks `going_beyond`); plus 1 for a met optional goal or a
  personal touch; plus 1 for a second gesture, or a gesture with every required goal met and
  the customer calmer at the end than at the start. Without a gesture, at most 2.
- composure: no lapse scores 4, or 5 when the customer also ended calmer than they started or
  a calm boundary was set; each "calm down", dismissive or blaming turn costs 1 and a rude
  turn 2, from 4.
- confidence: by the share of turns with hedges or fillers: none 5, up to 15% 4, up to 30% 3,
  up to 50% 2, more 1. At most 2 when no turn plainly offered a fix, took ownership, explained
  next steps or reassured: with nothing said plainly there is nothing to be sure of.
- call_control: 1, plus 1 each for opening with a greeting, asking an open question, closing
  properly, and holds handled well (permission asked, customer thanked on return, not long;
  no hold counts as handled). Minus 1 each for repeating a question already answered, two or
  more uses of jargon, and a call that ended with a hang-up or a supervisor demand. A silent
  hold caps the score at 2.
- escalation: 1, plus 1 each for offering an honest route up (a team leader or supervisor call
  back, a complaint), offering to fix it on the call (ownership or a fix), saying what happens
  next, and a call that did not end with a hang-up or a supervisor demand. Minus 1 per turn
  that dismisses the request or blames colleagues.

Scores are clamped to 1-5; a call in which the trainee said nothing scores 1 everywhere. The
rationale names the counts and the turns; evidence quotes the trainee's own sentences. A level's
words ("Says 'the deceased'") are kept apart as the standard (`rubric_levels`), never evidence.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

from roleplay.debrief.call_facts import CallFacts
from roleplay.debrief.escalation import escalation
from roleplay.debrief.graded import (
    MAX_EVIDENCE,
    Graded,
    clamp,
    evidence_for,
    mix,
    turns_text,
    turns_with,
)
from roleplay.debrief.model import CriterionResult, Evidence, Metrics
from roleplay.debrief.moments import ANSWER_IT, MISSED_EMPATHY_CAP, MISSED_TOUCH_CAP, missed_text
from roleplay.debrief.rules import not_applicable, not_applicable_result
from roleplay.scenarios.behaviours import Behaviour
from roleplay.scenarios.models import Cast, Criterion, CriterionKind
from roleplay.scenarios.tone import feeling_hint
from roleplay.sim.hearing import mentions
from roleplay.transcript.durations import spoken
from roleplay.transcript.endings import LOST_CALL

B = Behaviour
K = CriterionKind

GRADING_NOTE = (
    "Graded by the heuristic grader: rules over behaviours detected in your lines, not a "
    "person or a language model. Each score is counted by its rule below, not matched to the "
    "rubric's level descriptions, which are shown as the standard. Treat the scores as a "
    "structured estimate; the evidence quotes are your own words."
)

SILENT_CALL = "The trainee said nothing in this call, so there is nothing to credit."

I_WILL = re.compile(r"\b(i'll|i will|let me)\b", re.IGNORECASE)
"""The words the ownership tip asks for: a line already holding them is quoted, not asked for."""


def empathy(m: Metrics, facts: CallFacts, cast: Cast) -> Graded:
    """Feelings acknowledged, early, often; lapses cost."""
    ack_turns = [d.turn.id for d in facts.with_behaviour(B.ACKNOWLEDGES_FEELING)]
    para_turns = [d.turn.id for d in facts.with_behaviour(B.PARAPHRASES)]
    if ack_turns:
        score = 4 if m.acknowledged_before_solution else 3
        if score == 4 and len(set(ack_turns) | set(para_turns)) >= 2:
            score = 5
    else:
        score = 2 if (m.apologies or para_turns) else 1
    lapses = turns_with(facts, B.SAYS_CALM_DOWN, B.DISMISSIVE, B.BLAMES_CUSTOMER, B.RUDE)
    missed = missed_text(facts.moments)
    score = clamp(score - len(lapses))
    if missed:
        score = min(score, MISSED_EMPATHY_CAP)
    parts = [f"Acknowledged the customer's feelings in {turns_text(ack_turns)}"]
    if ack_turns and m.first_solution_turn is not None:
        when = "before" if m.acknowledged_before_solution else "after"
        parts.append(f"first {when} the first solution (turn {m.first_solution_turn})")
    if para_turns:
        parts.append(f"paraphrased in {turns_text(para_turns)}")
    if m.apologies:
        parts.append(f"apologised {m.apologies} time(s)")
    text = ", ".join(parts) + "."
    if lapses:
        text += f" Lost empathy in {turns_text(lapses)} (calm down / dismissive / blaming / rude)."
    if missed:
        text += f" {missed}"
    if not ack_turns:
        tip = feeling_hint(cast.persona.archetype)
    elif not m.acknowledged_before_solution:
        tip = "Acknowledge how they feel first, then offer the fix; the order matters."
    elif missed:  # the moment itself: a brush-off there is coached by the turn's own tip
        tip = ANSWER_IT
    elif lapses:
        tip = "Replace 'calm down' or 'that's policy' with naming the feeling and what you can do."
    else:
        tip = "Keep reflecting feelings through the call, not only at the start."
    good = evidence_for(facts, B.ACKNOWLEDGES_FEELING, B.PARAPHRASES)
    bad = evidence_for(facts, B.SAYS_CALM_DOWN, B.DISMISSIVE, B.BLAMES_CUSTOMER, B.RUDE)
    return Graded(score, text, mix(good, bad), tip if score < 5 else "")


def _customer_mentioned(facts: CallFacts, cares: Iterable[str]) -> str:
    """The first thing this customer cares about that they said in the call ("" if none):
    a tip never names what only the persona file knows (the daughter's name, never spoken)."""
    heard = " ".join(facts.trainee[-1].context.customer_lines) if facts.trainee else ""
    return next((c for c in cares if c.strip() and mentions(heard, [c])), "")


def personal_touch(m: Metrics, facts: CallFacts, cast: Cast) -> Graded:
    """Name, curiosity, and engaging with what this customer cares about."""
    rude = turns_with(facts, B.RUDE)
    score = clamp(
        1 + (m.name_uses > 0) + (m.open_questions > 0) + min(2, m.personal_touches) - len(rude)
    )
    missed = missed_text(facts.moments)
    if missed:
        score = min(score, MISSED_TOUCH_CAP)
    text = (
        f"Used the customer's name in {m.name_uses} turn(s); asked {m.open_questions} open "
        f"question(s); engaged with what they care about in {m.personal_touches} turn(s)."
    )
    if rude:
        text += f" Rude in {turns_text(rude)}."
    if missed:
        text += f" {missed}"
    said = _customer_mentioned(facts, cast.persona.cares_about)
    if missed:
        tip = ANSWER_IT
    elif m.personal_touches == 0 and said:
        tip = f'Pick up what the customer told you matters ("{said}") and speak to it.'
    elif m.personal_touches == 0:
        tip = "Ask what matters most to them about this, and speak to it."
    elif m.name_uses == 0:
        tip = f"Use the customer's name ({cast.persona.name}) once or twice."
    elif m.open_questions == 0:
        tip = "Ask one open question ('What would help most right now?') and listen."
    else:
        tip = "Tie the fix to their situation in your own words."
    good = evidence_for(facts, B.PERSONAL_TOUCH, B.USES_NAME, B.OPEN_QUESTION)
    return Graded(score, text, mix(good, evidence_for(facts, B.RUDE)), tip if score < 5 else "")


def goal_words(cast: Cast, ids: Iterable[str]) -> str:
    """The goals as the scenario describes them, for the trainee: ids are the trainer's words."""
    said = {g.id: g.description for g in cast.scenario.goals}
    words = [said.get(i, i) for i in ids]
    return "; ".join(w[:1].lower() + w[1:] for w in words)


def ownership(m: Metrics, facts: CallFacts, cast: Cast) -> Graded:
    """'I will' rather than 'they should': a fix, next steps, goals met, no blame."""
    lapses = turns_with(facts, B.BLAMES_COLLEAGUES, B.DISMISSIVE)
    all_goals = not m.goals_missed
    score = clamp(
        1
        + (m.ownership > 0)
        + (m.first_solution_turn is not None)
        + (m.next_steps > 0)
        + all_goals
        - len(lapses)
    )
    text = (
        f"Took ownership in {m.ownership} turn(s); first fix offered at "
        f"{turns_text([m.first_solution_turn] if m.first_solution_turn else [])}; explained next "
        f"steps in {m.next_steps} turn(s); required goals missed: "
        f"{goal_words(cast, m.goals_missed) or 'none'}."
    )
    if lapses:
        text += f" Passed the problem on or dismissed it in {turns_text(lapses)}."
    good = evidence_for(facts, B.TAKES_OWNERSHIP, B.OFFERS_SOLUTION, B.EXPLAINS_NEXT_STEPS)
    said = next((e for e in good if I_WILL.search(e.quote)), None)
    if lapses:
        tip = "Own it, whoever caused it: 'I'm sorry that happened; I'll put it right.'"
    elif m.goals_missed:
        tip = f"Finish the job; still to do: {goal_words(cast, m.goals_missed)}."
    elif m.next_steps == 0:
        tip = "Say what happens next and when: 'You'll get a text within 10 minutes.'"
    elif said is not None:
        tip = f'You said "{said.quote}" (turn {said.turn_id}): say it like that from the start.'
    else:
        tip = "Say 'I will' and name the step you are taking."
    bad = evidence_for(facts, B.BLAMES_COLLEAGUES, B.DISMISSIVE)
    return Graded(score, text, mix(good, bad), tip if score < 5 else "")


def going_beyond(m: Metrics, facts: CallFacts, cast: Cast) -> Graded:
    """A gesture beyond the fix, tied to this customer."""
    optional = [g.id for g in cast.scenario.goals if not g.required and g.id in m.goals_met]
    calmer = m.mood.end is not None and m.mood.start is not None and m.mood.end < m.mood.start
    extra = bool(optional) or m.personal_touches > 0
    if m.went_beyond:
        score = 3 + extra
        if m.went_beyond >= 2 or (not m.goals_missed and calmer):
            score += 1
    else:
        score = 1 + extra
    score = clamp(score)
    text = (
        f"Offered a gesture beyond the fix in {m.went_beyond} turn(s); optional goals met: "
        f"{goal_words(cast, optional) or 'none'}"
    )
    if m.personal_touches:  # it counts here too, and its lines are among the evidence
        text += f"; engaged with what the customer cares about in {m.personal_touches} turn(s)"
    text += "."
    tip = (
        "Add something they didn't ask for but will value: a follow-up call, a goodwill credit."
        if not m.went_beyond
        else "Tie the extra step to what this customer cares about."
    )
    gestures = facts.beyond_the_fix(cast.scenario.goals).values()
    shown = {(q.turn_id, q.quote): Evidence(turn_id=q.turn_id, quote=q.quote) for q in gestures}
    for e in evidence_for(facts, B.PERSONAL_TOUCH):
        shown.setdefault((e.turn_id, e.quote), e)
    good = list(shown.values())
    evidence = sorted(good[:MAX_EVIDENCE], key=lambda e: e.turn_id)  # in the order said
    return Graded(score, text, evidence, tip if score < 5 else "")


def composure(m: Metrics, facts: CallFacts, cast: Cast) -> Graded:
    """Steady under pressure: no 'calm down', no blame, no sarcasm."""
    minor = turns_with(facts, B.SAYS_CALM_DOWN, B.DISMISSIVE, B.BLAMES_CUSTOMER)
    rude = turns_with(facts, B.RUDE)
    calmer = m.mood.end is not None and m.mood.start is not None and m.mood.end < m.mood.start
    if not minor and not rude:
        score = 5 if (calmer or m.boundaries_set) else 4
        text = "No 'calm down', dismissive, blaming or rude lines."
        if calmer:
            text += (
                f" The customer ended calmer (mood {m.mood.start:g} at the start, "
                f"{m.mood.end:g} at the end)."
            )
    else:
        score = clamp(4 - len(minor) - 2 * len(rude))
        text = f"Lapses in {turns_text(sorted(set(minor) | set(rude)))}."
    tip = (
        "When the customer pushes, slow down and name what you can do, not what they should."
        if score < 4
        else "Keep the same steady tone when the customer escalates."
    )
    bad = evidence_for(facts, B.SAYS_CALM_DOWN, B.DISMISSIVE, B.BLAMES_CUSTOMER, B.RUDE)
    good = evidence_for(facts, B.SETS_BOUNDARY)
    return Graded(score, text, mix(good, bad), tip if score < 5 else "")


def confidence(m: Metrics, facts: CallFacts, cast: Cast) -> Graded:
    """Plain, sure statements of what will happen, without fillers."""
    hedged = sorted({q.turn_id for q in m.hedges})
    share = len(hedged) / m.trainee_turns if m.trainee_turns else 0.0
    if not hedged:
        score = 5
    elif share <= 0.15:
        score = 4
    elif share <= 0.3:
        score = 3
    elif share <= 0.5:
        score = 2
    else:
        score = 1
    plain = turns_with(
        facts, B.OFFERS_SOLUTION, B.TAKES_OWNERSHIP, B.EXPLAINS_NEXT_STEPS, B.REASSURES
    )
    if not plain:
        score = min(score, 2)
    score = clamp(score)
    text = f"Hedges or fillers in {turns_text(hedged)} ({share:.0%} of your turns)."
    text += (
        f" Plain statements of action in {turns_text(plain)}."
        if plain
        else " No turn said plainly what you would do."
    )
    tip = (
        "Drop 'um' and 'I think maybe': say 'I'll do X now' and stop."
        if hedged
        else "State the next step with a time: 'I'll do this now; it takes 10 minutes.'"
    )
    good = evidence_for(facts, B.TAKES_OWNERSHIP, B.EXPLAINS_NEXT_STEPS, B.REASSURES)
    return Graded(score, text, mix(good, evidence_for(facts, B.HEDGES)), tip if score < 5 else "")


def call_control(m: Metrics, facts: CallFacts, cast: Cast) -> Graded:
    """Structure from greeting to close, holds done properly, no loops."""
    holds_ok = all(h.asked_permission and h.checked_back and not h.long for h in m.holds)
    silent = any(not h.asked_permission for h in m.holds)
    lost = m.end_reason in LOST_CALL
    score = (
        1
        + m.greeted
        + (m.open_questions > 0)
        + m.closed_properly
        + holds_ok
        - (m.repeated_questions > 0)
        - (len(m.jargon) >= 2)
        - lost
    )
    if silent:
        score = min(score, 2)
    score = clamp(score)
    hold_text = (
        "no hold"
        if not m.holds
        else ", ".join(
            f"hold after turn {h.after_turn}: "
            f"{'asked' if h.asked_permission else 'not asked'}, "
            f"{'reason given' if h.reason_given else 'no reason'}, "
            f"{'thanked on return' if h.checked_back else 'no check-back'}"
            + (f", {spoken(h.duration_s)}" if h.duration_s is not None else "")
            for h in m.holds
        )
    )
    text = (
        f"Greeting: {'yes' if m.greeted else 'no'}; open questions: {m.open_questions}; "
        f"proper close: {'yes' if m.closed_properly else 'no'}; {hold_text}; repeated "
        f"questions: {m.repeated_questions}; jargon: {len(m.jargon)}; ended: "
        f"{m.end_reason.replace('_', ' ')}."
    )
    if silent:
        tip = "Before a hold, ask: 'May I put you on hold for two minutes while I check?'"
    elif not holds_ok:
        tip = "Come back from a hold with 'Thank you for holding' and what you found."
    elif not m.closed_properly:
        tip = "Close the call: summarise, ask 'Is there anything else?', thank them."
    elif not m.greeted:
        tip = "Open with a greeting and your name."
    elif m.jargon:
        tip = f"Say it in plain words instead of '{m.jargon[0].quote}'."
    else:
        tip = "Lead the call: say what you'll do next before the customer has to ask."
    good = evidence_for(facts, B.GREETS, B.ASKS_HOLD_PERMISSION, B.CHECKS_BACK, B.CLOSES_CALL)
    bad = evidence_for(facts, B.REPEATS_QUESTION, B.JARGON)
    return Graded(score, text, mix(good, bad), tip if score < 5 else "")


SCORERS: dict[CriterionKind, Callable[[Metrics, CallFacts, Cast], Graded]] = {
    K.EMPATHY: empathy,
    K.PERSONAL_TOUCH: personal_touch,
    K.OWNERSHIP: ownership,
    K.GOING_BEYOND: going_beyond,
    K.COMPOSURE: composure,
    K.CONFIDENCE: confidence,
    K.CALL_CONTROL: call_control,
    K.ESCALATION: escalation,
}


def grade_criterion(
    criterion: Criterion, metrics: Metrics, facts: CallFacts, cast: Cast
) -> CriterionResult:
    """One criterion scored by its kind's rule (or recorded as not applicable)."""
    reason = not_applicable(criterion, metrics)
    if reason is not None:
        return not_applicable_result(criterion, reason)
    if not facts.trainee:
        graded = Graded(
            1, SILENT_CALL, [], "Speak to the customer: greet them and name the feeling."
        )
    else:
        graded = SCORERS[criterion.measures](metrics, facts, cast)
    return CriterionResult(  # the rationale says what the rule found; the levels stay apart
        id=criterion.id,
        name=criterion.name,
        measures=criterion.measures.value,
        weight=criterion.weight,
        score=graded.score,
        rationale=graded.rationale,
        evidence=graded.evidence,
        improvement=graded.improvement,
        rubric_levels=dict(criterion.levels),
    )


def grade(metrics: Metrics, facts: CallFacts, cast: Cast) -> list[CriterionResult]:
    """Every criterion of the scenario's rubric, in rubric order."""
    return [grade_criterion(c, metrics, facts, cast) for c in cast.scenario.rubric.criteria]
