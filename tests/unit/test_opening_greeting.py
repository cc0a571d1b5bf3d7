"""A hello that opens the call is a greeting, however the line goes on: heard so by the call
as it happens and by the debrief when it re-reads the call, and only in the trainee's first line."""

from __future__ import annotations

from support.sim_cast import make_cast

from roleplay.debrief.call_facts import redetect
from roleplay.llm.scripted_backend import ScriptedBackend
from roleplay.scenarios.behaviours import Behaviour
from roleplay.sim.session import CallSession
from roleplay.sim.trial import try_line
from roleplay.transcript import read_transcript

GREETS = Behaviour.GREETS
FIRST = "Hi Dana, I'm sorry, that sounds really frustrating."


async def test_a_hello_then_sympathy_is_a_greeting_in_the_call_and_its_debrief(tmp_path) -> None:
    session = CallSession(make_cast(), ScriptedBackend(), transcripts=tmp_path)
    await session.start()
    async for _ in session.reply_to(FIRST):
        pass
    async for _ in session.reply_to("Hi, sorry, which router do you have?"):
        pass
    first, second = [t for t in session.turns if t.speaker == "trainee"]
    assert GREETS.value in first.behaviours
    facts = redetect(read_transcript(session.path), make_cast())
    assert facts.trainee[0].has(GREETS)
    # The same rule is not forced on later lines: there the model alone decides, as in the call.
    assert facts.trainee[1].has(GREETS) == (GREETS.value in second.behaviours)


def test_scenarios_try_reads_a_line_as_the_first_of_the_call() -> None:
    greeting = next(d for d in try_line(make_cast(), FIRST).found if d.behaviour == GREETS)
    assert greeting.words(FIRST) == "Hi"
