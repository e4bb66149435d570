"""Header metadata stated by the page itself: title, source outlet, publication date.

Recognised forms include ``来源: 海安日报 发布时间:2024-03-08``,
``2023-05-03 03:37| 来源: 网络整理``, ``来源:湖北日报 | 2021年04月17日 09:02``, a closing
``(来源:如东县人民政府网站)`` line, a headline with its date and source on the same line
(``某县党政代表团赴某市学习考察 2024-05-22 来源:某日报``: the headline is kept apart), a
forum post's ``发表于 2022-5-17 14:47``, a keyed date line below the article
(``发布日期:2024-05-01``), a byline (``浙江新闻客户端︱记者黄宏``), and a dateline such as
``中安在线、中安新闻客户端讯``, ``浙江在线-台州频道10月23日讯`` or ``新华网4月19日电``.
The site's own name heads many pages (``昆山日报 | 昆山新闻网``, ``隆昌融媒 —— 隆昌市融媒体中心主办``,
the first step of a breadcrumb ``常德政协网 > 政协动态``): it is read apart from the source.
Placeholder sources (``网络整理``, ``本站`` …, listed in ``data/source_placeholders.txt``) do
not count as an outlet.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from functools import cache

from extract.datafile import read_entries
from schemas.draft import ORGAN_NAME

_DATE = re.compile(
    r"(?<!\d)((?:19|20)\d{2})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?!\d)"
)
_TIME = re.compile(r"(?<!\d)\d{1,2}[:\uff1a]\d{2}(?:[:\uff1a]\d{2})?(?!\d)")
_KEY = re.compile(
    r"(?:来源|稿源|出处|发布时间|发布日期|发表时间|发稿时间|更新时间|时间|日期|作者|记者|"
    r"浏览|点击|查看)\s*[:\uff1a]"
)
_SOURCE = re.compile(
    r"(?:来源|稿源|出处)\s*[:\uff1a]\s*([^\s|\uff5c,\uff0c;\uff1b()\uff08\uff09]+)"
)
_TAIL_SOURCE = re.compile(
    r"^[(\uff08]?\s*(?:来源|稿源|出处)\s*[:\uff1a]\s*([^()\uff08\uff09]{2,40}?)\s*[)\uff09]?$"
)
_ORIGINAL_TITLE = re.compile(r"^原标题\s*[:\uff1a]\s*(.+)$")
_POSTED = re.compile(r"(?:发布|发表|发稿)于")
_KEYED_DATE = re.compile(
    r"^[(\uff08【\[]?\s*(?:(?:发布|发表|发稿|更新)(?:时间|日期)\s*[:\uff1a]?|(?:发布|发表|发稿)于)\s*"
    + _DATE.pattern
)
_SENTENCE_MARK = re.compile(r"[。,\uff0c!?\uff01\uff1f;\uff1b]")
_HAN = re.compile(r"[\u3400-\u9fff]")
_SEP = "|\uff5c\ufe31\u4e28/"
_BYLINE = re.compile(
    rf"(?:^|[\s{_SEP}])(?:本报|本台|特约|首席)?(?:记者|通讯员|撰文|摄影|作者)\s*[{_SEP}:\uff1a]?\s*"
    r"[\u4e00-\u9fff]{2,4}"
)
_BYLINE_SOURCE = re.compile(
    rf"^([\u4e00-\u9fff]{{2,12}})\s*[{_SEP}]\s*(?:本报|特约|首席)?(?:记者|通讯员)"
)
_TODAY = re.compile(r"星期|今天是|今日")
# A paper's issue line names its page (2023年11月09日 星期四 第A01版:要闻): its date is the
# issue's, not a "today" widget's.
_PAGE_OF_ISSUE = re.compile(r"第\s*[A-Za-z]?\d{1,3}\s*版")
_TITLE_TAG = re.compile(r"^[\[【][^\]】]{1,6}[\]】]\s*")
_HEAD_TRIM = " |\uff5c-_—/\\·"
_MIN_HEADLINE_HAN = 8
# A WeChat post's byline (原创 作者 公众号 2024-03-09 18:30 发表于江西) opens with these.
_POST_MARK = re.compile(r"^(?:原创|转载)\s")
# …and it ends with the poster's province (发表于江西), with or without a date before it.
_POSTED_FROM = re.compile(r"发表于[\u4e00-\u9fff]{2,3}$")
_OUTLET_END = re.compile(r"(?:报|网|社|台|刊|版|频道|客户端|在线|新闻|中心)$")
_BYLINE_WORD = re.compile(r"记者|通讯员|编辑|作者|撰文|摄影|摄像")
_DATELINE = re.compile(
    r"^[【\[]?((?:[\u4e00-\u9fff]{2,12})(?:[、,\uff0c][\u4e00-\u9fff]{2,12})*)[】\]]?"
    r"(?:[-—·]?[\u4e00-\u9fff]{1,8}频道)?(?:\d{1,2}月\d{1,2}日)?讯"
    r"(?=[\s(\uff08,\uff0c:\uff1a【\[]|记者|通讯员)"
)
_NEWS_AGENCY = re.compile(
    r"^([\u4e00-\u9fff]{1,6}(?:社|网))[\u4e00-\u9fff]{0,8}\d{1,2}月\d{1,2}日电"
)
_SOURCE_SPLIT = re.compile(r"[、,\uff0c]")
# A site's name: a region's or paper's name ending in an outlet word (…日报, …新闻网, …融媒,
# …政协网, …人民政府), optionally "…主办" or "(繁体版)"; the parts of a site line are split by
# bars, arrows, dashes or wide spaces, and may be web addresses or 首页.
_SITE = re.compile(
    r"^([\u4e00-\u9fff]{2,16}?(?:日报|晚报|时报|经济报|报社|网|网站|融媒|融媒体中心|新闻中心|"
    r"电视台|广播电视台|人民政府|人大常委会|政协|客户端|在线)(?:数字报|电子报|电子版|数字版)?)(?:主办)?(?:[(\uff08][^)\uff09]{1,6}[)\uff09])?$"
)
_SITE_PARTS = re.compile(r"\s*(?:[|\uff5c>\uff1e»]|—+|-{2,}|\s)\s*")
_WEB = re.compile(r"^(?:https?://)?[\w.-]+\.(?:cn|com|net|org|gov)(?:/\S*)?$|^首页$|^当前位置")
_OUTLET_TRIM = " \u3000:\uff1a|\uff5c"


@dataclass(frozen=True)
class HeaderMeta:
    """What the page states about itself; any field may be None."""

    title: str | None = None
    source: str | None = None
    published: date | None = None


@cache
def source_placeholders() -> frozenset[str]:
    """Source values that name no outlet (``网络整理``, ``本站`` …)."""
    return frozenset(read_entries("source_placeholders.txt"))


def parse_date(text: str | None) -> date | None:
    """The first valid calendar date (with a year) in ``text``, else None."""
    if not text:
        return None
    for m in _DATE.finditer(text):
        try:
            return date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        except ValueError:
            continue
    return None


def is_meta_line(line: str) -> bool:
    """A short header line that states source, date, author or counters, not article text;
    bylines such as ``浙江新闻客户端︱记者黄宏`` or ``撰文| 赵萌`` included."""
    if len(line) > 100:
        return False
    if _KEY.search(line) or _ORIGINAL_TITLE.match(line):
        return True
    if len(line) <= 60 and (_POST_MARK.match(line) or _POSTED_FROM.search(line.rstrip())):
        return True  # a WeChat byline (原创 某某发布 某某发布 发表于江西), dated or not
    if len(line) <= 40 and _BYLINE.search(line) and not _SENTENCE_MARK.search(line):
        return True
    if _DATE.search(line):
        return bool(_TIME.search(line)) or len(line) <= 30 or "|" in line or "\uff5c" in line
    return False


def headline_length(line: str) -> int | None:
    """The length of a headline opening a metadata line, else None.

    In ``某县党政代表团赴某市学习考察 2024-05-22 来源:某日报`` the headline is what precedes
    the first date or key. It counts only with at least eight Han characters and when it reads
    neither as an outlet name (``湖北日报 | 2021年04月17日``) nor as a byline.
    """
    starts = [m.start() for p in (_KEY, _DATE, _POSTED) if (m := p.search(line))]
    if not starts:
        return None
    head = line[: min(starts)].rstrip(_HEAD_TRIM)
    if len(_HAN.findall(head)) < _MIN_HEADLINE_HAN:
        return None
    if _OUTLET_END.search(head) or _BYLINE_WORD.search(head) or _POST_MARK.match(head):
        return None
    return len(head)


def is_date_line(line: str) -> bool:
    """A short line opening with its publication date (``发布日期:2024-05-01``), not a
    sentence: a bare ``时间:`` is left alone, it may be the time of an event."""
    return len(line) <= 60 and "。" not in line and bool(_KEYED_DATE.match(line))


def is_dateline(line: str) -> bool:
    """A line opening with a news dateline (``湖北日报讯``, ``新华社…电``): never a title."""
    return bool(_DATELINE.match(line) or _NEWS_AGENCY.match(line))


def clean_title(title: str) -> str:
    """A page title without a leading forum or column tag such as ``[时事评论]``."""
    return _TITLE_TAG.sub("", title).strip() or title


def original_title(line: str) -> str | None:
    """The title of a ``原标题:…`` line."""
    m = _ORIGINAL_TITLE.match(line)
    return m.group(1).strip() if m else None


def tail_source(line: str) -> str | None:
    """The outlet of a line that is only ``(来源:…)``, else None."""
    m = _TAIL_SOURCE.match(line)
    return _outlet(m.group(1)) if m else None


def header_source(lines: Iterable[str]) -> str | None:
    """The first real outlet named by a ``来源:`` key in ``lines``, else by a byline
    (``浙江新闻客户端︱记者黄宏``)."""
    lines = list(lines)
    keyed = [m.group(1) for line in lines for m in _SOURCE.finditer(line)]
    bylines = [m.group(1) for line in lines if (m := _BYLINE_SOURCE.match(line))]
    return next(filter(None, map(_outlet, keyed + bylines)), None)


def site_name(lines: Iterable[str]) -> str | None:
    """The site's name a header line opens with: ``昆山日报 | 昆山新闻网`` → 昆山日报,
    ``常德政协网 > 政协动态 > 工作动态`` → 常德政协网, ``内乡县发展和改革委员会`` (an organ of a
    region's government); None when no header line opens so."""
    for line in lines:
        first = next(filter(None, _SITE_PARTS.split(line.strip())), "")
        m = _SITE.match(first) or ORGAN_NAME.fullmatch(first)
        if m and first not in source_placeholders():
            return m.group(1) if m.re is _SITE else m.group()
    return None


def is_site_line(line: str) -> bool:
    """The line is two or more parts, each a site's name or address (``昆山日报 |
    昆山新闻网``, ``吉林省人民政府  www.jl.gov.cn``): a masthead, never the headline."""
    parts = [p for p in _SITE_PARTS.split(line.strip()) if p]
    return len(parts) >= 2 and all(_SITE.match(p) or _WEB.match(p) for p in parts)


# A line that is only a paper's or station's name (常州日报数字报, 某县融媒体中心) is its
# masthead: no headline ends so. A lone …网 or …在线 may be a headline's last word.
_MASTHEAD_END = re.compile(
    r"(?:日报|晚报|时报|经济报|报社|数字报|电子报|电子版|数字版|融媒|融媒体中心|新闻网|"
    r"电视台|人民政府)$"
)


def is_masthead(line: str) -> bool:
    """The line names the site and nothing else: never the headline."""
    line = line.strip()
    return is_site_line(line) or (site_name([line]) == line and bool(_MASTHEAD_END.search(line)))


def header_date(lines: Iterable[str]) -> date | None:
    """The publication date of the header lines: a keyed date first, else any date but that of
    a "today" widget (``今天是2024年5月1日 星期三``)."""
    lines = list(lines)
    keyed = [line for line in lines if re.search(r"发布|发表|发稿|时间|日期", line)]
    plain = [line for line in lines if not _TODAY.search(line) or _PAGE_OF_ISSUE.search(line)]
    for line in keyed + plain:
        found = parse_date(line)
        if found:
            return found
    return None


def dateline_source(paragraph: str) -> str | None:
    """The outlet of a dateline opening the first paragraph: ``湖北日报讯``, ``新华社…电``."""
    m = _DATELINE.match(paragraph) or _NEWS_AGENCY.match(paragraph)
    if not m:
        return None
    return _outlet(_SOURCE_SPLIT.split(m.group(1))[0])


def _outlet(value: str) -> str | None:
    value = value.strip(_OUTLET_TRIM)
    if len(value) < 2 or value in source_placeholders():
        return None
    return value
