"""BERT's uncased word-piece tokenizer, as the transformer reader was trained with it.

Written out here (about sixty lines) so that reading a line needs no tokenizer library: clean
the text, lower-case it and strip accents, split off punctuation, then cut each word into the
longest pieces the vocabulary knows ("reassured" → "reassured", "unhelpfully" → "un", "##hel",
"##pf", "##ully"). A test checks it against the ids the training tokenizer gave.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence

MAX_WORD = 100


def _is_punctuation(char: str) -> bool:
    cp = ord(char)
    if 33 <= cp <= 47 or 58 <= cp <= 64 or 91 <= cp <= 96 or 123 <= cp <= 126:
        return True
    return unicodedata.category(char).startswith("P")


def _is_cjk(cp: int) -> bool:
    return (
        0x4E00 <= cp <= 0x9FFF
        or 0x3400 <= cp <= 0x4DBF
        or 0x20000 <= cp <= 0x2A6DF
        or 0x2A700 <= cp <= 0x2B73F
        or 0x2B740 <= cp <= 0x2B81F
        or 0x2B820 <= cp <= 0x2CEAF
        or 0xF900 <= cp <= 0xFAFF
        or 0x2F800 <= cp <= 0x2FA1F
    )


def _clean(text: str) -> str:
    out = []
    for char in text:
        cp = ord(char)
        if cp in (0, 0xFFFD):
            continue
        if char in " \t\n\r" or unicodedata.category(char) == "Zs":
            out.append(" ")
        elif unicodedata.category(char) in ("Cc", "Cf"):
            continue
        elif _is_cjk(cp):
            out.append(f" {char} ")
        else:
            out.append(char)
    return "".join(out)


def words(text: str) -> list[str]:
    """Lower-cased, accent-stripped words and punctuation marks, each its own word."""
    folded = unicodedata.normalize("NFD", _clean(text).lower())
    folded = "".join(c for c in folded if unicodedata.category(c) != "Mn")
    out: list[str] = []
    for chunk in folded.split():
        current = ""
        for char in chunk:
            if _is_punctuation(char):
                if current:
                    out.append(current)
                out.append(char)
                current = ""
            else:
                current += char
        if current:
            out.append(current)
    return out


class WordPieces:
    """A vocabulary (one piece per line, in id order) and the cutting of text into its ids."""

    def __init__(self, vocab: Sequence[str]) -> None:
        self.ids = {piece: i for i, piece in enumerate(vocab)}
        self.unknown = self.ids["[UNK]"]
        self.start = self.ids["[CLS]"]
        self.separator = self.ids["[SEP]"]

    def pieces(self, word: str) -> list[int]:
        """The ids of one word's pieces, longest first match (the unknown id if it has none)."""
        if len(word) > MAX_WORD:
            return [self.unknown]
        found: list[int] = []
        start = 0
        while start < len(word):
            end = len(word)
            while end > start:
                piece = word[start:end] if start == 0 else "##" + word[start:end]
                if piece in self.ids:
                    found.append(self.ids[piece])
                    break
                end -= 1
            else:
                return [self.unknown]
            start = end
        return found

    def tokens(self, text: str) -> list[int]:
        return [i for word in words(text) for i in self.pieces(word)]

    def pair(self, first: str, second: str, limit: int) -> tuple[list[int], list[int]]:
        """`[CLS] first [SEP] second [SEP]` and its segment ids, the longer side cut first when
        the pair is over `limit` pieces."""
        a, b = self.tokens(first), self.tokens(second)
        while len(a) + len(b) > limit - 3:
            if len(a) > len(b):
                a.pop()
            else:
                b.pop()
        ids = [self.start, *a, self.separator, *b, self.separator]
        return ids, [0] * (len(a) + 2) + [1] * (len(b) + 1)
