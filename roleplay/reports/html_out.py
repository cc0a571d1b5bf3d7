"""The report as one self-contained HTML page (inline CSS and SVG, no scripts, no requests).

Jinja2 with autoescaping on: names, notes and scenario ids are data from files anyone can
write, so they are always escaped. The template lives here as a string so it ships with the code.
"""

from __future__ import annotations

from jinja2 import Environment

from roleplay.reports.chart import calls_svg, trend_svg
from roleplay.reports.data import RECENT_CALLS, Report, change, left_out_text, readable_time
from roleplay.store.queries import graded_call
from roleplay.transcript.durations import clock
from roleplay.transcript.endings import end_phrase

TEMPLATE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Team report{% if report.filters %} ({{ report.filters.values() | join(", ") }}){% endif %}</title>
<style>
body{font:15px/1.45 system-ui,sans-serif;margin:2rem auto;max-width:76rem;padding:0 1rem;color:#1d232b}
h1{font-size:1.6rem;margin-bottom:.2rem} h2{margin-top:2rem;font-size:1.2rem}
.muted{color:#5b6673} table{border-collapse:collapse;width:100%;margin:.6rem 0}
th,td{padding:.35rem .55rem;border-bottom:1px solid #dde2e8;text-align:left;vertical-align:top}
th{background:#f3f5f8;font-weight:600} td.n{text-align:right;font-variant-numeric:tabular-nums}
.low{color:#a32020;font-weight:600} .high{color:#17693a;font-weight:600}
.machine{color:#5b6673;text-decoration:line-through} .left-out{background:#fff6dd;padding:.5rem .7rem}
.not-graded{color:#5b6673;font-style:italic}
.scroll{overflow-x:auto} table.scenarios td:first-child{min-width:12rem}
.trends{display:flex;flex-wrap:wrap;gap:1.2rem 2rem} .trends figure{margin:0}
.trends figcaption{font-weight:600;margin-bottom:.2rem}
svg.trend rect{fill:#4b7bd0} svg.trend .axis{stroke:#9aa5b1}
svg.trend text{font:10px system-ui,sans-serif;text-anchor:middle;fill:#1d232b}
svg.trend .period{fill:#5b6673} svg.trend .none{fill:#8a939e;font-style:italic}
</style></head><body>
<h1>Team report</h1>
<p class="muted">Generated {{ when(report.generated_at) }}.
{% if report.filters %}Filters: {% for k, v in report.filters.items() %}{{ k }} = {{ v }}{% if not loop.last %}, {% endif %}{% endfor %}.{% else %}All calls.{% endif %}
 Scores are 0–100; criterion averages are 1–5. Human overrides count instead of the machine's
score and are listed below with the machine's score beside them.</p>
{% macro pct(v) %}{{ "%.0f%%"|format(v) if v is not none else "–" }}{% endmacro %}
{% macro avg(v) %}{{ "%.1f"|format(v) if v is not none else "–" }}{% endmacro %}
<h2>Summary</h2>
{% if report.team.not_graded %}<p class="left-out">{{ left_out_text(report.team) }}</p>{% endif %}
<div class="scroll"><table><thead><tr><th>Who</th><th>Calls</th><th>Graded</th><th>Not graded</th><th>Average</th>
<th>Pass rate</th><th>Overrides</th><th>Change</th></tr></thead><tbody>
{% for s in [report.team] + report.trainees %}
<tr><td>{% if loop.first %}<strong>Team</strong>{% else %}{{ s.name }}{% endif %}</td>
<td class="n">{{ s.calls }}</td><td class="n">{{ s.graded }}</td><td class="n">{{ s.not_graded }}</td>
<td class="n">{{ avg(s.average) }}</td><td class="n">{{ pct(s.pass_rate) }}</td>
<td class="n">{{ s.overrides }}</td>
<td class="n">{% set c = change(s.trend) %}{{ "%+.1f"|format(c) if c is not none else "–" }}</td></tr>
{% endfor %}</tbody></table></div>
<h2>Trend per trainee</h2>
<p class="muted">Average score per month; while a trainee's calls all fall in one month, the score
of each of their last {{ recent_calls }} graded calls (date and time in UTC).</p>
<div class="trends">
{% for s in report.trainees %}<figure><figcaption>{{ s.name }}</figcaption>
{% if s.trend|length > 1 %}{{ chart(s.trend, label=s.name) }}{% elif s.recent %}{{ calls_chart(s.recent, label=s.name) }}{% elif s.trend %}{{ chart(s.trend, label=s.name) }}{% else %}<p class="muted">No graded calls.</p>{% endif %}</figure>
{% endfor %}</div>
{% if report.criteria %}
<h2>Per-criterion averages (1–5) against the team</h2>
<p class="muted">▼ more than 0.3 below the team's average, ▲ more than 0.3 above. Criteria of the
scenarios in this report; two scenarios that name a skill alike share its column.</p>
<div class="scroll"><table><thead><tr><th>Who</th>{% for name in report.criteria.values() %}<th>{{ name }}</th>{% endfor %}</tr></thead><tbody>
{% for s in [report.team] + report.trainees %}{% set is_team = loop.first %}<tr><td>{% if is_team %}<strong>Team</strong>{% else %}{{ s.name }}{% endif %}</td>
{% for cid in report.criteria %}{% set v = s.criteria.get(cid) %}{% set t = report.team.criteria.get(cid) %}
{% set mark = "" %}{% if not is_team and v is not none and t is not none %}{% if v < t - 0.3 %}{% set mark = "low" %}{% elif v > t + 0.3 %}{% set mark = "high" %}{% endif %}{% endif %}
<td class="n {{ mark }}">{{ "%.2f"|format(v) if v is not none else "–" }}{% if mark == "low" %} ▼{% elif mark == "high" %} ▲{% endif %}</td>{% endfor %}</tr>
{% endfor %}</tbody></table></div>
{% endif %}
<h2>Per scenario</h2>
<div class="scroll"><table class="scenarios"><thead><tr><th>Scenario</th><th>Calls</th><th>Graded</th><th>Not graded</th>
<th>Average</th><th>Pass rate</th>{% for name in report.criteria.values() %}<th>{{ name }}</th>{% endfor %}</tr></thead><tbody>
{% for s in report.scenarios %}<tr><td>{{ s.name }}</td><td class="n">{{ s.calls }}</td>
<td class="n">{{ s.graded }}</td><td class="n">{{ s.not_graded }}</td><td class="n">{{ avg(s.average) }}</td>
<td class="n">{{ pct(s.pass_rate) }}</td>{% for cid in report.criteria %}{% set v = s.criteria.get(cid) %}
<td class="n">{{ "%.2f"|format(v) if v is not none else "–" }}</td>{% endfor %}</tr>
{% endfor %}</tbody></table></div>
<h2>Calls ({% if report.calls|length < report.team.calls %}latest {{ report.calls|length }} of {% endif %}{{ report.team.calls }})</h2>
<div class="scroll"><table class="calls"><thead><tr><th>When</th><th>Trainee</th><th>Scenario</th><th>Difficulty</th>
<th>Length</th><th>Turns</th><th>Ended</th><th>Score</th><th>Result</th><th>Overrides</th></tr></thead><tbody>
{% for c in report.calls %}{% set counted = graded(c.end_reason, c.trainee_turns) %}<tr>
<td>{{ when(c.started_at) }}</td><td>{{ c.trainee }}</td><td>{{ c.scenario_title }}</td><td>{{ c.difficulty }}</td>
<td class="n">{% if c.duration_s is not none %}{{ c.duration_s|clock }}{% else %}–{% endif %}</td>
<td class="n">{{ c.turns }}</td><td>{{ end_phrase(c.end_reason) }}</td>
{% if not counted %}<td class="not-graded" colspan="2">not graded</td>
{% elif c.overall is none %}<td class="n">–</td><td class="not-graded">not yet graded</td>
{% else %}<td class="n">{{ avg(c.overall) }}</td><td>{{ "pass" if c.passed else "fail" }}</td>{% endif %}
<td class="n">{{ c.overrides }}</td></tr>
{% endfor %}</tbody></table></div>
<h2>Human overrides ({{ report.overrides|length }})</h2>
{% if report.overrides %}
<div class="scroll"><table><thead><tr><th>When</th><th>By</th><th>Trainee</th><th>Scenario</th><th>Criterion</th>
<th>Machine</th><th>Override</th><th>Note</th><th>Call</th></tr></thead><tbody>
{% for o in report.overrides %}<tr><td>{{ when(o.at) }}</td><td>{{ o.by }}</td><td>{{ o.trainee }}</td>
<td>{{ o.scenario_title or o.scenario_id }}</td><td>{{ o.criterion_name or o.criterion_id }}</td>
<td class="n machine">{{ o.machine_score if o.machine_score is not none else "n/a" }}</td>
<td class="n">{{ o.score if o.score is not none else "n/a" }}</td><td>{{ o.note }}</td>
<td>{{ o.call_id }}</td></tr>{% endfor %}
</tbody></table></div>
{% else %}<p class="muted">No scores have been overridden.</p>{% endif %}
</body></html>
"""  # noqa: E501

_ENV = Environment(autoescape=True, trim_blocks=True, lstrip_blocks=True)
_ENV.filters["clock"] = clock
_ENV.globals.update(
    change=change,
    left_out_text=left_out_text,
    chart=trend_svg,
    calls_chart=calls_svg,
    recent_calls=RECENT_CALLS,
    when=readable_time,
    graded=graded_call,
    end_phrase=end_phrase,
)


def render_html(report: Report) -> str:
    """The whole report as one HTML page."""
    return _ENV.from_string(TEMPLATE).render(report=report)
