"""The publisher's own region in general shapes: a masthead naming the site, a side written by
its level word alone (市委书记某某带队赴…), the region by its first character (来昆考察); and
whether a trip is the article's visit at all (an event attended, a trip recalled years later);
and who leads and who hosts, from the verbs of a list."""

from __future__ import annotations

import datetime as dt

import pytest
from trip_support import ctx_for, visit

from extract.pipeline.steps import _first_person, _places_reached
from extract.resolve.gazetteer import Gazetteer, outlet_region, resolve
from extract.resolve.people import find_people
from extract.resolve.roundup import propose_trips
from extract.resolve.sides import (
    bare_title,
    below_county_side,
    lead_names,
    own_title,
    publisher_side,
    read_sides,
    scene_sides,
    spoken_sides,
    title_level,
    top_official,
    verb_sides,
)
from extract.resolve.tripfacts import (
    attends_an_event_only,
    come_to_origin,
    into_its_one_city,
    into_parts_reached,
    meets_by_video_only,
    onward_places,
    origin_gone_to,
    posts_cadres_only,
    status_from_text,
    told_as_background,
    told_as_wish,
    under_a_framing_province,
    without_enclosed_zones,
    without_sites,
)
from extract.resolve.trips import (
    in_stated_order,
    others_leaders,
    plausible_trips,
    read_trips,
    stated_trips,
)
from extract.text import metadata
from extract.text.clean import clean
from extract.text.ingest import RawArticle

# --- the site's name ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("lines", "site"),
    [
        (["南浔日报 | 南浔新闻网", "某某标题"], "南浔日报"),
        (["桐庐融媒  ——  桐庐县融媒体中心主办"], "桐庐融媒"),
        (["岳阳政协网 > 政协动态 > 工作动态"], "岳阳政协网"),
        (["山西省人民政府  www.shanxi.gov.cn"], "山西省人民政府"),
        (["重庆市渝北区人大常委会", "首页　人大要闻"], "重庆市渝北区人大常委会"),
        (["兰陵县政协 >> 工作动态 >> 正文"], "兰陵县政协"),
        (["昆山市人民政府\u3000首页 > 新闻中心"], "昆山市人民政府"),
        (["马鞍山市人民政府 www.mas.gov.cn"], "马鞍山市人民政府"),  # a wide space, normalised
        (["内乡县发展和改革委员会", "首页 | 机构概况"], "内乡县发展和改革委员会"),  # an organ
        (["首页 > 要闻"], None),
        (["某县党政代表团赴某市学习考察"], None),
        (["县委书记调研市场监管局"], None),  # a headline, no region's organ
    ],
)
def test_the_site_is_read_off_the_line_that_heads_the_page(lines, site):
    assert metadata.site_name(lines) == site


def test_a_masthead_of_site_names_is_never_the_headline():
    assert metadata.is_site_line("南浔日报 | 南浔新闻网")
    assert not metadata.is_site_line("南浔日报")  # one part alone may be a headline's words
    assert metadata.is_site_line("六安新闻网 www.luanxw.com")  # parts split by one space
    assert not metadata.is_site_line("南浔区党政代表团赴德清县学习考察 | 南浔新闻网")
    raw = RawArticle(
        id="x",
        source="x.txt",
        raw="南浔日报 | 南浔新闻网\n首页  时政  经济\n王明会见桐乡市党政代表团\n\n"
        "5月6日，桐乡市党政代表团来浔考察，区委书记王明会见代表团一行。\n",
        fmt="text",
    )
    article = clean(raw)
    assert article.meta.title == "王明会见桐乡市党政代表团"
    assert article.meta.site == "南浔日报"


def test_a_papers_digital_edition_gives_its_site_its_issue_date_and_the_headline():
    raw = RawArticle(
        id="x",
        source="x.txt",
        raw="常州日报数字报\n2023年11月09日　星期四　　第A01版：要闻\n< 上一版　　下一版 >\n"
        "本版标题导航\n· 我市与某市举行座谈交流\n· 全市推进会召开\n我市与某市举行座谈交流\n"
        "本报讯 11月7日至8日，某市党政代表团来我市考察。\n",
        fmt="text",
    )
    meta = clean(raw).meta
    assert (meta.site, meta.title) == ("常州日报数字报", "我市与某市举行座谈交流")
    assert meta.published == dt.date(2023, 11, 9)  # the issue's date, though 星期 is written
    assert outlet_region("常州日报数字报") == "常州"
    assert metadata.is_masthead("常州日报") and not metadata.is_masthead("织密基层治理网")


@pytest.mark.parametrize(
    ("outlet", "region"),
    [
        ("晋江经济报", "晋江"),
        ("义乌商报", "义乌"),
        ("重庆市渝北区人大常委会", "重庆市渝北区"),
        ("兰陵县政协", "兰陵县"),
        ("岳阳政协网", "岳阳"),
        ("山西省人民政府", "山西省"),
        ("桐庐融媒", "桐庐"),
        ("宿州日报社全媒体中心", "宿州"),
        ("嘉兴传媒集团", "嘉兴"),
        ("内乡县发展和改革委员会", "内乡县"),  # an organ of a region's government
        ("长沙市雨花区发展和改革局", "长沙市雨花区"),
        ("浙江省商务厅", "浙江省"),
        ("国家发展和改革委员会", None),  # no region's
    ],
)
def test_an_outlet_names_its_region_before_its_outlet_words(outlet, region):
    assert outlet_region(outlet) == region


# --- a side written by its level word alone ------------------------------------------------

BARE = "3月4日，市委书记张三带队赴江苏省昆山市考察交流，学习昆山经验。昆山市委书记李四陪同考察。"


def test_a_bare_level_side_is_the_publishers_region_of_that_level():
    (trip,) = propose_trips(BARE, home="丽水")
    assert (trip.origin, trip.destinations) == ("市", ("江苏省昆山市",))
    (read,) = read_trips([trip], ctx_for(BARE, home="丽水"))
    assert read.origin == "丽水"
    assert propose_trips(BARE) == []  # whose 市 it is, nobody says
    assert propose_trips(BARE, home="景宁") == []  # a 县's paper: 市 is not its level


def test_the_models_trip_from_the_bare_side_stands_and_the_question_says_who_it_is():
    ctx = ctx_for(BARE, home="丽水")
    (trip,) = plausible_trips([visit("丽水市", ["江苏省昆山市"])], ctx)
    assert trip.origin == "丽水市"
    assert plausible_trips([visit("丽水市", ["江苏省昆山市"])], ctx_for(BARE)) == []
    assert _first_person(ctx) == {"home": "丽水市", "mine": "“市委”"}


LED_OUT = (
    "6月3日，市委副书记、市长周建明主持召开市政府常务会议。"
    "6月5日至6日，周建明率队赴上海市松江区考察交流，对接合作事宜。"
)


def test_a_trip_led_out_by_someone_the_page_titles_by_a_level_word_is_the_publishers():
    ctx = ctx_for(LED_OUT, home="盐城")
    (trip,) = plausible_trips([visit("盐城", ["上海市松江区"], name="周建明")], ctx)
    assert trip.origin == "盐城"
    assert plausible_trips([visit("盐城", ["上海市松江区"], name="周建明")], ctx_for(LED_OUT)) == []
    # titled so but leading nobody out (陪同), the page's official tells no side
    hosted = LED_OUT.replace("周建明率队赴上海市松江区考察交流", "周建明陪同上海市松江区客人考察")
    assert ctx_for(hosted, home="盐城").bare_home() == ""
    assert ctx_for(LED_OUT, home="盐城").bare_home() == "盐城"


def test_a_chambers_own_group_is_read_with_its_region():
    text = "5月8日，市政协主席王五率市政协考察团赴江苏省南通市学习考察。"
    (trip,) = propose_trips(text, home="岳阳")
    assert trip.delegation == "市政协考察团" and trip.destinations == ("江苏省南通市",)
    ctx = ctx_for(text, home="岳阳")
    (added, _), *_ = stated_trips([], propose_trips(text, home="岳阳"), ctx)
    assert resolve(added.origin).adcode == "430600"  # 岳阳市


def test_the_publishers_region_by_its_first_character():
    text = "6月2日，贵州省铜仁市万山区委书记赵六率万山区党政代表团来昆考察交流。"
    (trip,) = propose_trips(text, home="昆山")
    assert resolve(read_trips([trip], ctx_for(text, home="昆山"))[0].destinations[0]).adcode == (
        "320583"
    )
    assert propose_trips(text) == []  # 昆 alone is nobody's short name
    (model,) = read_trips([trip], ctx_for(text, home="昆山"))
    assert model.destinations == ["昆山"]


def test_the_publishers_region_by_its_last_character_where_the_answer_made_it_a_place():
    text = (
        "11月12日，鄂尔多斯市委书记甲率鄂尔多斯市党政考察团来肥考察。"
        "在合肥城市大脑运营中心，考察团观看了演示。"
    )
    ctx = ctx_for(text, home="合肥")
    (trip,) = plausible_trips([visit("鄂尔多斯市", ["肥城市"])], ctx)
    assert resolve(trip.destinations[0]).adcode == "340100"  # not 山东 肥城市
    written = text + "代表团随后赴肥城市考察。"  # 肥城 itself written: a place of its own
    (away,) = plausible_trips([visit("鄂尔多斯市", ["肥城市"])], ctx_for(written, home="合肥"))
    assert resolve(away.destinations[0]).adcode == "370983"


# --- the article's visit or not ------------------------------------------------------------


def test_an_event_attended_without_any_study_is_no_visit():
    expo = "5月20日，第十届某某博览会在成都举行。市长王明率我市代表团参加博览会，推介投资环境。"
    assert attends_an_event_only(expo)
    assert not attends_an_event_only(expo + "代表团还考察了当地三家企业。")
    assert not attends_an_event_only("某县党政代表团赴某市学习考察。")


def test_an_event_held_elsewhere_or_by_video_is_no_visit():
    promotion = (
        "11月22日，某市（深圳）产业合作推介会在深圳举行。市长致辞说，真诚欢迎深圳企业家到某市"
        "考察投资。推介会前，市长一行走访了两家企业。"
    )
    assert attends_an_event_only(promotion)  # the one 考察 is an invitation
    around = promotion + "推介会前，书记一行拜访了两家企业，并实地考察了一个产业园。"
    assert attends_an_event_only(around)  # calls made around the promotion are part of it
    assert not attends_an_event_only(promotion + "代表团随后考察了深圳湾科技生态园。")
    joint = "10月10日，五市市长联席会议在我市召开。会前，与会代表观摩了茶文化博物馆。"
    assert attends_an_event_only(joint)  # 会前，与会…: around the conference
    assert not attends_an_event_only("双方举行了签约仪式。会后，代表团考察了甲公司。")
    video = "3月13日，甲市—乙州东西部协作联席会议以视频连线方式召开。两地签署了协作协议。"
    assert attends_an_event_only(video)


def test_a_meeting_over_a_video_link_where_no_one_goes_is_no_visit():
    talks = (
        "5月28日，甲市与乙州对口合作视频座谈会召开。乙州将认真学习借鉴甲市的经验。"
        "欢迎乙州党政代表团适时来甲市考察交流。"
    )
    assert meets_by_video_only(talks)  # 学习借鉴 said at a meeting; the one trip an invitation
    assert not attends_an_event_only(talks)
    assert not meets_by_video_only(talks + "会后，代表团赴甲市高新区考察了三家企业。")
    assert not meets_by_video_only("乙州党政代表团来我市考察，观看了视频连线演示。")
    workers = talks + "乙州组织劳动力赴甲市转移就业1200余人。"
    assert meets_by_video_only(workers)  # workers going to jobs is no group's study trip
    assert not meets_by_video_only(talks + "乙州代表团前往甲市学习产业园建设经验。")
    remote = (
        "4月26日，我县与甲市以视频连线方式开展“云考察”活动。原定于4月中旬由县委书记率县党政"
        "代表团赴甲市开展的实地学习考察暂缓进行。分会场的同志们“云参观”了甲市规划展示馆。"
        "双方约定，待条件允许时，进一步加强干部互访和实地交流。"
    )
    assert meets_by_video_only(remote)  # seen over the link; the going called off
    assert not meets_by_video_only(remote + "5月，县党政代表团赴甲市实地考察了三家企业。")
    signed = (
        "2月19日，甲市、乙市新一轮合作协议签约活动以视频连线方式举行。双方原则上每年互派党政"
        "代表团考察交流一次；甲市每年组织不少于50家企业赴乙市考察对接。"
    )
    assert meets_by_video_only(signed)  # goings agreed on as a standing rule: none gone
    assert not meets_by_video_only(signed + "会后，乙市党政代表团赴甲市考察了三家企业。")


def test_a_trip_told_years_before_publication_is_background():
    text = "2021年，县党政代表团赴浙江安吉学习考察后，县里借鉴了白茶产业的做法。"
    v = visit("湄潭县", ["浙江安吉"], name="县党政代表团")
    assert told_as_background(v, ctx_for(text, published=dt.date(2024, 5, 7)))
    assert not told_as_background(v, ctx_for(text, published=dt.date(2022, 2, 1)))
    assert not told_as_background(v, ctx_for(text))  # no publication date: nothing to weigh
    now = "5月6日，县党政代表团赴浙江安吉学习考察。"
    assert not told_as_background(v, ctx_for(now, published=dt.date(2024, 5, 7)))
    recalled = "他说，2021年5月河东区党政代表团首次来秦安考察对接以来，两地交流频繁。"
    full = visit("天津市河东区", ["甘肃省秦安县"])  # named in full, written 秦安 in the text
    assert told_as_background(full, ctx_for(recalled, published=dt.date(2025, 3, 14)))


def test_cadres_posted_or_trained_elsewhere_are_no_delegation():
    posted = (
        "9月9日，甲市第五批来乙挂职锻炼干部见面会举行。甲市委组织部副部长某某带队护送20名"
        "挂职干部抵乙，将在乙市直部门跟岗学习三个月。"
    )
    assert posts_cadres_only(posted)
    assert not posts_cadres_only(posted + "其间，县党政代表团赴乙市考察了产业园。")
    assert not posts_cadres_only("县委书记带队赴乙市考察，看望慰问在乙挂职干部。")
    course = (
        "9月9日，由乙市合作交流办、甲州委组织部联合举办的甲州乡村振兴专题培训班在乙市开班。"
        "学员们还将赴乙市西青区开展现场教学，学习考察乡村振兴先进经验。"
    )
    assert posts_cadres_only(course)  # only a course's trainees study
    assert not posts_cadres_only(course + "州党政代表团一行考察了乙市的产业园。")


def test_a_trip_only_invited_or_set_as_a_target_is_wished_for_not_made():
    plan = (
        "（二）深化高层互访。县党政主要领导年内赴坪山区考察对接不少于1次，"
        "积极邀请坪山区党政代表团来乐考察指导。"
    )
    published = dt.date(2024, 3, 8)
    assert told_as_wish(visit("坪山区", ["乐业县"]), ctx_for(plan, published=published))
    assert told_as_wish(visit("乐业县", ["坪山区"]), ctx_for(plan, published=published))
    made = "3月5日，坪山区党政代表团来乐业县考察。" + plan
    assert not told_as_wish(visit("坪山区", ["乐业县"]), ctx_for(made, published=published))
    accepted = "应坪山区邀请，乐业县党政代表团赴坪山区学习考察。"
    assert not told_as_wish(visit("乐业县", ["坪山区"]), ctx_for(accepted))
    assert not told_as_wish(visit("乐业县", ["坪山区"]), ctx_for("两地签订了协议。"))


# --- who leads, who hosts -------------------------------------------------------------------


def test_an_official_titled_by_a_level_word_belongs_to_the_place_the_sentence_is_set_in():
    text = (
        "州人大常委会考察团赴四川省阿坝藏族羌族自治州考察学习。"
        "在若尔盖县，县人大常委会主任阿旺扎西介绍了湿地保护立法情况。"
        "座谈会上，县人大常委会副主任卓玛发言。"
    )
    v = visit("甘南藏族自治州", ["阿坝藏族羌族自治州"])
    sides = scene_sides(find_people(text), text, v, Gazetteer.load())
    assert sides == {"阿旺扎西": "host"}  # 卓玛's sentence is set nowhere


def test_a_host_who_receives_a_group_led_by_others_is_no_leader():
    text = "12月7日，市委书记周建国会见由市委书记王大明、市长李小红率领的某市党政代表团一行。"
    people = find_people(text)
    assert lead_names(text, people) == {"王大明", "李小红"}
    assert verb_sides(people, text) == {"周建国": "host"}


def test_a_team_led_off_to_work_together_names_its_leaders_without_a_group_word():
    text = "县委书记农立新，县委副书记、县长黄海明率队赴深圳市龙华区对接东西部协作工作。"
    assert lead_names(text, find_people(text)) == {"农立新", "黄海明"}
    text = "县委副书记、县长钱伟率队赴上海开展招商活动，举办招商推介会。"
    assert lead_names(text, find_people(text)) == set()  # an event, not a team's trip


def test_leaders_written_as_led_by_or_as_the_leading_one():
    text = "县委书记孙立新主持会议。会议决定，县党政代表团拟于9月赴外地学习考察，由孙立新带队。"
    assert lead_names(text, find_people(text)) == {"孙立新"}
    text = "座谈会上，带队的市委书记钱文华表示，此行收获很大。"
    assert lead_names(text, find_people(text)) == {"钱文华"}
    text = "近日，以市政协主席覃正刚为团长的常德市政协考察团赴德清县学习考察。"
    assert lead_names(text, find_people(text)) == {"覃正刚"}


def test_officials_of_one_list_that_accompany_the_group_are_all_hosts():
    text = "昆明市委书记赵一鸣，市领导王海、林敏、陈晓东陪同考察。"
    people = find_people(text)
    assert [p.name for p in people] == ["赵一鸣", "王海", "林敏", "陈晓东"]
    assert verb_sides(people, text) == dict.fromkeys(["赵一鸣", "王海", "林敏", "陈晓东"], "host")
    assert verb_sides(people, "市领导王海、林敏参加考察。") == {}


def test_a_dotted_name_ends_where_the_lead_word_starts():
    text = "县委副书记、县长买买提江·阿不都率墨玉县党政代表团赴北京市海淀区考察。"
    assert [p.name for p in find_people(text)] == ["买买提江·阿不都"]


def test_an_official_titled_by_the_level_alone_is_of_the_publishers_side():
    text = "市领导陈志斌参加会见。"
    (person,) = find_people(text)
    host_paper = ctx_for(text, home="深圳")
    assert bare_title(person, host_paper)
    assert publisher_side(host_paper, visit("哈尔滨市", ["深圳市"])) == "host"
    assert publisher_side(ctx_for(text, home="哈尔滨"), visit("哈尔滨市", ["深圳市"])) == "sending"
    assert publisher_side(ctx_for(text, home="广州"), visit("哈尔滨市", ["深圳市"])) is None
    assert not bare_title(person, ctx_for(text, home="宝安"))  # a 区's paper: 市 is another's
    for title in ("市发展改革委主任", "市商务局局长"):  # the head of the city's department
        (head,) = find_people(f"{title}巫晓峰介绍了情况。")
        assert bare_title(head, host_paper)
    (market,) = find_people("市场监管局局长王某介绍了情况。")  # 市场 is no level
    assert not bare_title(market, host_paper)
    mine = "宝鸡市领导冯雪，我市领导李宁、蒋晨光参加相关活动。"
    ours = [p for p in find_people(mine) if p.name == "李宁"]
    assert ours and own_title(ours[0], ctx_for(mine, home="常州"))
    assert not own_title(ours[0], ctx_for(mine, home="宝安"))  # a 区's paper: 我市 is no 区


def test_a_report_that_says_the_group_came_to_us_makes_its_bare_titles_hosts():
    text = (
        "某某省党政代表团来我省考察访问。在省委书记周建国，省委副书记、省长李小红陪同下，"
        "代表团参观了企业。省领导王海、林敏出席座谈会。"
    )
    people = find_people(text)
    assert spoken_sides(text) == {"省": "host"}
    assert [title_level(p) for p in people] == ["省", "省", "省", "省"]
    went = "我县党政代表团赴某某县学习考察，县委书记孙立新带队。"
    assert spoken_sides(went) == {"县": "sending"}
    assert spoken_sides("他表示，欢迎更多企业家来我市考察投资。") == {}  # an invitation
    assert spoken_sides("来我市考察的我市友城代表团") == {}  # a level written both ways


def test_with_no_lead_word_the_sending_sides_party_secretary_leads():
    text = "县委书记陈建华，县委副书记、县长吴丽，县委常委王海参加考察。"
    people = find_people(text)
    sending = dict.fromkeys((p.name for p in people), "sending")
    assert top_official(people, sending) == {"陈建华"}
    assert top_official(people, {**sending, "陈建华": "host"}) == set()
    deputy = "县委副书记、县长吴丽参加考察。"
    assert top_official(find_people(deputy), {"吴丽": "sending"}) == set()


def test_a_towns_group_keeps_its_town_officials_and_the_village_it_visits_hosts():
    text = (
        "4月8日，某某县某某镇党委书记李光明带队，组织镇村干部赴江苏省江阴市某某村考察学习。"
        "某某村党委副书记吴建国介绍了村集体经济发展情况。镇党委副书记、镇长田晓华表示，要学以致用。"
    )
    people = find_people(text)
    trip = ctx_for(text).trip_text
    lead_titles = [p.title for p in people if p.name in lead_names(text, people)]
    sides = {p.name: below_county_side(p, lead_titles, trip) for p in people}
    assert sides == {"李光明": "sending", "吴建国": "host", "田晓华": "sending"}
    assert below_county_side(people[2], [], trip) is None  # no town leads: left open


def test_officials_who_welcome_the_group_somewhere_are_hosts():
    text = "市人大常委会主任关平，市政协主席孟海等领导同志在宾馆迎接考察团。"
    people = find_people(text)
    assert verb_sides(people, text) == {"关平": "host", "孟海": "host"}


def test_a_team_with_no_group_noun_is_read_with_its_leader():
    text = (
        "3月18日，威县党政代表团赴山东省寿光市学习考察。"
        "3月25日至27日，宁晋县县长郑海龙带队赴浙江省永康市考察交流。"
    )
    trips = propose_trips(text)
    assert [(t.origin, t.destinations, t.lead) for t in trips][1] == (
        "宁晋县",
        ("浙江省永康市",),
        "宁晋县县长郑海龙",
    )


def test_a_zone_named_after_a_destination_of_the_same_trip_lies_in_it():
    ctx = ctx_for("")
    v = visit("定西市", ["福州市", "福州高新区"])
    assert without_enclosed_zones(v, ctx).destinations == ["福州市"]
    kept = visit("定西市", ["东莞市", "松山湖高新区"])  # 松山 is no destination of this trip
    assert without_enclosed_zones(kept, ctx).destinations == ["东莞市", "松山湖高新区"]


def test_a_province_the_trip_is_sent_to_frames_the_cities_seen_in_it():
    framed = ctx_for(
        "青海省党政代表团在山东省学习考察。在济南，代表团考察了一家研究院。"
        "19日，代表团移师青岛，来到一家实验室。"
    )
    v = visit("青海省", ["山东", "青岛"])
    assert under_a_framing_province(v, framed).destinations == ["山东"]
    one_city = ctx_for("安徽省党政代表团赶赴浙江省学习考察。在杭州，代表团考察了城市阳台。")
    v = visit("安徽省", ["浙江省", "杭州"])
    assert under_a_framing_province(v, one_city).destinations == ["杭州"]
    address = ctx_for("某县党政代表团赴江苏苏州、浙江嘉兴学习考察。")
    v = visit("某县", ["江苏", "苏州", "嘉兴"])
    assert under_a_framing_province(v, address).destinations == ["苏州", "嘉兴"]
    apart = visit("青海省", ["山东", "杭州"])  # 杭州 is in no listed province
    assert under_a_framing_province(apart, framed).destinations == ["山东", "杭州"]


def test_a_city_frames_no_districts_the_trip_sentence_sends_the_group_to_by_name():
    text = (
        "9月下旬，以州长甲某为团长的凉山州党政代表团赴广东省佛山市，先后到南海区、顺德区考察"
        "东西部协作工作。在南海区，代表团参观了一家企业。"
    )
    ctx = ctx_for(text)
    v = visit("凉山州", ["佛山市", "南海区", "顺德区"])
    assert under_a_framing_province(v, ctx).destinations == ["南海区", "顺德区"]
    read = read_trips(propose_trips(text), ctx)
    city = visit("凉山州", ["佛山市"]).model_copy(update={"date_text": "9月下旬"})
    assert plausible_trips([city], ctx, read)[0].destinations == ["南海区", "顺德区"]
    stops = ctx_for("某县党政代表团赴湖州市考察，先后来到德清县某小镇和安吉县余村。")
    v = visit("某县", ["湖州市", "德清县", "安吉县"])  # counties as the stops' addresses
    assert under_a_framing_province(v, stops).destinations == ["湖州市"]


def test_a_city_beside_one_of_its_counties_is_its_address_and_frames_two():
    address = ctx_for("县委书记甲某率县党政代表团赴江苏省宿迁市沭阳县、淮安市涟水县学习考察。")
    v = visit("临泉县", ["沭阳县", "淮安市", "涟水县"])
    assert under_a_framing_province(v, address).destinations == ["沭阳县", "涟水县"]
    framed = ctx_for("某县党政代表团赴湖州市学习考察，先后来到德清县、安吉县。")
    v = visit("某县", ["湖州市", "德清县", "安吉县"])
    assert under_a_framing_province(v, framed).destinations == ["湖州市"]
    dated = ctx_for(
        "11月4日至8日，县党政代表团赴广东省广州市黄埔区、番禺区考察。"
        "在广州期间，代表团考察了一家产业园。"
    )
    v = visit("疏附县", ["广州市黄埔区", "番禺区", "广州"]).model_copy(
        update={"date_text": "11月4日至8日"}
    )  # the dated sentence writes the city as the address of both
    assert under_a_framing_province(v, dated).destinations == ["广州市黄埔区", "番禺区"]
    apart = ctx_for("某区党政代表团赴余杭区考察，最后一站是杭州市下城区东新街道。")
    v = visit("某区", ["杭州市", "余杭区"])  # 杭州市 stands for a district the text names
    assert under_a_framing_province(v, apart).destinations == ["杭州市", "余杭区"]


def test_in_a_roundup_another_trips_co_leaders_are_not_this_ones():
    text = (
        "3月18日，南和区委书记赵红军率南和区党政代表团赴山东省寿光市学习考察。"
        "3月21日，威县县委书记高志远，县委副书记、县长王晓辉带领威县党政代表团赴河南省长垣市学习考察。"
    )
    proposals = propose_trips(text)
    assert others_leaders("南和区", proposals, ctx_for(text)) == {"高志远", "王晓辉"}


def test_a_host_who_receives_the_group_somewhere_names_where_it_went():
    text = "7月9日下午，市委书记黄建国在泉州会见了宁夏回族自治区固原市委书记马明率领的固原市党政代表团一行。"
    (trip,) = propose_trips(text, home="泉州")
    assert (trip.origin, trip.destinations) == ("固原市", ("市",))


def test_a_trip_dated_by_that_year_is_background_too():
    text = "变化要从2019年说起。那年春天，县里组织村干部赴浙江安吉学习考察竹产业。"
    v = visit("丹棱县", ["浙江安吉"])
    assert told_as_background(v, ctx_for(text, published=dt.date(2024, 8, 14)))
    assert not told_as_background(v, ctx_for(text, published=dt.date(2020, 1, 10)))
    named = visit("丹棱县", ["浙江安吉"], name="丹棱县柳溪村")  # a name the feature uses anew
    feature = "丹棱县柳溪村走进新时代。" + text
    assert told_as_background(named, ctx_for(feature, published=dt.date(2024, 8, 14)))


def test_a_site_given_as_a_destination_is_a_stop_when_the_trip_has_a_region():
    v = visit("厦门市", ["临夏回族自治州", "高原夏菜种植基地", "一处两地共建的产业园"])
    assert without_sites(v, ctx_for("")).destinations == ["临夏回族自治州"]
    alone = visit("厦门市", ["高原夏菜种植基地"])
    assert without_sites(alone, ctx_for("")).destinations == ["高原夏菜种植基地"]
    zone = visit("定州市", ["雄安新区"])
    assert without_sites(zone, ctx_for("")).destinations == ["雄安新区"]


def test_a_group_that_arrived_is_under_way_whatever_it_will_do_next():
    arrived = ctx_for(
        "8月12日，甲区党政代表团抵达泽普县考察。13日，代表团还将前往泽普县第二中学考察。"
    )
    v = visit("闵行区", ["泽普县"]).model_copy(update={"status": "planned"})
    assert status_from_text(v, arrived).status == "completed"
    ahead = ctx_for("甲区党政代表团将于明日抵达泽普县考察。")
    assert status_from_text(v, ahead).status == "planned"
    announced = ctx_for("会议决定，县党政代表团将于下周赴泽普县学习考察。")
    assert status_from_text(visit("闵行区", ["泽普县"]), announced).status == "planned"
    led = ctx_for("根据安排，旗委书记某某将于11月22日至23日率旗党政代表团赴陕西省神木市学习考察。")
    assert status_from_text(visit("准格尔旗", ["神木市"]), led).status == "planned"


def test_destinations_follow_the_sentence_that_names_them_all():
    ctx = ctx_for("会议决定，市党政代表团将于下周赴泉州、厦门学习考察。在厦门期间将参观一家企业。")
    v = visit("天水市", ["厦门", "泉州"])
    assert in_stated_order(v, ctx).destinations == ["泉州", "厦门"]
    apart = visit("天水市", ["厦门", "漳州"])  # no sentence names both: the model's order
    assert in_stated_order(apart, ctx).destinations == ["厦门", "漳州"]


def test_a_province_whose_one_city_the_text_names_gives_way_to_it():
    one = ctx_for("贵州省党政代表团赴广东学习考察。27日，代表团在广州市一家科技公司学习考察。")
    assert into_its_one_city(visit("贵州省", ["广东"]), one).destinations == ["广州市"]
    two = ctx_for("青海省党政代表团赴山东学习考察。在济南考察研究院，在青岛考察实验室。")
    assert into_its_one_city(visit("青海省", ["山东"]), two).destinations == ["山东"]
    none = ctx_for("吉林省党政代表团到天津学习考察。")
    assert into_its_one_city(visit("吉林省", ["天津市"]), none).destinations == ["天津市"]


def test_a_city_given_beside_its_own_county_is_the_parts_the_text_reaches():
    text = (
        "3月26日，旗委书记甲某率我旗党政代表团启程赴山东省潍坊市学习考察。当日下午，"
        "代表团抵达首站寿光市，考察了一家种业公司。代表团还将赴青州市考察花卉产业。"
    )
    v = visit("翁牛特旗", ["潍坊市", "青州市"])
    assert into_parts_reached(v, ctx_for(text)).destinations == ["寿光市", "青州市"]
    unreached = ctx_for("代表团赴山东省潍坊市学习考察，在青州市考察了花卉产业。")
    assert into_parts_reached(v, unreached).destinations == ["潍坊市", "青州市"]
    only_it = ctx_for("代表团赴山东省潍坊市学习考察，考察了一家公司。随后赴青州市考察花卉产业。")
    assert into_parts_reached(v, only_it).destinations == ["潍坊市", "青州市"]
    apart = visit("翁牛特旗", ["潍坊市", "淄博市"])  # neither inside the other
    assert into_parts_reached(apart, ctx_for(text)).destinations == ["潍坊市", "淄博市"]


def test_a_host_list_keeps_its_bare_titles_in_a_report_of_our_own_groups_trip():
    text = (
        "5月20日，市委书记杨某率我市党政代表团赴慈溪市学习考察。"
        "慈溪市委书记吴某，市委副书记、市长陈某陪同考察。市领导段某参加。"
    )
    people = find_people(text)
    sides, leads = read_sides(people, visit("曲靖市", ["慈溪市"]), ctx_for(text), None)
    assert sides == {"杨某": "sending", "吴某": "host", "陈某": "host", "段某": "sending"}
    assert leads == {"杨某"}


def test_a_leg_the_report_does_not_cover_names_no_city_and_one_county_gone_to_is_the_place():
    text = (
        "于都县党政代表团赴浙江学习考察。6月14日，结束在杭州市萧山区的学习考察后，"
        "县委书记甲某率于都县党政代表团来到义乌市学习考察。据悉，代表团还将赴宁波市考察。"
    )
    ctx = ctx_for(text)
    assert into_its_one_city(visit("于都县", ["浙江省"]), ctx).destinations == ["义乌市"]
    both = ctx_for("某县党政代表团赴浙江学习考察，来到义乌市、海宁市考察。")
    assert into_its_one_city(visit("某县", ["浙江省"]), both).destinations == ["浙江省"]


def test_a_group_named_among_a_festivals_guests_makes_no_study_visit():
    text = (
        "4月26日，第十二届茶文化旅游节在中国茶城开幕。县委书记甲某致辞。"
        "浙江省安吉县考察团，省内外茶企代表共3000余人参加开幕式。"
    )
    assert attends_an_event_only(text)
    assert not attends_an_event_only(text + "考察团还考察了当地茶园。")


def test_a_host_who_accompanies_a_group_led_by_another_leads_none():
    text = (
        "县委书记李某，县长陈某陪同上海市嘉定区委副书记、区长邢某率领的嘉定区党政代表团"
        "在我县考察东西部协作工作。"
    )
    assert lead_names(text, find_people(text)) == {"邢某"}
    village = "听取了村党支部书记王某带领群众发展产业的介绍。随后，代表团考察了企业。"
    assert lead_names(village, find_people(village)) == set()


def test_a_drive_for_investment_without_study_is_no_visit():
    text = (
        "7月9日至10日，区长甲某带领区招商小分队赴江苏省苏州市开展招商引资活动，走访了三家企业。"
        "企业负责人表示，将尽快安排团队赴我区实地考察。"
    )
    assert attends_an_event_only(text)
    assert not attends_an_event_only(text + "小分队还考察了当地产业园区。")


def test_a_bare_village_secretary_hosts_a_group_led_from_above_a_village():
    person = find_people("村党委书记沈某介绍了经验做法。")[0]
    assert below_county_side(person, ["县委书记"], "") == "host"
    assert below_county_side(person, ["村党委书记"], "") == "sending"


def test_a_city_the_group_goes_on_to_after_the_legs_given_is_one_more_destination():
    text = (
        "在惠州，代表团一行先后来到仲恺高新区。结束在惠州的考察后，代表团前往广州市，"
        "拜访广东省对口支援办公室。"
    )
    v = visit("巴宜区", ["惠州市"])
    assert onward_places(v, ctx_for(text)).destinations == ["惠州市", "广州市"]
    inside = "代表团前往惠州市惠阳区考察。"  # a part of a destination given: no new one
    assert onward_places(v, ctx_for(inside)).destinations == ["惠州市"]
    home = "代表团前往林芝市返程。"  # around the origin, and on the way home
    assert onward_places(v, ctx_for(home)).destinations == ["惠州市"]
    later = "代表团还将前往广州市。"  # a leg still to come
    assert onward_places(v, ctx_for(later)).destinations == ["惠州市"]


def test_places_gone_on_to_stand_in_the_order_the_trip_sentence_names_them():
    text = (
        "11月2日，巴宜区党政代表团赴惠州市、广州市学习考察。"
        "11月3日，代表团前往惠州市拜访惠州市对口支援办公室。"
    )
    v = visit("巴宜区", ["广州市"])
    assert onward_places(v, ctx_for(text)).destinations == ["广州市", "惠州市"]
    assert _places_reached(v, ctx_for(text)).destinations == ["惠州市", "广州市"]


def test_a_trip_told_as_the_guests_coming_to_its_origin_is_turned_round():
    text = "3月18日，广德市委书记汪振华、市长钱立斌一行来长兴考察交流。县委书记李卫东会见客人一行。"
    ctx = ctx_for(text, home="长兴")
    v = come_to_origin(visit("长兴县", ["广德市"], name="长兴市委汪振华一行"), ctx)
    assert (v.origin, v.destinations) == ("广德市", ["长兴县"])
    assert v.delegation_name == "广德市委书记汪振华、市长钱立斌一行"  # as the text names them
    right = visit("广德市", ["长兴县"])
    assert come_to_origin(right, ctx) == right
    went = "3月18日，长兴县党政代表团赴广德考察交流。广德市委书记汪振华会见代表团一行。"
    assert come_to_origin(visit("长兴县", ["广德市"]), ctx_for(went)).origin == "长兴县"


def test_an_origin_listed_with_the_places_gone_to_is_one_of_them():
    inspection = "10月10日，市委书记甲某率市直有关部门负责人深入信丰县、南康区，考察重点项目。"
    ctx = ctx_for(inspection, home="赣州市")
    v = origin_gone_to(visit("信丰县", ["南康区"]), ctx)
    assert (v.origin, v.destinations) == ("赣州市", ["信丰县", "南康区"])
    assert plausible_trips([visit("信丰县", ["南康区"])], ctx) == []  # its own counties
    away = "4月2日，县委书记甲某率队赴江苏省昆山市、太仓市学习考察。"  # a county's paper
    v = origin_gone_to(visit("昆山市", ["太仓市"]), ctx_for(away, home="于都县"))
    assert (v.origin, v.destinations) == ("于都县", ["昆山市", "太仓市"])
    sent = "4月2日，昆山市党政代表团赴太仓市学习考察。"  # the origin sends, no list of places
    assert (
        origin_gone_to(visit("昆山市", ["太仓市"]), ctx_for(sent, home="于都县")).origin == "昆山市"
    )
    site = "市委书记甲某率我市党政代表团赴扎囊县。代表团深入扎囊县文化产业园、马鞍山援建的医院。"
    home = ctx_for(site, home="马鞍山市")  # its own region, and a place starting a site's name
    assert origin_gone_to(visit("马鞍山市", ["扎囊县"]), home).destinations == ["扎囊县"]
    assert origin_gone_to(visit("扎囊县", ["马鞍山市"]), home).origin == "扎囊县"
    unknown = "4月2日，甲某率队赴江苏省昆山市、太仓市学习考察。"  # no bare side: no home to take
    assert (
        origin_gone_to(visit("昆山市", ["太仓市"]), ctx_for(unknown, home="于都县")).origin
        == "昆山市"
    )


def test_a_banner_s_or_league_s_paper_speaks_of_its_own_side_as_a_county_s_does():
    text = "顺义区党政代表团来我旗考察交流。旗委书记白音仓陪同考察，旗领导宝音、吴晓东参加座谈会。"
    assert spoken_sides(text) == {"旗": "host"}
    people = find_people(text)
    assert [title_level(p) for p in people] == ["旗", "旗", "旗"]
    ctx = ctx_for(text, home="科尔沁右翼前旗")
    assert all(bare_title(p, ctx) for p in people)
    assert spoken_sides("我盟党政代表团赴北京市学习考察。") == {"盟": "sending"}
