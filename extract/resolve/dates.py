"""Parse Chinese date expressions (3月6日至7日, 17日至19日, 二〇二三年四月十七日, 昨天) into partial dates.

A part the text does not state is taken from the publication date and listed in ``inferred``;
without a publication date it stays empty. A year never comes from anywhere else. Month and
day without a year resolve to the most recent such date on or before publication (or, for a
planned visit, the nearest on or after it).
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Iterator
from dataclasses import dataclass

from schemas.dates import PartialDate

_CN_DIGITS = {"〇": 0, "零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5}
_CN_DIGITS |= {"六": 6, "七": 7, "八": 8, "九": 9}
_FULL_WIDTH = str.maketrans("０１２３４５６７８９", "0123456789")

_NUM = r"(?:\d{1,2}|[一二三四五六七八九十]{1,3})"
_YEAR = r"(?:(?P<Gy>\d{4}|[〇零一二三四五六七八九]{4})年)"
_MONTH = rf"(?:(?P<Gm>{_NUM})月)"
_DAY = rf"(?:(?P<Gd>{_NUM})[日号])"
_SEP = r"(?:至|到|-|－|—|–|~|〜|～)"
_RELATIVE = {"前天": -2, "前日": -2, "昨天": -1, "昨日": -1, "今天": 0, "今日": 0}
_VAGUE = ("日前", "近日")
# A range's first day may leave out its 日 (5月20至22日), as may the first of two days listed
# with 、 (3月6、7日).
_START_DAY = rf"(?:(?P<Gd>{_NUM})(?:[日号]|(?=(?:{_SEP}|、)(?:{_NUM}月)?{_NUM}[日号])))"
_START = rf"(?<![\d年月])(?=[\d〇零一二三四五六七八九十]){_YEAR}?{_MONTH}?{_START_DAY}?(?P<Gq>[上中下]旬|初|底|末)?"
_END = rf"{_YEAR}?{_MONTH}?{_DAY}"

_EXPRESSION = re.compile(
    r"(?P<iso>(?<!\d)(?P<iy>\d{4})[-/.](?P<im>\d{1,2})[-/.](?P<id>\d{1,2})(?!\d))"
    rf"|(?P<range>{_START.replace('(?P<G', '(?P<a')}"
    rf"(?:(?P<sep>{_SEP}|、){_END.replace('(?P<G', '(?P<b')})?)"
    rf"|(?P<rel>{'|'.join(_RELATIVE)}|{'|'.join(_VAGUE)})"
)


def _acceptable(match: re.Match[str]) -> bool:
    """A date needs a day, a year and month, or a month with 上旬/初/底; a day alone, digits."""
    if match["iso"] or match["rel"]:
        return True
    day, month, year, qualifier = match["ad"], match["am"], match["ay"], match["aq"]
    if day:
        return bool(month) or day.isdigit()
    return bool(month and (year or qualifier))


@dataclass(frozen=True)
class _Parts:
    """What the text states of one date."""

    year: int | None
    month: int | None
    day: int | None


def to_int(text: str) -> int:
    """2024, ２０２４, 二〇二四, 十七, 二十八 → int."""
    text = text.translate(_FULL_WIDTH)
    if text.isdigit():
        return int(text)
    if "十" not in text:
        return int("".join(str(_CN_DIGITS[c]) for c in text))
    tens, _, ones = text.partition("十")
    return (_CN_DIGITS[tens] if tens else 1) * 10 + (_CN_DIGITS[ones] if ones else 0)


def _expressions(normalized: str) -> Iterator[re.Match[str]]:
    """The acceptable date expressions of a text. Two days listed with 、 are one span when
    the second is the day after the first (6月16日、6月17日; 16日、17日), else two dates."""
    for m in _EXPRESSION.finditer(normalized):
        if m["sep"] == "、" and not _next_day(m):
            yield from (
                part
                for bounds in ((m.start(), m.start("sep")), (m.end("sep"), m.end()))
                for part in _EXPRESSION.finditer(normalized, *bounds)
                if _acceptable(part)
            )
        elif _acceptable(m):
            yield m


def _next_day(match: re.Match[str]) -> bool:
    first, second = _parts(match, "a"), _parts(match, "b")
    same_month = second.month is None or second.month == first.month
    return bool(first.day and second.day and same_month and second.day == first.day + 1)


@functools.lru_cache(maxsize=64)
def find_date_expressions(text: str) -> tuple[tuple[int, int, str], ...]:
    """Every date expression in a text as (start, end, expression). Kept for the last texts
    asked: an article's steps ask for the same text's dates more than once."""
    normalized = text.translate(_FULL_WIDTH)
    return tuple((m.start(), m.end(), text[m.start() : m.end()]) for m in _expressions(normalized))


def resolve_dates(
    expr: str, published: dt.date | None, *, planned: bool = False
) -> tuple[PartialDate, PartialDate] | None:
    """(start, end) of the first date expression in ``expr``; None when none parses or valid.

    ``planned`` resolves a date without a year to the nearest one on or after publication
    (an announced trip) instead of on or before it.
    """
    normalized = expr.translate(_FULL_WIDTH)
    match = next(_expressions(normalized), None)
    if match is None:
        return None
    if match["rel"]:
        return _relative(match["rel"], published)
    if match["iso"]:
        start = _Parts(int(match["iy"]), int(match["im"]), int(match["id"]))
        return _pair(start, start, published, planned)
    start, end = _range_parts(match)
    return _pair(start, end, published, planned)


def _parts(match: re.Match[str], group: str) -> _Parts:
    values = [match[group + part] for part in "ymd"]
    year, month, day = (to_int(v) if v else None for v in values)
    return _Parts(year, month, day)


def _range_parts(match: re.Match[str]) -> tuple[_Parts, _Parts]:
    """The end of a range borrows the parts it leaves out from the start (3月6日至7日)."""
    start = _parts(match, "a")
    if match["bd"] is None and match["bm"] is None:
        return start, start
    end = _parts(match, "b")
    month = end.month if end.month is not None else start.month
    year = end.year if end.year is not None else start.year
    if end.month is None and start.month and end.day and start.day and end.day < start.day:
        month = start.month % 12 + 1  # 3月30日至2日: the end is in the next month
        year = year + 1 if year and month == 1 else year
    if start.year is None and end.year is not None:
        start = _Parts(_start_year(start, end, end.year), start.month, start.day)
    return start, _Parts(year, month, end.day)


def _start_year(start: _Parts, end: _Parts, end_year: int) -> int:
    """12月30日至2024年1月2日: the start is in the year before."""
    if start.month and end.month and start.month > end.month:
        return end_year - 1
    return end_year


def _pair(
    start: _Parts, end: _Parts, published: dt.date | None, planned: bool
) -> tuple[PartialDate, PartialDate] | None:
    if not (_valid(start) and _valid(end)):
        return None
    try:
        if published is None or end.year is not None:
            pair = _stated(start), _stated(end)
        else:
            anchor = _anchor(end, published, planned)
            if anchor is None:
                return None
            pair = _infer_start(start, end, anchor), _infer(end, anchor)
    except ValueError:  # a start day the inferred month lacks (30日至2日 in March)
        return None
    return pair if _ordered(*pair) else None


def _ordered(start: PartialDate, end: PartialDate) -> bool:
    first, last = start.as_date(), end.as_date()
    return first is None or last is None or first <= last


def _valid(parts: _Parts) -> bool:
    """A leap year stands in when the year is unknown, so 2月29日 passes and 2月30日 fails."""
    if parts.month is None or parts.day is None:
        return parts.month is None or 1 <= parts.month <= 12
    try:
        dt.date(parts.year or 2000, parts.month, parts.day)
    except ValueError:
        return False
    return True


def _stated(parts: _Parts) -> PartialDate:
    return PartialDate(year=parts.year, month=parts.month, day=parts.day)


def _anchor(end: _Parts, published: dt.date, planned: bool) -> dt.date | None:
    """The concrete end date: the latest one on or before publication (earliest after if planned)."""
    step = 1 if planned else -1
    year, month = published.year, published.month
    for _ in range(25):
        candidate = _try_date(year, end.month or month, end.day or 1)
        if candidate and (candidate >= published if planned else candidate <= published):
            return candidate
        if end.month is None:
            year, month = _shift_month(year, month, step)
        else:
            year += step
    return None


def _shift_month(year: int, month: int, step: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + step
    return index // 12, index % 12 + 1


def _try_date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _infer(parts: _Parts, anchor: dt.date) -> PartialDate:
    """Fill the parts the text leaves out from the anchor date, marking them inferred."""
    inferred = ["year"] if parts.year is None else []
    if parts.month is None:
        inferred.append("month")
    day = parts.day if parts.day is not None else None
    return PartialDate(year=anchor.year, month=anchor.month, day=day, inferred=tuple(inferred))


def _infer_start(start: _Parts, end: _Parts, anchor: dt.date) -> PartialDate:
    """The start sits before the end: same month unless its day is later (30日至2日)."""
    year, month = anchor.year, anchor.month
    if start.month is not None:
        month = start.month
        year = anchor.year - 1 if start.month > anchor.month else anchor.year
    elif start.day and end.day and start.day > end.day:
        year, month = _shift_month(year, month, -1)
    return _infer(start, dt.date(year, month, 1))


def _relative(word: str, published: dt.date | None) -> tuple[PartialDate, PartialDate]:
    """昨天 = publication day minus one, all parts inferred; 日前 gives year and month only."""
    if published is None:
        return PartialDate(), PartialDate()
    if word in _VAGUE:
        vague = PartialDate(year=published.year, month=published.month, inferred=("year", "month"))
        return vague, vague
    day = published + dt.timedelta(days=_RELATIVE[word])
    exact = PartialDate(
        year=day.year, month=day.month, day=day.day, inferred=("year", "month", "day")
    )
    return exact, exact
