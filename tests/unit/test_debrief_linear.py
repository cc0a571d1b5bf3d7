"""A long call's debrief: the same findings as the plain rules, and work that grows linearly."""

from __future__ import annotations

import re
import sys
import tracemalloc
from itertools import cycle
from pathlib import Path

from support.sim_cast import make_cast

from roleplay.debrief import heuristic_debrief
from roleplay.debrief.call_facts import redetect
from roleplay.detectors import context_rules, repeats
from roleplay.detectors import detect as detect_module
from roleplay.detectors.context_rules import DetectContext
from roleplay.detectors.history import CallLines
from roleplay.detectors.rules import rule_spans
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


def _transcript(turns: int, shift: int = 0) -> Transcript:
    records = _long_call(turns, shift)
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


def _memory_kept(turns: int, shift: int) -> int:
    """Bytes still allocated after re-detecting a call of `turns` turns (facts and caches)."""
    detect_module._detect.cache_clear()
    # The per-call indexes other tests left behind would be dropped while counting, and their
    # bytes freed against this call's: start from none, as a fresh process does.
    for kept in (context_rules._TERMS_HEARD, repeats._HEARD, repeats._ASKED):
        kept.clear()
    transcript, cast = _transcript(turns, shift), make_cast()
    redetect(_transcript(20, shift + 1), cast)  # the detectors are loaded before counting
    tracemalloc.start()
    try:
        facts = redetect(transcript, cast)
        kept, _ = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert facts.trainee
    return kept


def test_a_call_three_times_as_long_keeps_about_three_times_the_memory() -> None:
    # Bytes, not seconds. Each turn's context once copied every earlier line, so the memory a
    # debrief kept (and its time copying, hashing and collecting garbage) grew with the square
    # of the call's length: this ratio was about 5.
    short, long = _memory_kept(300, shift=3), _memory_kept(900, shift=5)
    assert long / short < 3.3, (short, long)


def test_call_lines_are_shared_between_turns_and_equal_by_content() -> None:
    said = CallLines(["Hello.", "My router is down."])
    longer = said.then("Since Monday.")
    assert list(longer) == ["Hello.", "My router is down.", "Since Monday."]
    assert longer[-1] == "Since Monday." and longer[0] == "Hello." and len(longer) == 3
    assert longer.prefix(2) is said
    again = CallLines(("Hello.", "My router is down.", "Since Monday."))
    assert again is longer and hash(again) == hash(longer)
    assert longer == ("Hello.", "My router is down.", "Since Monday.")
    assert said != longer and CallLines() == () and not CallLines()
    ctx = DetectContext(customer_lines=("Hello.", "My router is down."))
    assert ctx.customer_lines is said and ctx == DetectContext(customer_lines=said)


def test_jargon_the_customer_said_first_is_found_as_the_plain_rule_finds_it() -> None:
    # The customer's lines are searched once per term as the call grows, not every line per
    # turn; the answers must be the plain rule's at every point of the call, and after it.
    heard = CallLines()
    said = CallLines()
    lines = [
        ("My ONT light is red.", "Is the ONT light on? I'll raise a ticket number for you."),
        ("What is a ticket number?", "Your ticket number is 42; our backend had an outage."),
        ("Back end of what?", "The back end system, and the ONT, are checked by tier 2."),
    ]
    checked = []
    for customer, trainee in lines * 3:
        heard = heard.then(customer)
        ctx = DetectContext(customer_lines=heard, trainee_lines=said)
        span = rule_spans(trainee, ctx).get(B.JARGON)
        plain = next(
            (
                found.span()
                for term in context_rules.DEFAULT_JARGON
                if (found := context_rules._term(term).search(trainee))
                and not any(context_rules._term(term).search(c) for c in heard)
            ),
            None,
        )
        assert span == plain, (trainee, len(heard))
        checked.append(span)
        said = said.then(trainee)
    shorter = DetectContext(customer_lines=heard.prefix(1))  # an earlier point of the same call
    assert rule_spans(lines[0][1], shorter).get(B.JARGON) is not None  # "ticket number"
    assert checked[0] is not None and checked[3] is None  # the customer has said it since
