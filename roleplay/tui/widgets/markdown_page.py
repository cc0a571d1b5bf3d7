"""A Markdown document drawn as one widget, so a long one opens at once.

Textual's Markdown widget mounts a widget per block, per list item and per table cell: a
debrief of 150 lines is some 270 widgets, and styling and laying them out took about two
seconds on a busy machine before the debrief appeared. Here the document becomes one Rich
renderable (headings, paragraphs, lists, quotes, tables) in one Static, coloured from the app's
theme, and it opens in a small fraction of that.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from markdown_it import MarkdownIt
from markdown_it.tree import SyntaxTreeNode
from rich import box
from rich.console import Console, ConsoleOptions, Group, RenderableType, RenderResult
from rich.segment import Segment
from rich.style import Style
from rich.table import Table
from rich.text import Text
from textual.color import Color, ColorParseError
from textual.widgets import Static

BULLET = "• "


@dataclass(frozen=True)
class Look:
    """The page's styles, resolved from the app's theme (Rich cannot read theme variables)."""

    h1: Style
    h2: Style
    h3: Style
    bar: Style
    quote: Style
    code: Style
    header: Style
    border: Style
    muted: Style

    @classmethod
    def from_variables(cls, variables: dict[str, str]) -> Look:
        """The look for a theme's CSS variables (`App.get_css_variables()`)."""

        def colour(name: str, fallback: str = "default") -> str:
            try:
                return Color.parse(variables.get(name, fallback)).rich_color.name
            except (ColorParseError, ValueError):
                return fallback

        def heading(level: int) -> Style:
            words = variables.get(f"markdown-h{level}-text-style", "bold")
            styles = " ".join(w for w in words.split() if w != "none")
            return Style.parse(f"{styles} {colour(f'markdown-h{level}-color', 'default')}".strip())

        primary = colour("text-primary", colour("primary"))
        return cls(
            h1=heading(1) + Style(bold=True),
            h2=heading(2) + Style(bold=True),
            h3=heading(3),
            bar=Style(color=primary),
            quote=Style(),
            code=Style(bold=True, color=colour("accent")),
            header=Style(bold=True),
            border=Style(color=colour("border", "default"), dim=True),
            muted=Style(dim=True),
        )


class _Quoted:
    """A block quote: the content with a bar down its left side, as long as the content."""

    def __init__(self, content: RenderableType, bar: Style) -> None:
        self.content = content
        self.bar = bar

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        inner = options.update_width(max(options.max_width - 2, 1))
        for line in console.render_lines(self.content, inner, pad=False):
            yield Segment("▌ ", self.bar)
            yield from line
            yield Segment.line()


def _inline(node: SyntaxTreeNode, look: Look, style: Style | None = None) -> Text:
    """The text of an inline node, with bold, italics, code and links kept as styles."""
    text = Text()
    base = style or Style()
    for child in node.children:
        kind = child.type
        if kind in ("text", "html_inline"):
            text.append(child.content, base)
        elif kind == "softbreak":
            text.append(" ", base)
        elif kind == "hardbreak":
            text.append("\n", base)
        elif kind == "code_inline":
            text.append(child.content, base + look.code)
        elif kind == "strong":
            text.append_text(_inline(child, look, base + Style(bold=True)))
        elif kind == "em":
            text.append_text(_inline(child, look, base + Style(italic=True)))
        elif kind == "s":
            text.append_text(_inline(child, look, base + Style(strike=True)))
        elif kind == "link":
            text.append_text(_inline(child, look, base + Style(underline=True)))
        elif kind == "image":
            text.append(str(child.attrs.get("alt", "") or child.content), base + look.muted)
        else:
            text.append_text(_inline(child, look, base) if child.children else Text(child.content))
    return text


def _inline_of(node: SyntaxTreeNode, look: Look, style: Style | None = None) -> Text:
    """The text of a block holding one inline node (a paragraph, heading or table cell)."""
    found = [child for child in node.children if child.type == "inline"]
    return _inline(found[0], look, style) if found else Text()


def _table(node: SyntaxTreeNode, look: Look) -> Table:
    table = Table(
        box=box.SQUARE,
        expand=True,
        header_style=look.header,
        border_style=look.border,
        show_edge=True,
        pad_edge=True,
    )
    rows: list[list[Text]] = []
    for section in node.children:
        for row in section.children:
            cells = [_inline_of(cell, look) for cell in row.children]
            if section.type == "thead":
                for cell, head in zip(cells, row.children, strict=False):
                    right = "right" in str(head.attrs.get("style", ""))
                    table.add_column(cell, justify="right" if right else "left")
            else:
                rows.append(cells)
    for cells in rows:
        table.add_row(*cells)
    return table


def _list(node: SyntaxTreeNode, look: Look) -> Table:
    grid = Table.grid(expand=True)
    grid.add_column(no_wrap=True)
    grid.add_column(ratio=1)
    start = int(node.attrs.get("start", 1) or 1)
    for n, item in enumerate(node.children, start):
        mark = f"{n}. " if node.type == "ordered_list" else BULLET
        grid.add_row(Text(mark, look.bar), Group(*_blocks(item.children, look, spaced=False)))
    return grid


def _block(node: SyntaxTreeNode, look: Look) -> RenderableType | None:
    kind = node.type
    if kind == "heading":
        style = {"h1": look.h1, "h2": look.h2}.get(node.tag, look.h3)
        return _inline_of(node, look, style)
    if kind == "paragraph":
        return _inline_of(node, look)
    if kind in ("bullet_list", "ordered_list"):
        return _list(node, look)
    if kind == "blockquote":
        return _Quoted(Group(*_blocks(node.children, look, spaced=True)), look.bar)
    if kind == "table":
        return _table(node, look)
    if kind == "hr":
        return Text("─" * 40, look.muted)
    if kind in ("code_block", "fence"):
        return Text(node.content.rstrip("\n"), look.code)
    if kind == "html_block":
        return Text(node.content.rstrip("\n"))
    return None


def _blocks(
    nodes: Iterable[SyntaxTreeNode], look: Look, *, spaced: bool
) -> Iterator[RenderableType]:
    """Each block in turn; `spaced` puts a blank line between them (not inside list items)."""
    first = True
    for node in nodes:
        drawn = _block(node, look)
        if drawn is None:
            continue
        if spaced and not first:
            yield Text()
        first = False
        yield drawn


def render_page(markdown: str, look: Look) -> Group:
    """The whole document as one renderable."""
    tree = SyntaxTreeNode(MarkdownIt("gfm-like").parse(markdown))
    return Group(*_blocks(tree.children, look, spaced=True))


class MarkdownPage(Static):
    """A Markdown document in one widget; `show` replaces it.

    No CSS of its own (a Static is already as tall as its content): a class's first CSS makes
    Textual parse the app's whole stylesheet again, at the moment the debrief opens.
    """

    def __init__(self, markdown: str = "", **kwargs: str | None) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.source = markdown
        """The Markdown shown (what the page was drawn from)."""

    def on_mount(self) -> None:
        """Draw the page in the app's colours."""
        self.show(self.source)

    def show(self, markdown: str) -> None:
        """Draw this document instead."""
        self.source = markdown
        self.update(render_page(markdown, Look.from_variables(self.app.get_css_variables())))
