"""Headless Chromium driven by Selenium, reading what the Textual apps draw in the page.

The apps draw on a canvas, so the page has no text to read; a script added before each page
loads keeps a copy of what the server sends the terminal, and `screen` strips the control
sequences from it. Keys go to the terminal's input as a person's typing would.
"""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path
from typing import Any

from live import screen_text

TAP = r"""
(() => {
  const Real = window.WebSocket;
  const decoder = new TextDecoder();
  window.__roleplay = {text: ""};
  function Tapped(url, protocols) {
    const socket = protocols === undefined ? new Real(url) : new Real(url, protocols);
    socket.addEventListener("message", (event) => {
      if (typeof event.data !== "string") {
        window.__roleplay.text += decoder.decode(new Uint8Array(event.data), {stream: true});
      }
    });
    return socket;
  }
  Tapped.prototype = Real.prototype;
  Object.assign(Tapped, {CONNECTING: 0, OPEN: 1, CLOSING: 2, CLOSED: 3});
  window.WebSocket = Tapped;
})();
"""

SHOTS = (
    Path(os.environ.get("ROLEPLAY_SCREENSHOTS", ""))
    if os.environ.get("ROLEPLAY_SCREENSHOTS")
    else None
)
"""Set ROLEPLAY_SCREENSHOTS=DIR to keep a screenshot of each step there."""


def chromium_paths() -> tuple[str, str] | None:
    """The Chromium binary and its driver, when both are installed."""
    browser = next(
        (b for b in ("chromium", "chromium-browser", "google-chrome") if shutil.which(b)), None
    )
    driver = shutil.which("chromedriver")
    return (shutil.which(browser) or browser, driver) if browser and driver else None


class Browser:
    """One headless Chromium window."""

    def __init__(self, base_url: str, paths: tuple[str, str]) -> None:
        from selenium import webdriver
        from selenium.webdriver.chrome.service import Service

        options = webdriver.ChromeOptions()
        for arg in (
            "--headless=new",
            "--no-sandbox",
            "--disable-dev-shm-usage",
            "--disable-gpu",
            "--window-size=1280,860",
            "--no-first-run",
        ):
            options.add_argument(arg)
        options.binary_location = paths[0]
        self.driver = webdriver.Chrome(service=Service(paths[1]), options=options)
        self.driver.set_page_load_timeout(60)
        self.driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": TAP})
        self.base_url = base_url

    def close(self) -> None:
        self.driver.quit()

    # ------------------------------------------------------------------ pages

    def open(self, path: str) -> None:
        self.driver.get(self.base_url + path)

    def by_id(self, element_id: str) -> Any:
        from selenium.webdriver.common.by import By

        return self.driver.find_element(By.ID, element_id)

    def page_text(self) -> str:
        from selenium.webdriver.common.by import By

        return str(self.driver.find_element(By.TAG_NAME, "body").text)

    def sign_in(self, login: str, password: str) -> None:
        self.open("/signin")
        self.by_id("login").send_keys(login)
        self.by_id("password").send_keys(password)
        self.click_and_wait("signin")

    def click_and_wait(self, element_id: str) -> None:
        """Click a button that loads a page, and wait until the new page has loaded."""
        from selenium.common.exceptions import WebDriverException
        from selenium.webdriver.support.ui import WebDriverWait

        old = self.by_id(element_id)
        old.click()

        def gone(_driver: Any) -> bool:
            # While the page is being replaced Chromium may answer "node does not belong to the
            # document" instead of a stale-element error: either way the old page has gone.
            try:
                old.is_enabled()
            except WebDriverException:
                return True
            return False

        WebDriverWait(self.driver, 30).until(gone)
        WebDriverWait(self.driver, 30).until(
            lambda d: d.execute_script("return document.readyState") == "complete"
        )

    def shot(self, name: str) -> None:
        if SHOTS is not None:
            SHOTS.mkdir(parents=True, exist_ok=True)
            self.driver.save_screenshot(str(SHOTS / f"{name}.png"))

    # ------------------------------------------------------------------ the app in the page

    def drawn(self) -> int:
        """How much the app has drawn so far (a mark to wait from)."""
        return int(self.driver.execute_script("return window.__roleplay.text.length"))

    def screen(self, since: int = 0) -> str:
        raw = self.driver.execute_script("return window.__roleplay.text.slice(arguments[0])", since)
        return screen_text(str(raw))

    def wait_for(self, words: str, since: int = 0, timeout: float = 180.0) -> None:
        """Wait until the app has drawn `words` (after the mark `since`)."""
        deadline = time.monotonic() + timeout
        while words not in self.screen(since):
            if time.monotonic() > deadline:
                tail = self.screen(since)[-600:]
                raise AssertionError(f"the app never showed {words!r}; it last drew: {tail!r}")
            time.sleep(0.2)

    def keys(self, *keys: str) -> None:
        """Type into the terminal (xterm's input element), as a person would."""
        from selenium.webdriver.common.by import By

        self.driver.find_element(By.CSS_SELECTOR, ".xterm-helper-textarea").send_keys(*keys)

    def ctrl(self, key: str) -> None:
        from selenium.webdriver.common.action_chains import ActionChains
        from selenium.webdriver.common.keys import Keys

        ActionChains(self.driver).key_down(Keys.CONTROL).send_keys(key).key_up(
            Keys.CONTROL
        ).perform()
