"""The scorecard drawn: the P/R/F1 chart, items marked matched/missed/invented, the compare page."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from browser_support import chrome, needs_browser
from eval_fixtures import ARTICLE_ID, TEXT, gold_extraction, record

from evals.charts import FieldBars, delta_chart, field_chart
from evals.compare import compare_runs
from evals.comparehtml import article_changes, render_compare_html
from evals.gold import GoldArticle
from evals.html import render_html
from evals.itemmarks import Mark, mark_visit
from evals.runfolder import score_against, write_run_folder
from evals.scorecard import to_json
from evals.scoring import FIELDS, score_records
from evals.synthetic import drop_half_itinerary, swap_origin_destination
from extract.cli import main
from schemas.visit import ArticleExtraction


def _gold() -> dict[str, GoldArticle]:
    return {ARTICLE_ID: GoldArticle(ARTICLE_ID, "g.json", gold_extraction(), TEXT, "标题")}


def _html(pred: ArticleExtraction) -> str:
    gold = _gold()
    records = [record(pred)]
    return render_html(score_against(records, gold), gold, {r.article_id: r for r in records})


# ---------------------------------------------------------------------------- item marks


def test_dropped_stops_are_missed_and_the_rest_matched():
    gold = gold_extraction().visits[0]
    pred = drop_half_itinerary(gold_extraction()).visits[0]
    stops = next(f for f in mark_visit(gold, pred) if f.label == "itinerary")
    dropped = len(gold.itinerary) - len(pred.itinerary)
    assert dropped > 0
    assert [i.mark for i in stops.gold].count(Mark.MISSED) == dropped
    assert {i.mark for i in stops.pred} == {Mark.MATCHED}


def test_swapped_origin_is_missed_in_gold_and_invented_in_the_prediction():
    gold = gold_extraction().visits[0]
    pred = swap_origin_destination(gold_extraction()).visits[0]
    origin = next(f for f in mark_visit(gold, pred) if f.label == "origin")
    assert [i.mark for i in origin.gold] == [Mark.MISSED]
    assert [i.mark for i in origin.pred] == [Mark.INVENTED]
    assert origin.pred[0].label == "+ invented"


def test_an_unpaired_predicted_visit_is_all_invented():
    fields = mark_visit(None, gold_extraction().visits[0])
    assert fields and all(not f.gold for f in fields)
    assert {i.mark for f in fields for i in f.pred} == {Mark.INVENTED}


def test_scorecard_html_marks_items_with_colour_class_and_text_label():
    html = _html(drop_half_itinerary(gold_extraction()))
    assert html.count('class="item item-missed"') >= 2  # legend + at least one dropped stop
    assert re.search(r'class="item item-missed"><span class="tag">✗ missed</span>[^<]+', html)
    assert 'class="item item-matched"' in html


# ---------------------------------------------------------------------------- charts


def test_field_chart_draws_three_bars_per_field_scaled_to_the_rate():
    svg = field_chart([FieldBars("origin", 1.0, 0.5, None), FieldBars("topics", 0.25, 1, 0.4)])
    assert svg.count('class="field-row"') == 2
    widths = [float(w) for w in re.findall(r'class="bar bar-\w+"[^>]*width="([\d.]+)"', svg)]
    assert widths == [320.0, 160.0, 0.0, 80.0, 320.0, 128.0]


def test_field_chart_escapes_labels():
    assert "<b>" not in field_chart([FieldBars("<b>x</b>", 1, 1, 1)])


def test_delta_chart_draws_drops_left_in_red_and_gains_right():
    svg = delta_chart([("a", -0.2), ("b", 0.1), ("c", None)])
    assert 'class="delta-row delta-down"' in svg and 'class="delta-row delta-up"' in svg
    down = re.search(r'delta-down.*?<rect class="delta-bar" x="([\d.]+)"', svg)
    assert down and float(down.group(1)) < 150 + 160  # left of the zero line


def test_scorecard_html_has_the_field_chart():
    html = _html(drop_half_itinerary(gold_extraction()))
    assert '<svg id="field-chart"' in html
    assert html.count('class="field-row"') == len(FIELDS)


# ---------------------------------------------------------------------------- compare page


def _run(folder: Path, pred: ArticleExtraction, other: ArticleExtraction | None = None) -> Path:
    folder.mkdir()
    gold = {ARTICLE_ID: gold_extraction(), "901_other": gold_extraction()}
    records = [record(pred), record(other or gold_extraction(), "901_other")]
    (folder / "scorecard.json").write_text(to_json(score_records(gold, records)), "utf-8")
    return folder


@pytest.fixture
def two_runs(tmp_path):
    base = _run(tmp_path / "base", gold_extraction())
    worse = _run(tmp_path / "worse", drop_half_itinerary(gold_extraction()))
    return base, worse


def test_compare_page_draws_deltas_and_sorts_articles_by_change(two_runs):
    comparison = compare_runs(list(two_runs))
    html = render_compare_html(comparison)
    assert 'id="delta-chart-1"' in html and 'data-field="itinerary"' in html
    assert re.search(r'class="delta-row delta-down" data-field="itinerary"', html)
    order = re.findall(r'data-article="([^"]+)"', html)
    assert order == [ARTICLE_ID, "901_other"]  # the changed article first
    changes = article_changes(*comparison.runs)
    assert changes[0].delta is not None and changes[0].delta < 0 and changes[1].delta == 0
    assert not re.search(r"""(src|href)\s*=|@import|url\(""", html)


def test_kaocha_compare_html_writes_the_page(two_runs, tmp_path, capsys):
    out = tmp_path / "page" / "compare.html"
    with pytest.raises(SystemExit) as done:
        main(["compare", *map(str, two_runs), "--html", "--html-out", str(out)])
    assert done.value.code in (0, None)
    assert "compare page:" in capsys.readouterr().out
    assert '<svg id="delta-chart-1"' in out.read_text(encoding="utf-8")


# ---------------------------------------------------------------------------- in a browser


@pytest.mark.browser
@needs_browser
def test_chart_and_colour_marks_render_in_chromium(tmp_path):
    from selenium.webdriver.common.by import By

    gold = _gold()
    records = [record(drop_half_itinerary(gold_extraction()))]
    folder = write_run_folder(tmp_path / "run", score_against(records, gold), gold, records)
    driver = chrome()
    try:
        driver.get(folder.scorecard_html.resolve().as_uri())
        chart = driver.find_element(By.ID, "field-chart")
        assert chart.size["width"] > 300 and chart.size["height"] > 100
        bars = chart.find_elements(By.CSS_SELECTOR, "rect.bar-f1")
        assert len(bars) == len(FIELDS) and max(b.size["width"] for b in bars) > 100
        missed = driver.find_element(By.CSS_SELECTOR, "article .item-missed")
        assert missed.value_of_css_property("background-color") == "rgba(253, 226, 225, 1)"
        assert missed.text.startswith("✗ missed")
        matched = driver.find_element(By.CSS_SELECTOR, "article .item-matched")
        assert matched.value_of_css_property("background-color") == "rgba(227, 244, 223, 1)"
    finally:
        driver.quit()


@pytest.mark.browser
@needs_browser
def test_compare_page_bars_render_in_chromium(two_runs, tmp_path):
    from selenium.webdriver.common.by import By

    page = tmp_path / "compare.html"
    page.write_text(render_compare_html(compare_runs(list(two_runs))), encoding="utf-8")
    driver = chrome()
    try:
        driver.get(page.resolve().as_uri())
        bar = driver.find_element(By.CSS_SELECTOR, '#delta-chart-1 [data-field="itinerary"] rect')
        assert bar.size["width"] > 10
        assert bar.value_of_css_property("fill") == "rgb(198, 40, 40)"
    finally:
        driver.quit()
