"""The rule half of behaviour detection: exact patterns, and how the rules settle between them.

Each rule is a small pattern over one trainee line plus a little context (the customer's name,
what they care about, what was said before). Rules decide the behaviours that are exact (a hold
request, a greeting, the customer's name, jargon); for the behaviours that live in phrasing they
are only features for the trained model (`roleplay.detectors.model`). The rules that need the
call's context live in `context_rules.py`. Every rule returns the
span it matched, so the debrief quotes exactly the words that counted.
"""

from __future__ import annotations

import re
from typing import Any

from roleplay.detectors.context_rules import CONTEXT_RULES, DetectContext, Span
from roleplay.scenarios.behaviours import Behaviour

B = Behaviour


def _rx(*patterns: str) -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{p})" for p in patterns), re.IGNORECASE)


GREETING = _rx(
    r"^\s*(hi|hello|hey|good (morning|afternoon|evening))\b",
    r"\b(my name is|this is \w+ (speaking|from)|you'?re (speaking|through) to)\b",
    r"\bthank(s| you) for calling\b",
)
FEELING = _rx(
    # "I can see what's happened" is reading the account, not the customer: no feeling named
    r"\bi (can )?(understand|hear|see|imagine|appreciate) "
    r"(?!what(?:'s| has)? (?:happened|gone wrong|went wrong)\b)"
    r"(how|that|why|what|you'?re|you are|this|it'?s)",
    r"\b(that|this|it|which)( must| would| will)? ?(sounds?|be|have been|has been|feels?|seems?|is)\b[^.?!]{0,30}"
    r"\b(frustrat|upset|annoy|stress|difficult|hard|awful|worr|confus|disappoint|unfair|painful|terrible|"
    r"exhaust|tiring|scary|horrible|overwhelm|infuriat|maddening|unacceptable|embarrass|heartbreak|distress)",
    r"\bso sorry (for|about) your loss\b",
    r"\bsorry (about|for|to hear about) (your|the loss of)\b",
    r"\bmy condolences\b",
    r"\b(i'?m|i am|i was|we'?re|we are|we were) (so |very |really |truly )?sorry to (hear|learn)\b",
    r"\byou'?re (clearly |understandably |really )?(frustrated|upset|worried|angry|annoyed|stressed)",
    r"\bno wonder you'?re\b",
    r"\b(completely|totally) understandable\b",
    r"\bi (would|'?d) (feel|be) (the same|exactly the same|frustrated|upset|angry)",
    r"\bi know (this|that|it) (is|must be|has been)\b",
    r"\b(frustrating|upsetting|stressful|worrying|annoying) (for you|situation|experience)\b",
)
APOLOGY = _rx(
    r"\b(i'?m|i am|we'?re|we are) (so |really |very |truly )?sorry\b",
    r"\b(i|we) apologi[sz]e\b",
    r"\bmy apologies\b",
    r"\bapologies for\b",
)
OPEN_Q = _rx(
    r"\b(what|how|why|which|when|where|who)\b[^.!]*\?",
    r"\b(tell me|walk me through|talk me through|describe|explain to me)\b",
    r"\bcan you (tell|share|walk|describe|explain)\b",
)
OPEN_INVITE = _rx(r"\b(can|could|would) you (tell|walk|talk|describe|explain|share)\b")
CLOSED_Q = _rx(
    r"^\s*(is|are|do|does|did|can|could|would|will|have|has|was|were|should|shall)\b[^.!]*\?",
    r"[,.]\s*(is|are|do|does|did|can|could|would|will|have|has|was|were)\s+(it|you|that|this|there)\b[^.!]*\?",
)
PARAPHRASE = _rx(
    r"\bso (what )?(you'?re saying|i'?m hearing|if i understand|what happened)\b",
    r"\bif i (understand|have understood|'ve got this|'ve understood) (you |this |that )?(right|correctly)\b",
    r"\b(let me|just to) (make sure|check|confirm) i'?ve? (got|understood)\b",
    r"\bit sounds like\b",
    r"\bjust so i'?m clear\b",
    r"\bso,? (you|your)\b[^.?!]{5,80}\b(and|but) (now|then|you)\b",
)
SOLUTION = _rx(
    r"\b(i|we)('ll| will| can| could| am going to|'m going to| are going to|'re going to|'d like to| would like to)"
    r" (now |also |just |then |right away |straight away |personally |first )?"
    r"(fix|sort|resolve|unblock|reset|refund|replace|send|arrange|credit|reverse|cancel|order|book|"
    r"reactivate|restore|reconnect|waive|remove|process|raise|open|update|walk you|reserve|hold|set up|"
    r"add|apply|issue|block|freeze|dispute|schedule|post|email|get (you|this|that|it)|unlock|close|change|"
    r"transfer|escalate|lodge|log|file|submit|re-?send|correct|adjust|run|start|trigger|lift|clear|release|renew|activate|enable)\b",
    r"\bhere'?s what (i|we)('?ll| will| can) do\b",
    r"\bwhat i (can|will) do (is|for you)\b",
    r"\b(the|a) (fix|solution|way forward) (is|would be)\b",
    r"\b(i'?ve|i have|we'?ve|we have) (now |also |just |already )?(unblocked|reset|refunded|credited|reversed|"
    r"fixed|sorted|raised|restored|reconnected|waived|removed|processed|cancelled|ordered|reserved|sent|"
    r"arranged|blocked|frozen|added|applied|issued|booked|scheduled|logged|lodged|filed|unlocked|"
    r"corrected|adjusted|escalated|submitted|closed|changed|lifted|reactivated|re-?enabled|activated|"
    r"enabled|set aside|put aside|released|cleared|renewed|replaced|rebooked|re-?sent)",
)
OWNERSHIP = _rx(
    r"\bi'?ll (personally |make sure|take care|look into|sort|handle|own|get this|follow)",
    r"\bi will (personally |make sure|take care|look into|sort|handle|get this|follow)",
    r"\blet me (take care|sort|look|check|fix|handle|find|get)\b",
    r"\b(i'?ll|i will|let me|i) take (full )?(ownership|responsibility)\b",
    r"\b(leave it with me|i'?m on it|i'?ll take it from here|i take responsibility|that'?s on us|"
    r"our mistake|we got that wrong|that was our (fault|error|mistake))\b",
)
NEXT_STEPS = _rx(
    r"\b(next|the next step|what happens (now|next)|from here)\b",
    r"\bwithin (the next )?\d+|\bin (about |around )?\d+ (minutes|hours|days|working days)\b",
    r"\b(you'?ll|you will) (receive|get|see|hear)\b",
    r"\bby (tomorrow|monday|tuesday|wednesday|thursday|friday|the end of)\b",
    r"\b(first|then|after that|once that'?s done)\b[^.?!]{3,}\b(then|after that|next)\b",
)
REASSURE = _rx(
    r"\b(don'?t|do not) worry\b",
    r"\byou'?re in (good|safe) hands\b",
    r"\bwe'?ll (get|have) (this|it|that) (sorted|fixed|resolved)\b",
    r"\b(you won'?t|you will not) (be charged|lose|have to pay)\b",
    r"\bthis is (very )?(common|straightforward|simple to fix)\b",
    r"\b(rest assured|i promise you|you'?re protected|you are protected)\b",
)
BEYOND = _rx(
    r"\bas a (gesture|goodwill|way (for us )?to (say sorry|apologi[sz]e))\b",
    r"\b(goodwill|complimentary|on the house|free of charge|at no cost)\b",
    r"\b(i'?ll|i will|let me) (also |even )?(put aside|set aside|hold (a|one|it)|reserve|order (a|one|it)|"
    r"call you back|ring you back|follow up|check in)\b",
    # Sending what the fix needs (the form, the confirmation) is the fix; sending more is not.
    r"\b(i'?ll|i will|let me) (also|even) (email|send|post) you\b",
    r"\bwould you like (me to|us to) (order|reserve|hold|set aside|call)\b",
    r"\b(extra|bonus|additional) (points|credit|month|discount)\b",
    r"\bfor the (trouble|inconvenience|hassle)\b",
    r"\bto make up for\b",
)
CHECK_UNDERSTANDING = _rx(
    r"\bdoes (that|this) make sense\b",
    r"\b(is|was) (that|this|everything) clear\b",
    r"\bare you (with me|happy with that|ok with that|okay with that|comfortable)\b",
    r"\bhow does (that|this) sound\b",
    r"\bany questions\b",
    r"\bdid (that|this) (help|work)\b",
)
REFUSED_ESCALATION = _rx(
    r"\b(can'?t|cannot|won'?t|unable to|not able to)\b[^.?!]*"
    r"\b(transfer|put you through|escalat\w*|supervisor|manager)\b",
)
ESCALATION = _rx(
    r"\b(supervisor|manager|team lead(er)?|escalat\w*|senior (colleague|agent|team)|specialist team)\b",
)
BOUNDARY = _rx(
    r"\bi('?m| am) (happy|here|glad|keen) to help,? but\b",
    r"\bi (need|would ask|ask) (you|that you) (not to|to please not|to keep)\b",
    r"\b(please )?(don'?t|do not) (swear|shout|speak to me like)\b",
    r"\bif the (language|shouting|swearing) continues\b",
)
CLOSE = _rx(
    r"\b(is there )?anything else (i can|we can|i could)\b",
    r"\bhave a (good|great|lovely|nice) (day|evening|afternoon|week)\b",
    r"\btake care\W*$",
    r"\bthank(s| you) for (calling|your call|your patience|bearing with)\b",
    r"\bgoodbye\b",
)
THANKS = _rx(r"\bthank(s| you)\b")
_YOU_SHOULD_HAVE = r"\byou (should|shouldn'?t|must|need to) have"
_SPARED_WORDS = (
    r"(had )?to\b|felt\b|been (\w+ed|told|given|sent|kept|put|left|rung|sold|taken|shown|made|paid|"
    r"brought)\b"
)
SPARED = _rx(rf"{_YOU_SHOULD_HAVE} ({_SPARED_WORDS})")
"""What the customer should have been spared ("you shouldn't have had to chase us", "you should
have been told") or a felt state ("you must have felt so let down"): not blame."""
BLAME_CUSTOMER = _rx(
    rf"{_YOU_SHOULD_HAVE}\b(?! ({_SPARED_WORDS}))",
    r"\b(it'?s|that'?s|this is) (your|all your) (fault|problem|mistake|own)\b",
    r"\byou (didn'?t|did not|never) (read|follow|check|listen|pay)\b",
    r"\bif you had (read|followed|checked|listened|paid)\b",
    r"\byou (obviously|clearly) (did|didn'?t|don'?t)\b",
    r"\b(you'?re|you are) (wrong|mistaken|confused)\b",
    r"\buser error\b",
)
BLAME_COLLEAGUES = _rx(
    r"\b(my|the other|that) (colleague|agent|team|department)s? (messed|screwed|got it wrong|should have|"
    r"was wrong|didn'?t|did not|made)\b",
    r"\b(they|he|she) (should have|messed up|screwed up|got it wrong|didn'?t know)\b",
    r"\bnot (my|our) (department|team)\b",
    r"\b(blame|fault of) (the other|another|that) (team|department|agent|colleague)\b",
)
CALM_DOWN = _rx(r"\b(calm down|relax|settle down|chill( out)?|take a deep breath)\b")
DISMISSIVE = _rx(
    r"\bnot my (problem|fault|job|department|responsibility)\b",
    r"\b(that'?s|that is|it'?s|it is) (just )?(the |our |company )?policy\b",
    r"\bthere'?s nothing (i|we) can do\b",
    r"\b(nothing|not much) i can do\b",
    # a polite brush-off ("There's nothing more I can do from my end. Billing will ring you"),
    # not an honest limit with what can be done after it ("..., but I can raise it now")
    r"\b(nothing (more|else|further)|not (a lot|much) more) (i|we) can do\b"
    r"(?![^.!?]*\b(but|except|other than|apart from)\b)",
    r"\bi'?ve done (all|what|everything) (i|we) can\b(?![^.!?]*\b(but|except)\b)",
    r"\bi can'?t help (you )?with that\b",
    r"\bwhatever\b",
    r"\bit is what it is\b",
    r"\byou'?ll (just )?have to wait\b",
    r"\bthat'?s (just )?how it (is|works)\b",
    r"\b(it'?s|that'?s) not (a )?big deal\b",
    r"\byou'?re overreacting\b",
)
RUDE = _rx(
    r"\b(stupid|idiot|dumb|ridiculous|pathetic|shut up|get a grip|grow up)\b",
    r"\b(damn|hell|crap|bloody)\b",
    r"\bwhat do you want me to do\b",
    r"\bi don'?t care\b",
)
HEDGE = _rx(
    r"\b(u+m+|u+h+|e+r+m*|hmm+)\b",
    r"\bi (think|guess|suppose) (maybe|perhaps|it might|probably)\b",
    r"\b(not (really )?sure|no idea|i don'?t (really )?know)\b",
    r"\b(maybe|perhaps|possibly) (it|that|we|you)\b[^.?!]*\b(might|could|may)\b",
    r"\bkind of\b|\bsort of\b",
)
FILLER = _rx(r"\b(u+m+|u+h+|e+r+m+|e+r+)\b(?=[\s,.!?]|$)")
"""Spoken fillers: exact enough to count as hedging whatever the model says."""
SHRUG = _rx(
    r"\bthese things (do )?happen\b",
    r"\bhappens\b[^.!?]{0,24}?\b(all the time|every day|all day( long)?|to (everyone|everybody))\b"
    r"(?![^.!?]*\b(and|but|so) (we|i)('ll| will| can)\b)",
)
"""A shrug at the customer's trouble ("These things happen with new packs"): a brush-off whatever
the model says, unless a fix follows in the same sentence ("That happens all the time, and we'll
get it back"). Applied after the model, not as one of its features: as a feature it moved the
retrained model's thresholds and cost more than it caught (docs/detectors.md)."""
ECHO = re.compile(
    r"^(?!(what|how|why|when|where|who|which|is|are|do|does|did|can|could|would|will|have|has"
    r"|was|were|shall|should|may|any|anything|sorry|pardon)\b)[a-z'-]+([ ,]+[a-z'-]+){0,2}\s*\?$",
    re.IGNORECASE,
)
"""A sentence that only echoes a word or two back as a question ("Forty minutes?"): it restates
nothing in the agent's own words, so it is no paraphrase (none of the 74 train and dev lines
that open with one is labelled one), and beside a sneer it is the sneer's set-up."""
COMMON_LOT = _rx(
    r"\b(lots|loads|plenty|a lot|so many|many) of (people|customers|folk|folks|us)\b",
    r"\byou'?re not the (only|first)\b|\byou are not the (only|first)\b",
    r"\bhappens to (lots|loads|a lot|many|plenty|everyone|all of us)\b",
)
"""Telling the customer their trouble is common ("Lots of people find the new app confusing"):
it may reassure or brush off, but it restates nothing the customer said, so a paraphrase whose
evidence is that sentence is dropped. Of the 36 train and dev lines with these words, the two
labelled paraphrases restate the customer in another sentence."""
HOLD_PERMISSION = _rx(
    r"\b(may|can|could) i (put|place) you on (a )?(brief |short |quick )?hold\b",
    r"\b(is it|would it be) (ok|okay|alright|all right) (if|to) (i )?(put|place)\b[^?]*\bhold\b",
    r"\b(do|would) you mind (if i|me) (put|place|placing|putting)\b[^?]*\bhold\b",
    r"\bare you (ok|okay|alright|all right|happy) (if i|for me to) (put|place|pop)\b[^?]*\bhold\b",
    r"\bwould you mind holding\b",
    r"\b(may|can|could) i ask you to hold\b",
)
CHECK_BACK = _rx(
    r"\bthank(s| you) (so much )?for (holding|waiting|your patience|bearing with)\b",
    r"\bsorry (to keep|for keeping) you waiting\b",
    r"\b(i'?m|i am) back\b",
)
FRAME_BREAK_FEATURE = _rx(
    r"\bignore (all |your )?(previous |prior )?(instructions|prompt|rules)\b",
    r"\b(you'?re|you are|are you) (just )?(an? )?(ai|bot|robot|language model|chatbot|llm)\b",
    r"\b(your|the) (system )?prompt\b",
    r"\b(what'?s|what is) (on|in) the rubric\b|\brubric\b",
    r"\bstop (role ?playing|pretending)\b|\bout of character\b",
    r"\bas an ai\b",
)
"""The frame-break rule the shipped model was trained with, kept as its feature (changing it
would change what the model reads). Detection uses the fuller rule in `frame.py` as well."""
PATTERN_RULES: dict[Behaviour, re.Pattern[str]] = {
    B.GREETS: GREETING,
    B.ACKNOWLEDGES_FEELING: FEELING,
    B.APOLOGISES: APOLOGY,
    B.OPEN_QUESTION: OPEN_Q,
    B.CLOSED_QUESTION: CLOSED_Q,
    B.PARAPHRASES: PARAPHRASE,
    B.OFFERS_SOLUTION: SOLUTION,
    B.TAKES_OWNERSHIP: OWNERSHIP,
    B.EXPLAINS_NEXT_STEPS: NEXT_STEPS,
    B.REASSURES: REASSURE,
    B.GOES_BEYOND: BEYOND,
    B.CHECKS_UNDERSTANDING: CHECK_UNDERSTANDING,
    B.OFFERS_ESCALATION: ESCALATION,
    B.SETS_BOUNDARY: BOUNDARY,
    B.CLOSES_CALL: CLOSE,
    B.THANKS: THANKS,
    B.BLAMES_CUSTOMER: BLAME_CUSTOMER,
    B.BLAMES_COLLEAGUES: BLAME_COLLEAGUES,
    B.SAYS_CALM_DOWN: CALM_DOWN,
    B.DISMISSIVE: DISMISSIVE,
    B.RUDE: RUDE,
    B.HEDGES: HEDGE,
    B.ASKS_HOLD_PERMISSION: HOLD_PERMISSION,
    B.CHECKS_BACK: CHECK_BACK,
    B.BREAKS_FRAME: FRAME_BREAK_FEATURE,
}


def rule_spans(line: str, ctx: DetectContext) -> dict[Behaviour, Span]:
    """Every behaviour a rule finds in the line, with the span of the words that matched.

    The adjustments between rules (an open invitation is not a closed question, an escalation
    that is refused is not offered, and so on) are made here, so rules and their evidence never disagree.
    """
    found: dict[Behaviour, Span] = {}
    for behaviour, rule in PATTERN_RULES.items():
        match = rule.search(line)
        if match:
            found[behaviour] = match.span()
    for behaviour, context_rule in CONTEXT_RULES.items():
        span = context_rule(line, ctx)
        if span is not None:
            found[behaviour] = span
    if B.OPEN_QUESTION in found and B.CLOSED_QUESTION in found:
        if OPEN_INVITE.search(line):
            del found[B.CLOSED_QUESTION]
        elif not OPEN_Q.search(line.split("?")[0]):
            del found[B.OPEN_QUESTION]
    settle(found, line, ctx)
    return found


def settle(found: dict[Behaviour, Any], line: str, ctx: DetectContext) -> None:
    """Drop what another behaviour in the same line rules out (in place).

    A check-back needs a hold just before; a "boundary" said rudely is not one; an escalation
    that is refused, or comes with a brush-off or blame, is not offered; a sentence that brushes
    the customer off does not reassure them ("There's nothing more I can do from my end."); a
    sentence that spares the customer ("you shouldn't have had to ask") does not blame them.
    """
    if B.CHECKS_BACK in found and not ctx.just_resumed:
        del found[B.CHECKS_BACK]
    if B.DISMISSIVE in found and B.REASSURES in found:
        start, end = _sentence_around(line, *_span(found[B.DISMISSIVE]))
        heard_start, heard_end = _span(found[B.REASSURES])
        if start <= heard_start and heard_end <= end:
            del found[B.REASSURES]
    if B.BLAMES_CUSTOMER in found and not isinstance(found[B.BLAMES_CUSTOMER], tuple):
        start, end = _sentence_around(line, *_span(found[B.BLAMES_CUSTOMER]))
        sentence = line[start:end]
        if SPARED.search(sentence) and not BLAME_CUSTOMER.search(sentence):
            del found[B.BLAMES_CUSTOMER]
    if B.SETS_BOUNDARY in found and B.RUDE in found:
        del found[B.SETS_BOUNDARY]
    if B.OFFERS_ESCALATION in found and (
        B.DISMISSIVE in found or B.BLAMES_COLLEAGUES in found or REFUSED_ESCALATION.search(line)
    ):
        del found[B.OFFERS_ESCALATION]


def _span(found: Any) -> tuple[int, int]:
    """A rule's (start, end) or a Detection's span."""
    return found if isinstance(found, tuple) else (found.start, found.end)


def _sentence_around(line: str, start: int, end: int) -> tuple[int, int]:
    """The bounds of the sentence holding line[start:end] (end past its stop)."""
    before = max(line.rfind(stop, 0, start) for stop in ".!?")
    after = [i for i in (line.find(stop, end) for stop in ".!?") if i != -1]
    return before + 1, (min(after) + 1 if after else len(line))
