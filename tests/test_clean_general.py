"""General page shapes the cleaner must handle, on small synthetic pages written like real ones:
a headline sharing its line with date and source, date lines, datelines, bylines, chrome
widgets, and injected spam removed on strong evidence only."""

from __future__ import annotations

from datetime import date

import pytest

from extract.text import chrome, metadata, spam
from extract.text.clean import CleanedArticle, FlagKind, clean
from extract.text.ingest import RawArticle

TRIP = "5月20日,县委书记张三率党政代表团赴某市学习考察,双方举行座谈会。"
HEADLINE = "某县党政代表团赴某市学习考察"


def _clean(text: str) -> CleanedArticle:
    return clean(RawArticle(id="t", source="t.txt", raw=text, fmt="txt"))


# --- a header run on into the body --------------------------------------------------------


@pytest.mark.parametrize(
    "tail",
    ["字号:大 中 小 打印本页", "【字号:大 中 小】【打印本页】【关闭窗口】", "点击数:1645"],
    ids=["print-link", "bracketed-links", "a-counter-last"],
)
def test_a_header_run_on_into_the_body_is_read_as_header_lines(tail: str) -> None:
    page = f"首页 > 要闻{HEADLINE}发布时间:2024-04-18 16:20:35 信息来源:某县融媒体中心 {tail}"
    a = _clean(page + TRIP * 3)
    assert a.meta.published == date(2024, 4, 18) and a.meta.source == "某县融媒体中心"
    assert a.text.endswith(TRIP * 3)
    assert "2024-04-18" not in a.text and "融媒体中心" not in a.text
    assert a.find_raw(TRIP) is not None  # the body still maps back to the page


@pytest.mark.parametrize("opening", ["", "为深入学习先进经验,"], ids=["date-first", "han-first"])
def test_a_wechat_byline_run_on_into_the_body_is_read_as_header_lines(opening: str) -> None:
    page = f"{HEADLINE}原创 今日要闻 今日要闻 2024-05-22 18:30 发表于江西点击蓝字 关注我们"
    a = _clean(page + opening + TRIP * 3)
    assert a.meta.title == HEADLINE and a.meta.published == date(2024, 5, 22)
    assert a.text == f"{HEADLINE}\n{opening}{TRIP * 3}"  # no 发表于江西 left to read as a place


def test_every_widget_ending_a_run_on_header_field_ends_a_piece() -> None:
    page = (
        f"{HEADLINE}原创 今日要闻 今日要闻 2024-05-22 18:30 发表于江西点击蓝字 关注我们"
        "某市政府网 > 新闻中心 > 本地要闻发布时间:2024-05-22 08:25 来源:某日报 "
        "【字体:大 中 小】 打印本页 关闭"
    )
    a = _clean(page + TRIP * 3)
    assert a.meta.title == HEADLINE and a.meta.source == "某日报"
    assert a.text.endswith(f"\n{TRIP * 3}")  # no 打印本页, 关闭 or 】 left before the body
    assert "关注我们" not in a.text


def test_a_long_line_with_no_header_field_near_its_start_stays_whole() -> None:
    body = TRIP * 6 + "(来源:某县融媒体中心)"  # a source at the end of a run-on body
    assert _clean(body).text == body


# --- the headline stays, even on the line of its date and source ---------------------------


@pytest.mark.parametrize(
    ("line", "source", "published"),
    [
        (f"{HEADLINE} 2025-05-22 来源:某某日报", "某某日报", date(2025, 5, 22)),
        (f"{HEADLINE} 来源:某某日报 发布时间:2025年05月22日 10:30", "某某日报", date(2025, 5, 22)),
        (f"{HEADLINE}|2025-05-22 09:15|作者:李四", None, date(2025, 5, 22)),
        (f"{HEADLINE} 发布于 2025/5/22", None, date(2025, 5, 22)),
        (f"{HEADLINE} 发布时间:2025-05-22 浏览次数:1234", None, date(2025, 5, 22)),
    ],
    ids=["date-source", "source-keyed-date", "pipes-author", "posted", "with-a-counter"],
)
def test_headline_on_a_metadata_line_stays_and_is_the_title(
    line: str, source: str | None, published: date
) -> None:
    a = _clean(f"首页 > 新闻中心 > 本地新闻\n{line}\n{TRIP}")
    assert a.text == f"{HEADLINE}\n{TRIP}"
    assert (a.meta.title, a.meta.source, a.meta.published) == (HEADLINE, source, published)
    (tail,) = [f for f in a.flags_of(FlagKind.CHROME_REMOVED) if f.detail.startswith("metadata")]
    assert a.raw[tail.raw_start : tail.raw_end] == line[len(HEADLINE) :].strip()
    assert a.find_raw(HEADLINE) == (a.raw.index(HEADLINE), a.raw.index(HEADLINE) + len(HEADLINE))


@pytest.mark.parametrize(
    "line",
    [
        "湖北日报 | 2021年04月17日 09:02",
        "来源:某某日报 发布时间:2025-05-22",
        "本报记者 王五 2025-05-22",
    ],
    ids=["outlet", "keys-first", "byline"],
)
def test_metadata_lines_without_a_headline_go_whole(line: str) -> None:
    a = _clean(f"{HEADLINE}\n{line}\n{TRIP}")
    assert a.text == f"{HEADLINE}\n{TRIP}" and a.meta.title == HEADLINE


def test_title_is_the_heading_just_above_the_byline() -> None:
    page = f"某某投资网\n打造一流投资促进平台 服务地方发展\n{HEADLINE}\n发布时间:2025-05-22 来源:某某日报\n{TRIP}"
    a = _clean(page)
    assert a.meta.title == HEADLINE and f"{HEADLINE}\n{TRIP}" in a.text


def test_title_lines_stay_without_glosses_or_forum_tags_in_the_meta() -> None:
    a = _clean(
        f"[时事评论] 某县党政代(dài)表团(tuán)来访\n发表于 2022-5-17 14:47:30 | 只看该作者\n{TRIP}"
    )
    assert a.text.startswith("[时事评论] 某县党政代表团来访\n")
    assert (a.meta.title, a.meta.published) == ("某县党政代表团来访", date(2022, 5, 17))


def test_subtitle_is_not_the_title() -> None:
    a = _clean(f"{HEADLINE}\n——两地签署合作框架协议\n来源:某某日报\n{TRIP}")
    assert a.meta.title == HEADLINE and "——两地签署合作框架协议" in a.text


# --- publication dates ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "line",
    [
        "发表于 2022-5-17 14:47:30 | 显示全部楼层",
        "发布时间:2022-05-17",
        "发布日期:2022年05月17日",
        "发布于 2022/5/17",
        "时间:2022-05-17 浏览:120",
        "2022年05月17日16:32 |",
        "2022/5/17",
    ],
)
def test_header_date_lines_give_the_date(line: str) -> None:
    a = _clean(f"{HEADLINE}\n{line}\n{TRIP}")
    assert a.meta.published == date(2022, 5, 17) and a.text == f"{HEADLINE}\n{TRIP}"


def test_publication_date_line_below_the_article_is_read_and_removed() -> None:
    a = _clean(f"{HEADLINE}\n{TRIP}\n代表团参观了产业园。\n发布日期:2024-05-01 | 浏览次数:36")
    assert a.meta.published == date(2024, 5, 1)
    assert a.text == f"{HEADLINE}\n{TRIP}\n代表团参观了产业园。"


def test_event_times_and_body_sentences_give_no_date() -> None:
    body = f"{TRIP}\n时间:2024年5月1日至3日\n2024年5月2日,双方签署合作协议。"
    a = _clean(body)
    assert a.meta.published is None and "时间:2024年5月1日至3日" in a.text


def test_today_widget_is_not_the_publication_date() -> None:
    a = _clean(f"今天是2024年6月1日 星期六\n{HEADLINE}\n{TRIP}")
    assert a.meta.published is None
    b = _clean(f"今天是2024年6月1日 星期六\n{HEADLINE}\n2024-05-22 10:00\n{TRIP}")
    assert b.meta.published == date(2024, 5, 22)


# --- datelines and bylines -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("paragraph", "source"),
    [
        ("东北网伊春6月29日电 6月28日傍晚,某市党政考察团抵达我市", "东北网"),
        ("新华网北京4月19日电 4月初以来,多个省市的主要领导率代表团赴新疆", "新华网"),
        ("浙江在线-台州频道10月23日讯(通讯员 喻杨)10月20日至21日", "浙江在线"),
        ("德州新闻网(wǎng)讯(记者 刘倩)5月26日至29日,平原县考察团赴河南", "德州新闻网"),
    ],
    ids=["net-dateline", "xinhuanet", "channel-dateline", "glossed-dateline"],
)
def test_dateline_gives_the_source_and_is_never_the_title(paragraph: str, source: str) -> None:
    a = _clean(f"{paragraph}\n{TRIP}")
    assert (a.meta.title, a.meta.source) == (None, source)
    assert a.text.startswith(paragraph.replace("(wǎng)", "") + "\n")


def test_a_wechat_byline_without_a_date_is_metadata_never_the_title() -> None:
    a = _clean(f"原创 某某发布 某某发布 发表于贵州\n{TRIP}")
    assert a.meta.title is None and a.text == TRIP
    assert metadata.is_meta_line("原创 某某发布 发表于江西")
    assert metadata.is_meta_line("某某发布 某某发布 发表于内蒙古")
    assert not metadata.is_meta_line("论文发表于核心期刊")


def test_outlet_byline_is_metadata() -> None:
    a = _clean(f"某某新闻客户端︱记者黄某\n{TRIP}")
    assert a.meta.source == "某某新闻客户端" and a.text == TRIP
    assert metadata.is_meta_line("撰文| 赵某") and not metadata.is_meta_line("致敬一线记者的坚守")


# --- chrome widgets --------------------------------------------------------------------------


CHROME_CASES = [
    ("【本文地址】", "permalink"),
    ("本文链接:https://www.example.com/news/2024/0501/1.html", "permalink"),
    ("https://www.example.com/news/2024/0501/1.html", "permalink"),
    ("手机看", "share"),
    ("手机阅读", "share"),
    ("[复制链接]", "share"),
    ("关注微信最新动态", "share"),
    (
        "Notice: The content above is uploaded and posted by a user of the platform, "
        "which only provides information storage services.",
        "latin",
    ),
    ("Disclaimer: All content is for reference only.", "latin"),
    ("dsu_paulsign:classn_11", "latin"),
    ("您当前所在的位置: 专题首页 > 专题报道", "breadcrumb"),
    ("1. 首页", "breadcrumb"),
    ("> 新闻中心 >", "breadcrumb"),
    ("0816-2960999", "contact"),
    ("某某省某某市某区人民路西段29号", "address"),
    ("代表团参观了中芯国际(SMIC)公司,了解芯片产业发展情况。", None),
    ("本文地址位于县城中心", None),
    ("手机产业园", None),
    ("5月20日,县委书记张三率团赴某市学习考察。", None),
    ("点击蓝字 关注我们", "app"),
    ("阅读原文", "app"),
    ("预览时标签不可点", "app"),
    ("继续滑动看下一个", "app"),
    ("分享 留言 收藏 听过", "app"),
    ("分享", "share"),
    ("代表团阅读原文件后表示赞同。", None),
    ("索引号:11320000014/2024-00123", "govinfo"),
    ("主题分类:综合政务", "govinfo"),
    ("文号:", "govinfo"),
    ("文号是关键", None),
    ("听新闻", "media"),
    ("您的浏览器不支持video标签", "media"),
    ("展开全文", "media"),
    ("打印本页 关闭窗口", "loading"),
    ("【收藏本页】【打印本页】【关闭窗口】", "loading"),
    ("代表团收藏了纪念品。", None),
    ("上一条:某某会议召开", "nav"),
    ("往期推荐", "related"),
    ("【本网推荐】", "related"),
    ("为你推荐", "related"),
    ("本网推荐的企业在会上签约。", None),
    ("5月18日，区委常委会召开会议，研究部署全区文旅产业发展等工作……【详细】", "related"),
    ("会议要求，加快推进湿地项目建设...[全文]", "related"),
    ("评论（4）", "comments"),
    ("精选留言", "comments"),
    ("评论称两地合作前景广阔。", None),
    ("双方将在文旅、产业等领域深化合作，更多细节将另行公布。", None),
    ("阅读 1.2万", "app"),
    ("在看", "app"),
    ("有效性评估工作", None),
    ("双方将分享经验、推荐项目。", None),
]


@pytest.mark.parametrize(
    ("line", "category"),
    CHROME_CASES,
    ids=[f"{c or 'kept'}-{n}" for n, (_, c) in enumerate(CHROME_CASES)],
)
def test_general_chrome_rules(line: str, category: str | None) -> None:
    assert chrome.chrome_category(line, chrome.load_chrome_rules()) == category


# --- injected spam -----------------------------------------------------------------------------


def _spammed(phrase: str) -> str:
    return (
        f"市委书记率{phrase}代表团赴外地学习考察。"
        f"代表团参观了{phrase}产业园区。"
        f"双方表示将在{phrase}领域加强合作,推动高质量发展。"
    )


def test_strongly_suspected_spam_is_removed_without_a_known_entry() -> None:
    a = _clean(_spammed("乐享棋牌娱乐"))  # 棋牌 2 + 娱乐 1: a specific word, weight 3
    assert "乐享棋牌娱乐" not in a.text and "市委书记率代表团赴外地学习考察。" in a.text
    removed = a.flags_of(FlagKind.SPAM_REMOVED)
    assert [f.detail for f in removed] == ["乐享棋牌娱乐"] * 3
    assert all(a.raw[f.raw_start : f.raw_end] == "乐享棋牌娱乐" for f in removed)
    assert not a.flags_of(FlagKind.SPAM_SUSPECTED)


@pytest.mark.parametrize(
    "phrase", ["澳门彩票娱乐", "体育彩票在线"], ids=["weight-2", "no-specific"]
)
def test_weaker_suspects_are_only_reported(phrase: str) -> None:
    a = _clean(_spammed(phrase))
    assert a.text.count(phrase) == 3 and not a.flags_of(FlagKind.SPAM_REMOVED)
    assert [f.detail for f in a.flags_of(FlagKind.SPAM_SUSPECTED)] == [f"{phrase} ×3"]


def test_strong_phrase_needs_three_repeats() -> None:
    text = "市委书记率乐享棋牌娱乐代表团赴外地学习考察。代表团参观了乐享棋牌娱乐产业园区。"
    assert _clean(text).text == text


def test_seed_spam_is_removed_by_the_detector_not_by_a_seed_entry() -> None:
    rules = spam.load_spam_rules()
    assert "网易体育直播" not in rules.known_phrases
    assert spam.is_strong("网易体育直播", rules) and not spam.is_strong("澳门彩票娱乐", rules)


def test_a_contents_list_above_the_body_goes_with_its_headlines() -> None:
    page = (
        "某某新闻网 | 首页 | 要闻\n《某某新闻联播》2024年11月20日\n来源:某某广播电视台 发布时间:2024-11-20\n"
        "本期内容提要:\n1. 市委常委会召开会议\n2. 某县党政代表团赴浙江某县学习考察\n3. 天气预报\n"
        "11月19日,市委书记甲某主持召开市委常委会会议,研究部署冬季安全生产工作。\n"
    )
    text = _clean(page).text
    assert "党政代表团" not in text
    assert "主持召开市委常委会会议" in text


def test_readers_comments_go_to_the_end_of_the_page() -> None:
    page = (
        "沧州市党政代表团赴天津滨海新区考察\n来源:冀云 发布时间:2025-04-18\n"
        "4月17日，沧州市党政代表团赴天津滨海新区学习考察。\n评论（2）\n"
        "渤海湾的风　河北沧州　04-19\n港口联动这步棋下对了，黄骅港加油！\n"
        "狮城老张　河北沧州　04-19\n希望多引进几个大项目，家门口就能就业。\n"
    )
    text = _clean(page).text
    assert "赴天津滨海新区学习考察" in text
    assert "黄骅港加油" not in text and "家门口就能就业" not in text


# --- a WeChat post -----------------------------------------------------------------------------


def test_a_wechat_post_s_earlier_posts_go_with_their_heading() -> None:
    page = f"{HEADLINE}\n{TRIP * 3}\n往期推荐\n某市党政代表团来我县考察\n我县召开经济运行分析会\n"
    assert _clean(page).text == f"{HEADLINE}\n{TRIP * 3}"


def test_a_wechat_byline_gives_the_date_and_is_never_the_title() -> None:
    page = (
        f"{HEADLINE}\n原创 今日要闻 今日要闻 2024-05-22 18:30 发表于江西\n\n点击蓝字 关注我们\n\n"
        + TRIP * 3
        + "\n阅读原文\n预览时标签不可点\n微信扫一扫\n继续滑动看下一个\n分享 留言 收藏 听过\n"
    )
    a = _clean(page)
    assert a.meta.title == HEADLINE and a.meta.published == date(2024, 5, 22)
    assert a.text == f"{HEADLINE}\n{TRIP * 3}"  # the poster's province (发表于江西) is gone too


# --- a text page carrying undecoded character references --------------------------------------


def test_character_references_in_a_text_page_are_decoded_and_map_back() -> None:
    page = "5月20日,县委书记张三率党政代表团赴某市学习考察,&nbsp;学习&ldquo;某市经验&rdquo;&#12290;"
    a = _clean(page)
    assert a.text == "5月20日,县委书记张三率党政代表团赴某市学习考察, 学习“某市经验”。"
    start = a.text.index("“")
    assert page[slice(*a.offsets.to_raw(start, start + 1))] == "&ldquo;"
    assert a.find_raw("某市经验") == (page.index("某市经验"), page.index("某市经验") + 4)
    assert _clean("R&D 中心 &unknown; 与 AT&T").text == "R&D 中心 &unknown; 与 AT&T"


# --- two-character names padded to the width of three ------------------------------------------


def test_padding_inside_a_two_character_name_goes() -> None:
    page = (
        "5月20日,县委书记王　伟,县长李小明率党政代表团赴某市学习考察。市领导张  强、刘建国陪同。"
        "市长赵 刚在会上致辞。"
    )
    a = _clean(page)
    assert "县委书记王伟," in a.text and "市领导张强、刘建国陪同" in a.text
    assert "市长赵刚在会上" in a.text
    assert page[slice(*a.find_raw("王伟"))] == "王　伟"


@pytest.mark.parametrize(
    "line",
    [
        "李正华在于都县调研时强调 坚持项目为王 全力推动苏区振兴",
        "图为代表团参观现场。(记者 韩冬梅 摄)",
    ],
    ids=["headline-breaks", "photo-credit"],
)
def test_spaces_that_pad_no_name_stay(line: str) -> None:
    assert _clean(line).text == line
