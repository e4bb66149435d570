"""What code reads off the text before the model: topics, meetings, agreements, leaders, sides."""

from __future__ import annotations

import pytest

from extract.resolve.gazetteer import Gazetteer
from extract.resolve.people import find_people
from extract.resolve.proposals import (
    propose_agreements,
    propose_meetings,
    propose_topics,
    topic_lexicon,
)
from extract.resolve.sides import lead_names, title_side


@pytest.mark.parametrize(
    ("text", "phrases"),
    [
        pytest.param(
            "双方签署了《战略合作框架协议》。", ["《战略合作框架协议》"], id="named-agreement"
        ),
        pytest.param("并签订相关合作协议。", ["相关合作协议"], id="verb-dropped"),
        pytest.param("双方表示要加强合作。", [], id="no-signing"),
        pytest.param(
            "两地签署3项合作协议。会上，两市签署了《甲框架协议》《乙协议》《丙协议》等3项合作协议。",
            ["《甲框架协议》", "《乙协议》", "《丙协议》"],
            id="a-count-of-the-named-ones",
        ),
        pytest.param("两地签署3项合作协议。", ["3项合作协议"], id="a-count-alone"),
        pytest.param(
            "两市签订了产业合作协议、劳务协作协议及教育帮扶协议。",
            ["产业合作协议", "劳务协作协议", "教育帮扶协议"],
            id="plain-ones-joined",
        ),
        pytest.param("双方签署合作协议和会议纪要。", ["合作协议"], id="joined-to-no-agreement"),
        pytest.param(
            "双方商定，将于12月在甲县举行甲乙消费帮扶合作签约仪式。",
            [],
            id="a-signing-set-for-later",
        ),
        pytest.param(
            "2018年，两市签署《生态合作备忘录》。此前两地已签订友好城市协议。"
            "座谈会上，两市签订了《深化合作框架协议》。",
            ["《深化合作框架协议》"],
            id="signed-in-an-earlier-year",
        ),
        pytest.param(
            "2024年5月28日，两市签订了《合作框架协议》。",
            ["《合作框架协议》"],
            id="a-dated-signing",
        ),
        pytest.param(
            "考察期间，代表团将先后走访甲公司，召开联席会议，并签署年度协作协议。",
            [],
            id="a-programme-to-come",
        ),
        pytest.param(
            "座谈会上，双方签署了合作协议，将进一步深化合作。", ["合作协议"], id="signed-then-将"
        ),
    ],
)
def test_agreements_are_what_was_signed(text, phrases):
    assert [p.phrase for p in propose_agreements(text)] == phrases


@pytest.mark.parametrize(
    ("text", "meetings"),
    [
        pytest.param(
            "并召开两地合作发展交流座谈会。",
            [("座谈会", "两地合作发展交流座谈会")],
            id="verb-stripped",
        ),
        pytest.param(
            "举行合作座谈会。省长陪同考察并出席座谈会。",
            [("座谈会", "合作座谈会")],
            id="bare-repeat-is-same",
        ),
        pytest.param("代表团参观了展览馆。", [], id="none"),
        pytest.param(
            "举行甲市—乙市东西部协作工作高层联席会。甲市还和乙市举行了东西部协作高层联席会。",
            [("其他", "甲市—乙市东西部协作工作高层联席会")],
            id="a-shortened-name-is-the-same-meeting",
        ),
        pytest.param(
            "两地召开对口支援工作联席会议和东西部协作联席会议。",
            [("其他", "对口支援工作联席会议"), ("其他", "东西部协作联席会议")],
            id="two-meetings-of-one-kind",
        ),
        pytest.param(
            "双方举行座谈会。20日召开的学习考察总结交流会上，书记强调……",
            [("座谈会", "座谈会")],
            id="the-wrap-up-at-home-is-no-meeting-of-the-trip",
        ),
        pytest.param(
            "双方举行座谈会，商定将于12月在甲县举行甲乙消费帮扶合作签约仪式。",
            [("座谈会", "座谈会")],
            id="a-ceremony-set-for-later-is-not-held",
        ),
    ],
)
def test_meetings_are_named_meetings(text, meetings):
    assert [(p.label, p.phrase) for p in propose_meetings(text)] == meetings


def test_topics_come_from_vocabulary_with_their_phrase():
    text = "学习借鉴在产业发展、科技创新、乡村振兴等方面的经验,推动长三角一体化。"
    found = {p.label: p.phrase for p in propose_topics(text)}
    assert found == {
        "产业发展": "在产业发展",
        "科技创新": "科技创新",
        "乡村振兴": "乡村振兴",
        "区域协同": "长三角",
    } or ({"产业发展", "科技创新", "乡村振兴", "区域协同"} == set(found))
    for label, phrase in found.items():
        assert phrase in text, label


# Phrases read off the seed articles, not vocabulary: the broader words (政务服务, 生态, 城市建设,
# 园区, 交通) name these domains.
SEED_PHRASES = ["最多跑一次", "行政服务", "大保护", "城市品质", "平台建设", "综合交通"]


def test_topic_lexicon_holds_no_seed_phrases():
    words = {w for _, ws in topic_lexicon() for w in ws}
    assert not words & set(SEED_PHRASES)


@pytest.mark.parametrize(
    ("text", "domain"),
    [
        pytest.param("推行“一网通办”改革。", "营商环境", id="yiwang-tongban"),
        pytest.param("深化东西部协作。", "对口合作", id="dong-xi-bu-xiezuo"),
        pytest.param("学习美丽乡村建设经验。", "乡村振兴", id="meili-xiangcun"),
        pytest.param("培育专精特新企业。", "产业发展", id="zhuanjing-texin"),
    ],
)
def test_general_policy_words_name_their_domain(text, domain):
    assert domain in {p.label for p in propose_topics(text)}


@pytest.mark.parametrize(
    ("text", "domain", "named"),
    [
        pytest.param(
            "近年来，该县擦亮三张旅游名片，年旅游综合收入40多亿元。",
            "文化旅游",
            False,
            id="own-record",
        ),
        pytest.param("去年脱贫攻坚战取得全面胜利。", "乡村振兴", False, id="last-year"),
        pytest.param("一行先后考察了猕猴桃产业基地、茶叶公司。", "产业发展", False, id="site-name"),
        pytest.param("参观了现代农业产业园。", "园区平台", False, id="park-visited"),
        pytest.param(
            "甲乙油茶基地和丙丁油茶文化园的油茶林吸引了大家。",
            "文化旅游",
            False,
            id="site-name-joined-by-he-before-de",
        ),
        pytest.param("加强文化和旅游合作。", "文化旅游", True, id="domains-joined-by-he"),
        pytest.param(
            "协议覆盖了两省在经济、社会、文化发展等各个领域的合作。",
            "文化旅游",
            False,
            id="the-stock-list-of-every-field",
        ),
        pytest.param(
            "双方将加强文化旅游合作，推动经济社会发展。", "文化旅游", True, id="a-field-by-itself"
        ),
        pytest.param("推动科研基础设施互用共享。", "交通基建", False, id="research-infrastructure"),
        pytest.param("围绕“产业兴旺、生态宜居”的总要求。", "生态环保", False, id="rural-slogan"),
        pytest.param(
            "展现出产业、科技、人才相互奔赴的图景。", "人才干部", False, id="talent-as-factor"
        ),
        pytest.param(
            "近年来，两地在文化旅游领域合作不断深化。", "文化旅游", True, id="record-together"
        ),
        pytest.param("双方将加强园区共建。", "园区平台", True, id="parks-as-area"),
        pytest.param("深化干部人才交流。", "人才干部", True, id="cadre-exchange"),
        pytest.param("加快重大基础设施建设。", "交通基建", True, id="infrastructure"),
        pytest.param(
            "他说，广东正大力推进绿美广东生态建设，2024年全省地区生产总值超过14万亿元。",
            "生态环保",
            False,
            id="own-output-figures",
        ),
        pytest.param(
            "柳州是广西最大的工业城市，汽车产量约占全国十分之一。",
            "产业发展",
            False,
            id="own-share-of-the-country",
        ),
        pytest.param(
            "在农业合作座谈会上，他介绍，寿光打造文旅品牌，全市生产总值突破1000亿元。",
            "文化旅游",
            False,
            id="figures-told-at-a-named-meeting",
        ),
        pytest.param(
            "双方将深化文旅合作，两地旅游总收入已超过500亿元。",
            "文化旅游",
            True,
            id="figures-beside-joint-work",
        ),
        pytest.param(
            "在甲公司，代表团了解企业智能制造情况，该公司年产值超过50亿元。",
            "科技创新",
            True,
            id="figures-of-a-site-the-group-was-shown",
        ),
        pytest.param("代表团先后来到福清市元洪投资区。", "招商项目", False, id="zone-visited"),
        pytest.param("走进南昌VR科创城。", "科技创新", False, id="science-city-visited"),
        pytest.param(
            "将走访中原科技城、会盟镇乡村振兴示范园等地。",
            "乡村振兴",
            False,
            id="demonstration-park-before-dengdi",
        ),
        pytest.param(
            "软件园管委会与固原经济技术开发区管委会签订了结对共建协议。",
            "科技创新",
            False,
            id="zone-kind-name",
        ),
        pytest.param(
            "了解企业原料药和制剂一体化发展情况。", "区域协同", False, id="integration-of-a-firm"
        ),
        pytest.param("推进区域一体化发展。", "区域协同", True, id="regional-integration"),
        pytest.param("要学习晋江“马上就办”的服务作风。", "人才干部", False, id="service-style"),
        pytest.param("加强干部作风建设。", "人才干部", True, id="cadre-conduct"),
        pytest.param(
            "考察团详细了解基层立法联系点和代表联络站建设情况。", "其他", True, id="congress-work"
        ),
        pytest.param("全国人大代表、甲集团董事长乙陪同考察。", "其他", False, id="deputy-as-title"),
    ],
)
def test_topic_words_name_a_topic_only_where_the_sides_set_it_out(text, domain, named):
    assert (domain in {p.label for p in propose_topics(text)}) is named


def test_leaders_are_the_names_before_lü():
    text = "2月27日,甲市委书记张伟,甲市委副书记、市长李强率甲市党政代表团赴乙区考察。乙区区长王芳陪同。"
    people = find_people(text)
    assert lead_names(text, people) == {"张伟", "李强"}


@pytest.mark.parametrize(
    ("title", "side"),
    [
        pytest.param("吴江区委副书记、区长", "host", id="full-name-destination"),
        pytest.param("启东市领导", "sending", id="full-name-origin"),
        pytest.param("区人大常委会主任", "host", id="level-word-only-destination-is-a-district"),
        pytest.param("市委副书记、市长", "sending", id="level-word-only-origin-is-a-city"),
        pytest.param("南通市委书记", None, id="parent-of-origin-is-neither"),
        pytest.param("省委书记", None, id="level-neither-side-has"),
        pytest.param("启东经济开发区管委会主任", "sending", id="short-name-origin"),
        pytest.param(
            "市委常委、副市长（吴江区挂职干部）", "sending", id="a-bracket-note-places-no-one"
        ),
    ],
)
def test_title_places_an_official_on_a_side(title, side):
    assert title_side(title, "启东", ["吴江区"], Gazetteer.load()) == side


def test_an_autonomous_regions_leaders_are_of_its_side_and_not_a_districts():
    gazetteer = Gazetteer.load()
    assert title_side("自治区领导", "海南省", ["广西壮族自治区"], gazetteer) == "host"
    assert title_side("自治区领导", "广西壮族自治区", ["海南省"], gazetteer) == "sending"
    assert title_side("区委书记", "海南省", ["广西壮族自治区"], gazetteer) is None


@pytest.mark.parametrize(
    ("title", "origin", "destination", "side"),
    [
        ("旗领导", "顺义区", "科尔沁右翼前旗", "host"),
        ("旗委书记", "科尔沁右翼前旗", "顺义区", "sending"),
        ("州长", "宁波市", "凉山彝族自治州", "host"),
        ("盟委副书记", "兴安盟", "北京市", "sending"),
        ("州长", "宁波市", "杭州市", None),  # neither side is a 州
    ],
)
def test_a_prefecture_banner_or_league_title_by_its_level_word_places_its_side(
    title, origin, destination, side
):
    assert title_side(title, origin, [destination], Gazetteer.load()) == side
