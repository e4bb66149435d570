"""Scores of synthetic predictions whose right answers are known by hand."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from eval_fixtures import ARTICLE_ID, gold_extraction, record

from evals.scoring import FIELDS, VISIT_FIELDS, Counts, Scorecard, score_article, score_records
from evals.synthetic import (
    add_invented_visit,
    drop_half_itinerary,
    invent_year,
    invented_visit,
    swap_origin_destination,
)
from schemas.dates import PartialDate
from schemas.visit import ArticleExtraction

GOLD_DIR = Path(__file__).resolve().parents[1] / "seeds" / "gold"
GOLD_FILES = sorted(GOLD_DIR.glob("*.json"))


def _score(gold: ArticleExtraction, pred: ArticleExtraction | None) -> Scorecard:
    return score_records({ARTICLE_ID: gold}, [record(pred)])


def _f1s(card: Scorecard) -> dict[str, float | None]:
    return {f.name: f.counts.f1 for f in card.fields}


def _load(path: Path) -> ArticleExtraction:
    return ArticleExtraction.model_validate(json.loads(path.read_text(encoding="utf-8")))


# ---------------------------------------------------------------------------- Counts


@pytest.mark.parametrize(
    ("counts", "precision", "recall", "f1"),
    [
        pytest.param(Counts(1, 0, 0), 1.0, 1.0, 1.0, id="one-hit"),
        pytest.param(Counts(1, 1, 1), 0.5, 0.5, 0.5, id="hit-and-wrong"),
        pytest.param(Counts(2, 0, 2), 1.0, 0.5, 2 / 3, id="half-missed"),
        pytest.param(Counts(0, 0, 3), None, 0.0, 0.0, id="nothing-predicted"),
        pytest.param(Counts(0, 0, 0), None, None, None, id="nothing-to-score"),
    ],
)
def test_counts_rates(counts, precision, recall, f1):
    assert counts.precision == precision
    assert counts.recall == recall
    assert counts.f1 == pytest.approx(f1) if f1 is not None else counts.f1 is None


# ---------------------------------------------------------------------------- hand-made


def test_perfect_copy_scores_one_everywhere():
    card = _score(gold_extraction(), gold_extraction())
    assert _f1s(card) == dict.fromkeys(FIELDS, 1.0)
    assert card.headline.micro_f1 == 1.0
    assert card.headline.is_study_visit_accuracy == 1.0
    assert card.headline.invented_years == 0


def test_swapped_origin_and_destination_lowers_exactly_those():
    card = _score(gold_extraction(), swap_origin_destination(gold_extraction()))
    f1 = _f1s(card)
    assert card.score_of("origin").counts == Counts(0, 1, 1)
    # 吴江 still right; 海安 predicted as a destination (FP), 嘉善 missed (FN).
    assert card.score_of("destinations").counts == Counts(1, 1, 1)
    assert {k: v for k, v in f1.items() if v != 1.0} == {"origin": 0.0, "destinations": 0.5}


def test_dropping_half_the_itinerary_halves_its_recall():
    card = _score(gold_extraction(), drop_half_itinerary(gold_extraction()))
    for name in ("itinerary", "itinerary_kind"):
        counts = card.score_of(name).counts
        assert (counts.precision, counts.recall) == (1.0, 0.5), name
    others = {k: v for k, v in _f1s(card).items() if k not in ("itinerary", "itinerary_kind")}
    assert set(others.values()) == {1.0}


def test_invented_visit_lowers_precision_of_every_visit_field():
    card = _score(gold_extraction(), add_invented_visit(gold_extraction()))
    for name in VISIT_FIELDS:
        counts = card.score_of(name).counts
        assert counts.precision is not None and counts.precision < 1.0, name
        assert counts.recall == 1.0, name
    assert card.score_of("is_study_visit").counts == Counts(1, 0, 0)


def test_invented_year_is_a_date_error():
    card = _score(gold_extraction(), invent_year(gold_extraction()))
    assert card.score_of("start_date").counts == Counts(0, 1, 1)
    assert card.headline.invented_years == 1
    assert card.score_of("end_date").counts == Counts(1, 0, 0)


def test_year_gold_does_not_state_is_never_right_even_when_plausible():
    gold = gold_extraction()
    pred = gold_extraction()
    pred.visits[0].end_date = PartialDate(year=2024, month=3, day=7)
    assert score_article(ARTICLE_ID, gold, pred).counts["end_date"] == Counts(0, 1, 1)


def test_dates_match_on_the_parts_gold_states():
    gold = gold_extraction()
    gold.visits[0].start_date = PartialDate(month=3)
    pred = gold_extraction()  # 3月6日: more precise than gold, and right where gold speaks
    assert score_article(ARTICLE_ID, gold, pred).counts["start_date"] == Counts(1, 0, 0)


# ---------------------------------------------------------------------------- records


def test_failed_record_is_an_empty_prediction_and_not_schema_valid():
    card = _score(gold_extraction(), None)
    for f in card.fields:
        assert f.counts.tp == f.counts.fp == 0, f.name
        assert f.counts.fn > 0, f.name
    assert card.headline.schema_valid_rate == 0.0
    assert card.headline.failed == 1
    assert card.headline.is_study_visit_accuracy == 0.0
    assert card.articles[0].status == "failed"


def test_missing_record_counts_against_recall():
    card = score_records(
        {ARTICLE_ID: gold_extraction(), "other": gold_extraction()}, [record(gold_extraction())]
    )
    assert card.headline.missing == ("other",)
    assert card.score_of("origin").counts == Counts(1, 0, 1)


def test_usage_is_summed_and_averaged():
    records = [
        record(gold_extraction(), reasks=1, tokens=(100, 20), seconds=2.0),
        record(None, "x", reasks=2, tokens=(50, 0), seconds=4.0),
    ]
    h = score_records({ARTICLE_ID: gold_extraction()}, records).headline
    assert (h.calls, h.reasks, h.tokens, h.seconds) == (5, 3, 170, 6.0)
    assert h.per_article(h.seconds) == 3.0
    assert h.schema_valid_rate == 0.5
    assert h.ungraded == ("x",)


def test_evidence_found_rate_counts_offsets():
    pred = gold_extraction()
    total = len(pred.evidences())
    pred.visits[0].topics[0].evidence = (
        pred.visits[0].topics[0].evidence.model_copy(update={"start": None, "end": None})
    )
    h = _score(gold_extraction(), pred).headline
    assert h.evidence_found_rate == pytest.approx((total - 1) / total)


def test_not_a_study_visit_agreed_is_accurate_but_scores_nothing():
    empty = ArticleExtraction(is_study_visit=False)
    card = _score(empty, empty)
    assert card.headline.is_study_visit_accuracy == 1.0
    assert card.headline.micro_f1 is None


def test_unpaired_gold_visit_is_a_false_negative_for_every_field():
    gold = gold_extraction()
    gold.visits.append(invented_visit())
    card = _score(gold, gold_extraction())
    for name in VISIT_FIELDS:
        counts = card.score_of(name).counts
        assert counts.fp == 0 and counts.fn >= 1, name


def test_macro_is_the_mean_of_article_scores():
    half = drop_half_itinerary(gold_extraction())
    card = score_records(
        {"a": gold_extraction(), "b": gold_extraction()},
        [record(gold_extraction(), "a"), record(half, "b")],
    )
    assert card.score_of("itinerary").macro_f1 == pytest.approx((1.0 + 2 / 3) / 2)


# ---------------------------------------------------------------------------- gold files

DAMAGE: dict[str, Callable[[ArticleExtraction], ArticleExtraction]] = {
    "swap": swap_origin_destination,
    "drop-half-itinerary": drop_half_itinerary,
    "invented-visit": add_invented_visit,
}


@pytest.mark.parametrize("path", GOLD_FILES, ids=[p.stem for p in GOLD_FILES])
def test_gold_file_copied_scores_one(path):
    gold = _load(path)
    assert {v for v in _f1s(_score(gold, gold)).values() if v is not None} == {1.0}


@pytest.mark.parametrize("path", GOLD_FILES, ids=[p.stem for p in GOLD_FILES])
@pytest.mark.parametrize("damage", list(DAMAGE), ids=list(DAMAGE))
def test_gold_file_damage_lowers_what_it_should(path, damage):
    gold = _load(path)
    card = _score(gold, DAMAGE[damage](gold))
    lowered = {k for k, v in _f1s(card).items() if v is not None and v < 1.0}
    if damage == "swap":
        assert lowered == {"origin", "destinations"}
    elif damage == "drop-half-itinerary":
        n = sum(len(v.itinerary) for v in gold.visits)
        counts = card.score_of("itinerary").counts
        assert counts.precision == 1.0 and counts.recall == pytest.approx((n // 2) / n)
        assert lowered <= {"itinerary", "itinerary_kind"}
    else:
        assert lowered == set(VISIT_FIELDS)
