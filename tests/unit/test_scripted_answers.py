"""The scripted customer says a scenario's `answers` as the embedded one does, the same every time.

Before, the scripted backend spoke only openings, facts, goal reactions, fallbacks and end lines:
asked "Can you tell me the name shown on your statement?", it said a fallback line.
"""

from __future__ import annotations

from debrief_data import cast_for

from roleplay.llm.scripted_backend import ScriptedBackend
from roleplay.sim.session import CallSession

NAME_ON_STATEMENT = (
    "Good morning Ms Haddad, you're speaking to Tom at Harbourside Bank. I can understand how "
    "worrying it is to find a charge you don't recognise. Can you tell me the name shown on your "
    "statement?"
)
APP = "Do you use the mobile app for your banking?"


async def _customer_lines(*lines: str) -> list[str]:
    session = CallSession(cast_for("credit-card-dispute"), ScriptedBackend())
    await session.start()
    for line in lines:
        async for _ in session.reply_to(line):
            pass
    return [t.text for t in session.turns if t.speaker == "customer" and t.source != "opening"]


def _answer_to(question: str) -> list[str]:
    scenario = cast_for("credit-card-dispute").scenario
    answer = next(a for a in scenario.answers if any(k in question for k in a.asked_about))
    return answer.every_wording()


async def test_the_scripted_customer_answers_what_was_asked() -> None:
    lines = await _customer_lines(NAME_ON_STATEMENT, APP)
    assert lines[0] in _answer_to("name shown")
    assert lines[1] in _answer_to("mobile app")


async def test_the_scripted_customer_says_the_same_words_every_time() -> None:
    script = (NAME_ON_STATEMENT, APP, "I'll raise a dispute now.", "Calm down.")
    assert await _customer_lines(*script) == await _customer_lines(*script)
