"""Unit tests of the cleaning rules: pinyin glosses, spam detection, metadata, chrome, offsets."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from extract.text import chrome, metadata, pinyin, spam
from extract.text.offsets import OffsetMap, OffsetMapBuilder
from extract.text.traditional import is_traditional, to_simplified

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


@pytest.mark.parametrize(
    ("text", "glosses"),
    [
        pytest.param("楊中堅(jiān),市長(zhǎng)", ["(jiān)", "(zhǎng)"], id="ascii-parens"),
        pytest.param("代表團(tuán)赴", ["(tuán)"], id="tuan"),
        pytest.param("發\uff08fā\uff09展", ["\uff08fā\uff09"], id="full-width-parens"),
        pytest.param("綠(lǜ)色", ["(lǜ)"], id="u-umlaut-toned"),
        pytest.param("一樣(yī yàng)", ["(yī yàng)"], id="two-syllables"),
        pytest.param("(记者李保林、周呈思)4月", [], id="reporter"),
        pytest.param("努力实现双方互利共赢。(柳卿)", [], id="author-after-punct"),
        pytest.param("信达生物制药(苏州)有限公司", [], id="city-in-name"),
        pytest.param("作者\uff08柳卿\uff09", [], id="full-width-name"),
        pytest.param("咖啡馆(café)开业", [], id="english-word"),
        pytest.param("机场(Pudong)航站楼", [], id="capitalised"),
        pytest.param("代码(abc)", [], id="no-tone-mark"),
        pytest.param("2024年(jiān)", ["(jiān)"], id="after-han-only"),
        pytest.param("2024 (jiān)", [], id="not-after-han"),
    ],
)
def test_pinyin_glosses(text: str, glosses: list[str]) -> None:
    assert [g for _, _, g in pinyin.find_glosses(text)] == glosses


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("啟東市黨政代表團赴蘇州吳江區考察學習經驗", True, id="traditional"),
        pytest.param("启东市党政代表团赴苏州吴江区考察学习经验", False, id="simplified"),
        pytest.param("Delegation visit, 2024", False, id="latin"),
    ],
)
def test_traditional_detection(text: str, expected: bool) -> None:
    assert is_traditional(text) is expected


def test_to_simplified_keeps_length_and_lines() -> None:
    text = "啟東市黨政代表團\n發展(fā)經濟\n乾隆皇帝著書立說"
    out = to_simplified(text)
    assert len(out) == len(text) and out.split("\n")[0] == "启东市党政代表团"


# --- spam ---------------------------------------------------------------------------------


def test_spam_detector_proposes_only_the_injection_in_the_seeds() -> None:
    rules = spam.load_spam_rules()
    found = {}
    for path in sorted(SEEDS.glob("*.txt")):
        text = to_simplified(path.read_text(encoding="utf-8"))
        found[path.stem[:3]] = [s.phrase for s in spam.propose(text, rules)]
    assert found == {"000": ["网易体育直播"], "001": [], "002": [], "003": [], "004": []}


def test_spam_detector_never_proposes_repeated_news_terms() -> None:
    rules = spam.load_spam_rules()
    terms = ["党政代表团", "高质量发展", "长三角一体化", "体育产业", "直播带货", "文化娱乐"]
    text = "".join(
        f"{a}推动{t}，{b}加快{t}建设。"
        for t in terms
        for a, b in zip("甲乙丙", "丁戊己", strict=True)
    )
    assert spam.propose(text, rules) == []


def test_spam_detector_needs_varied_contexts_and_three_repeats() -> None:
    rules = spam.load_spam_rules()
    fixed = "网易体育直播间开放。" * 4  # always the same context: a name, not an injection
    twice = "甲网易体育直播乙。丙网易体育直播丁。"
    assert spam.propose(fixed, rules) == [] and spam.propose(twice, rules) == []
    varied = "甲网易体育直播乙。丙网易体育直播丁。戊网易体育直播己。"
    assert [s.phrase for s in spam.propose(varied, rules)] == ["网易体育直播"]


def test_known_spam_is_found_case_insensitively() -> None:
    rules = spam.load_spam_rules()
    hits = list(spam.find_known("看北京赛车PK10和澳门新葡京", rules))
    assert [p for _, _, p in hits] == ["北京赛车PK10", "澳门新葡京"]


# --- metadata and chrome -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "published", "source"),
    [
        ("来源: 海安日报 发布时间:2024-03-08 字体:[ ]", date(2024, 3, 8), "海安日报"),
        ("2023-05-03 03:37| 来源: 网络整理| 查看: 265", date(2023, 5, 3), None),
        ("来源:湖北日报 | 2021年04月17日 09:02", date(2021, 4, 17), "湖北日报"),
        ("发布日期:2022/1/9 来源:新华日报", date(2022, 1, 9), "新华日报"),
        ("时间:2023-02-30 来源:本站", None, None),
    ],
    ids=["haian", "placeholder-source", "hubei", "slashes", "bad-date-placeholder"],
)
def test_header_lines(line: str, published: date | None, source: str | None) -> None:
    assert metadata.is_meta_line(line)
    assert metadata.header_date([line]) == published
    assert metadata.header_source([line]) == source


@pytest.mark.parametrize(
    ("paragraph", "source"),
    [
        ("中安在线、中安新闻客户端讯 结束在上海市的学习考察后", "中安在线"),
        ("湖北日报讯 (记者李保林、周呈思)4月15日至16日", "湖北日报"),
        ("本报讯(记者张三)近日", None),
        ("近日从市通讯管理局获悉,全市", None),
        ("新华社南京4月16日电 江苏省", "新华社"),
    ],
    ids=["zhongan", "hubei", "placeholder", "not-a-dateline", "agency"],
)
def test_dateline_source(paragraph: str, source: str | None) -> None:
    assert metadata.dateline_source(paragraph) == source


@pytest.mark.parametrize(
    ("line", "category"),
    [
        ("首页 > 新闻中心 > 头条新闻", "breadcrumb"),
        ("您所在的位置:网站首页 > 新闻", "breadcrumb"),
        ("扫一扫在手机打开当前页", "share"),
        ("浏览次数:1024", "counter"),
        ("【大 中 小】", "font"),
        ("相关阅读", "related"),
        ("■ 相关新闻", "related"),
        ("◇ 热门推荐", "related"),
        ("相关信息：", "related"),
        ("上一期  下一期  往期回顾  PDF版下载", "nav"),
        ("无障碍 | 长者模式 | 手机版 | 微信 | 微博", "nav"),
        ("· 相关新闻发布会在京召开", None),
        ("· 某县党政代表团赴外地学习考察　　2025-03-19", "link"),
        ("● 某市召开全会 (2024-11-02)", "link"),
        ("某县党政代表团赴外地学习考察 2025-05-22 来源:某县融媒体中心", None),
        ("共 3 页 28 条记录 首页 上一页 1 2 3 下一页 尾页", "nav"),
        ("网站地图 | 联系我们 | 隐私声明", "nav"),
        ("主办单位:某县人民政府办公室 承办单位:某县数据资源局", "credits"),
        ("豫ICP备15022753号-3", "icp"),
        ("通讯地址:安徽省合肥市屯溪路301号 邮编:230022", "address"),
        (
            "本报地址变更后,市民可扫描二维码查询新的办事地点和联系方式,相关部门将在一周内完成搬迁工作。",
            None,
        ),
        ("“不看不知道的震撼”", None),
        ("谭真表示,希望两地加强交流合作,共同推进长三角一体化发展。", None),
    ],
)
def test_chrome_rules(line: str, category: str | None) -> None:
    assert chrome.chrome_category(line, chrome.load_chrome_rules()) == category


def test_related_list_lines_go_but_paragraphs_after_it_stay() -> None:
    lines = [
        "正文第一段,代表团赴外地学习考察。",
        "相关新闻",
        "某县召开全会",
        "第二条标题",
        "后记:本文写于三月,代表团已返回。",
    ]
    labels = chrome.classify_lines(lines, chrome.load_chrome_rules()).labels
    assert [label.kind.value for label in labels] == ["body", "chrome", "chrome", "chrome", "body"]


def test_bulleted_headlines_in_a_row_are_links_but_a_bulleted_news_item_stays() -> None:
    lines = [
        "正文第一段,代表团赴外地学习考察。",
        "",
        "· 甲县党政代表团赴乙县学习考察",
        "",
        "· 全市重点项目建设推进会召开",
        "版权所有:某县人民政府",
    ]
    labels = chrome.classify_lines(lines, chrome.load_chrome_rules()).labels
    assert [label.kind.value for label in labels] == [
        "body",
        "blank",
        "chrome",
        "blank",
        "chrome",
        "chrome",
    ]
    items = ["● 甲市党政代表团赴乙市学习考察", "6月10日,甲市党政代表团赴乙市学习考察。"] * 2
    labels = chrome.classify_lines(["本周要闻:", *items], chrome.load_chrome_rules()).labels
    assert [label.kind.value for label in labels][1:] == ["body"] * 4


# --- offsets ---------------------------------------------------------------------------------


def test_offset_map_linear_and_coarse_runs() -> None:
    b = OffsetMapBuilder()
    b.add(3, 0, 3)  # "abc" kept
    b.add(2, 5, 7)  # "fg" kept after dropping "de"
    b.add(1, 7, 13)  # one char standing for an entity "&amp;"-like span
    m = b.build(13)
    assert len(m) == 6 and m.runs() == [(0, 3, 0, 3), (3, 5, 5, 7), (5, 6, 7, 13)]
    assert m.to_raw(2, 4) == (2, 6) and m.char_span(5) == (7, 13)
    assert m.to_raw(6, 6) == (13, 13) and m.raw_index(3) == 5
    with pytest.raises(IndexError):
        m.to_raw(0, 7)


def test_offset_map_merges_touching_linear_runs_and_composes() -> None:
    b = OffsetMapBuilder()
    b.add(2, 0, 2)
    b.add(2, 2, 4)
    outer = b.build(4)
    assert outer.runs() == [(0, 4, 0, 4)]
    inner_b = OffsetMapBuilder()
    inner_b.add(2, 10, 12)
    inner_b.add(2, 20, 22)
    composed = outer.compose(inner_b.build(30))
    assert [composed.char_span(i)[0] for i in range(4)] == [10, 11, 20, 21]
    assert composed.to_raw(1, 3) == (11, 21)
    assert OffsetMap.identity(5).to_raw(1, 4) == (1, 4)
