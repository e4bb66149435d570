"""Header metadata stated by the page itself: title, source outlet, publication date.

Recognised forms include ``来源: 海安日报 发布时间:2024-03-08``,
``2023-05-03 03:37| 来源: 网络整理``, ``来源:湖北日报 | 2021年04月17日 09:02``, a closing
``(来源:如东县人民政府网站)`` line, and a dateline such as ``中安在线、中安新闻客户端讯``.
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
_DATELINE = re.compile(
    r"^[【\[]?((?:[\u4e00-\u9fff]{2,12})(?:[、,\uff0c][\u4e00-\u9fff]{2,12})*)[】\]]?讯"
    r"(?=[\s(\uff08,\uff0c:\uff1a【\[]|记者|通讯员)"
)
_NEWS_AGENCY = re.compile(r"^([\u4e00-\u9fff]{1,6}社)[\u4e00-\u9fff]{0,8}\d{1,2}月\d{1,2}日电")
_SOURCE_SPLIT = re.compile(r"[、,\uff0c]")
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
    """A short header line that states source, date, author or counters, not article text."""
    if len(line) > 100:
        return False
    if _KEY.search(line) or _ORIGINAL_TITLE.match(line):
        return True
    if _DATE.search(line):
        return bool(_TIME.search(line)) or len(line) <= 30 or "|" in line or "\uff5c" in line
    return False


def original_title(line: str) -> str | None:
    """The title of a ``原标题:…`` line."""
    m = _ORIGINAL_TITLE.match(line)
    return m.group(1).strip() if m else None


def tail_source(line: str) -> str | None:
    """The outlet of a line that is only ``(来源:…)``, else None."""
    m = _TAIL_SOURCE.match(line)
    return _outlet(m.group(1)) if m else None


def header_source(lines: Iterable[str]) -> str | None:
    """The first real outlet named by a ``来源:`` key in ``lines``."""
    for line in lines:
        for m in _SOURCE.finditer(line):
            outlet = _outlet(m.group(1))
            if outlet:
                return outlet
    return None


def header_date(lines: Iterable[str]) -> date | None:
    """The publication date of the header lines (a keyed date first, else any date)."""
    lines = list(lines)
    keyed = [line for line in lines if re.search(r"发布|发表|发稿|时间|日期", line)]
    for line in keyed + lines:
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
