"""The actor: turns persona, scenario and the director's state into a prompt, and checks lines.

What the customer may say is bounded structurally: the prompt is built only from the persona,
the scenario's public context, the facts already revealable and the conversation. The rubric
and the unrevealed facts are never passed in, so they cannot leak.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

from roleplay.detectors.frame import ROLE_LABELS, customer_names, fold, label_pattern
from roleplay.llm.base import Prompt
from roleplay.scenarios.models import HiddenFact, MoodBand, Persona, Scenario
from roleplay.words import STOP_WORDS

BAND_TONE: dict[MoodBand, str] = {
    MoodBand.CALM: "calm and cooperative now, even warm",
    MoodBand.UNEASY: "a little uneasy but willing to work with the agent",
    MoodBand.UPSET: "upset and short-tempered, needs to feel heard",
    MoodBand.ANGRY: "angry, interrupts, doubts the agent will help",
    MoodBand.FURIOUS: "furious, close to demanding a supervisor or hanging up",
}

AGENT_LABEL = "Agent"

_AI_TALK = re.compile(
    r"\b(as an ai|language model|i'?m an ai|i am an ai|artificial intelligence|chatbot|"
    r"my (system )?prompt|my instructions|role-?play(ing)?|i'?m (just )?a (bot|program)|rubric)\b",
    re.IGNORECASE,
)
_AGENT_SPEAK = re.compile(
    r"\b(how (can|may) i (help|assist)|is there anything else|thank you for calling|"
    r"sorry for the inconvenience|let me (check|look into) (that|your account) for you|"
    r"i'?ll (check|look into) your account|sorry for your loss|(please )?take your time(?!\s*\?)|"
    r"i'?ll take care of (this|that|it) for you|i understand how you feel|"
    r"(i'?m|i am) (so |very |really )?sorry (to hear|that you)|"
    r"what can i do for you|i can help you with that|i'?ll [^.?!]{0,40}\bfor you|"
    r"i'?ve (added|applied|credited|refunded|issued) (a|an|the|your)|"
    r"i'?m sending (you )?(a|an|the|your|one)|(?<!what )the system (says|shows)|"
    r"your (account|contract|statement) (is|will|has|shows))\b",
    re.IGNORECASE,
)
_TO_THE_AGENT = re.compile(r"^\s*(agent|representative|operator)\b\s*[,:!.]", re.IGNORECASE)
_STAGE = re.compile(
    r"(\*[^*]{2,}\*|\([^)]*\b(sigh|sighs|pause|laugh|laughs|angrily|sobs|crying)\b[^)]*\)|"
    r"\[[^\]]+\])",
    re.IGNORECASE,
)
_WORD = re.compile(r"[a-z']+")
_STOP = STOP_WORDS


@dataclass(frozen=True)
class Spoken:
    """A line already said in the call, as the actor needs it."""

    speaker: str  # "customer" or "trainee"
    text: str
    band: str = ""  # the customer's mood band when the line was said, if known


def describe_persona(persona: Persona) -> str:
    """The persona in a few sentences of prose, shared by both prompt forms."""
    style = persona.speaking_style
    parts = [
        f"{persona.name} is {persona.background.rstrip('.')}.",
        f"{persona.name} speaks in {style.sentence_length} sentences, at most about "
        f"{style.max_words} words at a time.",
    ]
    if style.quirks:
        parts.append("Habits of speech: " + "; ".join(style.quirks) + ".")
    if style.example_lines:
        examples = " ".join(f'"{line}"' for line in style.example_lines[:3])
        parts.append(f"In {persona.name}'s own words: {examples}")
    if persona.boundaries:
        parts.append(f"{persona.name} will never: " + "; ".join(persona.boundaries) + ".")
    return " ".join(parts)


SPEAKER_ROLES = (*ROLE_LABELS, AGENT_LABEL, "representative", "csr", "human", "model", "bot")
"""Labels that mean a turn in a transcript; typed by a trainee they would script the reply."""


def neutral(text: str, persona: Persona) -> str:
    """A trainee's line as the model may read it: on one line, with no speaker labels.

    A base model continues a transcript, so "Lina Haddad (calm): I have no more problems" or a
    line break followed by "Customer:" inside a trainee's line would write the customer's next
    words for it. The transcript keeps the line as typed; only the prompt is neutralised.
    """
    labels = label_pattern([*customer_names(persona.name), *SPEAKER_ROLES])
    line = re.sub(r"\s+", " ", fold(text)[0])
    line = labels.sub(" ", line)
    return re.sub(r"\s+", " ", line).strip() or "..."


def build_prompt(
    persona: Persona,
    scenario: Scenario,
    band: MoodBand,
    revealable: Sequence[HiddenFact],
    history: Sequence[Spoken],
    *,
    authored: str = "",
    new_fact: HiddenFact | None = None,
    reaction: str = "",
    frame_break: bool = False,
    temperature: float = 0.8,
) -> Prompt:
    """The prompt for the customer's next line, in chat and transcript forms.

    `revealable` holds only facts the director has released; nothing else about the scenario's
    secrets (or its rubric) is a parameter here, which is what keeps them out of the prompt.
    """
    name = persona.name
    tone = BAND_TONE[band]
    knows = [f.plain for f in revealable]
    situation = scenario.situation
    system_lines = [
        f"You are {name}, a customer calling {scenario.company} by {scenario.channel}. "
        f"Stay in character as {name} for the whole conversation; you are a real person, not an "
        "assistant. Never mention AI, prompts, instructions or role-play.",
        describe_persona(persona),
        f"Why you are calling: {situation}",
        f"Right now you are {tone}.",
        "Reply with only what you say out loud: one short turn, no stage directions, no "
        "narration, no speaker label.",
    ]
    if knows:
        system_lines.append("Things you may mention if relevant: " + " ".join(knows))
    if reaction:
        system_lines.append(f"The agent just got something right; react in words like: {reaction}")
    if new_fact is not None:
        system_lines.append(f"In this reply, bring this up in your own words: {new_fact.plain}")
    if frame_break:
        system_lines.append(
            "The agent just said something strange and off-topic; react with confusion, in "
            "character, and steer back to your problem."
        )
    system = "\n".join(system_lines)

    messages: list[dict[str, str]] = [{"role": "system", "content": system}]
    said = [
        spoken
        if spoken.speaker == "customer"
        else replace(spoken, text=neutral(spoken.text, persona))
        for spoken in history
    ]
    for spoken in said:
        role = "assistant" if spoken.speaker == "customer" else "user"
        messages.append({"role": role, "content": spoken.text})

    # The base model continues a transcript. Two things keep a small model in role: saying
    # plainly that the caller is the customer (not the agent), and tagging each customer line
    # with the mood it is said in, ending on the tag for the line we want now.
    voice = "; ".join(
        f"{mood.value}: {lines}" for mood in MoodBand if (lines := voice_examples(scenario, mood))
    )
    header = (
        f"The following is a transcript of a {scenario.channel} call to {scenario.company} "
        f"customer service. {describe_persona(persona)} {name} is the customer, not the agent: "
        f"{name} never offers help, never apologises for the company, and talks only about "
        f"{name}'s own problem. {name} is calling because: {situation}"
    )
    # The header stays the same from turn to turn (the mood is in each line's label, and the
    # voice for every mood is shown up front), so a server's prompt cache can reuse it.
    if voice:
        header += f"\nHow {name} sounds in each mood: {voice}"
    if new_fact is not None:
        header += f"\nNext, {name} brings this up: {new_fact.plain}"
    spoken_lines = [header, ""]
    for spoken in said:
        if spoken.speaker == "customer":
            label = f"{name} ({spoken.band})" if spoken.band else name
        else:
            label = AGENT_LABEL
        spoken_lines.append(f"{label}: {spoken.text}")
    spoken_lines.append(f"{name} ({band.value}):")
    transcript = "\n".join(spoken_lines)

    max_tokens = max(24, int(persona.speaking_style.max_words * 2))
    stop = [f"\n{AGENT_LABEL}", f"\n{name}", f"{AGENT_LABEL}:", "\n\n", "\nCustomer"]
    return Prompt(
        system=system,
        messages=messages,
        transcript=transcript,
        stop=stop,
        max_tokens=max_tokens,
        temperature=temperature,
        authored=authored,
    )


def voice_examples(scenario: Scenario, band: MoodBand) -> str:
    """Two authored lines for this band, quoted: a small model copies the voice it is shown."""
    lines = scenario.fallbacks.get(band, [])[:2]
    return " ".join(f'"{line}"' for line in lines)


def clean_line(text: str, persona: Persona) -> str:
    """Tidy a generated line: drop a leading speaker label and stray quotes, squash spaces."""
    line = text.strip()
    for label in (persona.name, persona.name.split()[0], "Customer", "Caller"):
        match = re.match(rf"{re.escape(label)}\s*(\([a-z]+\))?\s*:", line, re.IGNORECASE)
        if match:
            line = line[match.end() :].strip()
    line = re.sub(r"\s+", " ", line)
    if len(line) >= 2 and line[0] == line[-1] == '"':
        line = line[1:-1].strip()
    return line


def _content(text: str) -> set[str]:
    return {w for w in _WORD.findall(text.lower()) if w not in _STOP and len(w) > 3}


ECHO_WORDS = 6
"""A run of this many of the agent's words, said back in order, counts as parroting."""


def _echoes(line: str, agent_lines: Sequence[str]) -> bool:
    words = _WORD.findall(line.lower())
    runs = {
        tuple(said[i : i + ECHO_WORDS])
        for said in (_WORD.findall(a.lower()) for a in agent_lines)
        for i in range(len(said) - ECHO_WORDS + 1)
    }
    return any(tuple(words[i : i + ECHO_WORDS]) in runs for i in range(len(words) - ECHO_WORDS + 1))


ECHO_SHARE = 0.6
"""A line whose words are mostly the agent's last line, in order, counts as a close echo."""
ECHO_MIN_WORDS = 4
"""...as long as at least this many words are shared (a short "Yes, okay." is no echo)."""


def _close_echo(line: str, agent_line: str) -> bool:
    """True when the line mostly says the agent's last line back, give or take a few words
    ("Honestly I don't care about your problem." -> "Hello, sorry, I don't really care about
    your problem.")."""
    mine, theirs = _WORD.findall(line.lower()), _WORD.findall(agent_line.lower())
    if not mine or not theirs:
        return False
    blocks = difflib.SequenceMatcher(None, mine, theirs, autojunk=False).get_matching_blocks()
    shared = sum(block.size for block in blocks)
    return shared >= ECHO_MIN_WORDS and shared >= ECHO_SHARE * len(mine)


def _names_self_as_other(line: str, persona: Persona) -> bool:
    """True when the customer addresses someone by the customer's own name ("Mr Haddad, ...").

    A small model loses track of who is who and talks to the agent as if they were the caller.
    Saying one's own name ("my name is Lina Haddad", "this is Mrs Marsh") is fine.
    """
    parts = persona.name.split()
    surname = re.escape(parts[-1])
    titled = rf"\b(mr|mrs|ms|miss|mx|dr)\.? {surname}\b"
    names = [titled, rf"\b{re.escape(persona.name)}\b"]
    if len(parts) > 1:
        names.append(rf"^\s*{re.escape(parts[0])}\s*,")  # "Lina, I ..." at the start
    own = r"\b(my name is|my name's|i'?m|i am|this is|it'?s|name of|called|under)\s+$"
    for pattern in names:
        for match in re.finditer(pattern, line, re.IGNORECASE):
            before = line[: match.start()]
            if not re.search(own, before, re.IGNORECASE):
                return True
    return False


def mentions_fact(line: str, fact: HiddenFact) -> bool:
    """True when the line carries the fact: most of the distinctive words of one of its
    wordings (any of `says`, or of the words of a mood) are there."""
    said = _content(line)
    for words in fact.every_wording():
        wanted = _content(words)
        if not wanted or len(said & wanted) >= max(1, min(3, len(wanted) // 2)):
            return True
    return False


def facts_told(
    revealed: Iterable[str], facts: Sequence[HiddenFact], customer_lines: Iterable[str]
) -> list[str]:
    """The released facts the customer really said, in the order they were released.

    The director releases a fact before the reply is made, and that reply may never carry it (the
    trainee interrupted, the backend failed, a goal's reaction or the call's last line came
    first); a fact counts as found only once it was spoken. The summary and debrief share this.
    """
    said = list(customer_lines)
    by_id = {f.id: f for f in facts}
    return [
        fact_id
        for fact_id in revealed
        if fact_id in by_id and any(mentions_fact(line, by_id[fact_id]) for line in said)
    ]


def _gives_away(said: set[str], secret: set[str]) -> bool:
    """True when a line holds most of the distinctive words of one wording of a hidden fact."""
    overlap = said & secret
    return len(secret) >= 3 and len(overlap) >= max(3, int(0.5 * len(secret)))


def check_line(
    line: str,
    persona: Persona,
    previous_customer_lines: Sequence[str],
    unrevealed: Sequence[HiddenFact],
    agent_lines: Sequence[str] = (),
) -> list[str]:
    """Why a generated line must not be said (empty list when it is fine).

    `agent_lines` are the trainee's recent lines: a small model often parrots them back.
    """
    problems: list[str] = []
    if not line or not _WORD.search(line.lower()):
        return ["empty"]
    if re.match(
        rf"^\s*({AGENT_LABEL}|Agent|Representative|CSR|Assistant|Narrator)\s*:", line, re.I
    ):
        problems.append("spoken as someone else")
    if _AGENT_SPEAK.search(line):
        problems.append("sounds like the agent")
    if _TO_THE_AGENT.search(line) or _names_self_as_other(line, persona):
        problems.append("speaks as if the customer were someone else")
    if _AI_TALK.search(line):
        problems.append("out of character")
    if _STAGE.search(line):
        problems.append("stage directions")
    words = len(line.split())
    if words > persona.speaking_style.max_words * 1.5 + 5:
        problems.append(f"too long ({words} words)")
    for earlier in previous_customer_lines[-6:]:
        ratio = difflib.SequenceMatcher(None, earlier.lower(), line.lower()).ratio()
        if ratio > 0.85:
            problems.append("repeats an earlier line")
            break
    if _echoes(line, agent_lines[-2:]) or (agent_lines and _close_echo(line, agent_lines[-1])):
        problems.append("echoes the agent")
    said = _content(line)
    for fact in unrevealed:
        if any(_gives_away(said, _content(w) | _content(fact.fact)) for w in fact.every_wording()):
            problems.append(f"gives away hidden fact '{fact.id}'")
    return problems
