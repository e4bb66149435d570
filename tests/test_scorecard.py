"""Scorecard renderings (JSON, Markdown, HTML), the run folder, and `kaocha eval --results`."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from eval_fixtures import ARTICLE_ID, RUN, TEXT, gold_extraction, record

from evals.gold import GoldArticle
from evals.html import highlight, render_html
from evals.runfolder import read_results, score_against, write_results, write_run_folder
from evals.scorecard import SCORECARD_VERSION, read_scorecard, to_dict, to_json, to_markdown
from evals.scoring import FIELDS
from evals.synthetic import drop_half_itinerary, swap_origin_destination
from extract.cli import EXIT_CONFIG, main
from extract.errors import DataFileError
from schemas.record import ResultRecord
from schemas.visit import ArticleExtraction, Evidence

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
CHROMIUM = Path("/usr/bin/chromium")


def _gold(text: str = TEXT, extraction: ArticleExtraction | None = None) -> GoldArticle:
    extraction = extraction or gold_extraction()
    return GoldArticle(ARTICLE_ID, f"{ARTICLE_ID}.json", extraction, text, "标题 <海安>")


def _card(pred: ArticleExtraction | None = None):
    gold = {ARTICLE_ID: _gold()}
    records = [record(pred or drop_half_itinerary(gold_extraction()), tokens=(1000, 200))]
    return score_against(records, gold), gold, records


# ---------------------------------------------------------------------------- JSON, Markdown


def test_json_has_version_headline_fields_and_articles():
    card, _, _ = _card()
    data = json.loads(to_json(card))
    assert data["version"] == SCORECARD_VERSION
    assert [f["name"] for f in data["fields"]] == list(FIELDS)
    assert data["run"]["prompt_hash"] == RUN.prompt_hash
    itinerary = next(f for f in data["fields"] if f["name"] == "itinerary")
    assert (itinerary["tp"], itinerary["fp"], itinerary["fn"]) == (2, 0, 2)
    assert data["headline"]["tokens"] == 1200
    assert data["articles"][0]["fields"]["itinerary"] == [2, 0, 2]


def test_json_reads_back_for_comparison(tmp_path):
    card, _, _ = _card()
    path = tmp_path / "scorecard.json"
    path.write_text(to_json(card), encoding="utf-8")
    back = read_scorecard(path)
    assert back.micro_f1 == pytest.approx(card.headline.micro_f1)
    assert [row.name for row in back.fields] == list(FIELDS)


@pytest.mark.parametrize(
    "content",
    [
        pytest.param("not json", id="not-json"),
        pytest.param('{"version": 99, "headline": {}, "fields": []}', id="other-version"),
        pytest.param('{"version": 1}', id="no-fields"),
    ],
)
def test_bad_scorecard_is_a_data_file_error(tmp_path, content):
    path = tmp_path / "scorecard.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(DataFileError):
        read_scorecard(path)


def test_markdown_has_headline_run_and_field_table():
    card, _, _ = _card()
    text = to_markdown(card)
    assert "| field | P | R | F1 | TP | FP | FN |" in text
    assert "| itinerary | 1.000 | 0.500 | 0.667 | 2 | 0 | 2 |" in text
    for label in (
        "micro-F1",
        "is_study_visit accuracy",
        "schema-valid",
        "evidence found",
        "re-asks",
        "tokens",
        "cost",
        "seconds / article",
    ):
        assert label in text
    assert "fake-model" in text and "visits-v1 (abc123)" in text and "def456" in text


# ---------------------------------------------------------------------------- HTML


def test_highlight_marks_gold_pred_and_both():
    gold = [Evidence(quote="乙丙丁", start=1, end=4)]
    pred = [Evidence(quote="丁戊"), Evidence(quote="不在文中")]  # located anew; one is absent
    segments = highlight("甲乙丙丁戊己", gold, pred)
    assert [(s.text, s.mark) for s in segments] == [
        ("甲", ""),
        ("乙丙", "gold"),
        ("丁", "both"),
        ("戊", "pred"),
        ("己", ""),
    ]


def test_highlight_relocates_stale_offsets():
    segments = highlight("甲乙丙丁", [Evidence(quote="丙丁", start=0, end=2)])
    assert [(s.text, s.mark) for s in segments] == [("甲乙", ""), ("丙丁", "gold")]


def test_html_escapes_and_is_self_contained():
    text = TEXT + "<script>alert('x')</script> & 更多"
    pred = gold_extraction()
    pred.visits[0].delegation_name = "<b>海安</b>"
    card, _, records = _card(pred)
    html = render_html(card, {ARTICLE_ID: _gold(text)}, {r.article_id: r for r in records})
    assert "<script" not in html and "<b>" not in html
    assert "&lt;b&gt;海安&lt;/b&gt;" in html
    assert "&lt;script&gt;" in html and "&amp; 更多" in html
    assert "标题 &lt;海安&gt;" in html
    assert not re.search(r"""(src|href)\s*=|@import|url\(""", html)
    assert '<table id="fields">' in html


def test_html_shows_visits_side_by_side_with_marks():
    pred = swap_origin_destination(gold_extraction())
    pred.visits[0].topics[0].evidence = Evidence(quote="学习考察")  # only the prediction
    card, gold, records = _card(pred)
    html = render_html(card, gold, {r.article_id: r for r in records})
    for mark in ("both", "pred"):
        assert f'<mark class="{mark}">' in html
    assert html.count('class="side"') == 1
    assert "嘉善县 (330421)" in html


def test_html_of_a_failed_record_shows_the_failure():
    gold = {ARTICLE_ID: _gold()}
    records = [record(None)]
    card = score_against(records, gold)
    html = render_html(card, gold, {r.article_id: r for r in records})
    assert "gave up after 2 re-asks" in html and "no predicted visit" in html
    assert '<mark class="gold">' in html


# ---------------------------------------------------------------------------- run folder


def test_run_folder_has_the_four_files(tmp_path):
    card, gold, records = _card()
    folder = write_run_folder(tmp_path / "run", card, gold, records)
    for path in (folder.results, folder.scorecard_json, folder.scorecard_md, folder.scorecard_html):
        assert path.stat().st_size > 0, path.name
    assert read_results(folder.results)[0].extraction == records[0].extraction


def test_malformed_results_line_names_the_line(tmp_path):
    path = tmp_path / "results.jsonl"
    write_results(path, [record(gold_extraction())])
    with path.open("a", encoding="utf-8") as f:
        f.write('{"article_id": "x"}\n')
    with pytest.raises(DataFileError, match=r"results.jsonl:2"):
        read_results(path)


# ---------------------------------------------------------------------------- end to end

SEED_GOLD = sorted((SEEDS / "gold").glob("*.json"))


def _seed_gold(article_id: str) -> ArticleExtraction:
    path = SEEDS / "gold" / f"{article_id}.json"
    return ArticleExtraction.model_validate(json.loads(path.read_text(encoding="utf-8")))


@pytest.mark.skipif(len(SEED_GOLD) < 2, reason="needs at least two gold files in seeds/gold")
def test_kaocha_eval_scores_a_results_file(tmp_path, capsys):
    ids = [p.stem for p in SEED_GOLD]
    damaged, failed = ids[0], ids[1]
    records: list[ResultRecord] = []
    for article_id in ids:
        gold = _seed_gold(article_id)
        if article_id == failed:
            records.append(record(None, article_id))
            continue
        pred = swap_origin_destination(gold) if article_id == damaged else gold
        records.append(record(pred, article_id, reasks=1, seconds=2.0))
    results = tmp_path / "results.jsonl"
    write_results(results, records)
    out = tmp_path / "run"
    with pytest.raises(SystemExit) as done:
        main(
            [
                "eval",
                "--results",
                str(results),
                "--gold",
                str(SEEDS / "gold"),
                "--seeds",
                str(SEEDS),
                "--out",
                str(out),
            ]
        )
    assert done.value.code == 1, "an article failed: the exit code says so"
    captured = capsys.readouterr()
    printed = captured.out
    assert str(out / "scorecard.md") in printed and "micro-F1" in printed
    assert "1 article(s) failed:" in captured.err

    data = json.loads((out / "scorecard.json").read_text(encoding="utf-8"))
    n = len(ids)
    head = data["headline"]
    assert head["articles"] == n and head["records"] == n
    assert head["schema_valid_rate"] == pytest.approx((n - 1) / n)
    assert head["is_study_visit_accuracy"] == pytest.approx((n - 1) / n)
    assert head["reasks"] == n - 1 and head["seconds_per_article"] == pytest.approx(2 * (n - 1) / n)
    assert head["evidence_found_rate"] == pytest.approx(0.0)  # copied gold carries no offsets
    fields = {f["name"]: f for f in data["fields"]}
    assert (fields["origin"]["tp"], fields["origin"]["fp"], fields["origin"]["fn"]) == (n - 2, 1, 2)
    dests = {a: sum(len(v.destinations) for v in _seed_gold(a).visits) for a in ids}
    expected = (
        sum(dests.values()) - dests[damaged] - dests[failed] + dests[damaged] - 1,
        1,
        1 + dests[failed],
    )
    got = fields["destinations"]
    assert (got["tp"], got["fp"], got["fn"]) == expected
    assert fields["topics"]["fp"] == 0 and fields["topics"]["precision"] == 1.0
    assert (out / "results.jsonl").read_text(encoding="utf-8") == results.read_text(
        encoding="utf-8"
    )
    assert "<mark" in (out / "scorecard.html").read_text(encoding="utf-8")


def test_kaocha_eval_with_missing_gold_is_one_line_error(tmp_path, capsys):
    results = tmp_path / "results.jsonl"
    write_results(results, [record(gold_extraction())])
    with pytest.raises(SystemExit) as caught:
        main(
            [
                "eval",
                "--results",
                str(results),
                "--gold",
                str(tmp_path / "nowhere"),
                "--out",
                str(tmp_path / "run"),
            ]
        )
    assert caught.value.code == EXIT_CONFIG
    assert "no gold files" in capsys.readouterr().err


# ---------------------------------------------------------------------------- browser


@pytest.mark.browser
@pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian's chromium at /usr/bin/chromium")
def test_scorecard_renders_in_headless_chromium(tmp_path):
    card, gold, records = _card(swap_origin_destination(gold_extraction()))
    folder = write_run_folder(tmp_path / "run", card, gold, records)
    script = ROOT / "scripts" / "check_scorecard_html.py"
    done = subprocess.run(
        [sys.executable, str(script), str(folder.scorecard_html), "--chromium", str(CHROMIUM)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "ok:" in done.stdout


def test_dom_check_reports_what_is_missing():
    sys.path.insert(0, str(ROOT / "scripts"))
    try:
        import check_scorecard_html as check
    finally:
        sys.path.pop(0)
    card, gold, records = _card()
    html = render_html(card, gold, {r.article_id: r for r in records})
    assert check.problems(html) == []
    assert "no <article> rendered" in check.problems("<table id='fields'></table>")


def test_to_dict_lists_missing_articles():
    card = score_against([], {ARTICLE_ID: _gold()})
    assert to_dict(card)["headline"]["missing"] == [ARTICLE_ID]
