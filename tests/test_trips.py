"""Which trips a text states: places repaired to regions, look-alikes dropped, roundups read."""

from __future__ import annotations

import datetime as dt

import pytest
from pydantic import ValidationError
from trip_support import ctx_for, visit

from extract.resolve.gazetteer import Gazetteer
from extract.resolve.people import find_people
from extract.resolve.reconcile import destinations_as_read, region_key
from extract.resolve.roundup import TripProposal, propose_trips
from extract.resolve.sides import listed_sides, title_side
from extract.resolve.trips import (
    as_trip,
    inspected_at_home,
    item_going_to,
    names_a_delegation,
    others_leaders,
    own_items,
    own_parts,
    plausible_trips,
    read_trips,
    sent_by_region,
    sent_from_abroad,
    stated_trips,
    without_nested_twins,
)
from schemas.draft import DraftContext, region_mentions, repair_trip
from schemas.enums import DelegationKind, VisitStatus
from schemas.steps import Skeleton, SkeletonVisit


@pytest.mark.parametrize(
    ("answer", "regions"),
    [
        pytest.param("嘉兴市", ["嘉兴市"], id="a-region-as-it-is"),
        pytest.param("浙江省嘉兴、杭州、宁波", ["浙江省嘉兴", "杭州", "宁波"], id="a-list"),
        pytest.param("杭州市余杭区仓前街道", ["杭州市余杭区"], id="below-county"),
        pytest.param("吴中区社会综合治理联动中心", ["吴中区"], id="a-centre-of-a-district"),
        pytest.param("恒力集团", [], id="a-company"),
        pytest.param("黄龙岘茶文化村", [], id="a-village-whose-name-starts-like-a-county"),
    ],
)
def test_a_place_answer_stands_for_the_regions_written_in_it(answer, regions):
    assert region_mentions(answer, ctx_for("")) == regions


def trip(**changes: object) -> dict[str, object]:
    return {
        "delegation_name": "迎江区党政代表团",
        "delegation_kind": "党政代表团",
        "status": "completed",
        "origin": "迎江区",
        "destinations": ["杭州市余杭区仓前街道", "梦想小镇", "吴中区综治中心"],
        "date_text": None,
        **changes,
    }


def read_in(text: str, home: str) -> tuple[DraftContext, list[SkeletonVisit]]:
    """The text as a ``home`` paper's, and the trips code reads off it."""
    ctx = ctx_for(text, home=home)
    return ctx, read_trips(propose_trips(text, home=home), ctx)


def placed(text: str, home: str, trip: SkeletonVisit) -> list[str]:
    """The trip's destinations once checked against what the text of a ``home`` paper reads."""
    ctx, read = read_in(text, home)
    return plausible_trips([trip], ctx, read)[0].destinations


def test_a_trip_keeps_its_regions_and_drops_its_stops():
    repaired = repair_trip(trip(), ctx_for(""), most=6)
    assert repaired["destinations"] == ["杭州市余杭区", "吴中区"]


def test_a_trip_to_stops_only_is_left_for_the_validator_to_send_back():
    answer = trip(destinations=["梦想小镇"])
    assert repair_trip(answer, ctx_for(""), most=6) is answer


def test_a_list_longer_than_the_answer_allows_is_cut_to_its_first_regions():
    repaired = repair_trip(trip(destinations=["南京、无锡、苏州、杭州"]), ctx_for(""), most=2)
    assert repaired["destinations"] == ["南京", "无锡"]


TEXT = "迎江区党政代表团赴杭州市余杭区仓前街道、吴中区综治中心学习考察，参观梦想小镇。"


def test_a_skeleton_drops_a_visit_to_a_stop_told_as_a_trip_of_its_own():
    answer = {"is_study_visit": True, "visits": [trip(), trip(destinations=["梦想小镇"])]}
    skeleton = Skeleton.model_validate(answer, context={"draft": ctx_for(TEXT)})
    assert [v.destinations for v in skeleton.visits] == [["杭州市余杭区", "吴中区"]]


def test_a_skeleton_with_no_trip_to_a_region_is_still_refused():
    answer = {"is_study_visit": True, "visits": [trip(destinations=["梦想小镇"])]}
    with pytest.raises(ValidationError, match="不是国内的省、市、县、区"):
        Skeleton.model_validate(answer, context={"draft": ctx_for(TEXT)})


def test_a_place_that_starts_a_company_name_is_no_side_of_a_trip():
    text = "8月18日，市委书记率队来到烟台东星空调管路有限公司湖北分公司等地调研。"
    assert plausible_trips([visit("烟台市", ["湖北省"])], ctx_for(text)) == []


def test_the_same_place_written_as_a_side_still_counts():
    text = "烟台市党政代表团赴湖北省考察，参观了湖北某某有限公司。"
    kept = plausible_trips([visit("烟台市", ["湖北省"])], ctx_for(text))
    assert [(v.origin, v.destinations) for v in kept] == [("烟台市", ["湖北省"])]


@pytest.mark.parametrize(
    ("name", "origin", "regional"),
    [
        ("海安市党政代表团", "海安市", True),
        ("江苏省吴江市某某化工厂总经理率领的考察团", "江苏省吴江市", False),
        ("某某集团考察团", "海安市", False),
        ("大厂回族自治县党政代表团", "大厂回族自治县", True),  # 厂 in the county's own name
        ("香港工商界考察团", "香港", False),  # business circles, not the region's government
        ("某市侨界考察团", "某市", False),
        ("浙江客商考察团", "浙江", False),  # merchants
        ("林芝市民族艺术团", "林芝市", False),  # a troupe on tour
    ],
)
def test_a_delegation_a_company_sent_is_not_a_regions(name, origin, regional):
    assert sent_by_region(visit(origin, ["远安县"], name=name)) is regional


def test_trips_code_could_not_read_are_each_told_in_the_paragraphs_naming_them():
    from extract.pipeline.steps import _as_told

    text = (
        "近日，长治市党政代表团、信阳市人大常委会考察团先后来肥学习考察。\n"
        "3月25日，长治市委书记牛建国率长治市党政代表团来肥考察。\n"
        "3月27日，信阳市人大常委会主任余卫华率信阳市人大常委会考察团来肥。\n"
    )
    ctx = ctx_for(text)
    trips = [
        visit("长治市", ["合肥市"], name="长治市党政代表团"),
        visit("信阳市", ["合肥市"], name="信阳市人大常委会考察团"),
    ]
    parts = own_parts([_as_told(v, ctx) for v in trips], ctx)
    changzhi, xinyang = (text[slice(*parts[region_key(v.origin, ctx)])] for v in trips)
    assert "牛建国" in changzhi and "余卫华" not in changzhi
    assert "余卫华" in xinyang and "牛建国" not in xinyang


def test_a_delegation_from_abroad_is_no_chinese_regions():
    text = (
        "应州委、州人民政府邀请，老挝人民革命党琅南塔省委书记、省长本坎·西提冯率琅南塔省"
        "党政代表团于3月26日至28日来我州考察访问。"
    )
    ctx = ctx_for(text)
    named = visit("景洪市", ["西双版纳州"], name="老挝人民革命党琅南塔省党政代表团")
    assert sent_from_abroad(named, ctx)
    brought_in = visit("景洪市", ["西双版纳州"], name="琅南塔省党政代表团")
    assert sent_from_abroad(brought_in, ctx)  # the clause bringing it in names the country
    home = "3月26日，内蒙古自治区党政代表团来我州考察。"
    assert not sent_from_abroad(visit("内蒙古自治区", ["西双版纳州"]), ctx_for(home))
    korean = "延边朝鲜族自治州党政代表团赴宁波市考察。"
    assert not sent_from_abroad(visit("延边朝鲜族自治州", ["宁波市"]), ctx_for(korean))


@pytest.mark.parametrize(
    ("text", "named"),
    [
        ("海安市党政代表团赴嘉善县考察。", True),
        ("市委书记张三率队赴杭州学习。", True),
        ("上海世博会山西宣传周在太原市开幕，上海市和山西省领导出席。", False),
    ],
)
def test_a_visit_names_a_delegation(text, named):
    assert names_a_delegation(text) is named


def proposal(origin: str, destinations: tuple[str, ...], **kw: object) -> TripProposal:
    fields = {"delegation": "", "date_text": None, "lead": None, "start": 0, "end": 1} | kw
    return TripProposal(origin=origin, destinations=destinations, **fields)  # type: ignore[arg-type]


def test_a_roundup_adds_the_origins_the_model_left_out():
    text = "凉山州昭觉县党政代表团到余姚市考察；阿坝州理县党政代表团到乐清市考察。"
    model = [visit("凉山州昭觉县", ["余姚市"])]
    proposals = [proposal("凉山州昭觉县", ("余姚市",)), proposal("阿坝州理县", ("乐清市",))]
    added = stated_trips(model, proposals, ctx_for(text))
    assert [(v.origin, v.destinations) for v, _ in added] == [("阿坝州理县", ["乐清市"])]


def test_a_named_group_code_read_beside_the_models_one_trip_is_one_more_trip():
    text = (
        "5月13日，于都县委书记钟晓明率县党政代表团来晋考察交流。"
        "5月15日，由遵义市发展和改革委员会副主任周丽带领的遵义市营商环境考察组来晋考察。"
    )
    ctx = ctx_for(text, home="晋江市")
    proposals = propose_trips(text, home="晋江市")
    assert [p.origin for p in proposals] == ["遵义市"]  # code reads only the named group
    added = stated_trips([visit("于都县", ["晋江市"])], proposals, ctx)
    assert [(v.origin, v.delegation_name) for v, _ in added] == [("遵义市", "遵义市营商环境考察组")]
    same = stated_trips([visit("遵义市", ["晋江市"])], proposals, ctx)  # the model has it
    assert same == []


def test_a_host_paper_writes_its_city_by_one_character_and_a_leader_before_the_going():
    text = (
        "3月12日，嘉鱼县委书记张永辉率嘉鱼县党政代表团来义考察。"
        "3月下旬，安徽省宁国市考察团在副市长汪启明带领下来义，围绕商贸物流开展对接。"
    )
    trips = propose_trips(text, home="义乌市")
    assert [(t.origin, t.destinations, t.lead) for t in trips] == [
        ("嘉鱼县", ("义",), "嘉鱼县委书记张永辉"),
        ("安徽省宁国市", ("义",), "副市长汪启明"),
    ]
    assert propose_trips("某县考察团在县长李明带领下来义，", home="上海市") == []


def test_an_origin_enclosing_the_one_the_text_sets_out_from_is_that_one():
    text = "日前，贵州省遵义市桐梓县委书记向阳带领桐梓县党政代表团一行来我区考察交流。"
    ctx, read = read_in(text, "綦江区")
    said = visit("遵义市", ["綦江区"], name="遵义市桐梓县委书记向阳带领桐梓县党政代表团一行来我区")
    (trip,) = plausible_trips([said], ctx, read)
    assert (trip.origin, trip.delegation_name) == ("桐梓县", "桐梓县党政代表团")


def test_a_province_given_for_the_county_a_host_paper_says_the_group_came_to_is_that_county():
    text = (
        "3月12日，在区委书记刀志勇的带领下，云南省普洱市思茅区党政代表团来湄考察茶产业。"
        "代表团对贵州茶产业的发展给予高度评价。"
    )
    ctx, read = read_in(text, "湄潭县")
    said = visit("思茅区", ["贵州"], name="云南省普洱市思茅区党政代表团")
    assert plausible_trips([said], ctx, read)[0].destinations == ["湄潭县"]
    framed = ctx_for("湖北省党政代表团在江苏省学习考察。代表团还来到苏州考察。")
    province = visit("湖北省", ["江苏省"])  # the text goes to the province itself
    assert destinations_as_read(province, [visit("湖北省", ["苏州"])], framed) == province


def test_a_zone_named_after_the_place_a_host_paper_says_the_group_came_to_is_a_site_there():
    text = (
        "7月9日，大庆市委书记韩志伟率大庆市党政代表团来我市学习考察。"
        "代表团先后来到东营港经济开发区、利华益集团。"
    )
    ctx, read = read_in(text, "东营市")
    said = visit("大庆市", ["淄博市", "东营港经济开发区"], name="大庆市党政代表团")
    found = destinations_as_read(said, read, ctx).destinations
    assert [region_key(d, ctx) for d in found] == ["370300", "370500"]
    elsewhere = visit("大庆市", ["淄博市", "滨海高新区"])  # a zone named after no place read
    assert destinations_as_read(elsewhere, read, ctx) == elsewhere


def test_a_trip_read_by_code_alone_has_its_places_framed_as_the_text_writes_them():
    text = "霍城县党政代表团赴南京学习考察\n霍城县党政代表团赴江苏省南京市江宁区学习考察。"
    ctx = ctx_for(text)
    [(trip, _)] = stated_trips([], propose_trips(text), ctx)
    assert trip.destinations == ["江苏省南京市江宁区"]  # 南京 is its address, not a stop


def test_a_single_trip_read_by_code_adds_nothing_to_the_models():
    text = "海安市党政代表团赴嘉善县考察。"
    model = [visit("海安市", ["嘉善县"])]
    assert stated_trips(model, [proposal("海安市", ("嘉善县",))], ctx_for(text)) == []


def test_when_the_model_kept_no_trip_the_trip_code_read_stands():
    text = "海安市党政代表团赴嘉善县考察。"
    added = stated_trips([], [proposal("海安市", ("嘉善县",))], ctx_for(text))
    assert [(v.origin, v.destinations) for v, _ in added] == [("海安市", ["嘉善县"])]


def test_a_trip_read_by_code_is_named_by_its_origin_and_keeps_only_a_readable_date():
    ctx = ctx_for("北京、广东等省市派出代表团赴新疆。")
    v = as_trip(proposal("广东", ("新疆",), date_text="4月初"), ctx)
    assert (v.delegation_name, v.delegation_kind, v.date_text) == (
        "广东代表团",
        DelegationKind.PARTY_GOVERNMENT,
        "4月初",
    )
    assert as_trip(proposal("广东", ("新疆",), date_text="前不久"), ctx).date_text is None


def test_a_leaders_title_does_not_take_in_the_delegation_before_it():
    text = "甘孜州考察团由州委书记沈阳带队；凉山州党政代表团则由州委书记段毅君带队。"
    assert [(p.title, p.name) for p in find_people(text)] == [
        ("州委书记", "沈阳"),
        ("州委书记", "段毅君"),
    ]


def test_a_visit_may_be_named_by_a_word_for_visiting_alone():
    assert names_a_delegation(
        "扶余市与舟山市普陀区友好合作交流活动如期举行，两地领导参观考察企业。"
    )


def test_in_a_roundup_a_leader_written_with_one_delegation_leads_no_other():
    text = "甲：凉山州党政代表团由州委书记段毅君带队；广元市党政代表团由市委书记邹自景带队。"
    proposals = [
        proposal("凉山州", ("宁波市",), lead="州委书记段毅君"),
        proposal("广元市", ("杭州市",), lead="市委书记邹自景"),
    ]
    assert others_leaders("广元市", proposals, ctx_for(text)) == {"段毅君"}
    assert others_leaders("凉山彝族自治州", proposals, ctx_for(text)) == {"邹自景"}


@pytest.mark.parametrize(
    ("text", "sides"),
    [
        pytest.param(
            "伊春市委书记杨喜军，市委副书记、市长许兆君，市政协主席孟宪斌在宾馆迎接考察团。",
            {"杨喜军": "host", "许兆君": "host", "孟宪斌": "host"},
            id="one-sides-list-names-the-region-once",
        ),
        pytest.param(
            "伊春市委书记杨喜军陪同考察。市委副书记、市长许兆君出席。",
            {"杨喜军": "host", "许兆君": None},
            id="not-across-a-sentence",
        ),
        pytest.param(
            "伊春市委书记杨喜军，大庆市委副书记、市长韩学键出席。",
            {"杨喜军": "host", "韩学键": "sending"},
            id="a-title-naming-its-own-region-keeps-its-side",
        ),
        pytest.param(
            "大庆市领导孟凡军、刘洋，市领导高翠霞参加。",
            {"孟凡军": "sending", "刘洋": "sending", "高翠霞": None},
            id="the-lists-title-again-without-its-region-starts-another-side",
        ),
    ],
)
def test_officials_listed_after_one_of_a_known_side_are_of_that_side(text, sides):
    people = find_people(text)
    gazetteer = Gazetteer.load()
    found = {p.name: title_side(p.title, "大庆市", ["伊春市"], gazetteer) for p in people}
    assert listed_sides(people, found, text, gazetteer) == sides


def test_a_title_does_not_take_in_the_words_that_introduce_a_list():
    text = "随同学习考察的还有市人大常委会主任龚学平。另有市委常委徐麟。"
    assert [(p.title, p.name) for p in find_people(text)] == [
        ("市人大常委会主任", "龚学平"),
        ("市委常委", "徐麟"),
    ]


def test_a_province_written_by_its_short_name_is_a_side_of_the_trip():
    """来津考察: the model's 天津市 is named by 津 when the article also writes 天津."""
    text = "吉林省党政代表团来津考察对接、共商合作。天津认真贯彻落实有关部署。"
    kept = plausible_trips([visit("吉林省", ["天津市"])], ctx_for(text))
    assert [(v.origin, v.destinations) for v in kept] == [("吉林省", ["天津市"])]


def test_a_short_name_stands_only_for_its_own_province():
    text = "吉林省党政代表团来津考察对接。广州的企业也派人参加。"
    assert plausible_trips([visit("吉林省", ["广州市"])], ctx_for(text)) == []


def test_a_short_name_after_no_going_word_names_no_side():
    text = "吉林省党政代表团考察。津门故里游人如织，天津市民热情。"
    assert plausible_trips([visit("吉林省", ["天津市"])], ctx_for(text)) == []


def test_of_two_trips_told_both_ways_the_one_to_the_place_seen_is_kept():
    """Neither delegation is named: the trip whose destination the text says was seen."""
    text = "3月25日,扶余市与舟山市普陀区友好合作交流活动举行。在实地参观考察扶余市部分企业后,双方座谈。"
    there = visit("舟山市普陀区", ["扶余市"], name="普陀区政府代表团")
    back = visit("扶余市", ["舟山市普陀区"], name="扶余市党政代表团")
    for claimed in ([back, there], [there, back]):
        kept = plausible_trips(claimed, ctx_for(text))
        assert [(v.origin, v.destinations) for v in kept] == [("舟山市普陀区", ["扶余市"])]


def test_a_roundup_told_trip_by_trip_gives_each_origin_its_own_paragraphs():
    text = (
        "连日来，我省多地党政代表团赴外省学习考察。\n"
        "3月31日，南康区委书记甲某率南康区党政代表团赴福建省晋江市学习考察。晋江市委书记乙某会见。\n"
        "4月1日，婺源县党政代表团来到浙江省安吉县考察。安吉县长丙某陪同。\n"
        "各地表示，将把学习成果转化为具体举措。"
    )
    ctx = ctx_for(text)
    parts = own_parts(propose_trips(text), ctx)
    second = text.index("4月1日")
    assert [text[a:b].split("，")[0] for a, b in parts.values()] == ["3月31日", "4月1日"]
    assert list(parts.values())[0][1] == second
    assert list(parts.values())[1][1] == len(text)


def test_a_summary_naming_every_origin_is_no_trips_own_part():
    text = (
        "【本期导读】沈丘县党政代表团赴昆山学习考察；郸城县考察团赴义乌对接合作\n"
        "一、沈丘县党政代表团赴昆山市学习考察\n"
        "3月3日，县委书记甲某率沈丘县党政代表团赴江苏省昆山市学习考察。\n"
        "二、郸城县考察团赴义乌市对接合作\n"
        "3月4日，县长乙某带领郸城县考察团赴浙江省义乌市考察。"
    )
    parts = own_parts(propose_trips(text), ctx_for(text))
    assert [text[a:b].split("\n")[0] for a, b in parts.values()] == [
        "一、沈丘县党政代表团赴昆山市学习考察",
        "二、郸城县考察团赴义乌市对接合作",
    ]


def test_origins_that_share_a_paragraph_get_no_parts_of_their_own():
    text = "4月7日至15日，北京市、广东省等省市派出代表团赴新疆考察对接。\n代表团考察了项目。"
    assert own_parts(propose_trips(text), ctx_for(text)) == {}


def test_a_day_inside_the_span_the_trip_sentence_gives_takes_the_span():
    text = "11月7日至8日，宝鸡市委书记韩某率宝鸡市党政代表团来常州考察。8日下午，两市举行座谈交流。"
    ctx = ctx_for(text, published=dt.date(2023, 11, 9))
    read = read_trips(propose_trips(text), ctx)
    picked = visit("宝鸡市", ["常州市"]).model_copy(update={"date_text": "8日下午"})
    (trip,) = plausible_trips([picked], ctx, read)
    assert trip.date_text == "11月7日至8日"
    first_day = picked.model_copy(update={"date_text": "11月7日"})
    assert plausible_trips([first_day], ctx, read)[0].date_text == "11月7日"


def test_a_period_holding_the_trips_own_dates_gives_way_to_them():
    text = (
        "睢县一周要闻（3月17日—3月23日）\n"
        "【我县党政代表团赴昆山市学习考察】3月19日至20日，县委书记甲某率我县党政代表团赴昆山市学习考察。"
    )
    ctx = ctx_for(text, home="睢县", published=dt.date(2025, 3, 24))
    read = read_trips(propose_trips(text, home="睢县"), ctx)
    week = visit("睢县", ["昆山市"]).model_copy(update={"date_text": "3月17日—3月23日"})
    assert plausible_trips([week], ctx, read)[0].date_text == "3月19日至20日"
    other = week.model_copy(update={"date_text": "3月21日—3月23日"})  # does not hold the trip
    assert plausible_trips([other], ctx, read)[0].date_text == "3月21日—3月23日"


def test_the_placeholder_name_the_text_does_not_write_gives_way_to_the_name_read():
    text = "3月19日，县委书记甲某率我县党政代表团赴江苏省昆山市学习考察。"
    ctx, read = read_in(text, "睢县")
    placeholder = visit("睢县", ["昆山市"], name="某某市党政代表团")
    assert plausible_trips([placeholder], ctx, read)[0].delegation_name == "我县党政代表团"


def test_a_part_written_only_on_a_later_site_of_a_list_does_not_hold_the_trip():
    text = (
        "24日至25日，信阳市党政代表团来绍，先后考察了中国轻纺城、卧龙电气驱动集团和"
        "诸暨市山下湖珍珠小镇。"
    )
    assert placed(text, "绍兴市", visit("信阳市", ["诸暨市"])) == ["绍兴市"]
    first = "信阳市党政代表团来绍，先后考察了诸暨市山下湖珍珠小镇和诸暨市某某公司。"
    assert placed(first, "绍兴市", visit("信阳市", ["诸暨市"])) == ["诸暨市"]


def test_a_resort_or_museum_after_a_part_is_that_parts_address():
    text = (
        "铜川市政协考察团来我市考察。考察团先后来到仁和区普达阳光国际康养度假区、"
        "米易县撒莲镇海塔村和中国三线建设博物馆。"
    )
    assert placed(text, "攀枝花市", visit("铜川市", ["仁和区", "米易县"])) == ["攀枝花市"]


def test_numbered_news_items_after_a_digest_give_each_trip_the_item_telling_it():
    text = (
        "【导读】本周，我市党政代表团赴杭州余杭学习考察；随州市党政代表团来宿考察。\n"
        "1．市委常委会召开会议\n6月10日，市委书记甲某主持召开市委常委会会议。\n"
        "2．我市党政代表团赴杭州余杭学习考察\n6月11日，市委书记甲某率我市党政代表团赴杭州市"
        "余杭区学习考察。\n"
        "3．随州市党政代表团来宿考察\n6月13日，随州市委书记乙某率随州市党政代表团来宿考察。\n"
    )
    ctx = ctx_for(text, home="宿州市")
    items = own_items(propose_trips(text, home="宿州市"), ctx)
    told = {key: text[a:b] for key, (a, b) in items.items()}
    assert told[region_key("宿州市", ctx)].startswith("2．我市党政代表团")
    assert told[region_key("随州市", ctx)].startswith("3．随州市党政代表团")


def test_a_date_picked_from_another_story_gives_way_to_the_trips_own():
    text = (
        "1．市委常委会召开会议\n6月10日，市委书记甲某主持召开市委常委会会议。\n"
        "2．我市党政代表团赴杭州余杭学习考察\n6月11日至12日，市委书记甲某率我市党政代表团赴"
        "杭州市余杭区学习考察。\n"
    )
    ctx, read = read_in(text, "宿州市")
    trip = visit("宿州市", ["余杭区"], name="我市党政代表团")
    picked = trip.model_copy(update={"date_text": "6月10日"})
    assert plausible_trips([picked], ctx, read)[0].date_text == "6月11日至12日"
    own = "6月10日，宿州市党政代表团赴杭州市余杭区学习考察，6月11日至12日在余杭区考察。"
    ctx = ctx_for(own, home="宿州市")
    read = read_trips(propose_trips(own, home="宿州市"), ctx)
    assert plausible_trips([picked], ctx, read)[0].date_text == "6月10日"  # the trip's own


def test_a_bulletins_issue_date_naming_the_origin_gives_way_to_the_trips_own():
    text = (
        "青海省人民政府办公厅编　　　　2023年6月2日\n"
        "5月29日至31日，省委书记甲某率青海省党政代表团赴浙江省学习考察。\n"
    )
    ctx, read = read_in(text, "青海省")
    picked = visit("青海省", ["浙江省"]).model_copy(update={"date_text": "2023年6月2日"})
    assert plausible_trips([picked], ctx, read)[0].date_text == "5月29日至31日"


def test_no_place_is_read_from_inside_a_common_word():
    text = "8月21日，州委书记甲某主持召开州党政代表团赴山东省济南市考察对接工作行前会。"
    assert [p.origin for p in propose_trips(text)] == []  # 召开州…: no 开州
    assert [p.origin for p in propose_trips("开州区党政代表团赴济南市考察。")] == ["开州区"]


def test_a_regions_several_delegations_are_no_trip_of_the_region():
    text = "4月中旬以来，我市各县区党政代表团陆续赴福建省结对县开展协作考察对接。"
    assert propose_trips(text, home="固原市") == []
    assert [p.origin for p in propose_trips("我市党政代表团赴福建省考察。", home="固原市")] == [
        "我市"
    ]


def test_a_side_by_its_level_word_alone_is_the_region_of_that_level_the_page_names():
    text = (
        "根据安排，8月26日至28日，甲某、乙某将率州党政代表团赴济南市考察对接东西部协作工作。"
        "考察期间，将召开济南·湘西东西部协作联席会议。"
    )
    ctx = ctx_for(text, published=dt.date(2025, 8, 22))
    planned = visit("湘西州", ["济南市"], name="州党政代表团").model_copy(
        update={"status": VisitStatus.PLANNED, "date_text": "8月21日"}
    )
    (trip,) = plausible_trips([planned], ctx)
    assert trip.origin == "湘西州"
    assert trip.date_text == "8月26日至28日"  # the going's, not the send-off meeting's
    other = visit("恩施州", ["济南市"], name="州党政代表团")  # named nowhere on the page
    assert plausible_trips([other], ctx) == []


def test_a_page_of_news_items_gives_each_trip_its_own_item():
    text = (
        "【县委常委会召开会议】3月17日，县委书记甲某主持召开县委常委会会议。\n"
        "【我县党政代表团赴昆山市学习考察】3月19日，县委书记甲某率我县党政代表团赴江苏省昆山市"
        "学习考察，县长乙某参加。\n"
        "【商丘市领导来睢调研】3月21日，商丘市委常委、副市长丙某来睢调研。\n"
        "【浙江客商考察团来睢考察】3月22日，浙江客商考察团来睢考察。"
    )
    ctx = ctx_for(text, home="睢县")
    proposals = propose_trips(text, home="睢县")
    items = own_items(proposals, ctx)
    (trip,) = (text[a:b] for key, (a, b) in items.items() if key == region_key("睢县", ctx))
    assert trip.startswith("【我县党政代表团") and trip.endswith("县长乙某参加。\n")
    assert others_leaders("睢县", proposals, ctx) == set()  # 我县's leader is 睢县's
    assert own_items(proposals, ctx_for("【甲】一。\n【乙】二。", home="睢县")) == {}


def test_a_planned_trip_is_dated_after_the_pages_publication_where_the_text_says_so():
    text = (
        "11月8日，我市党政代表团赴浙江学习考察行前动员会召开。"
        "市委书记甲某将率我市党政代表团，于11月12日至15日赴浙江省温州市、台州市学习考察。"
    )
    ctx = ctx_for(text, home="巴中市", published=dt.date(2024, 11, 9))
    planned = visit("巴中市", ["温州市", "台州市"]).model_copy(
        update={"status": VisitStatus.PLANNED}
    )
    send_off, trip = (
        planned.model_copy(update={"date_text": d}) for d in ("11月8日", "11月12日至15日")
    )
    assert [v.date_text for v in plausible_trips([send_off, trip], ctx)] == ["11月12日至15日"]
    done = [v.model_copy(update={"status": VisitStatus.COMPLETED}) for v in (send_off, trip)]
    assert [v.date_text for v in plausible_trips(done, ctx)] == ["11月8日"]  # not planned
    meeting = (
        "11月8日，市里召开行前动员会。市委书记甲某将率巴中市党政代表团于11月12日赴温州市考察。"
    )
    ctx = ctx_for(meeting, published=dt.date(2024, 11, 9))
    read = read_trips(propose_trips(meeting), ctx)
    alone = send_off.model_copy(update={"destinations": ["温州市"]})
    assert plausible_trips([alone], ctx, read)[0].date_text == "11月12日"


def test_a_visit_setting_out_from_where_the_stated_trip_went_is_the_host_taken_for_the_guest():
    text = "6月12日，县委书记甲某率我县党政代表团赴杭州市临平区考察对接东西部协作工作。"
    ctx, read = read_in(text, "台江县")
    assert [(r.origin, r.destinations) for r in read] == [("台江县", ["杭州市临平区"])]
    host = visit("临平区", ["杭州市"], name="临平区党政代表团")
    assert plausible_trips([host], ctx, read) == []
    guest = visit("台江县", ["杭州市临平区"])
    assert [v.origin for v in plausible_trips([host, guest], ctx, read)] == ["台江县"]


def test_a_delegation_does_not_visit_its_own_region():
    text = (
        "3月26日，区委书记甲某带领南岸区党政代表团赴浙江省义乌市、宁波市鄞州区学习考察。"
        "两区签订了《重庆市南岸区 宁波市鄞州区缔结友好城区协议》。"
    )
    ctx = ctx_for(text)
    claimed = [
        visit("南岸区", ["义乌市", "宁波市鄞州区"]),
        visit("南岸区", ["重庆市南岸区", "宁波市鄞州区"]),
    ]
    (trip,) = plausible_trips(claimed, ctx)
    assert trip.destinations == ["义乌市", "宁波市鄞州区"]
    (alone,) = plausible_trips(claimed[1:], ctx)
    assert alone.destinations == ["宁波市鄞州区"]


def test_places_in_two_parts_of_where_the_trip_sentence_sent_the_group_give_way_to_it():
    text = (
        "11月8日，广元市党政代表团来我市考察东西部协作工作。"
        "代表团一行先后来到德清县地理信息小镇和安吉县余村。"
    )
    assert placed(text, "湖州市", visit("广元市", ["德清县", "安吉县"])) == ["湖州市"]
    one = visit("广元市", ["安吉县"])  # 安吉县 only as a stop's address, beside 德清县
    assert placed(text, "湖州市", one) == ["湖州市"]
    alone = "11月8日，广元市党政代表团来我市考察。代表团一行来到安吉县余村。"
    assert placed(alone, "湖州市", one) == ["安吉县"]  # the one part
    went = "11月8日，广元市党政代表团来我市考察，赴安吉县学习。代表团来到德清县地理信息小镇。"
    assert placed(went, "湖州市", one) == ["安吉县"]  # gone to by name


def test_cities_in_two_parts_of_each_province_the_trips_sentence_names_give_way_to_them():
    text = (
        "由市委书记甲某率领的上海市代表团，22日启程赴浙江省和江苏省进行学习考察。"
        "代表团将重点考察浙江省嘉兴、杭州，江苏省南京、无锡等市。"
    )
    ctx = ctx_for(text)
    read = read_trips(propose_trips(text), ctx)
    cities = visit("上海市", ["嘉兴市", "杭州市", "南京市", "无锡市"])
    assert plausible_trips([cities], ctx, read)[0].destinations == ["浙江省", "江苏省"]
    # a date the text cannot read (6月1820日) or none: the first sentence naming the group,
    # unless some trip sentence writes the frame as the places' address (浙江省嘉兴)
    undated = "上海市代表团赴浙江省和江苏省学习考察。代表团在嘉兴、杭州和南京、无锡考察。"
    ctx = ctx_for(undated)
    read = read_trips(propose_trips(undated), ctx)
    assert plausible_trips([cities], ctx, read)[0].destinations == ["浙江省", "江苏省"]
    written = "上海市代表团赴浙江省和江苏省学习考察。代表团考察浙江省嘉兴、杭州，江苏省南京、无锡。"
    ctx = ctx_for(written)
    read = read_trips(propose_trips(written), ctx)
    assert plausible_trips([cities], ctx, read)[0].destinations == cities.destinations
    headline = (
        "宣恩县考察团赴上海开展考察交流\n县长甲某带领的考察团，赴上海市松江区、闵行区学习考察。"
    )
    ctx = ctx_for(headline)
    read = read_trips(propose_trips(headline), ctx)
    districts = visit("宣恩县", ["松江区", "闵行区"], name="宣恩县考察团")
    assert plausible_trips([districts], ctx, read)[0].destinations == ["松江区", "闵行区"]
    address = "上海市代表团赴浙江省嘉兴市、杭州市，江苏省南京市、无锡市学习考察。"
    ctx = ctx_for(address)
    read = read_trips(propose_trips(address), ctx)
    assert plausible_trips([cities], ctx, read)[0].destinations == cities.destinations


INSPECTION = (
    "5月20日至21日，州委副书记、州长甲乙丙丁深入昭觉县、布拖县，调研东西部协作工作。"
    "宁波市援川工作队凉山工作组组长、副州长（挂职）张三参加调研。"
    "在昭觉县，甲乙丙丁来到甬昭产业园，察看企业生产情况。"
)


def test_a_leader_going_round_the_publisher_s_own_counties_is_no_visit():
    ctx = ctx_for(INSPECTION, home="凉山彝族自治州")
    trip = visit("宁波市", ["昭觉县", "布拖县"], name="宁波市援川工作队")
    assert plausible_trips([trip], ctx) == []
    known = INSPECTION.replace("甲乙丙丁", "李明")  # a name the finder reads
    assert plausible_trips([trip], ctx_for(known, home="凉山彝族自治州")) == []


@pytest.mark.parametrize(
    ("text", "home"),
    [
        (INSPECTION, "四川省"),  # a provincial paper: 州长 is not its own title
        (INSPECTION.replace("深入", "率宁波市代表团深入"), "凉山彝族自治州"),  # a group goes
        (
            "5月20日，宁波市委书记李明深入昭觉县、布拖县，考察东西部协作项目。",
            "凉山彝族自治州",
        ),  # the visitor's title names another region
    ],
    ids=["a-provincial-paper", "a-group", "a-visitor-named-by-region"],
)
def test_a_trip_into_the_publisher_s_counties_stays_when_a_group_or_a_visitor_goes(text, home):
    trip = visit("宁波市", ["昭觉县", "布拖县"])
    assert inspected_at_home(trip, ctx_for(INSPECTION, home="凉山彝族自治州"))
    assert not inspected_at_home(trip, ctx_for(text, home=home))


@pytest.mark.parametrize(
    ("zone", "place"),
    [
        ("苏州工业园区", "苏州市"),  # one city hosts it
        ("中新天津生态城", "滨海新区"),  # one district
        ("雄安新区", "雄安新区"),  # a province's: the zone stays
        ("两江新区", "两江新区"),
    ],
)
def test_a_zone_one_city_or_county_hosts_is_that_division_as_a_destination(zone, place):
    text = (
        f"3月21日，县委书记甲某率县党政代表团赴{zone}学习考察。代表团赴{zone}一站式服务中心参观。"
    )
    (kept,) = plausible_trips([visit("怀远县", [zone])], ctx_for(text, home="怀远县"))
    assert kept.destinations == [place]


def test_counties_speaking_at_a_meeting_at_home_make_no_trip():
    text = (
        "8月10日，全市县域经济高质量发展推进会召开。原平市、定襄县、五台县分别作了交流发言。"
        "会议要求，适时组织有关部门负责同志赴东部沿海先进地区学习考察。"
    )
    ctx = ctx_for(text, home="忻州市")
    said = visit("原平市", ["定襄县", "五台县"], name="全市县域经济高质量发展推进会")
    assert plausible_trips([said], ctx) == []
    exchange = ctx_for("原平市党政代表团赴定襄县考察交流。", home="忻州市")
    assert plausible_trips([visit("原平市", ["定襄县"])], exchange) != []


def test_counties_written_under_their_province_and_city_are_where_the_trip_went():
    text = (
        "我县党政代表团启程赴浙江学习考察\n"
        "4月8日上午，县委书记田维峰，县长向春林率县党政代表团启程赴浙江丽水松阳、金华武义学习考察。"
        "代表团将先后在松阳县、武义县考察。"
    )
    trip = visit("宣恩县", ["松阳县", "金华武义"])
    trip = trip.model_copy(update={"date_text": "4月8日上午"})
    assert placed(text, "宣恩县", trip) == ["松阳县", "金华武义"]


def test_the_first_place_gone_to_taken_for_the_origin_is_a_destination_again():
    text = (
        "8月23日，神木市召开赴内蒙古学习考察行前动员会。市委书记王建华将率神木市党政代表团"
        "于8月25日至26日赴鄂尔多斯市准格尔旗、伊金霍洛旗学习考察。"
    )
    shifted = visit("鄂尔多斯市准格尔旗", ["伊金霍洛旗"], name="神木市党政代表团")
    (trip,) = plausible_trips([shifted], ctx_for(text, home="神木市"))
    assert (trip.origin, trip.destinations) == ("神木市", ["鄂尔多斯市准格尔旗", "伊金霍洛旗"])
    stray = visit("榆林市", ["伊金霍洛旗"], name="神木市党政代表团")  # not a place gone to
    (trip,) = plausible_trips([stray], ctx_for(text, home="神木市"))
    assert (trip.origin, trip.destinations) == ("神木市", ["伊金霍洛旗"])


def test_a_trip_from_a_unit_inside_the_groups_region_is_the_group_trip_told_twice():
    text = (
        "4月24日，副市长甲某带领市发改委、赣州经开区等单位负责同志组成考察组，"
        "赴安徽省合肥市考察调研新能源汽车产业。"
    )
    ctx = ctx_for(text, home="赣州市")
    read = [visit("赣州市", ["合肥市"], name="我市考察组")]
    unit = visit("赣州经开区", ["合肥市"], name="市发改委")
    group = visit("赣州市", ["合肥市"], name="我市考察组")
    assert without_nested_twins([unit, group], read, ctx) == [group]
    assert without_nested_twins([unit, group], [], ctx) == [unit, group]  # no trip read: both
    elsewhere = visit("赣州经开区", ["南昌市"], name="赣州经开区考察团")  # another place
    assert without_nested_twins([elsewhere, group], read, ctx) == [elsewhere, group]


BULLETIN = (
    "内乡县发展改革工作简报\n【本期导读】\n一、全县重点项目观摩活动顺利开展\n"
    "二、县长带队赴东莞观摩学习\n三、秋粮收购准备工作有序推进\n"
    "一、全县重点项目观摩活动顺利开展\n8月28日，观摩组察看了12个重点项目。\n"
    "二、县长带队赴东莞观摩学习\n9月2日，县长李某带领县发改委负责同志赴广东东莞观摩学习，"
    "先后到松山湖高新区和东莞市政务服务中心。\n"
    "三、秋粮收购准备工作有序推进\n县发改委对全县收储库点进行检查。\n"
)


def test_a_trip_told_as_one_numbered_item_of_a_bulletin_is_that_item():
    ctx = ctx_for(BULLETIN, home="内乡县")
    start, end = item_going_to(visit("内乡县", ["东莞"]), ctx)
    assert BULLETIN[start:end].startswith("二、县长带队赴东莞观摩学习\n9月2日")  # not the digest's
    assert "秋粮" not in BULLETIN[start:end] and "12个重点项目" not in BULLETIN[start:end]
    sections = "9月2日，县党政代表团赴广东东莞学习考察。\n" + BULLETIN.split("【本期导读】\n")[1]
    assert item_going_to(visit("内乡县", ["东莞"]), ctx_for(sections)) is None  # a report's parts
