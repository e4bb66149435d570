"""Matching rules: regions, people, stops, dates, and the visit assignment."""

from __future__ import annotations

import itertools
import random

import pytest
from eval_fixtures import gold_visit, region

from evals.matching import (
    align_by_key,
    align_people,
    align_regions,
    align_stops,
    max_weight_assignment,
    pair_visits,
    same_date,
    same_region,
    same_text,
)
from evals.synthetic import invented_visit, swap_origin_destination
from schemas.dates import PartialDate
from schemas.enums import PersonRole, StopKind
from schemas.region import Region
from schemas.visit import ArticleExtraction, Evidence, ItineraryStop, Person

EV = Evidence(quote="x")


def _stops(*names: str) -> list[ItineraryStop]:
    return [ItineraryStop(name=n, kind=StopKind.OTHER, evidence=EV) for n in names]


# ---------------------------------------------------------------------------- regions


@pytest.mark.parametrize(
    ("gold", "pred", "same"),
    [
        pytest.param(
            region("吴江区", "320509"), region("吴江区", "320509"), True, id="same-adcode"
        ),
        pytest.param(
            region("吴江区", "320509"), Region(mention="吴江"), True, id="suffix-insensitive"
        ),
        pytest.param(Region(mention="吴江区"), Region(mention="吴江"), True, id="mentions-only"),
        pytest.param(
            region("朝阳区", "110105"), region("朝阳区", "220104"), False, id="adcode-wins"
        ),
        pytest.param(
            region("嘉善县", "330421"), Region(mention="嘉兴"), False, id="different-name"
        ),
        pytest.param(region("湖北省", "420000"), Region(mention="湖北"), True, id="province"),
    ],
)
def test_same_region(gold, pred, same):
    assert same_region(gold, pred) is same


def test_region_alignment_is_one_to_one():
    gold = [region("吴江区", "320509"), region("嘉善县", "330421")]
    pred = [Region(mention="吴江"), Region(mention="吴江区"), Region(mention="嘉善")]
    alignment = align_regions(gold, pred)
    assert len(alignment.pairs) == 2
    assert len(alignment.pred_only) == 1 and not alignment.gold_only


# ---------------------------------------------------------------------------- people, text


def test_people_match_by_name_ignoring_white_space():
    gold = [Person(name="谭 真", role=PersonRole.LEAD, evidence=EV)]
    pred = [Person(name="谭真", title="书记", role=PersonRole.MEMBER, evidence=EV)]
    assert align_people(gold, pred).pairs == ((0, 0),)


@pytest.mark.parametrize(
    ("gold", "pred", "same"),
    [
        pytest.param("海安市党政代表团", "海安市 党政代表团", True, id="white-space"),
        pytest.param("海安市党政代表团", "海安党政代表团", True, id="near-equal"),
        pytest.param("海安市党政代表团", "海安网易体育直播党政代表团", False, id="spam-injected"),
        pytest.param("嘉兴市委常委、嘉善县委书记", "嘉善县委书记", False, id="title-part"),
    ],
)
def test_same_text(gold, pred, same):
    assert same_text(gold, pred) is same


# ---------------------------------------------------------------------------- stops


@pytest.mark.parametrize(
    ("gold", "pred", "pairs"),
    [
        pytest.param(["祥符荡科创绿谷"], ["嘉善祥符荡科创绿谷"], 1, id="containment"),
        pytest.param(["东方盛虹集团有限公司"], ["东方盛虹集团有限责任公司"], 1, id="similar"),
        pytest.param(["同里镇"], ["同里古镇景区"], 0, id="too-different"),
        pytest.param(["同里镇"], ["同里镇", "同里镇"], 1, id="one-gold-one-pred"),
        pytest.param(["", "人民医院"], ["", "人民医院"], 1, id="empty-never-matches"),
    ],
)
def test_stop_matching(gold, pred, pairs):
    assert len(align_stops(_stops(*gold), _stops(*pred)).pairs) == pairs


def test_stop_alignment_is_a_maximum_matching():
    # Both gold stops could take either prediction; each must still get its own.
    gold = _stops("科创园区", "科创园区二期")
    pred = _stops("科创园区二期", "科创园")
    alignment = align_stops(gold, pred)
    assert len(alignment.pairs) == 2


def test_stop_alignment_prefers_the_more_similar():
    alignment = align_stops(_stops("盛虹集团"), _stops("江苏盛虹集团总部", "盛虹集团"))
    assert alignment.pairs == ((0, 1),)


def test_align_by_key_counts_duplicates():
    alignment = align_by_key(["a", "a", "b"], ["a", "c", "a", "a"], lambda s: s)
    assert alignment.pairs == ((0, 0), (1, 2))
    assert alignment.gold_only == (2,)
    assert alignment.pred_only == (1, 3)


# ---------------------------------------------------------------------------- dates


@pytest.mark.parametrize(
    ("gold", "pred", "same"),
    [
        pytest.param(PartialDate(month=3, day=6), PartialDate(month=3, day=6), True, id="equal"),
        pytest.param(
            PartialDate(month=3), PartialDate(month=3, day=6), True, id="gold-states-less"
        ),
        pytest.param(
            PartialDate(month=3, day=6), PartialDate(month=3), False, id="pred-states-less"
        ),
        pytest.param(
            PartialDate(month=3, day=6),
            PartialDate(year=2024, month=3, day=6),
            False,
            id="invented-year",
        ),
        pytest.param(
            PartialDate(year=2024, month=3), PartialDate(year=2023, month=3), False, id="wrong-year"
        ),
        pytest.param(
            PartialDate(year=2024, month=3, inferred=("year",)),
            PartialDate(year=2024, month=3),
            True,
            id="inferred-year-agrees",
        ),
    ],
)
def test_same_date(gold, pred, same):
    assert same_date(gold, pred) is same


# ---------------------------------------------------------------------------- visits


def test_swapped_visit_still_pairs():
    swapped = swap_origin_destination(ArticleExtraction(is_study_visit=True, visits=[gold_visit()]))
    assert pair_visits([gold_visit()], swapped.visits).pairs == ((0, 0),)


def test_invented_visit_stays_unpaired():
    alignment = pair_visits([gold_visit()], [invented_visit(), gold_visit()])
    assert alignment.pairs == ((0, 1),)
    assert alignment.pred_only == (0,)


def test_visits_pair_by_best_total_agreement():
    a, b = gold_visit(), gold_visit()
    b.origin = region("嘉善县", "330421")
    b.destinations = [region("海安市", "320685")]
    # Both predictions touch both gold visits; the exact assignment keeps origins together.
    alignment = pair_visits([a, b], [b.model_copy(deep=True), a.model_copy(deep=True)])
    assert alignment.pairs == ((0, 1), (1, 0))


def _brute_force(weights: list[list[float]]) -> float:
    n, m = len(weights), len(weights[0])
    if n <= m:
        return max(
            sum(weights[i][p[i]] for i in range(n)) for p in itertools.permutations(range(m), n)
        )
    return max(sum(weights[p[j]][j] for j in range(m)) for p in itertools.permutations(range(n), m))


@pytest.mark.parametrize("shape", [(1, 1), (2, 3), (3, 2), (4, 4), (5, 3)], ids=str)
def test_assignment_is_optimal(shape):
    rng = random.Random(hash(shape))
    for _ in range(20):
        weights = [
            [rng.choice([0.0, 1.0, 2.5, 3.0, rng.random()]) for _ in range(shape[1])]
            for _ in range(shape[0])
        ]
        pairs = max_weight_assignment(weights)
        assert len({i for i, _ in pairs}) == len(pairs) == len({j for _, j in pairs})
        assert sum(weights[i][j] for i, j in pairs) == pytest.approx(_brute_force(weights))
