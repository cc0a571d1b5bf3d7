"""The side panel: the briefing (summary and account screen) and a searchable knowledge base.

The briefing and each article are one widget each (`MarkdownPage`), not Textual's `Markdown`
(a widget per block and list item): the side panel sits beside the streaming customer line, and
every frame of the stream lays out the whole screen, so its thirty-odd briefing widgets were
measured again some sixty times a second.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Input, Label, TabbedContent, TabPane

from roleplay.scenarios.models import Article, Scenario
from roleplay.scenarios.reading import article_matches, briefing_markdown
from roleplay.tui.widgets.markdown_page import MarkdownPage


class ArticleView(MarkdownPage):
    """One knowledge-base article."""

    def __init__(self, article: Article) -> None:
        super().__init__(f"**{article.title}**\n\n{article.body}", classes="article")
        self.article = article


class KnowledgeBase(Vertical):
    """The scenario's articles with a search box that filters them as the trainee types."""

    def __init__(self, articles: list[Article], **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.articles = articles

    def compose(self) -> ComposeResult:
        """Search box, the key back to the reply under it, then the articles."""
        yield Input(placeholder="Search the knowledge base", id="kb-search")
        yield Label("", id="kb-back")
        with VerticalScroll(id="kb-articles"):
            for article in self.articles:
                yield ArticleView(article)
            yield Label("", id="kb-none")

    def name_keys(self, key: Callable[[str], str]) -> None:
        """A line under the search box says the key that goes back to the reply box: a trainee
        who searched mid-call typed their next line into the search instead. (Written on the
        box's lower border it was faint and half hidden.)"""
        back = Text.assemble((key("call.reply"), "bold"), " back to reply")
        self.query_one("#kb-back", Label).update(back)

    def on_mount(self) -> None:
        """No "no match" message until there is a query."""
        self.query_one("#kb-none", Label).display = False

    @on(Input.Changed, "#kb-search")
    def _filter(self, event: Input.Changed) -> None:
        shown = 0
        for view in self.query(ArticleView):
            view.display = article_matches(view.article, event.value)
            shown += view.display
        none = self.query_one("#kb-none", Label)
        none.display = shown == 0
        none.update(f"No article mentions “{event.value.strip()}”.")

    def visible_titles(self) -> list[str]:
        """Titles of the articles currently shown."""
        return [v.article.title for v in self.query(ArticleView) if v.display]


class SidePanel(Vertical):
    """What the trainee can read during the call: briefing and knowledge base, in tabs."""

    def __init__(self, scenario: Scenario, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.scenario = scenario

    def compose(self) -> ComposeResult:
        """Two tabs: Briefing and Knowledge base."""
        with TabbedContent(initial="tab-briefing"):
            with TabPane("Briefing", id="tab-briefing"), VerticalScroll():
                yield MarkdownPage(briefing_markdown(self.scenario), id="briefing")
            with TabPane("Knowledge base", id="tab-kb"):
                yield KnowledgeBase(self.scenario.knowledge_base)

    def show_briefing(self) -> None:
        """Open the briefing tab."""
        self.query_one(TabbedContent).active = "tab-briefing"

    def focus_search(self) -> None:
        """Open the knowledge base tab and put the cursor in its search box."""
        self.query_one(TabbedContent).active = "tab-kb"
        self.query_one("#kb-search", Input).focus()
