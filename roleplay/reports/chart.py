"""A trainee's trend as an inline SVG bar chart with the numbers on it (no scripts, no library).

A team lead prints the report or reads it offline, so the chart is plain SVG in the page, each
bar labelled with its average and its month: nothing hides behind a hover.
"""

from __future__ import annotations

from markupsafe import Markup, escape

from roleplay.reports.data import readable_month

BAR = 40
GAP = 18
TOP = 18
PLOT = 90
BOTTOM = 20


def trend_svg(trend: list[tuple[str, float]], *, label: str = "") -> Markup:
    """Average score (0–100) per month as labelled bars; empty when there is no trend."""
    if not trend:
        return Markup("")
    width = len(trend) * (BAR + GAP) + GAP
    height = TOP + PLOT + BOTTOM
    title = f"Average score per month{' for ' + label if label else ''}"
    parts = [
        f'<svg class="trend" width="{width}" height="{height}" viewBox="0 0 {width} {height}" '
        f'role="img" aria-label="{escape(title)}"><title>{escape(title)}</title>',
        f'<line x1="0" y1="{TOP + PLOT}" x2="{width}" y2="{TOP + PLOT}" class="axis"/>',
    ]
    for i, (period, value) in enumerate(trend):
        x = GAP + i * (BAR + GAP)
        bar = round(max(0.0, min(100.0, value)) * PLOT / 100, 1)
        y = TOP + PLOT - bar
        parts.append(f'<rect x="{x}" y="{y}" width="{BAR}" height="{bar}"/>')
        parts.append(
            f'<text x="{x + BAR / 2}" y="{y - 4}" class="value">{value:.0f}</text>'
            f'<text x="{x + BAR / 2}" y="{height - 5}" class="period">'
            f"{escape(readable_month(period))}</text>"
        )
    parts.append("</svg>")
    return Markup("".join(parts))
