"""Cleaning the five seeds and synthetic pages: what must go, what must stay, offsets, metadata."""

from __future__ import annotations

import json
from datetime import date
from functools import cache
from pathlib import Path

import pytest

from extract.text.clean import CleanedArticle, FlagKind, clean, load_and_clean
from extract.text.ingest import RawArticle, read_file
from extract.text.pinyin import strip_glosses
from extract.text.traditional import to_simplified

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
SEED_IDS = sorted(p.stem for p in SEEDS.glob("*.txt"))


@cache
def cleaned(prefix: str) -> CleanedArticle:
    (path,) = SEEDS.glob(f"{prefix}_*.txt")
    return clean(read_file(path))


def _raw(text: str, **kw: str) -> RawArticle:
    return RawArticle(id="t", source="t.txt", raw=text, fmt="txt", **kw)


# --- seed 000: injected spam, chrome, every paragraph kept -------------------------------

PARAGRAPHS_000 = [
    "3月6日至7日,市委书记谭真率党政代表团前往浙江省嘉兴市嘉善县、苏州市吴江区学习考察",
    "市委副书记、政法委书记严长江等参加活动。",
    "嘉兴市委常委、嘉善县委书记江海洋代表嘉善县委、县政府",
    "因“民风淳朴、地嘉人善”而得名的嘉善县",
    "谭真表示,嘉、海两地优势相近、灯火相邀",
    "赵男男认为,这是一次认真学习之行",
    "在吴江,党政代表团实地考察了恒力集团、东方盛虹",
    "苏州市政协副主席、吴江区委书记李铭介绍了吴江经济社会发展情况",
    "在互动中推进发展,努力实现双方互利共赢。(柳卿)",
]


def test_000_spam_removed_everywhere_and_flagged() -> None:
    a = cleaned("000")
    assert "网易体育直播" not in a.text
    assert "市委书记谭真率" in a.text
    removed = a.flags_of(FlagKind.SPAM_REMOVED)
    assert len(removed) == a.raw.count("网易体育直播") == 7
    assert all(a.raw[f.raw_start : f.raw_end] == "网易体育直播" for f in removed)
    assert not a.flags_of(FlagKind.SPAM_SUSPECTED)


@pytest.mark.parametrize("sentence", PARAGRAPHS_000, ids=[s[:8] for s in PARAGRAPHS_000])
def test_000_every_body_paragraph_stays(sentence: str) -> None:
    assert sentence in cleaned("000").text


@pytest.mark.parametrize(
    "chrome", ["首页 > 新闻中心", "字体:[ ]", "扫一扫在手机打开当前页", "相关新闻", "相关文件"]
)
def test_000_chrome_gone(chrome: str) -> None:
    assert chrome not in cleaned("000").text


# --- seeds 001/004: traditional, pinyin glosses, offsets back to the original ------------


def test_001_simplified_and_glosses_removed() -> None:
    a = cleaned("001")
    assert "启东市委书记杨中坚" in a.text
    assert "(jiān)" not in a.text and "(zhǎng)" not in a.text and "(tuán)" not in a.text
    assert a.flags_of(FlagKind.TRADITIONAL_CONVERTED)
    glosses = a.flags_of(FlagKind.PINYIN_REMOVED)
    assert len(glosses) == a.raw.count("(") + a.raw.count("\uff08") == 272
    assert a.raw[glosses[0].raw_start : glosses[0].raw_end] == "(jiān)"


def test_001_quote_maps_back_to_the_traditional_original() -> None:
    a = cleaned("001")
    quote = "启东市委书记杨中坚,启东市委副书记、市长蔡毅率启东市党政代表团"
    span = a.find_raw(quote)
    assert span is not None
    original = a.raw[span[0] : span[1]]
    assert original == "啟東市委書記楊中堅(jiān),啟東市委副書記、市長(zhǎng)蔡毅率啟東市黨政代表團"
    assert strip_glosses(original) != original and to_simplified(strip_glosses(original)) == quote


def test_004_traditional_converted_ordinary_parentheses_kept() -> None:
    a = cleaned("004")
    assert "(宗禾)" in a.text
    assert "省委书记李锦斌,省委副书记、省长李国英率安徽省党政代表团赶赴浙江省" in a.text
    assert "(fā)" not in a.text and "發" not in a.text
    assert "Copyright" not in a.text and "ICP" not in a.text and "通讯地址" not in a.text


@pytest.mark.parametrize("prefix", ["000", "002", "003"])
def test_simplified_seeds_are_not_converted(prefix: str) -> None:
    a = cleaned(prefix)
    assert not a.flags_of(FlagKind.TRADITIONAL_CONVERTED)
    assert not a.flags_of(FlagKind.PINYIN_REMOVED)


# --- seed 002: long page with web boilerplate ---------------------------------------------

CHROME_002 = [
    "分享至好友和朋友圈",
    "用微信扫码二维码",
    "0 分享至",
    "查看:",
    "您所在的位置",
    "特别声明",
    "网易号",
    "Notice:",
    "NetEase Hao",
    "下载网易新闻客户端",
    "本文地址",
    "CopyRight",
    "ICP备",
    "网络整理",
]


@pytest.mark.parametrize("chrome", CHROME_002)
def test_002_chrome_gone(chrome: str) -> None:
    assert chrome not in cleaned("002").text


@pytest.mark.parametrize(
    "sentence",
    [
        "日报讯(全媒体记者 韩亚峰 王洪 张凯)全面推进中国式现代化如东新实践",
        "17日至19日,县党政代表团赴张家港市、江阴市,浙江海宁市、慈溪市、平湖市学习考察",
        "“不看不知道的震撼”",
        "“坐不住”“等不起”“慢不得”",
        "对标一流勇争先,凝心聚力谱新篇",
        "直挂云帆济沧海,长风破浪会有时。",
    ],
    ids=["dateline", "trip", "heading-1", "heading-2", "heading-3", "last"],
)
def test_002_body_and_subheadings_stay(sentence: str) -> None:
    assert sentence in cleaned("002").text


def test_002_title_appears_once() -> None:
    a = cleaned("002")
    assert a.text.startswith("问道江南,跨越赶超再燃激情\n")
    assert a.text.count("问道江南,跨越赶超再燃激情") == 1


# --- seed 003 ------------------------------------------------------------------------------


def test_003_reporter_parentheses_and_body_kept_chrome_gone() -> None:
    a = cleaned("003")
    assert "湖北日报讯 (记者李保林、周呈思)4月15日至16日" in a.text
    assert "信达生物制药(苏州)有限公司" in a.text
    for chrome in ("正在加载", "点击收起全文", "返回顶部", "手机看", "A- A+", "责任编辑", "原标题"):
        assert chrome not in a.text


# --- all seeds: paragraphs, metadata, offsets ---------------------------------------------


@pytest.mark.parametrize("seed_id", SEED_IDS)
def test_every_long_raw_paragraph_survives(seed_id: str) -> None:
    a = cleaned(seed_id[:3])
    disclaimers = ("特别声明", "Notice:")
    for line in a.raw.split("\n"):
        line = line.strip(" \u3000")
        if len(line) >= 100 and not line.startswith(disclaimers):
            expected = to_simplified(strip_glosses(line)).replace("网易体育直播", "")
            assert expected in a.text, line[:30]


def _manifest() -> list[dict[str, str | None]]:
    lines = (SEEDS / "manifest.jsonl").read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


def test_manifest_lists_every_seed_file() -> None:
    records = _manifest()
    assert sorted(r["file"] for r in records) == sorted(p.name for p in SEEDS.glob("*.txt"))
    assert all(r["id"] == Path(str(r["file"])).stem for r in records)


@pytest.mark.parametrize("record", _manifest(), ids=lambda r: str(r["id"])[:3])
def test_parsed_metadata_agrees_with_manifest(record: dict[str, str | None]) -> None:
    meta = cleaned(str(record["id"])[:3]).meta
    published = date.fromisoformat(record["published"]) if record["published"] else None
    assert (meta.title, meta.source, meta.published) == (
        record["title"],
        record["source"],
        published,
    )


@pytest.mark.parametrize("seed_id", SEED_IDS)
def test_offsets_cover_every_clean_character(seed_id: str) -> None:
    a = cleaned(seed_id[:3])
    assert len(a.offsets) == len(a.text)
    previous = -1
    for i, ch in enumerate(a.text):
        rs, re_ = a.offsets.char_span(i)
        assert 0 <= rs < re_ <= len(a.raw) and rs >= previous
        previous = rs
        if re_ - rs == 1 and ch not in "\n ":
            assert to_simplified(a.raw[rs]) == ch or a.raw[rs] == ch


@pytest.mark.parametrize("seed_id", SEED_IDS)
def test_content_hash_and_sizes(seed_id: str) -> None:
    a = cleaned(seed_id[:3])
    assert len(a.content_hash) == 64
    assert a.sizes.raw_chars == len(a.raw) and a.sizes.clean_chars == len(a.text)
    assert a.sizes.clean_chars < a.sizes.raw_chars


# --- synthetic pages ----------------------------------------------------------------------

HTML_PAGE = """<!DOCTYPE html><html><head><meta charset="utf-8">
<title>某市党政代表团赴苏州学习考察_某市新闻网</title>
<meta name="publishdate" content="2024-05-01">
<style>p { color: red }</style><script>var x = "<p>不要</p>";</script></head>
<body><div class="nav">首页 &gt; 新闻中心 &gt; 本地新闻</div>
<h1>某市党政代表团赴苏州学习考察</h1>
<div class="info">来源:某市日报 发布时间:2024-05-01 10:00</div>
<p>  5月1日,市委书记张三率&nbsp;党政代表团赴苏州学习考察,学习&ldquo;园区经验&rdquo;。</p>
<p>代表团一行参观了苏州工业园区展示中心。<br>大家表示收获很大。</p>
<!-- comment -->
<div class="share">扫一扫 分享到微信</div><div>Copyright © 2024 某市新闻网 版权所有</div>
</body></html>"""


def _html_article() -> CleanedArticle:
    return clean(RawArticle(id="h", source="h.html", raw=HTML_PAGE, fmt="html"))


def test_html_page_is_reduced_to_paragraph_text() -> None:
    a = _html_article()
    assert a.text == (
        "某市党政代表团赴苏州学习考察\n"
        "5月1日,市委书记张三率 党政代表团赴苏州学习考察,学习“园区经验”。\n"
        "代表团一行参观了苏州工业园区展示中心。\n"
        "大家表示收获很大。"
    )
    assert (a.meta.title, a.meta.source, a.meta.published) == (
        "某市党政代表团赴苏州学习考察",
        "某市日报",
        date(2024, 5, 1),
    )


def test_html_quote_maps_back_into_the_page_source() -> None:
    a = _html_article()
    rs, re_ = a.find_raw("学习“园区经验”。") or (0, 0)
    assert a.raw[rs:re_] == "学习&ldquo;园区经验&rdquo;。"
    rs, re_ = a.find_raw("展示中心。\n大家") or (0, 0)
    assert a.raw[rs:re_] == "展示中心。<br>大家"


def test_record_fields_win_over_page_metadata() -> None:
    text = "首页 > 新闻\n页面标题在这里\n来源:某日报 发布时间:2020-01-02\n正文第一段,代表团赴外地学习考察。"
    a = clean(_raw(text, title="记录标题", source_name="记录来源", published="2024年3月8日"))
    assert (a.meta.title, a.meta.source, a.meta.published) == (
        "记录标题",
        "记录来源",
        date(2024, 3, 8),
    )
    b = clean(_raw(text))
    assert (b.meta.title, b.meta.source, b.meta.published) == (
        "页面标题在这里",
        "某日报",
        date(2020, 1, 2),
    )


def test_unknown_repeated_spam_is_suspected_not_removed() -> None:
    body = (
        "市委书记率澳门彩票娱乐代表团赴外地学习考察。"
        "代表团参观了澳门彩票娱乐产业园区。"
        "双方表示将在澳门彩票娱乐领域加强合作,推动高质量发展。"
    )
    a = clean(_raw(body))
    assert a.text.count("澳门彩票娱乐") == 3  # unknown: reported, not removed
    (flag,) = a.flags_of(FlagKind.SPAM_SUSPECTED)
    assert flag.detail == "澳门彩票娱乐 ×3"
    assert a.raw[flag.raw_start : flag.raw_end] == "澳门彩票娱乐"


def test_clean_is_deterministic_and_hash_follows_text() -> None:
    first, second = cleaned("002"), clean(read_file(next(SEEDS.glob("002_*.txt"))))
    assert first.text == second.text and first.content_hash == second.content_hash
    assert first.content_hash != cleaned("003").content_hash


def test_load_and_clean_passes_errors_through(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("代表团赴外地学习考察,收获很大。", encoding="utf-8")
    (tmp_path / "b.txt").write_bytes(b"")
    items = list(load_and_clean([str(tmp_path)]))
    assert [type(i).__name__ for i in items] == ["CleanedArticle", "InputError"]


def test_full_width_page_is_normalised_like_the_seeds() -> None:
    fw = {",": "\uff0c", ":": "\uff1a", "(": "\uff08", ")": "\uff09", "|": "\uff5c", ">": "\uff1e"}
    page = (
        "首页 > 新闻 > 本地\n某县党政代表团赴外地学习考察\n"
        "来源:某县日报 | 发布时间:2024年03月08日 09:02\n"
        "本报讯(记者王五)3月6日,县委书记率团赴外地学习考察,发(fā)展经济。"
    )
    a = clean(_raw(page.translate(str.maketrans(fw))))
    assert a.text == (
        "某县党政代表团赴外地学习考察\n本报讯(记者王五)3月6日,县委书记率团赴外地学习考察,发展经济。"
    )
    assert (a.meta.source, a.meta.published) == ("某县日报", date(2024, 3, 8))


# --- hard-wrapped pages ----------------------------------------------------------------------

PARAGRAPH = (
    "某某网6月29日电 6月28日傍晚,大庆市委书记王明,市委副书记、市长李强率领大庆市党政考察团抵达"
    "我市进行参观考察活动。伊春市委书记赵刚,市委副书记、市长孙立,市人大常委会主任周平等领导同志在"
    "林都宾馆迎接大庆市党政考察团一行。考察团还将赴五营区考察丰林河漂流,五营国家森林公园等旅游项目。"
)
WRAPPED = "\n".join(PARAGRAPH[i : i + 25] for i in range(0, len(PARAGRAPH), 25))


def test_a_hard_wrapped_page_is_read_as_running_text():
    article = clean(RawArticle(id="w", source="w.txt", raw=WRAPPED, fmt="text"))
    assert "大庆市委书记王明" in article.text and "伊春市委书记赵刚" in article.text
    at = article.text.index("书记王明")
    start, end = article.offsets.to_raw(at, at + 4)
    assert WRAPPED[start:end] == "书记王\n明"  # the quote maps back across the break


def test_a_hard_wrapped_page_whose_paragraphs_start_indented_is_read_as_running_text():
    text = PARAGRAPH * 2
    paragraphs = [text[i : i + 52] for i in range(0, 208, 52)]
    indented = "\n\n".join(f"　　{p[:25]}\n{p[25:]}" for p in paragraphs)
    # lines of 27, and first lines of 25 once their two-character indent is stripped
    article = clean(RawArticle(id="w", source="w.txt", raw=indented, fmt="text"))
    assert article.text.count("大庆市委书记王明") == 2  # 王 ends the first line


def test_lines_of_one_width_that_end_sentences_stay_apart():
    lines = "\n".join(f"第{i}条新闻标题写在这里并且以句号结束。" for i in range(6))
    article = clean(RawArticle(id="x", source="x.txt", raw=lines, fmt="text"))
    assert article.text.count("\n") == 5
