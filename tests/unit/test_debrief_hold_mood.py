"""The debrief's mood rises agree with the meter the trainee watched through a hold.

Taken by hand: an unasked-for hold moved the widow's mood 41 → 51 at once (the meter showed it
during the wait, and her words on coming back were recorded at 51). The debrief then added the
hold on top of those words again: "Turn 7, the hold before it (silent hold): 51 to 61", a mood
she never had, and the next line's fall was overstated by the same ten points.
"""

from __future__ import annotations

from pathlib import Path

from debrief_data import cast_for

from roleplay.debrief import build_debrief, render, render_markdown
from roleplay.debrief.metrics import compute_metrics
from roleplay.llm.scripted_backend import ScriptedBackend
from roleplay.sim.session import CallSession
from roleplay.transcript import read_transcript


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


async def _say(session: CallSession, line: str) -> None:
    async for _ in session.reply_to(line):
        pass


async def test_an_unasked_hold_is_counted_once_from_the_mood_before_it(tmp_path: Path) -> None:
    clock = Clock()
    cast = cast_for("bereavement-account")
    session = CallSession(cast, ScriptedBackend(), transcripts=tmp_path, clock=clock)  # type: ignore[arg-type]
    await session.start()
    await _say(session, "Hello, you're through to Sam.")
    before_hold = session.state.mood
    session.toggle_hold()  # not asked first: a silent hold
    clock.now += 15
    session.toggle_hold()  # back, and she says so
    back = session.turns[-1]
    assert back.source == "hold" and back.state is not None
    after_hold = back.state.mood
    assert after_hold > before_hold  # the wait did move her
    await _say(session, "I'm so sorry for your loss, Margaret.")
    line = session.turns[-2]
    assert line.speaker == "trainee" and line.state is not None
    session.end_call()
    await session.aclose()

    assert session.path is not None
    metrics = compute_metrics(read_transcript(session.path), cast)
    hold = next(j for j in metrics.mood.biggest_rises if j.cause == "hold")
    assert (hold.turn_id, hold.before, hold.after) == (line.id, before_hold, after_hold)
    jumps = [j for j in (*metrics.mood.biggest_rises, *metrics.mood.biggest_falls)]
    said = next(j for j in jumps if j.turn_id == line.id and j.cause != "hold")
    assert (said.before, said.after) == (after_hold, line.state.mood)


async def test_a_hold_that_hurt_is_not_pinned_on_the_words_after_it(tmp_path: Path) -> None:
    """Taken by hand: the card read 'You said: "I'm so sorry for your loss, Margaret."' with
    'Why it hurt: The customer waited 15 s on a hold you did not ask for', as if the condolence
    had hurt the call."""
    clock = Clock()
    cast = cast_for("bereavement-account")
    session = CallSession(cast, ScriptedBackend(), transcripts=tmp_path, clock=clock)  # type: ignore[arg-type]
    await session.start()
    await _say(session, "Hello, you're through to Sam.")
    session.toggle_hold()
    clock.now += 15
    session.toggle_hold()
    await _say(session, "I'm so sorry for your loss, Margaret.")
    session.end_call()
    await session.aclose()
    assert session.path is not None
    call = read_transcript(session.path)
    debrief = build_debrief(call, cast)
    card = next(i for i in debrief.improvements if "hold" in i.why)
    assert card.cause == "hold"
    markdown = render_markdown(debrief, call)
    assert f"**Turn {card.turn_id}, the hold before it**" in markdown
    assert "You said: \"I'm so sorry for your loss" not in markdown
    html = render(debrief, "html", call)
    assert "What happened" in html
