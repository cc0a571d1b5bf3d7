"""A trainer edits a scenario in the browser: a bad edit is refused with its line, the fix is
saved as the workspace's own copy, and self-play on it runs to a verdict.

Run with ROLEPLAY_SCREENSHOTS=DIR to keep a screenshot of each step.
"""

from __future__ import annotations

import time
from pathlib import Path

from browser import Browser
from live import LiveServer
from selenium.webdriver.common.keys import Keys
from team import NAMES, PASSWORDS

from roleplay.workspace import bundled_library_dir

SCENARIO = "loyalty-card-blocked"
POSITION = sorted(p.stem for p in (bundled_library_dir() / "scenarios").glob("*.yaml")).index(
    SCENARIO
)
"""Its row in the list: the team's workspace has no files of its own, so the bundled come first."""


def _wait_for_file(path: Path, words: str, timeout: float = 30.0) -> str:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if path.is_file() and words in (text := path.read_text(encoding="utf-8")):
            return text
        time.sleep(0.2)
    raise AssertionError(f"{path} never held {words!r}")


def test_trainer_fixes_a_bad_edit_saves_and_runs_selfplay(
    server: LiveServer, browser: Browser, tmp_path: Path
) -> None:
    workspace = tmp_path / "team"
    bundled = bundled_library_dir() / "scenarios" / f"{SCENARIO}.yaml"
    before = bundled.read_bytes()
    browser.sign_in("tess", PASSWORDS["tess"])
    assert f"Hello, {NAMES['tess']}" in browser.page_text()
    browser.by_id("open-scenario-editor").click()
    browser.wait_for("Scenario files")
    browser.wait_for("read-only")
    browser.shot("10-trainer-scenario-files")

    mark = browser.drawn()
    browser.keys(*([Keys.DOWN] * POSITION), Keys.ENTER)
    browser.wait_for("Ctrl+S saves your own copy", mark)
    browser.shot("11-trainer-editor")

    mark = browser.drawn()
    browser.keys("# edited in the browser", Keys.ENTER, "bogus_field: 1", Keys.ENTER)
    browser.ctrl("s")
    browser.wait_for("Not saved", mark)
    browser.wait_for(f"scenarios/{SCENARIO}.yaml:2:", mark)
    browser.wait_for("bogus_field", mark)
    browser.shot("12-trainer-bad-edit-refused")
    copy = workspace / "scenarios" / f"{SCENARIO}.yaml"
    assert not copy.exists()  # nothing written over the scenarios
    draft = workspace / "drafts" / "scenarios" / f"{SCENARIO}.yaml"
    assert "bogus_field: 1" in _wait_for_file(draft, "bogus_field")  # the text is kept

    mark = browser.drawn()
    browser.ctrl("k")  # the cursor is on the problem's line: delete it
    browser.ctrl("k")
    browser.ctrl("s")
    browser.wait_for("Saved as your copy", mark)
    browser.shot("13-trainer-fixed-and-saved")
    saved = _wait_for_file(copy, "# edited in the browser")
    assert saved == "# edited in the browser\n" + before.decode("utf-8")  # exactly what was typed
    assert bundled.read_bytes() == before  # the bundled file is never written

    mark = browser.drawn()
    browser.ctrl("p")
    browser.wait_for("Self-play", mark)
    browser.wait_for("Good handling outscores poor", mark)
    browser.shot("14-trainer-selfplay-result")
    kept = sorted((workspace / "transcripts" / "selfplay").rglob("*.jsonl"))
    assert len(kept) == 2, kept
    for secret in (*PASSWORDS.values(), "$argon2"):
        assert secret not in server.log_text()


def test_trainee_cannot_open_the_scenarios_app_in_the_browser(
    server: LiveServer, browser: Browser
) -> None:
    browser.sign_in("ana", PASSWORDS["ana"])
    assert "Edit scenarios" not in browser.page_text()
    browser.open("/app/scenarios")
    assert "Not for your role" in browser.page_text()
    assert browser.drawn() == 0  # no app was started or drawn
    browser.shot("15-trainee-refused-scenarios")
