"""Debrief reports: JSON with a schema version, inert Markdown, a self-contained HTML page."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from debrief_data import FIXTURE, cast_for, full_cast, transcript
from markdown_it import MarkdownIt

from roleplay.debrief import build_debrief, load_debrief, save_debrief
from roleplay.debrief.report import md_escape, render
from roleplay.errors import UserError

HOSTILE = transcript(FIXTURE, "hostile")


def _hostile_debrief():  # type: ignore[no-untyped-def]
    debrief = build_debrief(HOSTILE, full_cast())
    debrief.add_override("empathy", 2, by="<b>Lead</b>", note="[see](javascript:alert(2)) <i>x</i>")
    return debrief


def test_json_carries_schema_version_and_overall_and_round_trips(tmp_path: Path) -> None:
    cast = cast_for("loyalty-card-blocked")
    debrief = build_debrief(transcript("loyalty-card-blocked", "good"), cast)
    data = json.loads(render(debrief, "json"))
    assert data["schema_version"] == 1
    assert 0 <= data["overall"] <= 100 and data["overall"] == debrief.overall
    assert data["grader"] == "heuristic"
    assert {c["id"] for c in data["criteria"]} == {c.id for c in cast.scenario.rubric.criteria}
    path = save_debrief(debrief, tmp_path / "call.debrief.json")
    assert load_debrief(path) == debrief


def test_a_newer_or_damaged_debrief_file_is_a_clear_error(tmp_path: Path) -> None:
    debrief = build_debrief(transcript(FIXTURE, "good"), full_cast())
    path = tmp_path / "call.debrief.json"
    path.write_text(debrief.model_dump_json().replace('"schema_version":1', '"schema_version":99'))
    with pytest.raises(UserError, match="newer roleplay"):
        load_debrief(path)
    path.write_text("{ not json")
    with pytest.raises(UserError, match="damaged"):
        load_debrief(path)


def test_overrides_sit_beside_the_machine_score() -> None:
    debrief = build_debrief(transcript(FIXTURE, "good"), full_cast())
    machine = debrief.criterion("empathy")
    # the good call scores high on empathy; its exact score is the detector's, not this test's
    assert machine is not None and machine.score is not None and machine.score >= 4
    kept = machine.score
    debrief.add_override("empathy", 1, by="Team lead", note="Too scripted")
    assert debrief.criterion("empathy").score == kept  # type: ignore[union-attr]
    assert debrief.effective_score("empathy") == 1
    assert debrief.effective_overall() < debrief.overall
    md = render(debrief, "md", HOSTILE)
    assert "after review" in md and f"machine score {debrief.overall:g}/100" in md
    assert "Reviewed by Team lead: 1" in md and f"machine score kept: {kept}" in md
    html = render(debrief, "html")
    assert "reviewed: 1/5 by Team lead" in html
    assert re.search(rf'class="crit-score">{kept}/5<', html)
    with pytest.raises(ValueError, match="no criterion"):
        debrief.add_override("nope", 3, by="x")


def test_markdown_renders_the_trainees_words_inert() -> None:
    md = render(_hostile_debrief(), "md", HOSTILE)
    html = MarkdownIt("commonmark").render(md)
    assert "<script" not in html and "<img" not in html and "<b>" not in html
    assert "<a " not in html
    assert "href" not in html
    assert "&lt;script&gt;document.title='pwned'&lt;/script&gt;" in html.replace("&#39;", "'")
    assert "[your account](javascript:alert(1))" in html


@pytest.mark.parametrize(
    ("raw", "shown"),
    [
        ("[x](http://a.b)", "[x](http://a.b)"),
        ("<b>hi</b>", "<b>hi</b>"),
        ("# not a heading", "# not a heading"),
        ("- not a list", "- not a list"),
        ("", ""),
    ],
)
def test_md_escape_keeps_the_text_but_not_the_markup(raw: str, shown: str) -> None:
    html = MarkdownIt("commonmark").render(md_escape(raw))
    text = re.sub(r"<[^>]+>", "", html).strip()
    assert text.replace("&lt;", "<").replace("&gt;", ">") == shown
    assert "<a " not in html and "<h1" not in html and "<li" not in html


def test_html_is_self_contained_and_escapes_everything() -> None:
    html = render(_hostile_debrief(), "html", HOSTILE)
    assert html.count("<script") == 0
    assert "<img" not in html and "onerror=" not in html.replace("onerror=&#34;", "")
    assert "&lt;script&gt;" in html and "&lt;img src=x onerror=" in html
    assert "&lt;b&gt;Lead&lt;/b&gt;" in html
    assert "href=" not in html and "src=" not in html.replace("&lt;img src=x", "")
    assert "<link" not in html and "@import" not in html and "url(" not in html
    assert "@media print" in html
    assert html.count("<svg") == 2  # criterion bars and mood chart
