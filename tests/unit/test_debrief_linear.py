"""A long call's debrief: the same findings as the plain rules, and work that grows linearly."""

from __future__ import annotations

import re
import sys
from itertools import cycle
from pathlib import Path

from support.sim_cast import make_cast

from roleplay.debrief import heuristic_debrief
from roleplay.detectors import detect as detect_module
from roleplay.detectors.rules import DetectContext, rule_spans
from roleplay.scenarios.behaviours import Behaviour as B
from roleplay.transcript import Event, Header, Transcript, Turn, TurnState, read_transcript
from roleplay.words import STOP_WORDS

CALLS = Path(__file__).resolve().parents[1] / "data" / "transcripts"


def _content_words(text: str) -> set[str]:
    stop = STOP_WORDS | {"their", "please"}
    return {w for w in re.findall(r"[a-z']+", text.lower()) if w not in stop and len(w) > 2}


def plain_repeats_question(line: str, ctx: DetectContext) -> tuple[int, int] | None:
    """The rule as first written: every line compared with every earlier one (the spec)."""
    if "?" not in line or not ctx.customer_lines:
        return None
    asked = _content_words(line.split("?")[0])
    if len(asked) < 2:
        return None
    for earlier in ctx.trainee_lines:
        if "?" in earlier and len(asked & _content_words(earlier)) >= max(2, int(0.8 * len(asked))):
            answered = set().union(*(_content_words(c) for c in ctx.customer_lines))
            if asked & answered:
                return 0, line.index("?") + 1
            return None
    return None


def _said() -> tuple[list[str], list[str]]:
    """Every trainee and customer line of the committed test calls."""
    trainee: list[str] = []
    customer: list[str] = []
    for path in sorted(CALLS.glob("*/*.jsonl")):
        call = read_transcript(path)
        trainee += [t.text for t in call.turns if t.speaker == "trainee"]
        customer += [t.text for t in call.turns if t.speaker == "customer"]
    return trainee, customer


def _long_call(turns: int, shift: int = 0) -> list[tuple[str, str]]:
    """(speaker, text) for a call of `turns` turns, customer first, cycling the committed lines."""
    trainee, customer = _said()
    said = cycle(trainee[shift:] + trainee[:shift])
    heard = cycle(customer[shift:] + customer[:shift])
    return [("customer", next(heard)) if i % 2 else ("trainee", next(said)) for i in range(turns)]


def _contexts(call: list[tuple[str, str]]) -> list[tuple[str, DetectContext]]:
    """Each trainee line with the context the debrief gives it: the call so far."""
    heard: list[str] = []
    said: list[str] = []
    out = []
    for speaker, text in call:
        if speaker == "customer":
            heard.append(text)
            continue
        out.append((text, DetectContext(customer_lines=tuple(heard), trainee_lines=tuple(said))))
        said.append(text)
    return out


def test_repeated_questions_in_a_long_call_are_the_ones_the_plain_rule_finds() -> None:
    # Two long calls graded in turns, and one re-graded from the start, so the rule meets
    # histories that grow, shrink and change between lines.
    first, second = _contexts(_long_call(600)), _contexts(_long_call(600, shift=7))
    lines = [pair for both in zip(first, second, strict=True) for pair in both] + first[:50]
    found = 0
    for line, ctx in lines:
        expected = plain_repeats_question(line, ctx)
        spans = rule_spans(line, ctx)
        assert spans.get(B.REPEATS_QUESTION) == expected, (line, len(ctx.trainee_lines))
        found += expected is not None
    questions = sum("?" in line for line, _ in lines)
    assert 50 < found < questions  # the case has repeated questions and questions that are not


def _transcript(turns: int) -> Transcript:
    records = _long_call(turns)
    return Transcript(
        header=Header(call_id=f"long-{turns}", scenario_id="test-broadband-down"),
        turns=[
            Turn(
                id=i,
                speaker=speaker,  # type: ignore[arg-type]
                text=text,
                response_s=6.0 if speaker == "trainee" else None,
                state=TurnState(mood=60.0 - (i % 7), band="upset"),
            )
            for i, (speaker, text) in enumerate(records, start=1)
        ],
        events=[Event(kind="hold", asked_permission=True), Event(kind="resume", duration_s=30)],
    )


def _calls_made(transcript: Transcript) -> int:
    """Python and builtin calls made by one heuristic debrief, every line detected afresh."""
    detect_module._detect.cache_clear()
    made = 0

    def count(frame: object, event: str, arg: object) -> None:
        nonlocal made
        if event in ("call", "c_call"):
            made += 1

    cast = make_cast()
    sys.setprofile(count)
    try:
        heuristic_debrief(transcript, cast)
    finally:
        sys.setprofile(None)
    return made


def test_a_debrief_twice_as_long_is_about_twice_the_work() -> None:
    # Counted calls, not seconds: the same on every machine. Comparing each line with every
    # earlier one (or each evidence quote with every earlier quote) made this about 2.3.
    short, long = _calls_made(_transcript(300)), _calls_made(_transcript(600))
    assert long / short < 2.1, (short, long)
