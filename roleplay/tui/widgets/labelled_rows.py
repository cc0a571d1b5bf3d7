"""Rows of a label and a value, where a long value wraps under its own text.

The summary's figures and scores read as a column of labels beside a column of values; a fact
or goal too long for one line must carry on under itself (after its bullet or ✓), not back at
the left edge where the labels are. One widget draws them all, so the summary stays a handful
of widgets however many facts there are.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from textual.content import Content
from textual.geometry import Size
from textual.widgets import Static

LABEL_STYLE = "bold $text-muted"
NARROWEST_VALUE = 12
"""Below this many columns for the value, wrapping under the label column beats a sliver."""


@dataclass(frozen=True)
class Row:
    """One line of the table: a label ("" continues the row above), a mark, then the value."""

    label: str | None
    """None: no label column at all (a sentence across the whole width)."""
    value: str | Content
    mark: str | Content = ""
    """A bullet or ✓ before the value; wrapped lines start under the value, after it."""


def hanging_lines(rows: Sequence[Row], width: int, label_width: int) -> list[Content]:
    """The rows as screen lines at `width` columns, each value wrapped under its own start."""
    lines: list[Content] = []
    for row in rows:
        label = "" if row.label is None else f"{row.label:<{label_width}}"
        head = Content.assemble((label, LABEL_STYLE), row.mark)
        indent = head.cell_length
        value = Content(row.value) if isinstance(row.value, str) else row.value
        if indent == 0 or width - indent < NARROWEST_VALUE:
            lines += Content.assemble(head, value).wrap(width)
            continue
        pieces = value.wrap(width - indent) or [Content("")]
        lines.append(Content.assemble(head, pieces[0]))
        lines += [Content.assemble(" " * indent, piece) for piece in pieces[1:]]
    return lines


class LabelledRows(Static):
    """Labelled rows drawn as one block; `show` replaces them.

    A Static for its height (as tall as its content) without CSS of its own: a class's first
    CSS makes Textual parse the app's whole stylesheet again, as the summary opens.
    """

    def __init__(self, rows: Sequence[Row] = (), *, label_width: int, **kwargs: str | None) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.rows = list(rows)
        self.label_width = label_width

    def show(self, rows: Sequence[Row]) -> None:
        """Draw these rows instead (the height follows)."""
        self.rows = list(rows)
        self.refresh(layout=True)

    def render(self) -> Content:
        """The rows wrapped at the widget's width."""
        width = self.size.width or 80
        return Content("\n").join(hanging_lines(self.rows, width, self.label_width))

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        """As many lines as the rows take at `width`."""
        return len(hanging_lines(self.rows, max(width, 1), self.label_width))
