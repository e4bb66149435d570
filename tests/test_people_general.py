"""People under one shared title, and titles of pairing work: synthetic sentences in the style
of visit reports, none taken from an article."""

from __future__ import annotations

import pytest

from extract.resolve.people import find_people

P = pytest.param

SHARED_TITLES = [
    P(
        "市领导王强，李明，张伟陪同考察。",
        [("市领导", "王强"), ("市领导", "李明"), ("市领导", "张伟")],
        id="comma-separated",
    ),
    P(
        "县领导张三丰、李四和王五陪同。",
        [("县领导", "张三丰"), ("县领导", "李四"), ("县领导", "王五")],
        id="last-joined-by-he",
    ),
    P(
        "区领导刘晓东、陈静及赵建国等参加活动。",
        [("区领导", "刘晓东"), ("区领导", "陈静"), ("区领导", "赵建国")],
        id="last-joined-by-ji-then-deng",
    ),
    P(
        "省领导周建华、泽仁多吉、孙丽及吴海、陈静出席。",
        [("省领导", n) for n in ("周建华", "泽仁多吉", "孙丽", "吴海", "陈静")],
        id="an-unknown-surname-between-list-marks-and-a-list-going-on-after-ji",
    ),
    P(
        "州委书记刘昌华，州委副书记、州长泽仁多吉率代表团赴浙江考察。",
        [("州委书记", "刘昌华"), ("州委副书记、州长", "泽仁多吉")],
        id="a-name-whose-surname-the-vocabulary-lacks-ends-at-lv",
    ),
    P(
        "盟委书记额尔敦毕力格，盟委副书记、盟长蒯立新率兴安盟党政代表团赴广东省学习考察。",
        [("盟委书记", "额尔敦毕力格"), ("盟委副书记、盟长", "蒯立新")],
        id="a-six-character-name-ends-at-the-comma-before-the-next-title",
    ),
    P(
        "州委副书记、州长拉毛卓玛将于5月20日率州党政代表团赴无锡市考察。",
        [("州委副书记、州长", "拉毛卓玛")],
        id="a-name-whose-surname-the-vocabulary-lacks-ends-at-jiang-yu",
    ),
    P(
        "寿光市领导逄志刚、綦晓燕和桑立群陪同考察，副市长茆文杰介绍情况。",
        [("寿光市领导", n) for n in ("逄志刚", "綦晓燕", "桑立群")] + [("副市长", "茆文杰")],
        id="rarer-surnames",
    ),
    P("听取了村党支部书记关于带领群众发展产业的介绍。", [], id="guanyu-is-no-name"),
    P(
        "州长拉毛措吉会见代表团一行，州领导俄日才让、尉迟宏亮陪同，市长折建军、宣传部部长赖德昌参加。",
        [
            ("州长", "拉毛措吉"),
            ("州领导", "俄日才让"),
            ("州领导", "尉迟宏亮"),
            ("市长", "折建军"),
            ("宣传部部长", "赖德昌"),
        ],
        id="unknown-surnames-before-huijian-and-first-in-a-group-list",
    ),
    P(
        "地委书记宗某某、行署专员艾尔肯·吐尔逊率领代表团。",
        [("地委书记", "宗某某"), ("行署专员", "艾尔肯·吐尔逊")],
        id="a-prefectures-commissioner",
    ),
    P(
        "市政府副秘书长邱绍文参加，市长张某介绍了情况。",
        [("市政府副秘书长", "邱绍文"), ("市长", "张某")],
        id="shao-is-a-name-character",
    ),
    P(
        "州长艾克拜尔·吐尔洪率克州党政代表团来昌考察，副州长古丽·艾山在会上介绍情况，"
        "副县长阿依古丽·买买提陪同。",
        [("州长", "艾克拜尔·吐尔洪"), ("副州长", "古丽·艾山"), ("副县长", "阿依古丽·买买提")],
        id="a-dotted-name-ends-before-the-lead-word-or-the-verb-after-it",
    ),
    P(
        "县人大常委会副主任阿依古丽·吐尔洪、副县长尼玛次仁介绍了情况，区长区伟华主持。",
        [("县人大常委会副主任", "阿依古丽·吐尔洪"), ("副县长", "尼玛次仁"), ("区长", "区伟华")],
        id="a-dotted-name-after-its-title-an-unknown-surname-before-jieshao-and-ou-as-surname",
    ),
    P(
        "旗委书记巴图孟和，旗委副书记、旗长其木格率代表团，市长那日苏会见，主任席大伟、"
        "市领导巢立军陪同。",
        [
            ("旗委书记", "巴图孟和"),
            ("旗委副书记、旗长", "其木格"),
            ("市长", "那日苏"),
            ("主任", "席大伟"),
            ("市领导", "巢立军"),
        ],
        id="mongolian-names-and-surnames-that-are-also-words",
    ),
    P(
        "县委书记沙马拉日，县委副书记、县长阿苏伍各率代表团来访。州委书记吉克拉铁在西昌会见，"
        "市长旺堆陪同。吉克拉铁说，欢迎。旺堆表示感谢。",
        [
            ("县委书记", "沙马拉日"),
            ("县委副书记、县长", "阿苏伍各"),
            ("州委书记", "吉克拉铁"),
            ("市长", "旺堆"),
        ],
        id="yi-and-tibetan-names-a-word-syllable-a-zai-after-or-two-characters-named-again",
    ),
    P(
        "市委书记洛桑江村率团来访。市长旦增、副市长尼玛次仁陪同。市领导张强、格桑在会上介绍。",
        [
            ("市委书记", "洛桑江村"),
            ("市长", "旦增"),
            ("副市长", "尼玛次仁"),
            ("市领导", "张强"),
            ("市领导", "格桑"),
        ],
        id="tibetan-names-of-name-words-even-with-jiangcun-or-two-characters-named-once",
    ),
    P(
        "县委书记吉克伍沙，县委副书记、县长阿的日哈率团来访。市委书记的关心，让我们倍受鼓舞。",
        [("县委书记", "吉克伍沙"), ("县委副书记、县长", "阿的日哈")],
        id="a-yi-name-of-the-clan-a-de-holds-its-de-and-no-other-de-makes-a-name",
    ),
    P(
        "市委书记顾建新，市委副书记、市长沈志刚拟于8月20日率团赴外地考察，州长泽仁多杰拟率团回访。",
        [("市委书记", "顾建新"), ("市委副书记、市长", "沈志刚"), ("州长", "泽仁多杰")],
        id="a-name-before-the-planned-trip-words-ni-yu-ni-shuai",
    ),
    P(
        "州长阿苦日哈赴宁波考察。县长张三深入基层，县委书记王五走进企业。",
        [("州长", "阿苦日哈"), ("县长", "张三"), ("县委书记", "王五")],
        id="a-name-before-fu-shenru-zoujin",
    ),
    P(
        "在区委书记刀志勇的带领下，代表团来湄考察。",
        [("区委书记", "刀志勇")],
        id="dao-a-dai-surname",
    ),
    P(
        "旗领导乌兰其其格、那顺巴雅尔参加考察。旗委副书记、旗长乌云其木格，企业负责人深入交流。",
        [
            ("旗领导", "乌兰其其格"),
            ("旗领导", "那顺巴雅尔"),
            ("旗委副书记、旗长", "乌云其木格"),
        ],
        id="mongolian-names-of-five-characters-in-a-list-and-after-a-title",
    ),
    P(
        "以州委副书记、州长吉克木呷为团长的代表团赴佛山，州政府副秘书长勒尔曲布参加考察。",
        [("州委副书记、州长", "吉克木呷"), ("州政府副秘书长", "勒尔曲布")],
        id="unknown-surnames-before-weituanzhang-and-canjia",
    ),
    P(
        "区委书记区永康会见了代表团，区长区委常委王强陪同。",
        [("区委书记", "区永康"), ("区长区委常委", "王强")],
        id="ou-is-a-surname-only-where-no-organ-starts",
    ),
    P(
        "县委常委、副县长（挂职）樊一帆参加相关活动。",
        [("县委常委、副县长（挂职）", "樊一帆")],
        id="a-note-in-brackets-after-a-title",
    ),
    P(
        "广东省委书记李希主持会议并讲话。",
        [("广东省委书记", "李希")],
        id="xi-is-a-name-character",
    ),
    P(
        "市领导王强同志、李明同志陪同。",
        [("市领导", "王强"), ("市领导", "李明")],
        id="names-with-tongzhi",
    ),
    P(
        "陪同考察的市领导有王强、李明、张伟。",
        [("市领导", "王强"), ("市领导", "李明"), ("市领导", "张伟")],
        id="group-title-then-you",
    ),
    P(
        "参加活动的省领导还有：周建华、孙丽。",
        [("省领导", "周建华"), ("省领导", "孙丽")],
        id="group-title-then-haiyou",
    ),
    P(
        "王强、李明、张伟等市领导陪同考察。",
        [("市领导", "王强"), ("市领导", "李明"), ("市领导", "张伟")],
        id="names-before-deng-group",
    ),
    P(
        "吴海、郑小红等县四套班子领导陪同。",
        [("县四套班子领导", "吴海"), ("县四套班子领导", "郑小红")],
        id="names-before-deng-four-teams",
    ),
    P(
        "市委书记何涛，市委常委、常务副市长丁伟等市领导参加。",
        [("市委书记", "何涛"), ("市委常委、常务副市长", "丁伟")],
        id="own-title-stops-the-walk-back",
    ),
    P(
        "副书记王强、李明陪同。",
        [("副书记", "王强"), ("副书记", "李明")],
        id="dunhao-list-still-shares",
    ),
]


@pytest.mark.parametrize(("text", "expected"), SHARED_TITLES)
def test_names_sharing_a_title(text: str, expected: list[tuple[str, str]]) -> None:
    people = find_people(text)
    assert [(p.title, p.name) for p in people] == expected
    for p in people:
        assert text[p.start : p.end] == p.name


NOT_SHARED = [
    P("县委书记王强和李明陪同。", [("县委书记", "王强")], id="one-person-title-he-not-a-list"),
    P("市委书记王强，李明表示", [("市委书记", "王强")], id="one-person-title-comma-not-a-list"),
    P(
        "市领导王强、李明和党员代表参加。",
        [("市领导", "王强"), ("市领导", "李明")],
        id="he-before-representatives",
    ),
    P(
        "市领导王强和企业负责人参加。",
        [("市领导", "王强")],
        id="he-before-a-group",
    ),
    P("县发改委、科技局、项目办等相关部门负责人表示", [], id="offices-before-deng"),
    P("市长有信心完成任务", [], id="you-after-a-single-title"),
    P("陪同考察的镇领导有关负责人介绍了情况。", [], id="youguan-is-no-list-lead-in"),
    P("县长其他时间在外地，书记那里也忙。", [], id="qita-and-nali-are-words"),
    P("市长木呷率团来访。", [], id="two-unknown-characters-named-once-are-no-name"),
    P("州委书记某某某在会上讲话。", [], id="an-unknown-name-before-zai-named-once-is-none"),
    P("县委书记再次率团考察，再次表示感谢。", [], id="an-adverb-before-the-lead-word-is-no-name"),
]


@pytest.mark.parametrize(("text", "expected"), NOT_SHARED)
def test_no_false_list_members(text: str, expected: list[tuple[str, str]]) -> None:
    assert [(p.title, p.name) for p in find_people(text)] == expected


TITLES = [
    P("援疆前方指挥部副总指挥许平陪同", ("援疆前方指挥部副总指挥", "许平"), id="commander"),
    P("督导组组长张文武出席", ("督导组组长", "张文武"), id="group-leader"),
    P("由上海市委书记习建和市长韩明率领", ("上海市委书记", "习建"), id="surname-xi"),
    P(
        "甲县委常务副书记、乙省援藏工作队甲县工作组组长张文武介绍情况",
        ("甲县委常务副书记、乙省援藏工作队甲县工作组组长", "张文武"),
        id="work-group-head",
    ),
    P("考察团由县长周平带队", ("县长", "周平"), id="group-then-its-leader"),
    P("旗委书记巴图孟和带领旗党政代表团", ("旗委书记", "巴图孟和"), id="he-before-a-verb"),
    P("会见了台州市委书记陈奕君和代表团一行", ("台州市委书记", "陈奕君"), id="he-before-a-noun"),
]


@pytest.mark.parametrize(("text", "first"), TITLES)
def test_titles_of_pairing_work(text: str, first: tuple[str, str]) -> None:
    people = find_people(text)
    assert people and (people[0].title, people[0].name) == first
