"""A closing line that asks about a worry still untold hears it before any goodbye.

Taken by hand: with every required goal met, the trainee asked the widow "Is there anything else
on your mind about his account, like any bills going out of it?" The question drew out her fear
for the gas and council tax, but the line also counted as a close, so she answered "Thank you,
dear. You've been so kind. Goodbye." and the call ended with the worry it had just raised untold.
"""

from __future__ import annotations

from pathlib import Path

from debrief_data import cast_for

from roleplay.llm.scripted_backend import ScriptedBackend
from roleplay.sim.session import CallSession
from roleplay.sim.state import EndReason

GOOD = [
    "Oh Margaret, I'm so sorry about Raymond. Please take all the time you need.",
    "For an account this size you don't need a solicitor or any court papers at all.",
    "A certified copy of the certificate from the registrar is enough.",
    "I'll post you the form with a freepost envelope, so all you need to do is sign it.",
]


async def _call(tmp: Path, *lines: str) -> CallSession:
    session = CallSession(cast_for("bereavement-account"), ScriptedBackend(), transcripts=tmp)  # type: ignore[arg-type]
    await session.start()
    for line in lines:
        async for _ in session.reply_to(line):
            pass
    return session


async def test_asking_about_the_bills_in_a_close_hears_them_first(tmp_path: Path) -> None:
    session = await _call(tmp_path, *GOOD)
    assert session.director.resolved and not session.ended
    async for _ in session.reply_to(
        "Is there anything else on your mind about his account, like any bills going out of it?"
    ):
        pass
    assert not session.ended
    assert "council tax" in session.turns[-1].text
    async for _ in session.reply_to(
        "The gas and council tax direct debits can keep running for up to 90 days. "
        "Is there anything else I can help with today?"
    ):
        pass
    assert session.state.end_reason == EndReason.RESOLVED


async def test_a_plain_close_still_ends_the_call(tmp_path: Path) -> None:
    session = await _call(tmp_path, *GOOD, "Is there anything else I can help you with today?")
    assert session.state.end_reason == EndReason.RESOLVED


async def test_asking_what_else_worries_her_hears_the_bills(tmp_path: Path) -> None:
    """Played by hand: "Is there anything else worrying you about Ray's account?" was met with
    "Thank you so much, dear. You've made it bearable. Goodbye." while her fear for the gas and
    council tax was still untold: the question named no bill, and the fact knew only bills."""
    session = await _call(tmp_path, *GOOD)
    async for _ in session.reply_to("Is there anything else worrying you about Ray's account?"):
        pass
    assert not session.ended
    assert "council tax" in session.turns[-1].text
