"""Take the screenshots of docs/review.md from the real app and the real pages.

    python scripts/review_screenshots.py [--out docs/review]

Starts the review app on the recorded run of the seeds (`docs/quality/5-default-visit-v3`,
with the one-call run beside it for agreement) and a scratch gold folder, drives Debian's
headless Chromium through chromium-driver, and writes PNGs: the queue, an article being
corrected, the drawn scorecard and the compare page. Needs chromium, chromium-driver,
selenium and a CJK font (fonts-wqy-microhei or fonts-noto-cjk) for readable Chinese.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from browser_support import BROWSER_MISSING, chrome, select_text  # noqa: E402

from evals.compare import compare_runs  # noqa: E402
from evals.comparehtml import render_compare_html  # noqa: E402
from evals.review.server import create_app, running  # noqa: E402
from evals.review.session import ReviewSession  # noqa: E402
from evals.runfolder import evaluate_records, read_results  # noqa: E402

BASE = ROOT / "docs" / "quality" / "5-default-visit-v3"
OTHER = ROOT / "docs" / "quality" / "1-one-call-visit-v1"
ARTICLE = "000_4ec079d0020130cf"


def review_shots(driver, out: Path, scratch: Path) -> None:  # type: ignore[no-untyped-def]
    from selenium.webdriver.common.by import By

    gold = scratch / "gold"
    gold.mkdir()
    shutil.copy(ROOT / "seeds" / "gold" / "003_01041e2eef10674d.json", gold)
    results = [BASE / "results.jsonl", OTHER / "results.jsonl"]
    session = ReviewSession.open(results, gold, ROOT / "seeds", "reviewer")
    with running(create_app(session)) as url:
        driver.set_window_size(1300, 560)
        driver.get(url)
        driver.save_screenshot(str(out / "queue.png"))
        driver.set_window_size(1500, 950)
        driver.get(f"{url}article/{ARTICLE}")
        driver.find_element(By.TAG_NAME, "body").send_keys("a")
        host = driver.find_element(By.CSS_SELECTOR, '.list[data-name="hosts"] > .item')
        title = host.find_element(By.CSS_SELECTOR, 'input[data-f="title"]')
        title.clear()
        title.send_keys("嘉善县委书记")
        select_text(driver, driver.find_element(By.ID, "clean-text"), "大云镇")
        driver.find_element(By.CSS_SELECTOR, 'button[data-add="itinerary"]').click()
        driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", host)
        host.find_element(By.CSS_SELECTOR, ".quote").click()
        driver.save_screenshot(str(out / "article.png"))


def page_shots(driver, out: Path, scratch: Path) -> None:  # type: ignore[no-untyped-def]
    from selenium.webdriver.common.by import By

    records = read_results(BASE / "results.jsonl")
    evaluate_records(records, ROOT / "seeds" / "gold", ROOT / "seeds", scratch / "run")
    driver.set_window_size(1200, 900)
    driver.get((scratch / "run" / "scorecard.html").as_uri())
    driver.execute_script("document.getElementById('field-figure').scrollIntoView()")
    driver.save_screenshot(str(out / "scorecard-chart.png"))
    missed = driver.find_element(By.CSS_SELECTOR, "article table.marks .item-missed")
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", missed)
    driver.save_screenshot(str(out / "scorecard-marks.png"))
    page = scratch / "compare.html"
    page.write_text(render_compare_html(compare_runs([OTHER, BASE])), encoding="utf-8")
    driver.set_window_size(1300, 1000)
    driver.get(page.as_uri())
    driver.save_screenshot(str(out / "compare.png"))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "review")
    args = parser.parse_args(argv)
    if BROWSER_MISSING:
        print(f"cannot take screenshots: {BROWSER_MISSING}", file=sys.stderr)
        return 1
    args.out.mkdir(parents=True, exist_ok=True)
    driver = chrome()
    try:
        with tempfile.TemporaryDirectory(prefix="kaocha-shots-") as scratch:
            review_shots(driver, args.out, Path(scratch))
            page_shots(driver, args.out, Path(scratch))
    finally:
        driver.quit()
    print(f"screenshots in {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
