"""Debrief reports: JSON (the model itself), Markdown, and a self-contained HTML page.

Everything the trainee said is untrusted text. The HTML template autoescapes every value and
the page loads nothing from outside (inline CSS, inline SVG, no scripts). The Markdown
environment escapes every value too, so a trainee line with a link or a tag shows literally.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import Any, Literal

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

from roleplay.choices import DebriefFormat
from roleplay.debrief.heuristic_rules import RULES
from roleplay.debrief.model import CriterionResult, Debrief, score_text
from roleplay.scenarios.models import CriterionKind, MoodBand
from roleplay.transcript import Transcript, end_phrase, line_source
from roleplay.transcript.dates import written_utc
from roleplay.transcript.durations import spoken

FORMATS = tuple(DebriefFormat)

BAND_COLOURS = {
    MoodBand.CALM: "#d8f0dc",
    MoodBand.UNEASY: "#eef3cf",
    MoodBand.UPSET: "#fbe7c6",
    MoodBand.ANGRY: "#f8d2c4",
    MoodBand.FURIOUS: "#f3bcbc",
}

_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>#|~!&{}])")


def md_escape(value: Any) -> str:
    """Any value as inert Markdown text: specials backslash-escaped, links and lines broken."""
    if value is None:
        return ""
    text = " ".join(str(value).split())
    text = _MD_SPECIAL.sub(r"\\\1", text)
    text = text.replace("://", "\\://").replace("www.", "www\\.")
    if text[:1] and text[0] in "-+=":
        text = "\\" + text
    return text


def _duration(seconds: float | None) -> str:
    if seconds is None:
        return "unknown"
    return spoken(seconds)


def _response(seconds: float | None) -> str:
    """How long the trainee took to answer: a tenth of a second matters under ten seconds,
    beyond that a length in words like every other ("2 min 02 s", never "122.25 s")."""
    if seconds is None:
        return "n/a"
    return f"{seconds:.1f} s".replace(".0 s", " s") if seconds < 10 else spoken(seconds)


def _score(value: float | int | None) -> str:
    if value is None:
        return "n/a"
    return score_text(value)


@cache
def _environment(kind: Literal["html", "md"]) -> Environment:
    if kind == "html":
        env = Environment(
            loader=PackageLoader("roleplay.debrief", "templates"),
            autoescape=select_autoescape(default=True, default_for_string=True),
            undefined=StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
        )
    else:
        env = Environment(
            loader=PackageLoader("roleplay.debrief", "templates"),
            autoescape=False,
            undefined=StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
            finalize=md_escape,
        )
    env.filters["duration"] = _duration
    env.filters["when"] = written_utc
    env.filters["score"] = _score
    env.filters["response"] = _response
    env.filters["line_source"] = line_source
    env.filters["words"] = end_phrase
    return env


# --------------------------------------------------------------------------- charts


@dataclass(frozen=True)
class MoodChart:
    """Coordinates for the inline SVG of the customer's mood over the call."""

    width: int
    height: int
    bands: list[dict[str, Any]]
    line: str
    dots: list[dict[str, Any]]
    rises: list[dict[str, Any]]
    holds: list[dict[str, Any]]
    left: int = 52


CHART_W, CHART_H, PAD_L, PAD_R, PAD_T, PAD_B = 680, 210, 52, 12, 10, 26


def mood_chart(debrief: Debrief) -> MoodChart | None:
    """The mood trajectory as SVG coordinates (mood 100 at the top); None without data."""
    points = debrief.metrics.mood.points
    if len(points) < 2:
        return None
    inner_w = CHART_W - PAD_L - PAD_R
    inner_h = CHART_H - PAD_T - PAD_B

    def x(i: int) -> float:
        return round(PAD_L + inner_w * i / (len(points) - 1), 1)

    def y(mood: float) -> float:
        return round(PAD_T + inner_h * (1 - mood / 100), 1)

    bands = []
    edges = [(MoodBand.CALM, 0, 20), (MoodBand.UNEASY, 20, 40), (MoodBand.UPSET, 40, 60)]
    edges += [(MoodBand.ANGRY, 60, 80), (MoodBand.FURIOUS, 80, 100)]
    for band, low, high in edges:
        bands.append(
            {
                "name": band.value,
                "y": y(high),
                "h": round(y(low) - y(high), 1),
                "colour": BAND_COLOURS[band],
                "label_y": round((y(low) + y(high)) / 2 + 4, 1),
            }
        )
    index = {p.turn_id: i for i, p in enumerate(points)}
    line = " ".join(f"{x(i)},{y(p.mood)}" for i, p in enumerate(points))
    dots = [
        {"x": x(i), "y": y(p.mood), "turn": p.turn_id, "mood": p.mood, "trainee": True}
        for i, p in enumerate(points)
        if p.speaker == "trainee"
    ]
    rises = [
        {"x": x(index[j.turn_id]), "y": y(j.after), "turn": j.turn_id, "delta": j.delta}
        for j in debrief.metrics.mood.biggest_rises
        if j.turn_id in index
    ]
    holds = [
        {"x": x(index[h.after_turn]), "turn": h.after_turn}
        for h in debrief.metrics.holds
        if h.after_turn in index
    ]
    return MoodChart(CHART_W, CHART_H, bands, line, dots, rises, holds, PAD_L)


def criterion_rows(debrief: Debrief) -> list[dict[str, Any]]:
    """Each criterion with the machine's score, any override beside it, and bar widths."""
    rows = []
    for c in debrief.criteria:
        override = debrief.override_for(c.id)
        rows.append(
            {
                "c": c,
                "override": override,
                "bar": (c.score or 0) / 5,
                "override_bar": (override.score or 0) / 5 if override else None,
                "rule": _rule_text(c) if debrief.grader == "heuristic" else "",
            }
        )
    return rows


def _rule_text(c: CriterionResult) -> str:
    try:
        return RULES[CriterionKind(c.measures)]
    except ValueError:
        return ""


def _context(debrief: Debrief, transcript: Transcript | None) -> dict[str, Any]:
    kinds = []
    for c in debrief.criteria:
        rule = _rule_text(c)
        if rule and (c.measures, rule) not in kinds:
            kinds.append((c.measures, rule))
    return {
        "d": debrief,
        "m": debrief.metrics,
        "rows": criterion_rows(debrief),
        "chart": mood_chart(debrief),
        "rules": kinds if debrief.grader == "heuristic" else [],
        "turns": transcript.turns if transcript else [],
        "effective_overall": debrief.effective_overall(),
        "effective_passed": debrief.effective_passed(),
        "has_overrides": bool(debrief.overrides),
    }


# --------------------------------------------------------------------------- renderers


def render_json(debrief: Debrief) -> str:
    """The debrief as JSON (the same as the cached `.debrief.json`)."""
    return debrief.model_dump_json(indent=2) + "\n"


def render_markdown(debrief: Debrief, transcript: Transcript | None = None) -> str:
    """A Markdown report; every value from the call is escaped so it shows literally."""
    return _environment("md").get_template("debrief.md.j2").render(_context(debrief, transcript))


def render_html(debrief: Debrief, transcript: Transcript | None = None) -> str:
    """A self-contained HTML report: inline CSS and SVG, no scripts, nothing fetched."""
    html = _environment("html").get_template("debrief.html.j2")
    return html.render(_context(debrief, transcript))


def render(debrief: Debrief, fmt: str, transcript: Transcript | None = None) -> str:
    """The report in one of FORMATS."""
    if fmt == "json":
        return render_json(debrief)
    if fmt == "md":
        return render_markdown(debrief, transcript)
    if fmt == "html":
        return render_html(debrief, transcript)
    raise ValueError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
