"""The HTML team report at a laptop's width: wide tables scroll inside the page, never the page.

Seen by hand: with the criteria of three scenarios (twelve names) the per-criterion and
per-scenario tables pushed the whole page sideways, and the last columns fell off screen.
Headless Chromium lays the page out at 1280 px and reports how wide the document became.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from support.synthetic import write_synthetic_calls

from roleplay.reports.data import build_report
from roleplay.reports.html_out import render_html
from roleplay.store.index import ReviewIndex
from roleplay.store.index_rows import debrief_file
from roleplay.store.queries import CallFilter

BROWSER = next(
    (b for b in ("chromium", "chromium-browser", "google-chrome") if shutil.which(b)), None
)
pytestmark = pytest.mark.skipif(BROWSER is None, reason="headless Chromium is not installed")
SCENARIOS = (
    ("app-login", "Can't get into the new app"),
    ("bereavement", "Closing her late husband's account"),
    ("sports-pack", "Sports pack not working, and he hates the hold music"),
)
WIDTH = 1280
MEASURE = "<script>document.title = 'width ' + document.documentElement.scrollWidth;</script>"


def _page(tmp_path: Path) -> Path:
    """A report on calls whose scenarios each name their criteria their own way."""
    root = tmp_path / "transcripts"
    for path in write_synthetic_calls(root, 18, seed=7, scenarios=SCENARIOS):
        sidecar = debrief_file(path)
        data = json.loads(sidecar.read_text(encoding="utf-8"))
        for criterion in data["criteria"]:
            criterion["name"] = f"{criterion['name']} ({data['scenario_id']})"
        sidecar.write_text(json.dumps(data), encoding="utf-8")
    with ReviewIndex(root) as index:
        index.refresh()
        html = render_html(build_report(index.db, CallFilter()))
    page = tmp_path / "report.html"
    page.write_text(html.replace("</body>", MEASURE + "</body>"), encoding="utf-8")
    return page


def test_the_page_is_no_wider_than_the_window(tmp_path: Path) -> None:
    page = _page(tmp_path)
    assert page.read_text(encoding="utf-8").count("<th>") > 40  # wide tables, really
    assert BROWSER is not None
    done = subprocess.run(
        [BROWSER, "--headless", "--no-sandbox", "--disable-gpu", f"--window-size={WIDTH},900",
         "--virtual-time-budget=3000", "--dump-dom", page.as_uri()],
        capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    found = re.search(r"<title>width (\d+)</title>", done.stdout)
    assert found, done.stderr[-2000:]
    assert int(found.group(1)) <= WIDTH
