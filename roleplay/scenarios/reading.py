"""What the trainee may read during a call: the briefing and the knowledge-base search.

Kept out of the app so the call screen's side panel and the plain call search and show the
same things with one set of rules.
"""

from __future__ import annotations

from roleplay.scenarios.models import Article, Scenario


def briefing_markdown(scenario: Scenario) -> str:
    """The briefing as Markdown: the summary, then the account screen, one field per line.

    A list, not a table: a table needs a header row and the account has nothing to put in one
    (it showed as an empty row), and in the narrow side panel a two-column table wrapped every
    label. Labels and values are data, so Markdown's marks in them are shown as typed.
    """
    parts = [scenario.briefing.summary]
    account = scenario.briefing.account
    if account:
        fields = "\n".join(
            f"- **{_literal(key)}:** {_literal(value)}" for key, value in account.items()
        )
        parts.append(f"**Account**\n\n{fields}")
    return "\n\n".join(parts)


_MARKDOWN_MARKS = set("\\`*_{}[]<>()#+-.!|~")


def _literal(text: str) -> str:
    """`text` as Markdown that shows exactly these characters, on one line."""
    return "".join(f"\\{c}" if c in _MARKDOWN_MARKS else c for c in " ".join(text.split()))


def briefing_lines(scenario: Scenario) -> list[str]:
    """The briefing as plain lines (no table drawing): the summary, then one line per field."""
    lines = [f"Briefing: {scenario.briefing.summary}"]
    lines += [f"{key}: {value}" for key, value in scenario.briefing.account.items()]
    return lines


def article_matches(article: Article, query: str) -> bool:
    """True when every word of the query occurs in the article's title, body or tags."""
    hay = " ".join([article.title, article.body, *article.tags]).lower()
    return all(word in hay for word in query.lower().split())


def search_articles(articles: list[Article], query: str) -> list[Article]:
    """The articles the knowledge-base search shows for `query`, in the scenario's order."""
    return [article for article in articles if article_matches(article, query)]
