"""Leaders, meetings and agreements as visit reports write them: synthetic sentences in their
style, none taken from an article."""

from __future__ import annotations

import pytest

from extract.resolve.people import find_people
from extract.resolve.proposals import propose_agreements, propose_meetings
from extract.resolve.sides import lead_names

P = pytest.param

LEADS = [
    P("5月6日，县委副书记王强带领县乡村振兴考察团一行赴浙江考察。", {"王强"}, id="dailing"),
    P("县委书记王强带团赴苏州学习考察。", {"王强"}, id="daituan"),
    P("甲市委书记王强，市委副书记、市长李明率团。", {"王强", "李明"}, id="lvtuan-ends-sentence"),
    P("县委书记王强率领群众发展产业。", set(), id="lvling-without-delegation"),
    P("市委书记李明率队赴杭州学习考察。", {"李明"}, id="lvdui"),
    P("市党政代表团由市委书记李明带队，赴乙市考察。", {"李明"}, id="you-daidui-then-trip"),
    P("甲州党政代表团则由州委书记赵刚带队。", {"赵刚"}, id="you-daidui-ends-sentence"),
    P("考察团由县长周平领衔，成员包括各部门负责人。", {"周平"}, id="you-lingxian"),
    P("县委书记王强带领群众发展产业。", set(), id="dailing-without-delegation"),
    P(
        "近日，市委副书记、市长梁志远带队，组织市发改、工信、商务、自然资源等部门和各镇主要"
        "负责同志共30余人，赴广东省佛山市顺德区观摩学习。",
        {"梁志远"},
        id="daidui-the-study-far-after",
    ),
]


@pytest.mark.parametrize(("text", "leads"), LEADS)
def test_leaders(text: str, leads: set[str]) -> None:
    assert lead_names(text, find_people(text)) == leads


AGREEMENTS = [
    P(
        "双方签署了产业合作、人才交流等5项协议。",
        ["产业合作、人才交流等5项协议"],
        id="deng-n-xiang",
    ),
    P(
        "两地签订了《战略合作框架协议》《教育合作备忘录》。",
        ["《战略合作框架协议》", "《教育合作备忘录》"],
        id="two-titles",
    ),
    P(
        "两县签署《东西部协作结对帮扶协议(2021—2025年)》。",
        ["《东西部协作结对帮扶协议(2021—2025年)》"],
        id="title-with-digits-and-brackets",
    ),
    P("双方签订了合作备忘录。", ["合作备忘录"], id="memorandum"),
    P("两镇签订结对帮扶协议。", ["结对帮扶协议"], id="pairing-agreement"),
    P("两地共同签署了战略合作框架协议。", ["战略合作框架协议"], id="gongtong-qianshu"),
    P("双方签约《文旅合作协议》。", ["《文旅合作协议》"], id="qianyue-title"),
    P("并举行两地产业协作项目签约仪式。", ["两地产业协作项目"], id="signing-ceremony-names-it"),
    P(
        "双方签署《合作框架协议》。会上，两地签署的合作框架协议明确了重点。",
        ["《合作框架协议》"],
        id="restated-once",
    ),
    P(
        "甲乙两市签署东西部协作协议，其中甲市与乙市签署“十四五”东西部协作协议。",
        ["“十四五”东西部协作协议"],
        id="fuller-restatement-replaces",
    ),
    P("现场签约项目12个，总投资50亿元。", [], id="projects-are-no-agreement"),
    P(
        "有关企业与乙县签订了甲县苦荞、马铃薯产销合作协议。",
        ["甲县苦荞、马铃薯产销合作协议"],
        id="an-agreement-naming-two-products",
    ),
    P(
        "双方签订了《商贸合作框架协议》。要推动与两地签订的合作协议早落地。",
        ["《商贸合作框架协议》"],
        id="signed-one-spoken-of-again",
    ),
    P("要推动双方签订的合作备忘录落地见效。", ["合作备忘录"], id="signed-one-only-spoken-of"),
    P("双方拟签署对口支援框架协议和产业合作协议。", [], id="to-be-signed-is-not-signed"),
    P("双方表示将尽快签订新一轮合作框架协议。", [], id="to-be-signed-soon-is-not-signed"),
    P(
        "两省签署深化协作框架协议。会上，两省签署了《深化甲乙协作框架协议（2025—2027年）》。",
        ["《深化甲乙协作框架协议（2025—2027年）》"],
        id="a-headlines-shorter-form-of-a-title",
    ),
]


@pytest.mark.parametrize(("text", "phrases"), AGREEMENTS)
def test_agreements(text: str, phrases: list[str]) -> None:
    found = propose_agreements(text)
    assert [p.phrase for p in found] == phrases
    for p in found:
        assert text[p.start : p.end] == p.phrase


MEETINGS = [
    P(
        "随后召开甲区——乙县东西部协作工作联席会。",
        [("其他", "甲区——乙县东西部协作工作联席会")],
        id="lianxihui-with-dash",
    ),
    P("并举办了招商洽谈会。", [("其他", "招商洽谈会")], id="qiatanhui"),
    P("共召开了3次座谈会。", [("座谈会", "座谈会")], id="count-dropped"),
    P("召开了2场代表团交流会。", [("交流会", "代表团交流会")], id="count-after-le-dropped"),
    P(
        "并参加两省协作协议签署仪式。",
        [("签约仪式", "两省协作协议签署仪式")],
        id="qianshu-yishi",
    ),
    P("市长出席\n了欢迎仪式。", [("其他", "欢迎仪式")], id="welcome-ceremony"),
    P("县委书记王强会见了考察团一行。", [("会见", "会见")], id="huijian-of-delegation"),
    P("双方举行工作会谈。", [("会见", "会谈")], id="huitan"),
    P(
        "召开联席会议。随后双方出席揭牌仪式。",
        [("其他", "联席会议"), ("其他", "揭牌仪式")],
        id="bare-ceremony-after-other-kind",
    ),
    P(
        "深入学习习近平总书记在合肥主持召开的扎实推进长三角一体化发展座谈会重要讲话精神。",
        [],
        id="background-speech",
    ),
    P("认真传达全省对口支援工作座谈会精神。", [], id="background-spirit"),
    P("传达学习全市经济工作会议精神。", [], id="huiyi-jingshen"),
    P(
        "王强在座谈会上的讲话中指出，要深化合作。",
        [("座谈会", "座谈会")],
        id="speech-at-held-meeting",
    ),
    P("县长会见外宾时指出", [], id="huijian-without-delegation"),
    P(
        "召开对口支援工作联席会议。在甲区和乙县对口支援工作联席会议上，双方表示",
        [("其他", "甲区和乙县对口支援工作联席会议")],
        id="named-twice-keeps-the-fuller-name",
    ),
]


@pytest.mark.parametrize(("text", "meetings"), MEETINGS)
def test_meetings_held(text: str, meetings: list[tuple[str, str]]) -> None:
    found = propose_meetings(text)
    assert [(p.label, p.phrase) for p in found] == meetings
    for p in found:
        assert text[p.start : p.end] == p.phrase
