"""Offline checks of the hand-labeled gold files in seeds/gold/.

Each gold file `seeds/gold/<id>.json` labels the article `seeds/<id>.txt`. These tests need
no model and no network: they check the schema, that every evidence quote occurs in the
cleaned article, that regions are resolved with six-digit codes, that no injected spam leaks
into a delegation name, and that `visits` is non-empty exactly when `is_study_visit` is true.
"""

from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path

import opencc
import pytest

from schemas.region import Region, ResolutionStatus
from schemas.visit import ArticleExtraction

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
GOLD = SEEDS / "gold"

# Words pasted into seed articles by spam injection; the cleaned text has them removed.
SPAM_PHRASES = ("网易体育直播",)

# Inline pinyin glosses after a character, as in 堅(jiān).
_GLOSS = re.compile(r"\([a-zA-Zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]+\)")
_WS = re.compile(r"\s+")

GOLD_FILES = sorted(GOLD.glob("*.json"))
IDS = [p.stem for p in GOLD_FILES]
SEED_IDS = sorted(p.stem for p in SEEDS.glob("*.txt"))


@cache
def _t2s() -> opencc.OpenCC:
    return opencc.OpenCC("t2s")


@cache
def cleaned_text(article_id: str) -> str:
    """Simplified, gloss-stripped, spam-free article text with all white space removed."""
    raw = (SEEDS / f"{article_id}.txt").read_text(encoding="utf-8")
    text = _t2s().convert(_GLOSS.sub("", raw))
    for phrase in SPAM_PHRASES:
        text = text.replace(phrase, "")
    return _WS.sub("", text)


@cache
def load(article_id: str) -> ArticleExtraction:
    data = json.loads((GOLD / f"{article_id}.json").read_text(encoding="utf-8"))
    return ArticleExtraction.model_validate(data)


def regions(ex: ArticleExtraction) -> list[tuple[str, Region]]:
    out: list[tuple[str, Region]] = []
    for i, v in enumerate(ex.visits):
        out.append((f"visits[{i}].origin", v.origin))
        out.extend((f"visits[{i}].destinations[{j}]", r) for j, r in enumerate(v.destinations))
    return out


def test_every_seed_has_a_gold_file():
    assert IDS == SEED_IDS


@pytest.mark.parametrize("article_id", IDS)
def test_validates_as_article_extraction(article_id):
    ex = load(article_id)
    assert isinstance(ex, ArticleExtraction)
    # Strict round trip: no field of the file is silently dropped by the schema.
    data = json.loads((GOLD / f"{article_id}.json").read_text(encoding="utf-8"))
    assert set(data) <= set(ArticleExtraction.model_fields)


@pytest.mark.parametrize("article_id", IDS)
def test_every_evidence_quote_occurs_in_the_cleaned_article(article_id):
    text = cleaned_text(article_id)
    missing = []
    for ev in load(article_id).evidences():
        assert "\n" not in ev.quote, f"quote spans lines: {ev.quote!r}"
        for phrase in SPAM_PHRASES:
            assert phrase not in ev.quote, f"quote carries spam: {ev.quote!r}"
        if _WS.sub("", ev.quote) not in text:
            missing.append(ev.quote)
    assert not missing, f"quotes not found in {article_id}: {missing}"


@pytest.mark.parametrize("article_id", IDS)
def test_regions_are_resolved_with_six_digit_codes(article_id):
    for path, region in regions(load(article_id)):
        assert region.status is ResolutionStatus.RESOLVED, path
        assert region.adcode is not None and re.fullmatch(r"\d{6}", region.adcode), path
        assert region.name and region.level is not None, path


@pytest.mark.parametrize("article_id", IDS)
def test_delegation_names_carry_no_spam(article_id):
    for v in load(article_id).visits:
        for phrase in SPAM_PHRASES:
            assert phrase not in v.delegation_name


@pytest.mark.parametrize("article_id", IDS)
def test_visits_present_iff_study_visit(article_id):
    ex = load(article_id)
    assert bool(ex.visits) == ex.is_study_visit


@pytest.mark.parametrize("article_id", IDS)
def test_stop_destinations_are_visit_destinations(article_id):
    for v in load(article_id).visits:
        names = {r.name for r in v.destinations}
        for stop in v.itinerary:
            assert stop.destination is None or stop.destination in names, stop.name


@pytest.mark.parametrize("article_id", IDS)
def test_inferred_years_come_from_the_publication_date(article_id):
    ex = load(article_id)
    published = ex.article.published
    for v in ex.visits:
        for d in (v.start_date, v.end_date, *(m.date for m in v.meetings)):
            if d is None:
                continue
            if published is None:
                assert d.year is None, "no publication date: a year not in the text stays null"
            elif "year" in d.inferred:
                assert d.year in (published.year, published.year - 1)
            if d.as_date() is not None and published is not None:
                assert d.as_date() <= published, "a completed visit predates its report"
