"""Sides of a trip in general shapes: 我市/我县 as the publisher's region, a zone or a park as
where a trip went, and the kind a delegation's own name says."""

from __future__ import annotations

import pytest
from trip_support import ctx_for, visit

from extract.llm.prompting import load_prompt
from extract.pipeline.steps import _first_person
from extract.resolve.gazetteer import Gazetteer, resolve
from extract.resolve.roundup import propose_trips
from extract.resolve.tripfacts import kind_from_name
from extract.resolve.trips import (
    is_inter_regional,
    plausible_trips,
    read_trips,
    stated_trips,
)
from schemas.draft import region_mentions

# --- 我省/我市: the publisher's region -------------------------------------------------------

MINE = "5月8日至10日，市委书记陈立新率我市党政代表团赴江苏省苏州市学习考察，深化川苏合作。"


def test_code_reads_a_trip_whose_origin_is_written_as_wo_shi_when_the_publisher_is_known():
    (trip,) = propose_trips(MINE, home="遂宁")
    assert (trip.origin, trip.destinations) == ("我市", ("江苏省苏州市",))
    assert propose_trips(MINE) == []


def test_a_trip_code_read_from_wo_shi_goes_from_the_publishers_region():
    ctx = ctx_for(MINE, home="遂宁", publisher="遂宁日报")
    ((v, _),) = stated_trips([], propose_trips(MINE, home="遂宁"), ctx)
    assert (v.origin, v.destinations) == ("遂宁", ["江苏省苏州市"])


def test_a_host_side_report_in_the_first_person_reads_the_host_as_wo_xian():
    text = "3月20日，宜宾市党政代表团来我县考察交流，先后参观了柠檬产业园。"
    (trip,) = propose_trips(text, home="安岳县")
    assert (trip.origin, trip.destinations) == ("宜宾市", ("我县",))


def test_the_skeleton_question_says_who_wo_shi_is_only_when_the_text_speaks_so():
    ctx = ctx_for(MINE, home="遂宁")
    assert _first_person(ctx) == {"home": "遂宁市", "mine": "“我市”、“市委”"}
    assert _first_person(ctx_for(MINE)) == {}
    assert _first_person(ctx_for("遂宁市党政代表团赴苏州考察", home="遂宁")) == {}
    prompt = load_prompt("visit-v3")
    told = prompt.step_messages(
        "skeleton",
        text=MINE,
        published=None,
        title=None,
        dates="5月8日至10日",
        **_first_person(ctx),
    )[-1]["content"]
    plain = prompt.step_messages(
        "skeleton", text=MINE, published=None, title=None, dates="5月8日至10日"
    )[-1]["content"]
    assert "文中的“我市”、“市委”就是遂宁市" in told
    assert "我市" not in plain and told.startswith(plain)


# --- zones and parks --------------------------------------------------------------------


def test_a_park_named_after_its_county_stands_for_the_county():
    ctx = ctx_for("")
    assert region_mentions("安岳县柠檬产业园", ctx) == ["安岳县"]
    assert region_mentions("苏州工业园区", ctx) == ["苏州工业园区"]  # a zone of its own name


@pytest.mark.parametrize(
    ("origin", "zone", "outside"),
    [
        ("定州市", "雄安新区", True),
        ("东莞市", "两江新区", True),
        ("苏州市", "苏州工业园区", False),  # a zone of the origin's own
    ],
)
def test_a_zone_lies_where_the_divisions_hosting_it_are(origin, zone, outside):
    text = f"{origin}党政代表团赴{zone}学习考察。"
    assert is_inter_regional(visit(origin, [zone]), ctx_for(text)) is outside


def test_zone_hosts_are_divisions_and_a_division_has_none():
    g = Gazetteer.load()
    assert g.zone_hosts(resolve("雄安新区")) == ("130000",)
    assert g.zone_hosts(resolve("嘉兴市")) == ()


def test_a_trip_to_a_zone_is_kept():
    text = "10月7日至8日，定州市委书记带领市四套班子主要领导到雄安新区学习考察城市规划建设。"
    kept = plausible_trips([visit("定州市", ["雄安新区"])], ctx_for(text))
    assert [(v.origin, v.destinations) for v in kept] == [("定州市", ["雄安新区"])]


# --- the kind a name says ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "model_said", "kind"),
    [
        ("嘉兴市人大常委会考察团", "党政代表团", "其他"),
        ("平原县乡村振兴考察团", "党政代表团", "考察团"),
        ("临夏州党政考察组", "考察团", "党政代表团"),
        ("遂宁市政府代表团", "党政代表团", "政府代表团"),
        ("遂宁市代表团", "其他", "其他"),  # a bare 代表团 says nothing: the model's kind stays
    ],
)
def test_a_delegation_is_of_the_kind_its_name_says(name, model_said, kind):
    v = visit("遂宁市", ["苏州市"], name=name, kind=model_said)
    assert kind_from_name(v, ctx_for(f"{name}赴苏州市学习考察。")).delegation_kind == kind


def test_a_name_the_text_does_not_write_decides_nothing():
    v = visit("遂宁市", ["苏州市"], name="某某市考察团", kind="党政代表团")
    assert kind_from_name(v, ctx_for("遂宁市党政代表团赴苏州市学习考察。")) is v


# --- the model's trips weighed against the trips code read --------------------------------


def test_a_visit_told_the_opposite_way_of_a_trip_the_text_states_is_dropped():
    ctx = ctx_for(MINE + "苏州市委书记黄文斌会见代表团一行。", home="遂宁", publisher="遂宁日报")
    read = read_trips(propose_trips(ctx.text, home="遂宁"), ctx)
    said = [
        visit("遂宁市", ["苏州市"], name="遂宁·苏州合作交流座谈会"),
        visit("苏州市", ["遂宁市"], name="苏州市委书记黄文斌会见代表团一行"),
    ]
    (kept,) = plausible_trips(said, ctx, read)
    assert (kept.origin, kept.destinations) == ("遂宁市", ["苏州市"])
    assert kept.delegation_name == "我市党政代表团"  # the name code read, not a meeting's


def test_without_a_trip_read_by_code_both_ways_stand_as_the_model_said():
    text = "遂宁市党政代表团赴苏州市学习考察。苏州市党政代表团赴遂宁市学习考察。"
    said = [visit("遂宁市", ["苏州市"]), visit("苏州市", ["遂宁市"])]
    assert len(plausible_trips(said, ctx_for(text), ())) == 2


def test_a_zone_beside_the_city_that_hosts_it_is_no_destination_of_its_own():
    text = "台州市考察团来长春考察，先后到长春新区、前海深港现代服务业合作区考察。"
    kept = plausible_trips([visit("台州市", ["长春市", "长春新区"])], ctx_for(text))
    assert [v.destinations for v in kept] == [["长春市"]]


@pytest.mark.parametrize(
    ("text", "status"),
    [
        ("省委书记率领的河南省党政代表团将于6月23日至26日赴广东省学习考察。", "planned"),
        ("河南省党政代表团拟赴广东学习考察。", "planned"),
        # the destination is the second place of the list the group will go to
        ("6月10日，甲某将率河南省党政代表团赴江西省南昌市、广东省学习考察。", "planned"),
        ("河南省党政代表团赴广东省学习考察，双方将在产业方面加强合作。", "completed"),
    ],
)
def test_a_trip_the_text_says_will_happen_is_planned(text, status):
    (kept,) = plausible_trips([visit("河南省", ["广东省"])], ctx_for(text))
    assert kept.status == status


def test_wo_shi_is_not_the_province_a_provincial_paper_is_named_after():
    ctx = ctx_for(MINE, home="河南", publisher="河南日报")
    assert ctx.home_for("我市") == "" and ctx.home_for("我省") == "河南"
    assert propose_trips(MINE, home="河南") == []
    assert _first_person(ctx) == {}


@pytest.mark.parametrize(
    ("text", "status"),
    [
        ("据悉，甲某拟于8月20日至22日率河南省党政代表团来我省考察对接。", "planned"),
        ("8月20日，甲某率河南省党政代表团来我省考察对接。", "completed"),
    ],
    ids=["announced", "told"],
)
def test_a_trip_to_the_paper_s_own_region_told_as_to_come_is_planned(text, status):
    (kept,) = plausible_trips([visit("河南省", ["广东省"])], ctx_for(text, home="广东省"))
    assert kept.status == status


@pytest.mark.parametrize(
    ("text", "home", "answered"),
    [
        (
            "9月10日，地委副书记、行署专员甲某率地区党政代表团赴浙江省杭州市学习考察。",
            "阿克苏地区",
            ["阿克苏地区", "地区"],
        ),
        (
            "9月10日，旗委书记甲某率旗党政代表团赴浙江省杭州市学习考察。",
            "鄂托克旗",
            ["鄂托克旗", "旗"],
        ),
        (
            "9月10日，盟委书记甲某率盟党政代表团赴浙江省杭州市学习考察。",
            "锡林郭勒盟",
            ["锡林郭勒盟"],
        ),
    ],
    ids=["a-diqu", "a-banner", "a-league"],
)
def test_a_prefecture_banner_or_league_paper_writes_its_own_side_by_the_level_word(
    text, home, answered
):
    for origin in answered:  # the region's name, or the bare level word the text writes
        kept = plausible_trips([visit(origin, ["杭州市"])], ctx_for(text, home=home))
        assert [v.origin for v in kept] == [home]


def test_a_planned_trip_takes_the_date_of_its_going_not_of_the_page_s_own_event():
    text = (
        "8月14日，县长甲某主持召开河南省党政代表团来我省考察对接筹备工作会议。"
        "据悉，乙某拟于8月20日至22日率河南省党政代表团来我省考察对接。"
    )
    said = visit("河南省", ["广东省"]).model_copy(update={"date_text": "8月14日"})
    (kept,) = plausible_trips([said], ctx_for(text, home="广东省"))
    assert (kept.status, kept.date_text) == ("planned", "8月20日至22日")
    (read,) = read_trips(propose_trips(text, home="广东省"), ctx_for(text, home="广东省"))
    assert read.status == "planned"  # a trip code read is planned the same way
