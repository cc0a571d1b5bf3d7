"""The summary as it is drawn: long goals and facts wrap under their own text.

Seen by hand: on the summary a long fact wrapped back to column 0, under the labels, so the
figures no longer read as two columns.
"""

from __future__ import annotations

from support.sim_cast import make_cast
from textual.app import App
from textual.geometry import Region
from textual.widget import Widget

from roleplay.tui.outcome import CallOutcome
from roleplay.tui.screens.summary import LABEL_WIDTH, SummaryScreen

LONG_FACT = (
    "The solicitor who helped with the funeral has the originals; she only has a photocopy "
    "of the death certificate, which she keeps in the kitchen drawer."
)
LONG_GOAL = "Explain gently that no solicitor, no court papers and no fee are needed for this"


def outcome() -> CallOutcome:
    return CallOutcome(
        cast=make_cast(),
        difficulty="medium",
        trainee="Sam",
        exam=False,
        end_reason="resolved",
        duration_s=64,
        trainee_turns=3,
        customer_turns=4,
        mood_start=56,
        mood_end=20,
        band_end="calm",
        mood_trail=[56, 40, 20],
        goals_met=[LONG_GOAL],
        goals_missed=["Post the form"],
        facts_uncovered=[LONG_FACT, "She was married forty-one years."],
        facts_hidden=1,
        holds=0,
        hints_used=0,
    )


def drawn(widget: Widget) -> list[str]:
    """The widget's lines as the terminal shows them."""
    return [strip.text for strip in widget.render_lines(Region(0, 0, *widget.size))]


def continuation(lines: list[str], first_words: str) -> tuple[int, list[str]]:
    """Where the item starting with `first_words` starts, and the lines it wraps onto."""
    start = next(i for i, line in enumerate(lines) if first_words in line)
    column = lines[start].index(first_words)
    more = []
    for line in lines[start + 1 :]:
        if line[:column].strip() or not line.strip():
            break  # the next labelled row (or a bullet of its own) begins
        more.append(line)
    return column, more


async def test_a_long_fact_and_goal_wrap_under_their_own_text() -> None:
    app: App[None] = App()
    async with app.run_test(size=(70, 40)) as pilot:
        await app.push_screen(SummaryScreen(outcome()))
        await pilot.pause()
        lines = drawn(app.screen.query_one("#summary-figures"))
    for first_words, tail in ((LONG_FACT[:20], "kitchen drawer."), (LONG_GOAL[:20], "for this")):
        column, more = continuation(lines, first_words)
        assert column == LABEL_WIDTH + 2, lines
        assert more, f"expected {first_words!r} to wrap at 70 columns: {lines}"
        for line in more:
            assert line[column] != " ", f"a wrapped line out of step with its text: {line!r}"
        assert more[-1].rstrip().endswith(tail)
    assert any(line.startswith("Holds") for line in lines), "the next label is back at the left"


async def test_the_score_is_in_sight_at_80x24_without_scrolling(tmp_path) -> None:
    """Seen by hand at 80x24: the score and its pass or fail sat below the fold, with only a
    scroll bar to say there was more."""
    from dataclasses import replace

    saved = replace(outcome(), transcript=tmp_path / "call.jsonl")  # grading shows its words
    app: App[None] = App()
    async with app.run_test(size=(80, 24)) as pilot:
        await app.push_screen(SummaryScreen(saved))
        await pilot.pause()
        body = app.screen.query_one("#summary-body")
        scores = app.screen.query_one("#scores")
        assert body.scroll_y == 0
        assert body.region.contains(scores.region.x, scores.region.y), (body.region, scores.region)
