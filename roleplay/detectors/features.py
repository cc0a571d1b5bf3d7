"""One featuriser for training and for scoring, so the shipped model sees what it was trained on.

A line becomes a set of named features: word n-grams, character n-grams inside words, which
rules fired, the shape of any question, and how much of the customer's last line it takes up
(a paraphrase restates what was just said; the words alone cannot tell).
"""

from __future__ import annotations

import re

from roleplay.detectors.rules import PATTERN_RULES

_QUOTES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"', "`": "'"})
_TOKEN = re.compile(r"[a-z0-9£$%]+(?:'[a-z]+)?|[?!]")
_SENTENCE = re.compile(r"[^.?!]+[.?!]*")
_STOP = frozenset(
    """a an and are as at be been but by can could did do does for from had has have he her him
    his i if in is it its just me my no not of on or our she so that the their them then there
    they this to was we were what when where which who will with would yes you your i'm it's
    that's i'll you're i've we'll don't ok okay right well oh really very""".split()  # noqa: SIM905
)
QUESTION_OPENERS = frozenset(
    [
        "what",
        "how",
        "why",
        "which",
        "when",
        "where",
        "who",
        "is",
        "are",
        "do",
        "does",
        "did",
        "can",
        "could",
        "would",
        "will",
        "have",
        "has",
        "was",
        "were",
        "should",
        "shall",
        "may",
        "might",
    ]
)


def normalise(text: str) -> str:
    """Lower case, straight quotes, single spaces."""
    return re.sub(r"\s+", " ", text.translate(_QUOTES).lower()).strip()


def tokens(text: str) -> list[str]:
    """Words (with their apostrophes) and the marks ? and !, in order."""
    return _TOKEN.findall(normalise(text))


def content_words(text: str) -> set[str]:
    """Words that carry meaning: no stop words, nothing shorter than three letters."""
    return {t for t in tokens(text) if len(t) > 2 and t not in _STOP and t not in "?!"}


def _stem(word: str) -> str:
    for suffix in ("ing", "ed", "es", "s"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[: -len(suffix)]
    return word


def _overlap(line: str, customer: str) -> list[str]:
    said = {_stem(w) for w in content_words(customer)}
    if not said:
        return ["ctx:none"]
    mine = {_stem(w) for w in content_words(line)}
    shared = len(mine & said)
    share = shared / max(1, len(mine))
    feats = [f"ov:{min(shared, 4)}", f"ovr:{min(int(share * 4), 3)}"]
    words = tokens(line)
    if words and words[0] in {"so", "sounds", "it", "you", "right", "okay", "just"}:
        feats.append(f"ov:{min(shared, 4)}&start:{words[0]}")
    if shared >= 2 and "?" not in words:
        feats.append("ov2+&statement")
    return feats


def _questions(text: str) -> list[str]:
    feats: list[str] = []
    for sentence in _SENTENCE.findall(normalise(text)):
        if not sentence.rstrip().endswith("?"):
            continue
        words = _TOKEN.findall(sentence)
        first = next((w for w in words if w in QUESTION_OPENERS), "other")
        feats.append(f"q:{first}")
        feats.append(f"qlen:{min(len(words) // 4, 4)}")
    return feats


def rule_hits(line: str) -> list[str]:
    """The pattern rules that match the line, as they stand alone (no context, no adjustments)."""
    return [b.value for b, rule in PATTERN_RULES.items() if rule.search(line)]


def features(line: str, customer: str = "", *, rules: bool = True, chars: bool = True) -> set[str]:
    """Every feature of a trainee line, given the customer's last line.

    `rules` adds which pattern rules match; `chars` adds character n-grams (both on in the
    shipped model; off only to measure what each adds).
    """
    words = tokens(line)
    padded = ["<s>", *words, "</s>"]
    feats: set[str] = set()
    for n in (1, 2, 3):
        for i in range(len(padded) - n + 1):
            feats.add("w:" + " ".join(padded[i : i + n]))
    if chars:
        for word in words:
            marked = f" {word} "
            for n in (3, 4, 5):
                for i in range(len(marked) - n + 1):
                    feats.add("c:" + marked[i : i + n])
    if rules:
        feats.update(f"r:{hit}" for hit in rule_hits(line))
    feats.update(_questions(line))
    feats.update(_overlap(line, customer))
    feats.add(f"len:{min(len(words) // 6, 5)}")
    return feats
