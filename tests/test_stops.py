"""Stops code reads off the text: names listed after a visiting verb, by the kind they end in."""

from __future__ import annotations

import pytest
from trip_support import ctx_for

from extract.resolve.stops import (
    at_home,
    names_an_official,
    names_goods,
    names_no_place,
    names_only_a_document,
    place_named,
    propose_stops,
    said_kind,
    stop_kind,
)
from schemas.enums import StopKind


def names(text: str) -> list[tuple[str, str]]:
    return [(p.name, p.kind.value) for p in propose_stops(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "代表团先后参观了某某科技有限公司、某某实验室和某某村。",
            [("某某科技有限公司", "enterprise"), ("某某实验室", "research"), ("某某村", "village")],
        ),
        ("考察团一行来到城东产业园,听取情况介绍。", [("城东产业园", "park")]),
        ("代表团首先来到甲乙经验馆，了解发展历程。", [("甲乙经验馆", "exhibition")]),
        ("代表团先后来到甲乙宾馆、丙丁村史馆。", [("丙丁村史馆", "exhibition")]),
        (
            "在某某镇便民服务中心,代表团详细了解政务服务情况。",
            [("某某镇便民服务中心", "government")],
        ),
        ("走访考察了入驻其中的某某创新研究院。", [("某某创新研究院", "research")]),
        (
            "甲乙公司、丙丁产业园、戊己展示馆等考察点给出了可借鉴的经验。",
            [("甲乙公司", "enterprise"), ("丙丁产业园", "park"), ("戊己展示馆", "exhibition")],
        ),
        (
            "参观考察甲乙木业厂,丙丁科技园;戊己博物馆。",
            [("甲乙木业厂", "enterprise"), ("丙丁科技园", "park"), ("戊己博物馆", "exhibition")],
        ),
        ("座谈会前，代表团还在某区政务服务中心考察了服务。", [("某区政务服务中心", "government")]),
        (
            "先后走进某区消费帮扶馆、某某公司。",
            [("某区消费帮扶馆", "exhibition"), ("某某公司", "enterprise")],
        ),
    ],
    ids=[
        "list-after-verb",
        "came-to",
        "a-hall-of-any-name",
        "a-hall-but-no-hotel",
        "scene",
        "modifier",
        "listed-as-stops",
        "comma-list",
        "where-the-group-looked",
        "a-hall-of-products",
    ],
)
def test_listed_places_are_proposed_with_their_kind(text, expected):
    assert names(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "近年来,该市企业发展迅速,产业园区建设成效明显。",  # background, no visiting verb
        "代表团参观了企业,听取了介绍。",  # a bare kind word is no name
        "考察了当地产业发展情况。",
        # who took part or met, listed as units: no place seen
        "县商务局、县电商服务中心、庄寨镇等单位和镇街主要负责人参加考察。",
        "考察组与合肥市发改委、合肥市建投集团等单位进行了座谈交流。",
    ],
)
def test_background_and_bare_kind_words_are_not_stops(text):
    assert names(text) == []


def test_kind_needs_a_name_before_the_kind_word():
    assert stop_kind("该公司") is None
    assert stop_kind("某某集团") is StopKind.ENTERPRISE


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("甲乙经济技术开发区", StopKind.PARK),  # zones, as GUIDE.md files them
        ("甲乙高新区", StopKind.PARK),
        ("甲乙综合保税区", StopKind.PARK),
        ("甲乙集团总部", StopKind.ENTERPRISE),
        ("甲乙历史街区", StopKind.OTHER),
        ("甲乙集装箱码头", StopKind.OTHER),
        ("甲乙城市运行管理中心", StopKind.GOVERNMENT),
        ("甲乙区综治中心", StopKind.GOVERNMENT),
        ("甲乙街道人大代表联络站", StopKind.GOVERNMENT),
        ("甲乙产品展销中心", StopKind.EXHIBITION),
        ("甲乙劳务协作工作站", StopKind.GOVERNMENT),
        ("甲乙科技城", StopKind.PARK),
        ("甲乙镇乌兰嘎查", StopKind.VILLAGE),  # Inner Mongolia's village
        ("甲乙育秧中心", None),  # a centre of no kind its name tells: the model's kind stands
        ("生产车间", None),  # a workshop or a market is part of a place, not one
        ("专业市场", None),
        ("晶科能源项目", StopKind.PROJECT),
        ("甲乙镇", StopKind.VILLAGE),  # a town, as GUIDE.md files it
        ("甲乙小镇", StopKind.PARK),
        ("甲乙国际商贸城", StopKind.OTHER),  # a market town of trade
        ("合作项目", None),  # a kind of project, not one named
        ("帮扶项目", None),
        ("甲乙瓷业股份", StopKind.ENTERPRISE),  # a listed company's short name
        ("甲乙蔬菜专业合作社", StopKind.ENTERPRISE),
        ("甲乙国际会展中心", StopKind.EXHIBITION),
        ("甲乙市民中心", StopKind.GOVERNMENT),
        ("甲乙市民之家", StopKind.GOVERNMENT),
        ("甲乙县新时代文明实践中心", StopKind.GOVERNMENT),
        ("甲乙区社会治理和城市运行中心", StopKind.GOVERNMENT),
        ("甲乙协商议事厅", StopKind.GOVERNMENT),
        ("甲乙滨湖科学城", StopKind.PARK),
        ("甲乙科教城", StopKind.PARK),
        ("中新甲乙生态城", StopKind.PARK),
        ("甲乙国际合作示范区", StopKind.PARK),
        ("甲乙田园综合体", StopKind.PARK),
        ("甲乙国际物流港", StopKind.PARK),
        ("甲乙物流基地一期工程", StopKind.PROJECT),
        ("重点工程", None),  # a kind of work, not one named
        ("甲乙圈河口岸", StopKind.OTHER),  # a border crossing
        ("甲乙国际家纺城", StopKind.OTHER),  # a market town of trade, as 商贸城
        ("甲乙毛织贸易中心", StopKind.OTHER),  # a market, as 商贸城
        ("甲乙畜牧科技", StopKind.ENTERPRISE),  # a company's short name (蓝思科技)
        ("甲乙科技城", StopKind.PARK),
        ("宁德时代厦门基地", StopKind.ENTERPRISE),  # a maker's plant, named by where it stands
        ("一汽—大众华北基地", StopKind.ENTERPRISE),
        ("甲乙猕猴桃产业基地", StopKind.PARK),  # a base named by its field
        ("寿光蔬菜基地", StopKind.PARK),
        ("福建厦门基地", StopKind.PARK),  # two places and no maker
    ],
)
def test_kind_words_of_zones_headquarters_quarters_and_centres(name, kind):
    assert stop_kind(name) is kind


def test_a_hall_of_a_development_story_is_a_place_but_development_itself_is_not():
    assert names("代表团走进甲乙集团、甲市民营经济发展展示馆和甲乙规划展示厅。") == [
        ("甲乙集团", "enterprise"),
        ("甲市民营经济发展展示馆", "exhibition"),
        ("甲乙规划展示厅", "exhibition"),
    ]
    assert names("代表团考察了当地产业发展项目。") == []


def test_a_photo_caption_names_the_place_shown():
    assert names(
        "正文。\n图为代表团在甲乙集团总部参观考察。\n图为丙丁展示馆。（记者 某某 摄）"
    ) == [
        ("甲乙集团总部", "enterprise"),
        ("丙丁展示馆", "exhibition"),
    ]
    assert names("正文。\n图为活动现场。摄影:某某\n图为座谈会现场。") == []


def test_goods_listed_as_goods_are_no_stops():
    text = "在甲乙展销中心，代表团察看了丙丁木耳、大米、蜂蜜等特色农产品的销售情况。"
    assert all(names_goods(text, n) for n in ("丙丁木耳", "大米", "蜂蜜"))
    assert not names_goods(text, "甲乙展销中心")
    # named as a place elsewhere too: not goods alone
    assert not names_goods("代表团参观了甲公司。展出了木耳、甲公司等产品。", "甲公司")


def test_a_listed_centre_of_no_known_kind_is_proposed_as_other():
    assert names("代表团先后来到甲乙育秧中心、丙丁公司。") == [
        ("甲乙育秧中心", "other"),
        ("丙丁公司", "enterprise"),
    ]


def test_places_gone_to_for_a_look_are_proposed_but_regions_are_not():
    assert names("代表团先后赴甲乙集团、丙丁软件园参观考察。") == [
        ("甲乙集团", "enterprise"),
        ("丙丁软件园", "park"),
    ]
    assert names("代表团一行先后到甲乙经济开发区、丙镇丁村等地考察。") == [
        ("甲乙经济开发区", "park"),
        ("丙镇丁村", "village"),
    ]
    assert names("代表团赴江苏省苏州市学习考察。") == []


def test_a_name_written_only_inside_a_title_is_a_document_not_a_stop():
    text = "代表团参观了甲乙商贸城。两区签订了《甲区 乙区缔结友好城区协议》，并印发《甲乙商贸城发展规划》。"
    assert names_only_a_document(text, "甲区乙区缔结友好城区协议")
    assert not names_only_a_document(text, "甲乙商贸城")  # also written as a place seen
    assert not names_only_a_document(text, "丙丁公司")  # not written at all


def test_the_kind_of_a_farm_an_office_block_and_a_quoted_hall():
    assert stop_kind("某镇绿沃川农场") is StopKind.ENTERPRISE
    assert stop_kind("某新区市委市政府办公楼") is StopKind.GOVERNMENT
    assert stop_kind("某工业“云体验中心”") is StopKind.EXHIBITION


@pytest.mark.parametrize(
    ("name", "no_place"),
    [
        pytest.param("电子信息", True, id="one-sector"),
        pytest.param("装备制造", True, id="another-sector"),
        pytest.param("新能源、新材料", True, id="sectors-listed"),
        pytest.param("电子信息产业", True, id="sector-with-chanye"),
        pytest.param("某某宾馆", True, id="hotel"),
        pytest.param("国际大酒店", True, id="big-hotel"),
        pytest.param("新材料产业园", False, id="sector-park"),
        pytest.param("中信泰富特钢", False, id="company-short-name"),
        pytest.param("生物医药创新中心", False, id="sector-centre"),
        pytest.param("汽车城", False, id="car-town"),
    ],
)
def test_sectors_and_hotels_are_no_place_seen_but_places_named_after_a_sector_are(name, no_place):
    assert names_no_place(name) is no_place


def test_an_official_the_model_gives_as_a_stop_is_no_place():
    text = (
        "代表团先后来到寿光蔬菜种业集团和三元朱村。寿光市委书记郑立民陪同考察。"
        "诸城市委副书记、市长臧志刚陪同考察。"
    )
    officials = ("寿光市委书记郑立民", "诸城市委副书记、市长臧志刚", "市长臧志刚", "郑立民")
    assert all(names_an_official(text, n) for n in officials)
    assert not any(names_an_official(text, n) for n in ("寿光蔬菜种业集团", "三元朱村"))


def test_a_site_named_after_a_place_of_the_delegations_own_region_is_at_home():
    ctx = ctx_for("周口市党政代表团赴阜阳市学习考察。", home="周口市")
    home = ("项城市医药产业园", "周口港区", "周口港区多式联运物流中心")
    assert all(at_home(name, "周口市", ["阜阳市"], ctx) for name in home)
    away = ("阜阳合肥现代产业园区", "阜阳市政务服务中心", "亳州中药材交易中心", "南京路步行街")
    assert not any(at_home(name, "周口市", ["阜阳市"], ctx) for name in away)
    assert not any(at_home(name, "南京市", ["上海市"], ctx) for name in ("南京路步行街",))


def test_a_hall_the_model_names_where_the_name_shows_none_is_a_place_of_no_kind_told():
    assert said_kind("诸葛亮文化书院", StopKind.EXHIBITION) is StopKind.OTHER
    assert said_kind("“红帆驿站”", StopKind.EXHIBITION) is StopKind.OTHER
    assert said_kind("甲乙文化展示中心", StopKind.EXHIBITION) is StopKind.EXHIBITION
    assert said_kind("甲乙民俗陈列室", StopKind.EXHIBITION) is StopKind.EXHIBITION
    assert said_kind("诸葛亮文化书院", StopKind.RESEARCH) is StopKind.RESEARCH  # as given
    assert said_kind("某某有限公司", StopKind.EXHIBITION) is StopKind.ENTERPRISE  # the name's word


def test_a_stop_answered_with_what_was_seen_there_is_the_place_before_its_de():
    assert place_named("久祺股份的智能化生产线") == "久祺股份"
    assert place_named("禹越镇三林村的数字乡村建设和农文旅融合项目") == "禹越镇三林村"
    assert place_named("吴江的高端产业园") == "吴江的高端产业园"  # before 的, a region: no place
    assert place_named("甲乙产业园") == "甲乙产业园"
