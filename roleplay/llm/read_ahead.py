"""The call read ahead in pieces, so the model can stop between them.

llama.cpp cannot be interrupted while it reads a prompt. Read as a run of growing beginnings of
the call, each one reusing the engine's cache of the last, the same text costs about the same,
and the model gives way after any piece: the event loop runs between pieces, and a reply asked
for cancels the rest (it reads what is left itself).
"""

from __future__ import annotations

PIECE_CHARS = 240
"""About 60 tokens: a tenth of a second of reading on two cores."""


def pieces(text: str, size: int | None = PIECE_CHARS) -> list[str]:
    """Growing beginnings of `text`, each about `size` characters longer, the last `text` itself.

    Each cut falls just before a space or a line break, so a beginning reads as the same tokens
    as in the whole text (the tokenizer joins a space to the word after it, not the one before).
    None or 0: the text in one piece.
    """
    if not size or len(text) <= size:
        return [text]
    cuts: list[str] = []
    start = 0
    while len(text) - start > size:
        reach = start + size + 1
        cut = max(text.rfind(" ", start + 1, reach), text.rfind("\n", start + 1, reach))
        if cut <= start:  # one long word: cut at the first break after it
            later = [i for i in (text.find(" ", reach), text.find("\n", reach)) if i > 0]
            if not later:
                break
            cut = min(later)
        cuts.append(text[:cut])
        start = cut
    return [*cuts, text]
