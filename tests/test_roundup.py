"""The roundup proposer: one trip per delegation a text states, read by plain rules."""

from __future__ import annotations

from pathlib import Path

import opencc
import pytest

from extract.resolve.roundup import TripProposal, propose_trips

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


def _summary(text: str) -> list[tuple[str, tuple[str, ...]]]:
    return [(t.origin, t.destinations) for t in propose_trips(text)]


def _read(path: Path) -> str:
    return opencc.OpenCC("t2s").convert(path.read_text(encoding="utf-8"))


# --- pattern 1: the sending side -------------------------------------------------------------


def test_sending_side_with_a_destination_list():
    text = "6月3日至5日,昆明市党政代表团赴成都市、重庆市考察学习。"
    [trip] = propose_trips(text)
    assert trip.delegation == "昆明市党政代表团"
    assert trip.origin == "昆明市"
    assert trip.destinations == ("成都市", "重庆市")
    assert trip.date_text == "6月3日至5日"
    assert text[trip.start : trip.end].startswith("6月3日至5日")


def test_sending_side_reads_a_provinces_short_name_before_what_the_trip_is_for():
    text = "8月24日至27日,贵州省党政代表团来粤考察交流。"
    [trip] = propose_trips(text)
    assert (trip.origin, trip.destinations, trip.date_text) == ("贵州省", ("粤",), "8月24日至27日")


def test_a_short_name_with_no_trip_word_after_it_is_no_destination():
    assert propose_trips("贵州省党政代表团来粤港澳大湾区。") == []


def test_sending_side_keeps_a_place_chain_and_later_legs():
    text = "7月8日,大理州宾川县考察团在厦门市思明区考察,随后又到泉州市交流。"
    [trip] = propose_trips(text)
    assert trip.origin == "大理州宾川县"
    assert trip.destinations == ("厦门市思明区", "泉州市")
    assert trip.date_text == "7月8日"


def test_sending_side_with_its_leaders_between_the_group_and_its_going():
    text = (
        "12月4日至6日，新疆阿克苏地区党政代表团在地委书记宗泽林、行署专员艾尔肯·吐尔逊"
        "率领下，赴宁波市、金华市考察对接援疆工作。"
    )
    [trip] = propose_trips(text)
    assert (trip.origin, trip.destinations) == ("新疆阿克苏地区", ("宁波市", "金华市"))
    assert trip.date_text == "12月4日至6日"


def test_date_at_sentence_start_governs_later_clauses():
    text = "8月2日,西宁市代表团赴无锡市考察;海东市代表团赴常州市调研。"
    trips = propose_trips(text)
    assert [(t.origin, t.date_text) for t in trips] == [("西宁市", "8月2日"), ("海东市", "8月2日")]


# --- pattern 2: the host side ----------------------------------------------------------------


def test_host_side_makes_the_host_the_destination():
    text = "9月12日,青岛市黄岛区迎来了陇南市康县党政代表团;烟台市接待了定西市考察团。"
    trips = propose_trips(text)
    assert [(t.origin, t.destinations) for t in trips] == [
        ("陇南市康县", ("青岛市黄岛区",)),
        ("定西市", ("烟台市",)),
    ]
    assert trips[0].delegation == "陇南市康县党政代表团"
    assert all(t.date_text == "9月12日" for t in trips)


# --- pattern 3: a list of origins ------------------------------------------------------------


def test_origin_list_gives_one_trip_per_origin():
    text = "4月中旬,江苏、浙江、福建等省份派出代表团赴西藏开展对口支援调研。"
    trips = propose_trips(text)
    assert [t.origin for t in trips] == ["江苏", "浙江", "福建"]
    assert {t.destinations for t in trips} == {("西藏",)}
    assert {t.delegation for t in trips} == {""}
    assert {t.date_text for t in trips} == {"4月中旬"}


# --- pattern 4: the leader -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "lead"),
    [
        pytest.param(
            "兰州市党政代表团由市委书记张伟明带队,赴深圳市学习考察。",
            "市委书记张伟明",
            id="led-by",
        ),
        pytest.param(
            "市委书记王建国、市长刘海涛率领的银川市代表团赴宁波市考察。",
            "市委书记王建国",
            id="led-before",
        ),
        pytest.param(
            "区委书记李明华率西宁市城东区党政代表团赴苏州市考察。",
            "区委书记李明华",
            id="leads",
        ),
    ],
)
def test_leader_is_title_and_name(text: str, lead: str):
    [trip] = propose_trips(text)
    assert trip.lead == lead


def test_leader_named_in_another_sentence_fills_the_trip():
    text = "5月9日,拉萨市党政代表团赴南京市考察。拉萨市党政代表团则由市委书记赵国庆带队。"
    [trip] = propose_trips(text)
    assert trip.lead == "市委书记赵国庆"


# --- what is not a trip ----------------------------------------------------------------------


def test_place_inside_a_company_name_is_no_destination():
    assert propose_trips("遵义市代表团赴杭州娃哈哈集团考察。") == []
    assert _summary("遵义市代表团赴杭州市考察娃哈哈集团。") == [("遵义市", ("杭州市",))]


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("广东省代表团赴深圳市考察。", id="own-province"),
        pytest.param("成都市郫都区考察团赴成都市考察。", id="own-prefecture"),
        pytest.param("兰州市代表团赴新加坡考察。", id="foreign"),
        pytest.param("市党政代表团赴深圳市考察。", id="no-origin"),
    ],
)
def test_no_trip_without_an_origin_and_an_outside_destination(text: str):
    assert propose_trips(text) == []


def test_same_origin_twice_is_merged():
    text = (
        "5月6日,六盘水市党政代表团赴大连市考察。"
        "5月7日,六盘水市党政代表团来到沈阳市调研。"
        "六盘水市党政代表团还到大连市学习。"
    )
    [trip] = propose_trips(text)
    assert trip.destinations == ("大连市", "沈阳市")
    assert trip.date_text == "5月6日"


def test_single_visit_report_gives_one_trip():
    text = (
        "3月10日,盐城市党政代表团赴上海市浦东新区考察学习。\n"
        "代表团参观了张江科学城,浦东新区领导陪同考察。\n"
        "盐城市与浦东新区将在产业转移等方面加强合作,盐城市党政代表团在浦东新区考察时表示感谢。"
    )
    first = text.index("。")
    assert propose_trips(text) == [
        TripProposal("盐城市党政代表团", "盐城市", ("上海市浦东新区",), "3月10日", None, 0, first)
    ]


# --- real pages ------------------------------------------------------------------------------


def test_roundup_of_county_delegations():
    trips = propose_trips(_read(SEEDS / "dev" / "d04.txt"))
    assert len({t.origin for t in trips}) >= 8


def test_roundup_with_an_origin_list():
    trips = propose_trips(_read(SEEDS / "dev" / "d08.txt"))
    assert len({t.origin for t in trips}) >= 5


@pytest.mark.parametrize("path", sorted(SEEDS.glob("0*.txt")), ids=lambda p: p.name[:3])
def test_single_visit_seeds_give_at_most_one_origin(path: Path):
    trips = propose_trips(_read(path))
    assert len({t.origin for t in trips}) <= 1
