"""Titles and names: splitting fragments, and scanning whole seed articles."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from extract.resolve.people import find_people, name_at, split_title_name

P = pytest.param
SEEDS = Path(__file__).resolve().parent.parent / "seeds"

SPLITS = [
    P(
        "省长景俊海在长春会见了台州市委书记陈奕君",
        [("省长", "景俊海"), ("台州市委书记", "陈奕君")],
        id="a-receiving-verb-is-no-part-of-the-next-title",
    ),
    P("市委书记谭真", [("市委书记", "谭真")], id="city-secretary"),
    P("吴江区委副书记、区长王国荣", [("吴江区委副书记、区长", "王国荣")], id="two-titles"),
    P(
        "嘉兴市委常委、嘉善县委书记江海洋",
        [("嘉兴市委常委、嘉善县委书记", "江海洋")],
        id="titles-of-two-levels",
    ),
    P(
        "省委书记、省人大常委会主任应勇",
        [("省委书记、省人大常委会主任", "应勇")],
        id="two-char-name",
    ),
    P(
        "湖北省领导王忠林、李乐成、马旭明",
        [("湖北省领导", "王忠林"), ("湖北省领导", "李乐成"), ("湖北省领导", "马旭明")],
        id="shared-title-list",
    ),
    P("启东市委书记杨中坚", [("启东市委书记", "杨中坚")], id="seed-001-cleaned"),
    P(
        "市委常委、常务副市长欧阳小明",
        [("市委常委、常务副市长", "欧阳小明")],
        id="compound-surname",
    ),
    P(
        "自治区主席艾尔肯·吐尼亚孜",
        [("自治区主席", "艾尔肯·吐尼亚孜")],
        id="dotted-name-kept-whole",
    ),
    P(
        "洋口港经济开发区管委会主任周梁",
        [("洋口港经济开发区管委会主任", "周梁")],
        id="zone-organisation",
    ),
    P(
        "县住房和城乡建设局局长张伟",
        [("县住房和城乡建设局局长", "张伟")],
        id="organisation-with-he",
    ),
    P("谭真", [("", "谭真")], id="bare-name"),
]


@pytest.mark.parametrize(("text", "expected"), SPLITS)
def test_split_title_name(text: str, expected: list[tuple[str, str]]) -> None:
    assert [(p.title, p.name) for p in split_title_name(text)] == expected


NO_PERSON = [
    P("代表团一行", id="delegation"),
    P("市委书记", id="title-without-name"),
    P("学习贯彻习近平总书记深入推进长三角", id="name-before-title"),
    P("据企业负责人介绍,通过5G技术", id="title-then-verb"),
    P("浙江省长期以来给予的大力支持", id="shengchang-inside-a-word"),
    P("海宁市袁花镇长啸村", id="zhenchang-inside-a-place"),
    P("对海安市党政代表团的到来", id="no-title"),
]


@pytest.mark.parametrize("text", NO_PERSON)
def test_no_false_people(text: str) -> None:
    assert find_people(text) == []


BOUNDARIES = [
    P("谭真率网易", "谭真", id="lv-ends-two-char-name"),
    P("赵男男,市委", "赵男男", id="comma"),
    P("江海洋代表嘉善县委", "江海洋", id="daibiao-word"),
    P("吴新明在参加", "吴新明", id="weak-zai-after-three"),
    P("车俊对安徽", "车俊", id="weak-dui-after-two"),
    P("李铭介绍了", "李铭", id="jieshao-word"),
    P("严长江等参加", "严长江", id="deng"),
    P("陈慧宇指出", "陈慧宇", id="zhichu"),
    P("沈国良全程陪同", "沈国良", id="quancheng-adverb"),
    P("王明全陪同", "王明全", id="quan-in-the-name"),
]


@pytest.mark.parametrize(("text", "name"), BOUNDARIES)
def test_name_boundary(text: str, name: str) -> None:
    assert text[: name_at(text, 0) or 0] == name


def test_offsets_point_at_the_name() -> None:
    text = "3月6日至7日,市委书记谭真率党政代表团。市委副书记、市长赵男男,市委副书记、政法委书记严长江等参加。"
    people = find_people(text)
    assert [p.name for p in people] == ["谭真", "赵男男", "严长江"]
    for p in people:
        assert text[p.start : p.end] == p.name
        assert p.title_span is not None and text[slice(*p.title_span)] == p.title


def _seed_text(prefix: str) -> str:
    import opencc

    path = next(SEEDS.glob(f"{prefix}_*.txt"))
    text = opencc.OpenCC("t2s").convert(path.read_text(encoding="utf-8"))
    return re.sub(r"\([a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]+\)", "", text)  # 堅(jiān) → 坚


SEED_PEOPLE = [
    P("000", ["谭真", "赵男男", "严长江", "江海洋", "李铭"], id="seed-000"),
    P("001", ["杨中坚", "蔡毅", "王国荣", "钱斌", "曹雪娟", "吴新明"], id="seed-001-first-names"),
    P("002", ["陈慧宇", "吴海军", "杨忠", "陈五霞", "周梁"], id="seed-002"),
    P(
        "003",
        ["应勇", "王晓东", "娄勤俭", "吴政隆", "黄楚平", "王玲", "王忠林"],
        id="seed-003-first-names",
    ),
    P("004", ["李锦斌", "李国英", "车俊", "袁家军", "陈金彪"], id="seed-004-first-names"),
]


@pytest.mark.parametrize(("prefix", "names"), SEED_PEOPLE)
def test_seed_articles(prefix: str, names: list[str]) -> None:
    found = [p.name for p in find_people(_seed_text(prefix))]
    assert found[: len(names)] == names
    assert not {"代表团", "考察", "代表", "一行"} & set(found)


def test_seed_titles() -> None:
    people = {p.name: p.title for p in find_people(_seed_text("003"))}
    assert people["应勇"] == "湖北省委书记、省人大常委会主任"
    assert people["王玲"] == "湖北省人大常委会党组书记、常务副主任"
    assert people["马旭明"] == "湖北省领导"


def test_cli_person(capsys: pytest.CaptureFixture[str]) -> None:
    from extract.cli import main

    with pytest.raises(SystemExit) as exit_info:
        main(["resolve", "person", "吴江区委副书记、区长王国荣"])
    assert exit_info.value.code in (0, None)
    assert capsys.readouterr().out.strip() == "王国荣\t吴江区委副书记、区长"


def test_cli_person_json() -> None:
    import json

    from typer.testing import CliRunner

    from extract.cli import _register, app

    _register()
    result = CliRunner().invoke(app, ["resolve", "person", "湖北省领导王忠林、李乐成", "--json"])
    rows = json.loads(result.output)
    assert [r["name"] for r in rows] == ["王忠林", "李乐成"]


def test_a_common_surname_missing_before_is_read():
    text = "浙江省领导孙宏宇、洪雅丽参加会见。"
    assert [p.name for p in find_people(text)] == ["孙宏宇", "洪雅丽"]
