"""'What you said / what you could say': the few turns that hurt the call, and better words.

A turn hurts the call when the customer's mood rose because of it, or when it holds a
dismissive, blaming, rude or 'calm down' phrase. The two or three worst are picked by a fixed
rule; each gets a tip naming the words that hurt (with the line re-said without its fillers
where that is safe), or, when a model judged the call, the model's rephrasing.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise

from roleplay.debrief.call_facts import CallFacts, DetectedTurn
from roleplay.debrief.model import AutoFailHit, CoachingItem, Grader
from roleplay.debrief.quotes import matched_clause, matched_words, quote_for
from roleplay.debrief.tips import (
    ALSO,
    ANY_FEELING,
    IDLE_TIP,
    IDLE_WHY,
    LONG_HOLD_TIP,
    SILENT_HOLD_TIP,
    STEP_TIP,
    TIPS,
)
from roleplay.detectors.rules import DISMISSIVE, HEDGE
from roleplay.detectors.sentences import sentence_spans, shorten
from roleplay.scenarios.behaviours import Behaviour
from roleplay.scenarios.models import Archetype
from roleplay.scenarios.tone import FEELING_WORDS
from roleplay.sim.hearing import questions_in
from roleplay.transcript.durations import spoken

B = Behaviour
MAX_ITEMS = 3

HARM_WEIGHT: dict[Behaviour, float] = {
    B.RUDE: 20,
    B.SAYS_CALM_DOWN: 18,
    B.BLAMES_CUSTOMER: 16,
    B.DISMISSIVE: 14,
    B.BLAMES_COLLEAGUES: 10,
    B.REPEATS_QUESTION: 5,
    B.JARGON: 4,
    B.HEDGES: 3,
}
"""Extra weight for a harmful phrase, on the scale of mood points, so phrases rank with rises."""

AUTO_FAIL_WEIGHT = 1000.0
"""A compliance slip outranks any mood rise: it fails the call on its own."""

ACKNOWLEDGING = (B.ACKNOWLEDGES_FEELING, B.APOLOGISES, B.PARAPHRASES, B.PERSONAL_TOUCH)
STEPPING = (
    B.OFFERS_SOLUTION,
    B.TAKES_OWNERSHIP,
    B.EXPLAINS_NEXT_STEPS,
    B.OPEN_QUESTION,
    B.CLOSED_QUESTION,
    B.REASSURES,
    B.ASKS_HOLD_PERMISSION,
)


@dataclass
class Harm:
    """How much one trainee turn hurt the call, and why."""

    turn: DetectedTurn
    rise: float
    worst: Behaviour | None
    hold_rise: float
    auto_fail: AutoFailHit | None = None
    held_s: float = 0.0
    silent_hold: bool = False
    """The hold before this turn was not asked for (a long hold may have been)."""
    feeling: str = ""
    """Words naming this kind of customer's feeling (scenarios/tone.py), for a tip to quote."""

    @property
    def weight(self) -> float:
        """Mood points the turn cost plus the weight of its worst phrase (an auto-fail tops all)."""
        phrase = HARM_WEIGHT[self.worst] if self.worst else 0.0
        return self.rise + self.hold_rise + phrase + (AUTO_FAIL_WEIGHT if self.auto_fail else 0.0)


def _harms(facts: CallFacts, hits: Sequence[AutoFailHit] = ()) -> list[Harm]:
    rises: dict[int, float] = {}
    hold_rises: dict[int, float] = {}
    for jump in facts.jumps:
        target = hold_rises if jump.cause == "hold" else rises
        target[jump.turn_id] = target.get(jump.turn_id, 0.0) + jump.delta
    first_hit: dict[int, AutoFailHit] = {}
    for h in hits:  # one look-up per turn: a long call can break a rule in many turns
        first_hit.setdefault(h.turn_id, h)
    harms: list[Harm] = []
    for d in facts.trainee:
        worst = next((b for b in HARM_WEIGHT if d.has(b)), None)
        rise = max(0.0, rises.get(d.turn.id, 0.0))
        hold_rise = max(0.0, hold_rises.get(d.turn.id, 0.0))
        hit = first_hit.get(d.turn.id)
        harm = Harm(d, rise, worst, hold_rise, hit, facts.held_before.get(d.turn.id, 0.0))
        harm.silent_hold = B.SILENT_HOLD in facts.hold_moves.get(d.turn.id, [])
        idle = worst is None and hit is None and hold_rise == 0
        if idle and d.turn.id in facts.after_odd:
            continue  # the customer's line made no sense: nothing to answer, nothing to blame
        if harm.weight > 0:
            harms.append(harm)
    harms.sort(key=lambda h: (-h.weight, h.turn.turn.id))
    return harms


def worst_turns(
    facts: CallFacts, limit: int = MAX_ITEMS, hits: Sequence[AutoFailHit] = ()
) -> list[Harm]:
    """The turns that hurt the call most, worst first (none in a call with no harm).

    A turn that tripped an auto-fail item (`hits`) always comes first: it fails the call.
    """
    return _harms(facts, hits)[:limit]


SPARE_WORDS = re.compile(r"\b(u+m+|u+h+|e+r+m*|hmm+|kind of|sort of)\b,?", re.IGNORECASE)
"""Words a line loses without changing what it says ("umm", "kind of"). "Not sure" or "I don't
know" say something: taking them out would put words in the trainee's mouth ("I'm about
photocopies" from "Umm, I'm not really sure about photocopies")."""


def without_fillers(text: str) -> str:
    """The line with its spare words taken out, tidied (may be empty); "" when a hedge that
    carries meaning remains, since no plain version of that line says the same thing."""
    cleaned = SPARE_WORDS.sub("", text)
    if HEDGE.search(cleaned):
        return ""
    cleaned = re.sub(r"\s+([,.;:!?])", r"\1", cleaned)
    cleaned = re.sub(r"([,;:])(?:\s*[,;:])+", r"\1", cleaned)
    cleaned = re.sub(r"^[\s,;:.]+", "", " ".join(cleaned.split()))
    return cleaned[:1].upper() + cleaned[1:] if cleaned else ""


def _lower_first(text: str) -> str:
    text = text.strip().rstrip(".")
    return text[:1].lower() + text[1:]


def _first_name(harm: Harm) -> str:
    parts = [p for p in harm.turn.context.customer_name.split() if len(p) > 1]
    return parts[0] if parts else ""


def _specific(harm: Harm, words: str, why: str, better: str) -> tuple[str, str]:
    """(why, could_say) naming the trainee's own words, with a rephrasing where one is safe."""
    worst = harm.worst
    said = " ".join(words.split())
    if worst == B.JARGON:
        return f"'{said}' is an internal word the customer may not know.", better
    if worst == B.HEDGES:
        found = _hedge_words(harm.turn.turn.text)
        said = "', '".join(found) or said
        plain = without_fillers(harm.turn.turn.text)
        verb = "makes" if len(found) <= 1 else "make"
        why = f"'{said}' {verb} you sound unsure, and an upset customer hears doubt."
        if plain and plain.lower() != harm.turn.turn.text.strip().lower():
            return why, f"The same line said plainly: '{plain}'"
        return why, better
    if worst == B.SAYS_CALM_DOWN:
        name = _first_name(harm)
        feeling = harm.feeling or ANY_FEELING
        if name:
            keep = feeling.startswith(("I ", "I'"))
            feeling = f"{name}, {feeling if keep else feeling[:1].lower() + feeling[1:]}"
        return (
            f"'{said}' tells the customer their feelings are the problem.",
            f"Name the feeling instead: '{feeling}'",
        )
    if said and worst == B.DISMISSIVE:
        why = "That closes the door without offering an alternative."
    if said and worst is not None:
        return f"You said '{said.rstrip('.')}'. {why}", better
    return why, better


def _hedge_words(text: str) -> list[str]:
    """Each hedge of a line once, verbatim ("Umm", "not really sure"), in the order said."""
    return list(dict.fromkeys(m.group(0).strip() for m in HEDGE.finditer(text)))


def _exact_words(harm: Harm, behaviour: Behaviour) -> str:
    """ " ('Umm', 'not really sure')" for a behaviour whose words are the fault (a hedge, a
    jargon word), so a tip that names it also quotes it; '' for the others."""
    text = harm.turn.turn.text
    if behaviour == B.HEDGES:
        found = _hedge_words(text) or [matched_words(text, behaviour, harm.turn.context)]
    elif behaviour == B.JARGON:
        found = [matched_words(text, behaviour, harm.turn.context)]
    else:
        return ""
    quoted = "', '".join(shorten(" ".join(w.split()), 60) for w in found if w.strip())
    return f" ('{quoted}')" if quoted else ""


def _also(harm: Harm) -> str:
    """The turn's other harmful behaviours, in a sentence ('' when there are none), each hedge
    or jargon word quoted: 'it hedged' alone does not say which words to drop."""
    others = [ALSO[b] + _exact_words(harm, b) for b in ALSO if b != harm.worst and harm.turn.has(b)]
    if not others:
        return ""
    listed = others[0] if len(others) == 1 else ", ".join(others[:-1]) + " and " + others[-1]
    return f" In the same line {listed}."


def _tip(harm: Harm) -> tuple[str, str, str]:
    """(said, why, could_say) for one harmful turn, with heuristic words."""
    text = harm.turn.turn.text
    if harm.auto_fail is not None:
        hit = harm.auto_fail
        return (
            hit.quote,
            f'This line matched the scenario\'s auto-fail rule "{_lower_first(hit.description)}", '
            "which fails the call whatever else went well.",
            "Leave this out altogether and follow the procedure in the knowledge base; "
            "no phrasing makes it acceptable.",
        )
    if harm.worst is not None:
        why, better = TIPS[harm.worst]
        said = quote_for(text, harm.worst, harm.turn.context)
        exact = harm.worst in (B.JARGON, B.HEDGES, B.SAYS_CALM_DOWN)  # the words themselves
        words = (matched_words if exact else matched_clause)(text, harm.worst, harm.turn.context)
        why, better = _specific(harm, words, why, better)
        if _went_past(harm):  # the whole line passed them by, not the words the detector quoted
            said = text.strip()
            just_said = _gist(harm.turn.context.customer_lines[-1])
            why = (
                f'The customer had just said "{just_said}", and this line went straight to the '
                "task past it."
            )
            feeling = harm.feeling or ANY_FEELING
            better = f"Answer what they said first, then ask: '{feeling} Now, may I ask…'"
        return said, why + _also(harm), better
    if _hold_hurt(harm):
        why, better = SILENT_HOLD_TIP if harm.silent_hold else LONG_HOLD_TIP
        if harm.held_s:
            unasked = " you did not ask for" if harm.silent_hold else ""
            why = f"The customer waited {spoken(harm.held_s)} on a hold{unasked}. {why}"
        return text.strip(), why, better
    did = harm.turn
    acknowledged = any(map(did.has, ACKNOWLEDGING))
    why = IDLE_WHY[acknowledged, any(map(did.has, STEPPING))]
    better = STEP_TIP if acknowledged else IDLE_TIP[1]
    if not acknowledged and harm.feeling:
        better = f"Acknowledge, then take a step: '{harm.feeling} Let me look at this for you now.'"
    heard = harm.turn.context.customer_lines
    if heard:
        asked = questions_in(heard[-1])
        if asked:
            why = (
                f'The customer had just asked "{shorten(asked, 90)}", and this line did not '
                f"answer it. {why}"
            )
        else:
            why = f'The customer had just said "{_gist(heard[-1])}". {why}'
    return text.strip(), why, better


def _gist(line: str) -> str:
    """The customer's line as a tip quotes it: without an opening "Hello. Sorry." (a widow's
    "He passed away" was cut off behind them), then shortened to 90 characters."""
    spans = sentence_spans(line)
    start = 0
    for (a, b), (after, _) in pairwise(spans):
        if len(line[a:b].split()) > 2:
            break
        start = after
    return shorten(line[start:], 90)


ASKS_FOR = re.compile(
    r"\b(i(?:'ll| will|'d| would)? need|i(?:'ll| will) (?:take|want)"
    r"|(?:can|could|may) i (?:take|have|get)|give me|let me (?:take|have))\b",
    re.IGNORECASE,
)
"""A task put as a statement ("I need the account number of the deceased."): asking all the same."""


def _went_past(harm: Harm) -> bool:
    """A brush-off that is a task question or request with nothing for what the customer just
    said ("Right. Can I take the account number, please?" or "I need the account number of the
    deceased." to a widow): the fault is passing them by, so "say what you can do instead of
    'policy'" would coach the wrong thing."""
    d = harm.turn
    return (
        harm.worst == B.DISMISSIVE
        and bool(d.context.customer_lines)
        and (
            d.has(B.CLOSED_QUESTION) or d.has(B.OPEN_QUESTION) or bool(ASKS_FOR.search(d.turn.text))
        )
        and not any(map(d.has, ACKNOWLEDGING))
        and not DISMISSIVE.search(d.turn.text)  # "that's policy": the refusal is the fault
    )


def _hold_hurt(harm: Harm) -> bool:
    """True when what hurt at this turn was the hold before it, not the words of the line."""
    if harm.auto_fail is not None or harm.worst is not None:
        return False
    return harm.hold_rise > 0 and harm.hold_rise >= harm.rise


def coach(
    facts: CallFacts,
    rewrites: dict[int, str] | None = None,
    hits: Sequence[AutoFailHit] = (),
    archetype: Archetype | None = None,
) -> list[CoachingItem]:
    """Two or three coaching items; `rewrites` (turn id -> better words) come from a model.

    `hits` are the call's auto-fail items: their turns come first, with a plain warning.
    `archetype` (the persona's) chooses the words a tip offers for the customer's feeling.
    """
    items: list[CoachingItem] = []
    for harm in worst_turns(facts, hits=hits):
        harm.feeling = FEELING_WORDS[archetype] if archetype is not None else ""
        said, why, better = _tip(harm)
        source: Grader = "heuristic"
        rewrite = (rewrites or {}).get(harm.turn.turn.id, "").strip()
        unchanged = rewrite.lower() == harm.turn.turn.text.strip().lower()
        if rewrite and not unchanged and harm.auto_fail is None:
            better, source = rewrite, "model"
        change = harm.rise + harm.hold_rise
        if change:
            why = f"{why} The customer's mood rose by {change:g} points."
        items.append(
            CoachingItem(
                turn_id=harm.turn.turn.id,
                said=said,
                could_say=better,
                why=why,
                mood_change=round(change, 1) if change else None,
                source=source,
                cause="hold" if _hold_hurt(harm) else "turn",
            )
        )
    return items
