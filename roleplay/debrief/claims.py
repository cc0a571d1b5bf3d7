"""A model judge's reason kept to what the call bears out.

The judge reads the rubric's level descriptions beside the call, and a small model copies them
into its reason ("Says 'the deceased'") or quotes words nobody said. A team lead must never read
a claim about the call that the transcript does not show, so a sentence of the reason that
quotes words said in no turn of the call is left out (the criterion is flagged with what and
why), and a sentence that restates a level's description instead of the call says only that the
judge placed the call at that level. The level descriptions are shown apart, as the standard
(`CriterionResult.rubric_levels`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from roleplay.debrief.quotes import find_quote
from roleplay.detectors.sentences import sentence_spans
from roleplay.transcript import Transcript

_QUOTED = re.compile(
    r"\"([^\"]{2,}?)\"|\u201c([^\u201d]{2,}?)\u201d|\u2018([^\u2019]{2,}?)\u2019(?!\w)|"
    r"(?<!\w)'([^']{2,}?)'(?!\w)"
)
_WORD = re.compile(r"[a-z0-9']+")
RESTATED = 0.8
"""Share of a level description's words a sentence must hold to count as restating it."""
MIN_LEVEL_WORDS = 3


@dataclass
class CheckedReason:
    """The reason as shown, and each sentence left out with why."""

    text: str
    left_out: list[str] = field(default_factory=list)


def quoted_phrases(text: str) -> list[str]:
    """The phrases a text puts in quotation marks (straight or curly, double or single)."""
    return [next(g for g in m.groups() if g) for m in _QUOTED.finditer(text)]


def said_in_call(transcript: Transcript, phrase: str) -> bool:
    """True when some turn of the call (trainee or customer) holds the phrase as whole words."""
    return any(find_quote(t.text, phrase) is not None for t in transcript.turns)


def _words(text: str) -> list[str]:
    return _WORD.findall(text.lower().replace("\u2019", "'"))


def restated_level(sentence: str, levels: Mapping[int, str]) -> int | None:
    """The level whose description the sentence restates (most of its words), or None."""
    said = set(_words(sentence))
    for level, description in levels.items():
        wanted = set(_words(description))
        if len(wanted) >= MIN_LEVEL_WORDS and len(wanted & said) >= RESTATED * len(wanted):
            return level
    return None


def check_reason(
    reason: str,
    transcript: Transcript,
    levels: Mapping[int, str],
    elsewhere: Iterable[str] = (),
) -> CheckedReason:
    """The judge's reason without sentences the call does not bear out.

    `levels` are this criterion's level descriptions; `elsewhere` those of the other criteria,
    which have no place in this criterion's reason at all.
    """
    others = dict(enumerate(elsewhere))
    kept: list[str] = []
    left_out: list[str] = []
    for start, end in sentence_spans(reason):
        sentence = reason[start:end].strip()
        unsaid = [p for p in quoted_phrases(sentence) if not said_in_call(transcript, p)]
        level = restated_level(sentence, levels)
        if unsaid:
            listed = ", ".join(f'"{p}"' for p in unsaid)
            left_out.append(f"{listed}: words nobody said in the call")
        elif level is not None:  # the judge's placing stands; the level's words are not evidence
            kept.append(f"The judge placed this at the rubric's level {level}.")
        elif restated_level(sentence, others) is not None:
            left_out.append(f'"{sentence}": another criterion\'s rubric words, not the call')
        else:
            kept.append(sentence)
    return CheckedReason(" ".join(kept), left_out)
