"""The review app driven in headless Chromium: correct a host's title, add a stop from a
selection, save, and read the gold file on disk; the scorecard's chart and item marks."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from browser_support import chrome, needs_browser, select_text

from evals.gold import load_gold
from evals.review.server import create_app, running
from evals.review.session import ReviewSession

pytestmark = [pytest.mark.browser, needs_browser]

FIXTURE = Path(__file__).parent / "fixtures" / "review"
ARTICLE = "000_4ec079d0020130cf"


@pytest.fixture
def app_url(review_dir):
    session = ReviewSession.open(
        [review_dir / "results.jsonl"], review_dir / "gold", review_dir / "articles", "评审员甲"
    )
    with running(create_app(session)) as url:
        yield url


@pytest.fixture
def driver():
    browser = chrome()
    yield browser
    browser.quit()


def _wait_saved(driver):
    from selenium.webdriver.support.ui import WebDriverWait

    WebDriverWait(driver, 20).until(
        lambda d: (
            "saved" in d.find_element("id", "status").get_attribute("class")
            or "not saved" in d.find_element("id", "status").text
        )
    )
    return driver.find_element("id", "status").text


def _correct_and_add(driver, url):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select

    driver.get(f"{url}article/{ARTICLE}")
    driver.find_element(By.TAG_NAME, "body").send_keys("a")  # accept all
    host = driver.find_element(By.CSS_SELECTOR, '.list[data-name="hosts"] > .item')
    title = host.find_element(By.CSS_SELECTOR, 'input[data-f="title"]')
    title.clear()
    title.send_keys("嘉善县委书记")
    assert host.get_attribute("data-state") == "corrected"
    select_text(driver, driver.find_element(By.ID, "clean-text"), "大云镇")
    driver.find_element(By.CSS_SELECTOR, 'button[data-add="itinerary"]').click()
    stop = driver.find_elements(By.CSS_SELECTOR, '.list[data-name="itinerary"] > .item')[-1]
    assert stop.get_attribute("data-state") == "added"
    Select(stop.find_element(By.CSS_SELECTOR, 'select[data-f="kind"]')).select_by_value("village")
    driver.find_element(By.ID, "save").click()
    return _wait_saved(driver)


def test_correct_a_title_add_a_stop_and_save_writes_gold(driver, app_url, review_dir):
    status = _correct_and_add(driver, app_url)
    assert status.startswith("saved"), status
    path = review_dir / "gold" / f"{ARTICLE}.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    visit = data["visits"][0]
    host = next(h for h in visit["hosts"] if h["name"] == "江海洋")
    assert host["title"] == "嘉善县委书记"
    stop = visit["itinerary"][-1]
    assert (stop["name"], stop["kind"], stop["evidence"]) == ("大云镇", "village", "大云镇")
    assert visit["origin"]["adcode"] == "320685"  # 海安市, kept from the record
    note = data["notes"][-1]
    assert note["by"] == "评审员甲" and note["corrected"] >= 1 and note["added"] == 1
    gold = load_gold(review_dir / "gold", review_dir / "articles")
    assert "大云镇" in [s.name for s in gold[ARTICLE].extraction.visits[0].itinerary]


def test_saving_again_keeps_a_backup(driver, app_url, review_dir):
    from selenium.webdriver.common.by import By

    _correct_and_add(driver, app_url)
    first = (review_dir / "gold" / f"{ARTICLE}.json").read_text(encoding="utf-8")
    driver.get(f"{app_url}article/{ARTICLE}")
    assert "form from: gold" in driver.find_element(By.TAG_NAME, "header").text
    driver.find_element(By.ID, "save").click()
    assert "old file kept as" in _wait_saved(driver)
    backups = list((review_dir / "gold" / ".backup").glob(f"{ARTICLE}.*.json"))
    assert [b.read_text(encoding="utf-8") for b in backups] == [first]
    notes = json.loads((review_dir / "gold" / f"{ARTICLE}.json").read_text())["notes"]
    assert len(notes) == 2


def test_clicking_an_item_scrolls_to_its_highlighted_quote(driver, app_url):
    from selenium.webdriver.common.by import By

    driver.get(f"{app_url}article/{ARTICLE}")
    stop = driver.find_elements(By.CSS_SELECTOR, '.list[data-name="itinerary"] > .item')[0]
    stop.find_element(By.CSS_SELECTOR, ".quote").click()
    key = stop.get_attribute("data-key")
    current = driver.find_elements(By.CSS_SELECTOR, "mark.ev.current")
    assert current and all(key in m.get_attribute("data-keys").split() for m in current)
    in_view = driver.execute_script(
        "const r = arguments[0].getBoundingClientRect(); return r.top >= 0 && r.bottom <= innerHeight;",
        current[0],
    )
    assert in_view


def test_place_lookup_shows_the_adcode(driver, app_url):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys
    from selenium.webdriver.support.ui import WebDriverWait

    driver.get(f"{app_url}article/{ARTICLE}")
    origin = driver.find_element(By.CSS_SELECTOR, '.region[data-list="origin"]')
    place = origin.find_element(By.CSS_SELECTOR, "input.place")
    place.clear()
    place.send_keys("吴江", Keys.ENTER)
    adcode = origin.find_element(By.CSS_SELECTOR, ".adcode")
    WebDriverWait(driver, 10).until(lambda d: "320509" in adcode.text)
    assert "吴江区" in adcode.text


def test_keyboard_moves_to_the_next_article_and_raw_text_is_one_click_away(driver, app_url):
    from selenium.webdriver.common.by import By

    driver.get(f"{app_url}article/{ARTICLE}")
    raw = driver.find_element(By.ID, "raw-text")
    assert not raw.is_displayed()
    driver.find_element(By.ID, "show-raw").click()
    assert raw.is_displayed() and "网易体育直播" in raw.text  # spam the cleaner removed
    following = driver.find_element(By.TAG_NAME, "body").get_attribute("data-next")
    driver.find_element(By.TAG_NAME, "body").send_keys("n")
    assert driver.current_url.endswith(following)
