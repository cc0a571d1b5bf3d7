"""CallSession: turns, checks and fallbacks, failures, holds and the transcript on disk."""

from __future__ import annotations

import pytest
from fake_backends import CannedBackend
from support.sim_cast import make_cast

from roleplay.llm.base import BackendError
from roleplay.llm.scripted_backend import ScriptedBackend
from roleplay.sim.events import Chunk, Retract, Said
from roleplay.sim.session import CallOver, CallSession
from roleplay.transcript import read_transcript


class Clock:
    """A clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


async def say(session: CallSession, line: str) -> list[object]:
    return [event async for event in session.reply_to(line)]


async def test_scripted_good_call_resolves_and_is_on_disk(tmp_path) -> None:
    session = CallSession(make_cast(), ScriptedBackend(), transcripts=tmp_path, trainee="Sam")
    opening = await session.start()
    assert opening[0].text.startswith("My internet has been dead")
    lines = [
        "Hello, you're through to Sam. I'm so sorry, that sounds exhausting on a night shift.",
        "Can you tell me what lights you can see on the router?",
        "Thank you. I'll reset your line now; it takes about 10 minutes.",
        "I've also added a month's credit to your account for the trouble.",
        "Is there anything else I can help with today?",
    ]
    for line in lines:
        events = await say(session, line)
        assert isinstance(events[-1], Said)
    assert session.state.end_reason.value == "resolved"
    assert session.state.mood < session.state.mood_start - 20
    saved = read_transcript(session.path)
    assert saved.end_reason == "resolved"
    assert [t.text for t in saved.turns] == [t.text for t in session.turns]
    assert saved.header.trainee == "Sam" and saved.header.backend == "scripted"
    assert "router-lights" in saved.turns[-1].state.revealed
    with pytest.raises(CallOver):
        await say(session, "Hello?")


async def test_a_bad_line_is_retried_then_replaced_by_an_authored_one(tmp_path) -> None:
    backend = CannedBackend(["Agent: How can I help?", "As an AI I cannot say.", "Fine."])
    session = CallSession(make_cast(), backend, transcripts=tmp_path)
    await session.start()
    events = await say(session, "Hello, this is Sam.")
    retracts = [e for e in events if isinstance(e, Retract)]
    assert len(retracts) == 2
    said = events[-1]
    assert isinstance(said, Said) and said.turn.source == "fallback"
    authored = [line for lines in make_cast().scenario.fallbacks.values() for line in lines]
    assert said.turn.text in authored
    assert session.fallbacks == 1
    assert "spoken as someone else" in session.check_failures
    assert "out of character" in session.check_failures
    events = await say(session, "I'm sorry about that.")
    assert events[-1].turn.source == "model" and events[-1].turn.text == "Fine."


async def test_backend_failure_keeps_the_trainee_line_and_retry_works(tmp_path) -> None:
    backend = CannedBackend(["This is a long line that gets cut off.", "Okay then."])
    backend.fail_after_chunks = 3
    session = CallSession(make_cast(), backend, transcripts=tmp_path)
    await session.start()
    chunks: list[object] = []
    with pytest.raises(BackendError):
        async for event in session.reply_to("Hello there, I'm Sam."):
            chunks.append(event)
    assert chunks and all(isinstance(c, Chunk) for c in chunks)
    assert session.awaiting_reply
    on_disk = read_transcript(session.path)
    assert on_disk.turns[-1].speaker == "trainee"
    events = [e async for e in session.retry_reply()]
    assert events[-1].turn.text == "Okay then."
    assert not session.awaiting_reply
    assert [t.speaker for t in read_transcript(session.path).turns] == [
        "customer",
        "trainee",
        "customer",
    ]


async def test_hold_events_and_mood(tmp_path) -> None:
    clock = Clock()
    session = CallSession(make_cast(), ScriptedBackend(), transcripts=tmp_path, clock=clock)
    await session.start()
    before = session.state.mood
    session.hold()
    clock.now += 45
    event = session.resume()
    assert event.duration_s == 45 and "silent_hold" in event.text
    assert session.state.mood > before
    await say(session, "May I put you on a brief hold while I check the line?")
    assert session.hold().asked_permission is True
    clock.now += 20
    assert session.resume().text == ""
    kinds = [e.kind for e in read_transcript(session.path).events]
    assert kinds == ["hold", "resume", "hold", "resume"]


async def test_cancel_and_end_and_exam(tmp_path) -> None:
    session = CallSession(make_cast(), ScriptedBackend(), transcripts=tmp_path, exam=True)
    await session.start()
    with pytest.raises(CallOver):
        session.hint()
    session.end_call()
    saved = read_transcript(session.path)
    assert saved.end_reason == "trainee_ended" and saved.header.exam is True


async def test_a_killed_call_reads_back_as_abandoned(tmp_path) -> None:
    session = CallSession(make_cast(), ScriptedBackend(), transcripts=tmp_path)
    await session.start()
    await say(session, "Hello, I'm Sam, I'm sorry to hear that.")
    with session.path.open("a") as fh:  # a torn last line, as a kill mid-write leaves
        fh.write('{"type": "turn", "id": 4, "speak')
    saved = read_transcript(session.path)
    assert saved.end_reason == "abandoned"
    assert len(saved.turns) == 3 and len(saved.problems) == 1


async def test_a_fact_the_model_leaves_out_is_still_told_when_earned(tmp_path) -> None:
    """The director released the router fact; the model's line alone did not carry it."""
    backend = CannedBackend(["Hm, hang on a second.", "It's just sitting there, like always."])
    session = CallSession(make_cast(), backend, transcripts=tmp_path)
    await session.start()
    await say(session, "Hello, this is Sam.")
    events = await say(session, "What lights can you see on the router?")
    said = events[-1]
    assert isinstance(said, Said)
    assert "router-lights" in said.state.revealed
    assert said.turn.text.startswith("It's just sitting there")
    assert "flashing red" in said.turn.text
    shown = "".join(e.text for e in events if isinstance(e, Chunk))
    assert shown == said.turn.text, "what streamed to the screen is what was saved"


async def test_a_line_that_already_tells_the_fact_is_left_alone(tmp_path) -> None:
    line = "There's a light that says LOS, flashing red on the router."
    backend = CannedBackend(["Hm, hang on a second.", line])
    session = CallSession(make_cast(), backend, transcripts=tmp_path)
    await session.start()
    await say(session, "Hello, this is Sam.")
    events = await say(session, "What lights can you see on the router?")
    assert events[-1].turn.text == line


async def test_the_summary_and_the_debrief_give_the_call_one_duration(tmp_path) -> None:
    """The summary after the call and the debrief of its file say the same length of call."""
    from roleplay.debrief.metrics import compute_metrics
    from roleplay.tui.outcome import outcome_of

    clock = Clock()
    cast = make_cast()
    session = CallSession(cast, ScriptedBackend(), transcripts=tmp_path, clock=clock)
    await session.start()
    clock.now += 5
    await say(session, "Hello, you're through to Sam. I'm so sorry, that sounds exhausting.")
    session.end_call("trainee_ended")
    clock.now += 26  # the trainee reads the last line before opening the summary
    summary = outcome_of(session).duration_s
    debrief = compute_metrics(read_transcript(session.path), cast).duration_s
    assert debrief is not None
    assert summary == debrief


async def test_a_fact_released_but_never_spoken_is_not_counted_as_found(tmp_path) -> None:
    """The director releases the router fact for the question, but the reply never comes."""
    from roleplay.debrief.metrics import compute_metrics
    from roleplay.tui.outcome import outcome_of

    cast = make_cast()
    backend = CannedBackend(["The little light says LOS and it's flashing red."])
    session = CallSession(cast, backend, transcripts=tmp_path)
    await session.start()
    backend.fail_next = BackendError("the model is not answering", "try again")
    with pytest.raises(BackendError):
        await say(session, "What lights can you see on the router?")
    assert "router-lights" in session.state.revealed  # released, but not said
    session.cancel_reply()
    session.end_call("trainee_ended")
    summary = outcome_of(session)
    assert summary.facts_uncovered == []
    assert summary.facts_hidden == len(cast.scenario.facts)
    debrief = compute_metrics(read_transcript(session.path), cast)
    assert debrief.facts_uncovered == []


async def test_a_fact_the_customer_said_is_found_in_summary_and_debrief(tmp_path) -> None:
    from roleplay.debrief.metrics import compute_metrics
    from roleplay.tui.outcome import outcome_of

    cast = make_cast()
    session = CallSession(cast, ScriptedBackend(), transcripts=tmp_path)
    await session.start()
    await say(session, "What lights can you see on the router?")
    session.end_call("trainee_ended")
    fact = cast.scenario.facts[0]
    assert outcome_of(session).facts_uncovered == [fact.fact]
    assert compute_metrics(read_transcript(session.path), cast).facts_uncovered == [fact.id]


async def test_the_summary_says_which_missed_goal_was_optional(tmp_path) -> None:
    """'✗ Check the delivery address' read as a mistake when the scenario made it optional."""
    import copy

    from support.sim_cast import SCENARIO

    from roleplay.tui.outcome import outcome_of

    goals = copy.deepcopy(SCENARIO["goals"])
    goals[1]["required"] = False
    session = CallSession(make_cast(goals=goals), ScriptedBackend(), transcripts=tmp_path)
    await session.start()
    session.end_call("trainee_ended")
    assert outcome_of(session).goals_missed == [
        "Run the remote line reset",
        "Offer the one-month outage credit (optional)",
    ]
