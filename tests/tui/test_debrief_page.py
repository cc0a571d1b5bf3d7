"""The debrief screen draws the whole debrief as one widget, and loses none of it.

Seen by hand: pressing d on the summary took about two seconds before the debrief appeared;
the time went on Textual's Markdown mounting a widget per block, list item and table cell.
"""

from __future__ import annotations

import io

from rich.console import Console
from textual.app import App

from roleplay.tui.screens.debrief import DebriefScreen
from roleplay.tui.widgets.markdown_page import Look, render_page

CRITERIA = ["Empathy", "Personal touch", "Ownership", "Going beyond", "Composure", "Call control"]


def long_debrief() -> str:
    """A debrief as long as a real one: a table, a section per criterion with quotes, a list."""
    parts = [
        "# Debrief: Closing her late husband's account",
        "**Overall: 92.5/100 (pass)**, pass mark 70",
        "- Trainee: Sam\n- Customer: Margaret Whitlow\n- Difficulty: *medium*",
        "## Criteria",
        "| Criterion | Weight | Score |\n| --- | --- | --- |\n"
        + "\n".join(f"| {name} | 10 | {n % 5 + 1}/5 |" for n, name in enumerate(CRITERIA)),
    ]
    for name in CRITERIA:
        parts.append(f"### {name}: 4/5")
        parts.append(f"Reasons for {name.lower()}, in a sentence long enough to wrap twice.")
        parts += [f'> Turn {t}: "Quoted line {t} of {name.lower()}."' for t in (2, 6, 10)]
    parts.append("## Metrics")
    parts.append(
        "| Metric | Value |\n| --- | --- |\n"
        + "\n".join(f"| Metric {n} | {n * 3} |" for n in range(20))
    )
    parts.append("## Transcript")
    parts += [f"- **{n} You:** line {n}, \\<= 15% of the turns" for n in range(30)]
    return "\n\n".join(parts)


def plain(markdown: str, width: int = 200) -> str:
    console = Console(width=width, record=True, file=io.StringIO())
    console.print(render_page(markdown, Look.from_variables({})))
    return console.export_text()


async def test_a_long_debrief_opens_as_a_handful_of_widgets() -> None:
    app: App[None] = App()
    async with app.run_test(size=(100, 32)) as pilot:
        screen = DebriefScreen("Debrief", long_debrief())
        await app.push_screen(screen)
        await pilot.pause()
        await pilot.pause()
        widgets = list(screen.walk_children())
        body = screen.query_one("#debrief-body")
        assert body.max_scroll_y > 100, "the whole debrief is there to scroll through"
    assert len(widgets) < 20, f"{len(widgets)} widgets for one document"


def test_every_part_of_the_debrief_is_on_the_page_and_no_markup() -> None:
    markdown = long_debrief()
    text = plain(markdown)
    flat = " ".join(text.split())
    assert "Debrief: Closing her late husband's account" in flat
    assert "Overall: 92.5/100 (pass), pass mark 70" in flat
    assert "• Difficulty: medium" in flat
    for n, name in enumerate(CRITERIA):
        assert f"{name}: 4/5" in flat
        assert f'▌ Turn 6: "Quoted line 6 of {name.lower()}."' in flat
        row = next(line for line in text.splitlines() if f"│ {name} " in line)
        assert f"{n % 5 + 1}/5" in row, "a table row keeps its cells together"
    assert "Metric 19" in flat and "57" in flat
    assert "• 29 You: line 29, <= 15% of the turns" in flat
    for markup in ("**", "| ---", "> Turn", "\\<", "###"):
        assert markup not in text


def test_a_quote_s_bar_runs_down_every_line_it_wraps_onto() -> None:
    long_quote = "> " + " ".join(f"word{n}" for n in range(60))
    lines = [line for line in plain(long_quote, width=40).splitlines() if line.strip()]
    assert len(lines) > 3 and all(line.startswith("▌ ") for line in lines)
