"""A model plays the trainee from good or poor handling instructions (when no lines are authored).

Only a model backend can do this; the scripted backend has no words of its own. The prompt is
built the same two ways as the customer's (chat messages and a transcript to continue), with the
agent's knowledge base so good handling can quote accurate facts.
"""

from __future__ import annotations

import re
from collections.abc import AsyncIterator

from roleplay.llm.base import Backend, Prompt
from roleplay.selfplay.run import TraineeLines
from roleplay.sim.session import CallSession

HANDLING = {
    "good": (
        "The agent is warm, calm and competent: greets the customer and gives a name, names the "
        "customer's feeling before solving anything, asks open questions, takes ownership, "
        "explains the fix and the next steps in plain words, and closes the call properly."
    ),
    "poor": (
        "The agent is curt and careless: no greeting, ignores the customer's feelings, blames "
        "the customer, hedges with 'umm' and 'I think', uses jargon, and tells the customer to "
        "calm down."
    ),
}
FALLBACK = {
    "good": "I'm sorry about all this. Let me sort it out for you now.",
    "poor": "Umm, I don't know. That's just how it works.",
}
AGENT = "Agent"
MAX_TURNS = 8


def trainee_prompt(session: CallSession, kind: str) -> Prompt:
    """The prompt for the agent's next line, playing `kind` handling."""
    scenario, name = session.scenario, session.persona.name
    facts = " ".join(f"{a.title}: {a.body}" for a in scenario.knowledge_base)
    system = (
        f"You are a customer-service agent at {scenario.company} on a {scenario.channel} call "
        f"with {name}. {HANDLING[kind]} What the agent knows: {scenario.briefing.summary} "
        f"{facts} Reply with only the agent's next line."
    )
    messages = [{"role": "system", "content": system}]
    lines = [
        f"A transcript of a {scenario.channel} call to {scenario.company}. {HANDLING[kind]}",
        f"The agent's notes: {scenario.briefing.summary} {facts}",
        "",
    ]
    for turn in session.turns:
        if turn.speaker == "system":
            continue
        role = "user" if turn.speaker == "customer" else "assistant"
        messages.append({"role": role, "content": turn.text})
        label = name if turn.speaker == "customer" else AGENT
        lines.append(f"{label}: {turn.text}")
    lines.append(f"{AGENT}:")
    return Prompt(
        system=system,
        messages=messages,
        transcript="\n".join(lines),
        stop=["\n", f"{name}:", "Customer:"],
        max_tokens=60,
        temperature=0.7,
    )


def model_trainee(backend: Backend, kind: str, max_turns: int = MAX_TURNS) -> TraineeLines:
    """A trainee whose lines the model writes, following good or poor handling instructions."""
    if kind not in HANDLING:
        raise ValueError(f"no handling instructions for '{kind}'")

    async def source(session: CallSession) -> AsyncIterator[str]:
        for _ in range(max_turns):
            raw = ""
            async for piece in backend.stream(trainee_prompt(session, kind)):
                raw += piece
            line = re.sub(rf"^\s*{AGENT}\s*:", "", raw.strip()).strip().strip('"')
            yield line if re.search(r"[A-Za-z]{2}", line) else FALLBACK[kind]

    return source
