"""A reply the backend stopped part-way (too slow, too long) is kept, saved and explained."""

from __future__ import annotations

import asyncio
import io
from collections.abc import AsyncIterator

from fake_backends import CannedBackend
from support.sim_cast import PERSONA, make_cast

from roleplay.llm.base import BackendError, Prompt, ReplyCutShort
from roleplay.sim.events import Said
from roleplay.sim.session import CallSession
from roleplay.transcript import read_transcript

WHY = "the reply from http://slow.test/v1 was still coming after 60 s, so it was cut short there"
LINE = "I'm so sorry about this. Can you tell me more?"


class CutShort(CannedBackend):
    """Says `said` in pieces, then stops the reply the way the openai backend does."""

    def __init__(self, said: str) -> None:
        super().__init__([], mode="chat")
        self.said = said

    async def stream(self, prompt: Prompt) -> AsyncIterator[str]:
        self.prompts.append(prompt)
        for word in self.said.split(" "):
            yield word + " "
        raise ReplyCutShort(WHY, "raise openai.reply_deadline_s")


async def test_the_text_so_far_is_said_saved_and_the_reason_given(tmp_path):
    session = CallSession(make_cast(), CutShort("Look, I have been waiting"), transcripts=tmp_path)
    await session.start()
    said = [e async for e in session.reply_to(LINE) if isinstance(e, Said)]
    assert len(said) == 1
    assert said[0].turn.text == "Look, I have been waiting"
    assert said[0].notice.startswith(WHY)
    assert not session.awaiting_reply, "the reply was given; nothing is owed"
    session.end_call()
    saved = read_transcript(session.path)
    assert [(t.speaker, t.text) for t in saved.turns][-2:] == [
        ("trainee", LINE),
        ("customer", "Look, I have been waiting"),
    ]
    assert [(e.kind, e.text.split(". ")[0]) for e in saved.events] == [("error", WHY)]


async def test_a_reply_cut_before_any_words_is_a_failure_to_retry(tmp_path):
    session = CallSession(make_cast(), CutShort(""), transcripts=tmp_path)
    await session.start()
    try:
        _ = [e async for e in session.reply_to(LINE)]
    except BackendError as exc:
        assert str(exc).startswith(WHY)
    else:
        raise AssertionError("a reply with no words must not pass as said")
    assert session.awaiting_reply


def test_a_plain_call_prints_the_line_and_why_it_stopped(tmp_path, monkeypatch):
    from roleplay.commands.call import plain_call

    monkeypatch.setattr(
        "roleplay.llm.factory.make_backend", lambda *a, **k: CutShort("Fine, but hurry up")
    )
    out, err = io.StringIO(), io.StringIO()
    code = asyncio.run(
        plain_call(
            make_cast(),
            backend_name="canned",
            settings=None,
            difficulty="medium",
            trainee="Sam",
            transcripts=tmp_path,
            stdin=io.StringIO(f"{LINE}\n/end\n"),
            out=out,
            err=err,
        )
    )
    assert code == 0
    assert f"{PERSONA['name']}: Fine, but hurry up\n" in out.getvalue()
    assert f"roleplay: {WHY}" in err.getvalue()
    assert "/retry" not in err.getvalue(), "nothing is owed, so nothing to retry"
