"""Drawing the customer's reply as the session yields it, one `match` over the reply's events."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncGenerator, Callable
from contextlib import aclosing

from roleplay.sim.events import Chunk, ReplyEvent, Retract, Said
from roleplay.tui.call_words import sentence
from roleplay.tui.widgets.conversation import Conversation, CustomerLine


async def draw_reply(
    events: AsyncGenerator[ReplyEvent, None],
    line: CustomerLine,
    conversation: Conversation,
    *,
    held: bool,
    saved: Callable[[], None],
) -> bool:
    """Draw the reply into `line`; True once the line was saved (`saved` is called then).

    `held`: the words are not drawn as they arrive, only the saved line (behind "…" meanwhile),
    for a model whose lines may fail a check and be replaced part-way.
    """
    said = False
    try:
        async with aclosing(events) as stream:
            async for event in stream:
                match event:
                    case Chunk(text=piece) if not held:
                        await line.write(piece)
                    case Retract() if not held:
                        await line.restart()
                    case Said(turn=turn, notice=notice):
                        # Saved: from here on the line stays, even if the worker is cancelled.
                        said = True
                        saved()
                        await asyncio.shield(line.finish(turn.text))
                        if notice:
                            await conversation.add_note("error", sentence(notice))
    except BaseException:
        if not said:
            await line.abandon()
        raise
    return said
