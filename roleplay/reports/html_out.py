"""The report as one self-contained HTML page (inline CSS and SVG, no scripts, no requests).

Jinja2 with autoescaping on: names, notes and scenario ids are data from files anyone can
write, so they are always escaped. The template lives here as a string so it ships with the code.
"""

from __future__ import annotations

from jinja2 import Environment

from roleplay.reports.data import Report, change, left_out_text

TEMPLATE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Team report{% if report.filters %} ({{ report.filters.values() | join(", ") }}){% endif %}</title>
<style>
body{font:15px/1.45 system-ui,sans-serif;margin:2rem auto;max-width:70rem;padding:0 1rem;color:#1d232b}
h1{font-size:1.6rem;margin-bottom:.2rem} h2{margin-top:2rem;font-size:1.2rem}
.muted{color:#5b6673} table{border-collapse:collapse;width:100%;margin:.6rem 0}
th,td{padding:.35rem .55rem;border-bottom:1px solid #dde2e8;text-align:left;vertical-align:top}
th{background:#f3f5f8;font-weight:600} td.n{text-align:right;font-variant-numeric:tabular-nums}
.low{color:#a32020;font-weight:600} .high{color:#17693a;font-weight:600}
svg.spark rect{fill:#4b7bd0} .machine{color:#5b6673;text-decoration:line-through}
</style></head><body>
<h1>Team report</h1>
<p class="muted">Generated {{ report.generated_at }}.
{% if report.filters %}Filters: {% for k, v in report.filters.items() %}{{ k }} = {{ v }}{% if not loop.last %}, {% endif %}{% endfor %}.{% else %}All calls.{% endif %}
 Scores are 0–100; criterion averages are 1–5. Human overrides count instead of the machine's
score and are listed below with the machine's score beside them.</p>
{% macro spark(trend) -%}
{% if trend %}<svg class="spark" width="{{ trend|length * 8 }}" height="24" role="img"
 aria-label="average score per month">{% for label, v in trend %}<rect x="{{ loop.index0 * 8 }}"
 y="{{ 24 - (v * 0.24)|round(1) }}" width="6" height="{{ (v * 0.24)|round(1) }}"><title>{{ label }}: {{ v }}</title></rect>{% endfor %}</svg>{% endif %}
{%- endmacro %}
<h2>Summary</h2>
{% if report.team.not_graded %}<p class="left-out">{{ left_out_text(report.team) }}</p>{% endif %}
<table><thead><tr><th>Who</th><th>Calls</th><th>Graded</th><th>Not graded</th><th>Average</th><th>Pass rate</th>
<th>Overrides</th><th>Trend</th><th>Change</th></tr></thead><tbody>
{% for s in [report.team] + report.trainees %}
<tr><td>{% if loop.first %}<strong>Team</strong>{% else %}{{ s.name }}{% endif %}</td>
<td class="n">{{ s.calls }}</td><td class="n">{{ s.graded }}</td><td class="n">{{ s.not_graded }}</td>
<td class="n">{{ "%.1f"|format(s.average) if s.average is not none else "–" }}</td>
<td class="n">{{ "%.0f%%"|format(s.pass_rate) if s.pass_rate is not none else "–" }}</td>
<td class="n">{{ s.overrides }}</td><td>{{ spark(s.trend) }}</td>
<td class="n">{% set c = change(s.trend) %}{{ "%+.1f"|format(c) if c is not none else "–" }}</td></tr>
{% endfor %}</tbody></table>
{% if report.criteria %}
<h2>Per-criterion averages (1–5) against the team</h2>
<p class="muted">▼ more than 0.3 below the team's average, ▲ more than 0.3 above.</p>
<table><thead><tr><th>Who</th>{% for cid, name in report.criteria.items() %}<th>{{ name }}</th>{% endfor %}</tr></thead><tbody>
{% for s in [report.team] + report.trainees %}{% set is_team = loop.first %}<tr><td>{% if is_team %}<strong>Team</strong>{% else %}{{ s.name }}{% endif %}</td>
{% for cid in report.criteria %}{% set v = s.criteria.get(cid) %}{% set t = report.team.criteria.get(cid) %}
{% set mark = "" %}{% if not is_team and v is not none and t is not none %}{% if v < t - 0.3 %}{% set mark = "low" %}{% elif v > t + 0.3 %}{% set mark = "high" %}{% endif %}{% endif %}
<td class="n {{ mark }}">{{ "%.2f"|format(v) if v is not none else "–" }}{% if mark == "low" %} ▼{% elif mark == "high" %} ▲{% endif %}</td>{% endfor %}</tr>
{% endfor %}</tbody></table>
{% endif %}
<h2>Human overrides ({{ report.overrides|length }})</h2>
{% if report.overrides %}
<table><thead><tr><th>When</th><th>By</th><th>Trainee</th><th>Scenario</th><th>Criterion</th>
<th>Machine</th><th>Override</th><th>Note</th><th>Call</th></tr></thead><tbody>
{% for o in report.overrides %}<tr><td>{{ o.at }}</td><td>{{ o.by }}</td><td>{{ o.trainee }}</td>
<td>{{ o.scenario_id }}</td><td>{{ report.criteria.get(o.criterion_id, o.criterion_id) }}</td>
<td class="n machine">{{ o.machine_score if o.machine_score is not none else "n/a" }}</td>
<td class="n">{{ o.score if o.score is not none else "n/a" }}</td><td>{{ o.note }}</td>
<td>{{ o.call_id }}</td></tr>{% endfor %}
</tbody></table>
{% else %}<p class="muted">No scores have been overridden.</p>{% endif %}
</body></html>
"""  # noqa: E501

_ENV = Environment(autoescape=True, trim_blocks=True, lstrip_blocks=True)
_ENV.globals["change"] = change
_ENV.globals["left_out_text"] = left_out_text


def render_html(report: Report) -> str:
    """The whole report as one HTML page."""
    return _ENV.from_string(TEMPLATE).render(report=report)
