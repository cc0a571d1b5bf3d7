"""A trainee takes a call in the browser and sees the debrief; the team lead finds it and overrides.

Run with ROLEPLAY_SCREENSHOTS=DIR to keep a screenshot of each step.
"""

from __future__ import annotations

import json
import time
from pathlib import Path

from browser import Browser
from live import LiveServer
from selenium.webdriver.common.keys import Keys
from team import NAMES, PASSWORDS

LINE = "Hello, thank you for calling, my name is Ana. How can I help you today?"


def _take_a_short_call(browser: Browser) -> None:
    browser.sign_in("ana", PASSWORDS["ana"])
    assert f"Hello, {NAMES['ana']}" in browser.page_text()
    browser.shot("01-trainee-start-page")
    browser.by_id("open-call").click()
    browser.wait_for("Start call")
    browser.wait_for(NAMES["ana"])  # the name is the account's, not typed
    browser.shot("02-trainee-home")
    mark = browser.drawn()
    browser.keys(Keys.ENTER)  # the highlighted scenario
    browser.wait_for("Say something to the customer", mark)
    mark = browser.drawn()
    browser.keys(LINE, Keys.ENTER)
    browser.wait_for("You", mark)
    browser.wait_for("window cleaner", mark)  # the customer answered
    browser.shot("03-trainee-call")
    mark = browser.drawn()
    browser.ctrl("g")
    browser.wait_for("End the call now?", mark)
    browser.keys("y")
    browser.wait_for("of 100", mark)  # the summary, graded
    browser.shot("04-trainee-summary")
    mark = browser.drawn()
    browser.keys("d")  # the full debrief on its own screen
    browser.wait_for("Overall:", mark)
    browser.wait_for(f"Trainee: {NAMES['ana']}", mark)
    browser.shot("05-trainee-debrief")


def _transcript(workspace: Path) -> Path:
    found = sorted((workspace / "transcripts").rglob("*.jsonl"))
    assert len(found) == 1, found
    return found[0]


def test_trainee_call_then_team_lead_override(
    server: LiveServer, browser: Browser, tmp_path: Path
) -> None:
    workspace = tmp_path / "team"
    _take_a_short_call(browser)
    path = _transcript(workspace)
    header = json.loads(path.read_text(encoding="utf-8").splitlines()[0])
    assert header["trainee"] == NAMES["ana"]

    browser.open("/debriefs")
    assert "Can't get into the new app" in browser.page_text()
    browser.click_and_wait("signout")
    assert "Sign in to roleplay" in browser.page_text()

    browser.sign_in("lee", PASSWORDS["lee"])
    browser.open("/debriefs")
    listing = browser.page_text()
    assert NAMES["ana"] in listing and "Can't get into the new app" in listing
    browser.shot("05-team-lead-calls")
    browser.open("/")
    browser.by_id("open-review").click()
    browser.wait_for(NAMES["ana"])
    browser.shot("06-team-lead-review")
    mark = browser.drawn()
    browser.keys(Keys.ENTER)  # the newest call: Ana's
    browser.wait_for("Override score", mark)  # the call's detail, its criteria focused
    mark = browser.drawn()
    browser.keys("o")
    browser.wait_for("New score", mark)
    browser.keys("4", Keys.ENTER)
    time.sleep(1.0)  # the note field takes the focus once the score is submitted
    browser.keys("She greeted him warmly; the grader missed it")
    browser.shot("07-team-lead-override-form")
    mark = browser.drawn()
    browser.keys(Keys.ENTER)
    debrief = path.with_name(path.name.removesuffix(".jsonl") + ".debrief.json")
    for _ in range(150):
        overrides = json.loads(debrief.read_text(encoding="utf-8")).get("overrides", [])
        if overrides:
            break
        time.sleep(0.2)
    assert overrides, "the override was not saved"
    assert overrides[-1]["by"] == NAMES["lee"] and overrides[-1]["score"] == 4
    assert overrides[-1]["note"] == "She greeted him warmly; the grader missed it"
    browser.wait_for(NAMES["lee"], mark)  # the criteria table shows who overrode
    browser.shot("08-team-lead-overridden")

    token = browser.driver.get_cookie("roleplay_session")["value"]
    written = server.log_text() + "".join(
        f.read_text(encoding="utf-8") for f in (workspace / "transcripts").rglob("*.json*")
    )
    for secret in (*PASSWORDS.values(), token, "$argon2"):
        assert secret not in written


def test_trainee_cannot_open_the_review_in_the_browser(
    server: LiveServer, browser: Browser
) -> None:
    browser.open("/app/review")
    assert "Sign in to roleplay" in browser.page_text()  # not signed in: the sign-in page
    browser.sign_in("ben", PASSWORDS["ben"])
    browser.open("/app/review")
    assert "Not for your role" in browser.page_text()
    assert browser.drawn() == 0  # no app was started or drawn
    browser.shot("09-trainee-refused-review")
