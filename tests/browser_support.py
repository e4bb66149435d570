"""Headless Chromium for the browser tests: Debian's chromium driven by its chromium-driver.

`.ci/run` installs both (as root). Where either, or the selenium package, is missing, the
tests that need them are skipped with the reason `BROWSER_MISSING` names.
"""

from __future__ import annotations

import importlib.util
import shutil
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = shutil.which("chromedriver") or "/usr/bin/chromedriver"


def _missing() -> str | None:
    if not CHROMIUM.exists():
        return "needs Debian's chromium at /usr/bin/chromium (apt-get install chromium)"
    if not Path(CHROMEDRIVER).exists():
        return "needs Debian's chromium-driver (apt-get install chromium-driver)"
    if importlib.util.find_spec("selenium") is None:
        return "needs the selenium package (pip install -e '.[dev]')"
    return None


BROWSER_MISSING = _missing()
needs_browser = pytest.mark.skipif(BROWSER_MISSING is not None, reason=BROWSER_MISSING or "")


def chrome(width: int = 1400, height: int = 1000):  # type: ignore[no-untyped-def]
    """A headless Chromium session (the caller quits it)."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"):
        options.add_argument(flag)
    options.add_argument(f"--window-size={width},{height}")
    return webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)


SELECT_TEXT = """
const [root, phrase] = arguments;
const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
for (let node = walker.nextNode(); node; node = walker.nextNode()) {
  const at = node.data.indexOf(phrase);
  if (at >= 0) {
    const range = document.createRange();
    range.setStart(node, at);
    range.setEnd(node, at + phrase.length);
    const selection = window.getSelection();
    selection.removeAllRanges();
    selection.addRange(range);
    return true;
  }
}
return false;
"""


def select_text(driver, element, phrase: str) -> None:  # type: ignore[no-untyped-def]
    """Select `phrase` inside `element` as a reader's drag would (one text node)."""
    assert driver.execute_script(SELECT_TEXT, element, phrase), f"{phrase!r} not on the page"
