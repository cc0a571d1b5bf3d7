"""The briefing as the side panel draws it: the account screen as labelled fields.

Parsed with the parser Textual's Markdown widget uses, so what is checked is what is drawn.
"""

from __future__ import annotations

from itertools import pairwise

from markdown_it import MarkdownIt
from support.sim_cast import make_cast

from roleplay.scenarios.reading import briefing_markdown


def drawn(markdown: str) -> tuple[list[str], list[str]]:
    """The text of each table header cell, and of each paragraph, as the widget shows them."""
    tokens = MarkdownIt("gfm-like").parse(markdown)
    headers: list[str] = []
    paragraphs: list[str] = []
    for opening, inline in pairwise(tokens):
        if inline.type != "inline":
            continue
        text = "".join(child.content for child in inline.children or [] if child.type == "text")
        if opening.type == "th_open":
            headers.append(text)
        elif opening.type == "paragraph_open":
            paragraphs.append(text)
    return headers, paragraphs


def test_the_account_has_no_empty_header_row_and_reads_label_then_value():
    """Seen by hand: the account table opened with an empty header row."""
    cast = make_cast()  # its account: Plan, Fault flag
    headers, paragraphs = drawn(briefing_markdown(cast.scenario))
    assert all(cell.strip() for cell in headers), f"an empty header cell: {headers}"
    assert "Plan: Fibre 150" in paragraphs and "Fault flag: Mon 06:12" in paragraphs


def test_marks_in_an_account_value_are_shown_as_typed():
    account = {"Ref | old": "*A-12* _x_ [1](y) `z` # 3. <b>", "Balance": "£6,240.18"}
    cast = make_cast(briefing={"summary": "Someone calls.", "account": account})
    _, paragraphs = drawn(briefing_markdown(cast.scenario))
    for label, value in account.items():
        assert f"{label}: {value}" in paragraphs
