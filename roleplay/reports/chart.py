"""A trainee's trend as an inline SVG bar chart with the numbers on it (no scripts, no library).

A team lead prints the report or reads it offline, so the chart is plain SVG in the page, each
bar labelled with its average and its month: nothing hides behind a hover.
"""

from __future__ import annotations

from markupsafe import Markup, escape

from roleplay.reports.data import readable_day, readable_month

BAR = 40
GAP = 18
TOP = 18
PLOT = 90
BOTTOM = 20


def _months_between(first: str, last: str) -> list[str]:
    """Every `YYYY-MM` from first to last, so a month without calls keeps its place on the axis."""
    try:
        year, month = (int(part) for part in first.split("-"))
        end = tuple(int(part) for part in last.split("-"))
    except ValueError:
        return []
    months: list[str] = []
    while (year, month) <= end and len(months) < 240:
        months.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


def _with_gaps(trend: list[tuple[str, float]]) -> list[tuple[str, float | None]]:
    """The trend with a `None` slot for each month between the first and last that had no calls."""
    values = dict(trend)
    months = _months_between(trend[0][0], trend[-1][0])
    if not months or not set(values) <= set(months):
        return list(trend)
    return [(month, values.get(month)) for month in months]


def _opening(width: int, height: int, title: str) -> list[str]:
    """The chart's frame: the SVG element, titled for a screen reader, and the axis."""
    return [
        f'<svg class="trend" width="{width}" height="{height}" viewBox="0 0 {width} {height}" '
        f'role="img" aria-label="{escape(title)}"><title>{escape(title)}</title>',
        f'<line x1="0" y1="{TOP + PLOT}" x2="{width}" y2="{TOP + PLOT}" class="axis"/>',
    ]


def _bar(x: int, value: float) -> str:
    """One bar on the 0–100 scale with its score above it, to one decimal as the tables write
    it (a bar's "88" beside the table's 87.5 disagreed)."""
    bar = round(max(0.0, min(100.0, value)) * PLOT / 100, 1)
    y = TOP + PLOT - bar
    return (
        f'<rect x="{x}" y="{y}" width="{BAR}" height="{bar}"/>'
        f'<text x="{x + BAR / 2}" y="{y - 4}" class="value">{round(value, 1):g}</text>'
    )


def trend_svg(trend: list[tuple[str, float]], *, label: str = "") -> Markup:
    """Average score (0–100) per month as labelled bars; empty when there is no trend.

    Months without calls between the first and the last get an empty slot marked "no calls",
    so bars are spaced by time and a gap in practice is visible.
    """
    if not trend:
        return Markup("")
    slots = _with_gaps(sorted(trend))
    width = len(slots) * (BAR + GAP) + GAP
    height = TOP + PLOT + BOTTOM
    title = f"Average score per month{' for ' + label if label else ''}"
    parts = _opening(width, height, title)
    for i, (period, value) in enumerate(slots):
        x = GAP + i * (BAR + GAP)
        month = (
            f'<text x="{x + BAR / 2}" y="{height - 5}" class="period">'
            f"{escape(readable_month(period))}</text>"
        )
        if value is None:
            parts.append(
                f'<text x="{x + BAR / 2}" y="{TOP + PLOT - 4}" class="value none">no calls</text>'
                + month
            )
            continue
        parts.append(_bar(x, value) + month)
    parts.append("</svg>")
    return Markup("".join(parts))


def calls_svg(calls: list[tuple[str, float]], *, label: str = "") -> Markup:
    """Each of the last graded calls as a bar with its score, its day and its time: the trend
    of a trainee whose calls all fall in one month, where a month's bar would be one bar."""
    if not calls:
        return Markup("")
    width = len(calls) * (BAR + GAP) + GAP
    height = TOP + PLOT + BOTTOM + 12
    title = f"Score of each of the last {len(calls)} graded calls{' for ' + label if label else ''}"
    parts = _opening(width, height, title)
    for i, (started_at, value) in enumerate(calls):
        x = GAP + i * (BAR + GAP)
        day, time = readable_day(started_at)
        parts.append(
            _bar(x, value)
            + f'<text x="{x + BAR / 2}" y="{TOP + PLOT + 13}" class="period">{escape(day)}</text>'
            f'<text x="{x + BAR / 2}" y="{TOP + PLOT + 25}" class="period">{escape(time)}</text>'
        )
    parts.append("</svg>")
    return Markup("".join(parts))
