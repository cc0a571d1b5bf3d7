"""A valid, commented starting scenario and persona, so a trainer edits rather than starts blank.

The comments teach each field where it is used; `roleplay scenarios new` and `roleplay init`
write these files, and a test checks that what they write validates.
"""

from __future__ import annotations

import json
import re
from string import Template

from roleplay.scenarios.models import Archetype
from roleplay.scenarios.template_reactions import FALLBACKS, REACTIONS

# Per archetype: starting mood and an opening line in three wordings.
_TONES: dict[str, dict[str, str]] = {
    "angry": {
        "mood": "65",
        "opening": "I've been trying to sort this out for days and I'm sick of it.",
        "opening2": "Days I've been trying to get this sorted, and I'm sick of it.",
        "opening3": "I've spent days trying to sort this out. I'm sick to death of it.",
    },
    "worried": {
        "mood": "55",
        "opening": "Hello, sorry, I'm not sure I've rung the right number. Something's wrong.",
        "opening2": "Hello? Sorry, I hope this is the right number. Something's gone wrong.",
        "opening3": "Oh, hello. Sorry, is this the right number? Something's not right.",
    },
    "sad": {
        "mood": "50",
        "opening": "Hello. I'm sorry, this is difficult. I need to sort something out.",
        "opening2": "Hello. Sorry, this isn't easy for me. There's something I need to sort out.",
        "opening3": "Hello. I'm sorry. This is hard. I have to get something sorted.",
    },
}

_TONE_OF = {
    Archetype.IRATE: "angry",
    Archetype.FRUSTRATED: "angry",
    Archetype.DISAPPOINTED: "angry",
    Archetype.CONFUSED: "worried",
    Archetype.ANXIOUS: "worried",
    Archetype.GRIEVING: "sad",
    Archetype.STRESSED: "sad",
}

PERSONA = Template("""\
# yaml-language-server: $$schema=../schema/persona.schema.json
# A persona is the customer: who they are, how they talk, what calms or angers them.
# One persona can appear in many scenarios. Check your edits with:
#   roleplay scenarios validate
id: $persona_id              # lowercase letters, digits, '-' or '_'; scenarios refer to it
name: Alex Morgan            # what the trainee may call them
archetype: $archetype        # irate, frustrated, confused, grieving, anxious, stressed
                             # or disappointed
background: >-               # who they are and why they are calling, in your words
  a regular customer for six years who works shifts and has little time to spare;
  replace this with the person your trainees should meet
speaking_style:
  sentence_length: short     # short, medium or long
  max_words: 45              # the longest reply they give, in words (5 to 200)
  quirks:                    # habits of speech the model should keep
    - repeats the key point when not listened to
  example_lines:             # a few lines in their voice help the model sound like them
    - "I've explained this twice already."
mood_baseline: $mood         # 0 calm .. 100 furious, before the difficulty preset moves it
triggers:                    # trainee behaviours that move the mood: negative calms,
                             # positive angers
  - {behaviour: acknowledges_feeling, delta: -10, note: "being understood matters most"}
  - {behaviour: takes_ownership, delta: -8}
  - {behaviour: offers_solution, delta: -6}
  - {behaviour: says_calm_down, delta: 20}
  - {behaviour: blames_customer, delta: 18}
  - {behaviour: silent_hold, delta: 12}
  # every behaviour name: see docs/scenario-format.md or `roleplay schema`
boundaries:                  # things they will never do, whatever the model is tempted to say
  - swear at the agent
cares_about:                 # words that count as a personal touch when the trainee uses them
  - my shifts
""")

SCENARIO = Template("""\
# yaml-language-server: $$schema=../schema/scenario.schema.json
# A scenario is one practice call: who rings, why, what they hide, and how the call is graded.
# Check your edits with:  roleplay scenarios validate
id: $scenario_id             # lowercase letters, digits, '-' or '_'; unique in the workspace
title: A new practice call   # shown in the scenario list
summary: >-                  # one or two sentences for the list
  A customer whose order has not arrived wants it sorted today.
persona: $persona_id         # the id of a persona in personas/
company: Example Ltd         # the company the trainee works for
channel: phone               # phone or chat
default_difficulty: medium   # easy, medium or hard (each preset can be tuned under `difficulty:`)

briefing:                    # what the trainee sees before the call
  summary: The customer's order is three days late; the tracking shows no movement.
  account:                   # the account screen: any labels and values
    Customer since: "2019"
    Order: "#40213, placed Monday, next-day delivery"

knowledge_base:              # articles the trainee may open during the call
  - title: Late orders
    body: Orders over two days late can be re-sent by express at no charge.
  - title: Refunds
    body: A refund reaches the card in three to five working days.

opening:                     # said word for word when the call starts; any line the customer
                             # says word for word may be one line or a list of wordings of the
                             # same thing, and each call picks one, so it is not always the same
  - - "$opening"
    - "$opening2"
    - "$opening3"

facts:                       # hidden facts: said only when the reveal condition holds
  - id: gift
    fact: The order is a birthday present for Saturday.
    says:                    # a list: the same news in other words, one picked per call
      - It's my daughter's birthday present. Her birthday is Saturday.
      - It's a present for my daughter. It's her birthday on Saturday.
      - My daughter's birthday is on Saturday. It's her present.
    says_by_mood:            # the same news in the words of a mood where `says` sounds wrong
      angry:
        - "It's my daughter's birthday present, and her birthday is Saturday. Saturday!"
        - "It's a present for my daughter, and her birthday's on Saturday! Saturday!"
        - "Her birthday is Saturday. It's my daughter's present. This Saturday!"
    reveal:                  # every condition given must hold
      asked_about: [birthday, present, gift, why]   # any of these words in a trainee line
      mood_below: 70         # and the customer calmer than this
  - id: second-call
    fact: They already called yesterday and were promised a call back.
    says:
      - I rang yesterday too. Someone said they'd call me back. Nobody did.
      - I called yesterday as well. I was told someone would ring back. Nobody did.
      - This isn't my first call. Yesterday someone said they'd call me back, and nobody did.
    says_by_mood:
      angry:
        - "I rang yesterday as well! Someone promised to call me back. Nobody did."
        - "I called yesterday too! I was promised a call back. Nothing!"
        - "Yesterday I rang as well, and someone promised to call me back. Nobody did!"
    reveal:
      asked_about: [before, already, yesterday]
  - id: moved-house
    fact: They moved house last month and may not have updated the address.
    says:
      - Oh... actually, I did move last month. Would that matter?
      - Oh, wait. I moved last month, actually. Could that be it?
      - Hang on, I moved house last month. Would that make a difference?
    says_by_mood:
      angry:
        - "I moved last month, if it matters. Nobody asked me to tell you."
        - "I moved house last month, alright? Nobody asked me for it."
        - "I moved last month. If that matters, nobody asked me to tell you."
    reveal:
      behaviours: [open_question]   # any of these behaviours seen so far in the call
      mood_below: 60

goals:                       # what the trainee should achieve; the director watches for them
  - id: resend
    description: Re-send the order by express delivery
    detect:
      keywords: [express, re-send, resend]
    customer_reaction:
      - Express? Okay. That would actually help.
      - By express? Right. That would help, actually.
      - Okay, express. That would actually help.
  - id: check-address
    description: Check the delivery address
    detect:
      keywords: [address]
      after_facts: [moved-house]   # only counts once this fact has come out
    required: false

end:                         # when the call ends on its own
  supervisor_at: 80          # mood at which they ask for a supervisor
  hangup_at: 95              # mood at which they hang up (not below supervisor_at)
  max_turns: 20
  lines:                     # what the customer says as the call ends each way
    supervisor:
      - I'd like to speak to your supervisor, please.
      - Can I talk to your supervisor, please?
      - Put me through to a supervisor, please.
    hangup:
      - I'm done with this. Goodbye.
      - I'm not getting anywhere. Goodbye.
      - Forget it. Goodbye.
    resolved:
      - Thank you, that really helps. Goodbye.
      - That's sorted, then. Thank you. Goodbye.
      - Thanks, that's a weight off. Goodbye.

fallbacks:                   # said when the model's line fails its checks: every band needs one
$fallbacks

reactions:                   # what the customer says back to each trainee move, by mood: the
                             # embedded model chooses among these (replace them with lines in
                             # this customer's own voice; at least two per move and mood)
$reactions
answers:                     # plain answers to questions a trainee is likely to ask: no
                             # secrets, and nothing a hidden fact is there to tell (asked about
                             # the address, this customer would have to mention the move)
  - asked_about: [order number, reference]
    says:
      - "It's 40213. It's on the confirmation email."
      - "The order number's 40213."
      - "40213. I've got the email right here."
  - asked_about: [when did, how long, since when, when was it due]
    says:
      - "I ordered it on Monday, for next-day delivery. It still hasn't come."
      - "Monday. I paid for next-day delivery, and nothing's turned up."
      - "I put the order in on Monday. Next-day delivery, it said."

rubric:                      # how the debrief grades the call; weights must sum to 100
  pass_mark: 70
  criteria:
    - id: empathy
      name: Empathy and acknowledgement
      measures: empathy      # empathy, personal_touch, ownership, going_beyond, composure,
                             # confidence, call_control or escalation
      weight: 40
      description: Names the customer's feeling before solving, and reflects it back.
      levels:                # anchor every level from 1 (poor) to 5 (excellent)
        1: Ignores the feeling entirely.
        2: A scripted apology, late.
        3: Acknowledges the feeling once.
        4: Acknowledges early and reflects it back.
        5: Acknowledges early, in the customer's own terms, throughout.
    - id: resolution
      name: Ownership and resolution
      measures: ownership
      weight: 40
      description: Fixes the real problem with accurate facts from the knowledge base.
      levels:
        1: No fix offered.
        2: A vague promise.
        3: A fix, but with wrong or missing facts.
        4: The right fix, clearly explained.
        5: The right fix, owned, with next steps and timings.
    - id: call-control
      name: Call control
      measures: call_control
      weight: 20
      description: Sets expectations, asks before any hold, closes properly.
      not_applicable_when: null   # or no_hold, no_escalation_request, customer_never_abusive
      levels:
        1: No structure.
        2: Some structure, no close.
        3: Clear steps, abrupt close.
        4: Clear steps and a proper close.
        5: Calm, clear control from start to close.
  auto_fail:                 # any trainee line matching a pattern fails the call
    - id: card-number
      description: Asks for the full card number
      patterns: ['full card number', 'long number on (the|your) card']
""")


_TRAILING_COMMENT = re.compile(r"^(?P<code>\S.*?|\s+\S.*?)\s{2,}(?P<comment># .*)$")
COMMENT_COLUMN = 29


def _align_comments(text: str) -> str:
    """Line trailing comments up again after ids of any length were filled in."""
    lines = []
    for line in text.splitlines():
        found = _TRAILING_COMMENT.match(line)
        if found:
            line = found["code"].ljust(COMMENT_COLUMN - 2) + "  " + found["comment"]
        lines.append(line)
    return "\n".join(lines) + "\n"


def _fallbacks_yaml(bands: dict[str, list[str]]) -> str:
    """The fallbacks block of the template, as YAML lines indented under `fallbacks:`."""
    return "\n".join(
        f"  {band}: [{', '.join(json.dumps(line, ensure_ascii=False) for line in lines)}]"
        for band, lines in bands.items()
    )


def _reactions_yaml(bank: dict[str, dict[str, list[str]]]) -> str:
    """The reactions block of the template, as YAML lines indented under `reactions:`."""
    out = []
    for move, bands in bank.items():
        out.append(f"  {move}:")
        for band, lines in bands.items():
            quoted = ", ".join(json.dumps(line, ensure_ascii=False) for line in lines)
            out.append(f"    {band}: [{quoted}]")
    return "\n".join(out)


def persona_id_for(scenario_id: str) -> str:
    """The id a new scenario's persona gets (kept within the 64-character id limit)."""
    return f"{scenario_id[:55]}-customer"


def starting_files(scenario_id: str, archetype: Archetype | str) -> tuple[str, str]:
    """The scenario and persona YAML text for a new scenario of the given archetype."""
    kind = Archetype(archetype)
    tone = _TONES[_TONE_OF[kind]]
    values = {
        "scenario_id": scenario_id,
        "persona_id": persona_id_for(scenario_id),
        "archetype": kind.value,
        "reactions": _reactions_yaml(REACTIONS[_TONE_OF[kind]]),
        "fallbacks": _fallbacks_yaml(FALLBACKS[_TONE_OF[kind]]),
        **tone,
    }
    return _align_comments(SCENARIO.substitute(values)), _align_comments(PERSONA.substitute(values))


SELFPLAY = """\
# Trainee lines for `roleplay selfplay $scenario_id`: one call played well, one played badly.
# Edit them as you edit the scenario; self-play shows whether good handling calms the customer
# and poor handling escalates. `/hold` and `/resume` put the customer on hold and back.
good:
  - I'm really sorry it hasn't arrived; I can hear how frustrating that is. What's happened so far?
  - That sounds stressful. Was it for something special, a present perhaps?
  - Have you been in touch with us about it before?
  - I'll take care of this for you myself. Could you confirm the delivery address for me?
  - I'm going to resend it by express delivery today at no cost, so it arrives tomorrow.
  - You'll get a tracking email within the hour. Is there anything else I can help you with today?
poor:
  - Calm down, orders are late sometimes.
  - You must have put in the wrong address.
  - /hold
  - /resume
  - That's our policy, there's nothing I can do.
  - Umm, I think maybe it will turn up eventually.
"""


def selfplay_lines(scenario_id: str) -> str:
    """Starting good and poor trainee lines for self-play checks of a new scenario."""
    return SELFPLAY.replace("$scenario_id", scenario_id)
