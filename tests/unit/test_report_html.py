"""The HTML report in a real browser: a hostile transcript renders inert, the page looks whole.

Headless Chromium loads the report from disk and dumps the DOM after scripts would have run.
The trainee's lines carry a <script> that changes document.title, an <img onerror=...> doing the
same, and Markdown links; none may run or become markup. A control page with the same payload
left unescaped proves the harness would notice a script that ran.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from debrief_data import FIXTURE, cast_for, full_cast, transcript

from roleplay.debrief import build_debrief
from roleplay.debrief.report import render

BROWSER = next(
    (b for b in ("chromium", "chromium-browser", "google-chrome") if shutil.which(b)), None
)
pytestmark = pytest.mark.skipif(
    BROWSER is None, reason="headless Chromium is not installed (apt-get install chromium)"
)
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--virtual-time-budget=3000",
]
PWNED = "pwned"


def _chromium(*args: str) -> str:
    assert BROWSER is not None
    done = subprocess.run(
        [BROWSER, *FLAGS, *args], capture_output=True, text=True, timeout=120, check=False
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout


def _dump(page: Path) -> str:
    return _chromium("--dump-dom", page.as_uri())


@pytest.fixture(scope="module")
def hostile_report(tmp_path_factory: pytest.TempPathFactory) -> Path:
    call = transcript(FIXTURE, "hostile")
    debrief = build_debrief(call, full_cast())
    debrief.add_override("empathy", 2, by="<script>document.title='pwned'</script>Lead")
    page = tmp_path_factory.mktemp("report") / "hostile.html"
    page.write_text(render(debrief, "html", call), encoding="utf-8")
    return page


def test_the_harness_sees_a_script_that_runs(tmp_path: Path) -> None:
    control = tmp_path / "control.html"
    control.write_text(
        "<html><head><title>safe</title></head><body>"
        "<script>document.title='pwned'</script></body></html>"
    )
    assert f"<title>{PWNED}</title>" in _dump(control)


def test_no_script_runs_and_the_payload_shows_as_text(hostile_report: Path) -> None:
    dom = _dump(hostile_report)
    assert "<title>Debrief: Broadband down for three days</title>" in dom
    assert PWNED not in dom.split("</title>")[0]
    assert "<script" not in dom and "<img" not in dom and "<a " not in dom
    assert "&lt;script&gt;document.title='pwned'&lt;/script&gt;" in dom
    assert "&lt;img src=x onerror=" in dom
    assert "[your account](javascript:alert(1))" in dom
    assert "**bold** `code` # heading" in dom


def test_a_real_report_renders_to_a_full_page_screenshot(tmp_path: Path) -> None:
    call = transcript("service-down-hold-music", "good")

    page = tmp_path / "report.html"
    page.write_text(render(build_debrief(call, cast_for(call.header.scenario_id)), "html", call))
    shot = tmp_path / "report.png"
    _chromium(f"--screenshot={shot}", "--window-size=900,1400", page.as_uri())
    data = shot.read_bytes()
    assert data.startswith(b"\x89PNG") and len(data) > 20_000
