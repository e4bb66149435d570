"""Chinese date expressions → (start, end) partial dates, with inferred parts marked."""

from __future__ import annotations

import datetime as dt

import pytest

from extract.resolve.dates import find_date_expressions, resolve_dates, to_int
from schemas.dates import PartialDate

P = pytest.param
PUB = dt.date(2024, 3, 8)


def iso_pair(expr: str, published: dt.date | None, **kw: bool) -> tuple | None:
    result = resolve_dates(expr, published, **kw)
    if result is None:
        return None
    return tuple((d.year, d.month, d.day, d.inferred) for d in result)


Y = ("year",)
YM = ("year", "month")
ALL = ("year", "month", "day")

CASES = [
    P("3月6日至7日", PUB, ((2024, 3, 6, Y), (2024, 3, 7, Y)), id="month-day-range"),
    P("2月20至22日", PUB, ((2024, 2, 20, Y), (2024, 2, 22, Y)), id="first-day-without-ri"),
    P("3月6日-7日", PUB, ((2024, 3, 6, Y), (2024, 3, 7, Y)), id="hyphen-range"),
    P("3月6日、3月7日", PUB, ((2024, 3, 6, Y), (2024, 3, 7, Y)), id="two-days-listed"),
    P("3月6日、7日", PUB, ((2024, 3, 6, Y), (2024, 3, 7, Y)), id="next-day-listed"),
    P("3月6日、9日", PUB, ((2024, 3, 6, Y), (2024, 3, 6, Y)), id="days-apart-are-two-dates"),
    P("3月6日—7日", PUB, ((2024, 3, 6, Y), (2024, 3, 7, Y)), id="dash-range"),
    P("3月6日到7日", PUB, ((2024, 3, 6, Y), (2024, 3, 7, Y)), id="dao-range"),
    P(
        "４月１５日至１６日",
        dt.date(2021, 4, 17),
        ((2021, 4, 15, Y), (2021, 4, 16, Y)),
        id="full-width",
    ),
    P("4月15日至16日", dt.date(2021, 4, 17), ((2021, 4, 15, Y), (2021, 4, 16, Y)), id="seed-003"),
    P(
        "17日至19日",
        dt.date(2023, 5, 3),
        ((2023, 4, 17, YM), (2023, 4, 19, YM)),
        id="seed-002-day-only",
    ),
    P("2月27日", dt.date(2024, 3, 1), ((2024, 2, 27, Y), (2024, 2, 27, Y)), id="single-day"),
    P("10月23日", dt.date(2019, 10, 24), ((2019, 10, 23, Y), (2019, 10, 23, Y)), id="seed-004"),
    P(
        "4月28日至5月2日",
        dt.date(2024, 5, 6),
        ((2024, 4, 28, Y), (2024, 5, 2, Y)),
        id="cross-month",
    ),
    P(
        "12月28日",
        dt.date(2024, 1, 5),
        ((2023, 12, 28, Y), (2023, 12, 28, Y)),
        id="later-than-pub-is-last-year",
    ),
    P(
        "12月30日至1月2日",
        dt.date(2024, 1, 10),
        ((2023, 12, 30, Y), (2024, 1, 2, Y)),
        id="cross-year",
    ),
    P(
        "30日至2日",
        dt.date(2024, 5, 5),
        ((2024, 4, 30, YM), (2024, 5, 2, YM)),
        id="day-only-cross-month",
    ),
    P("2024年3月6日", PUB, ((2024, 3, 6, ()), (2024, 3, 6, ())), id="full-date"),
    P("2023年12月30日至2024年1月2日", PUB, ((2023, 12, 30, ()), (2024, 1, 2, ())), id="full-range"),
    P("二〇二三年四月十七日", PUB, ((2023, 4, 17, ()), (2023, 4, 17, ())), id="chinese-numerals"),
    P("2024-03-08", None, ((2024, 3, 8, ()), (2024, 3, 8, ())), id="iso"),
    P("昨日", PUB, ((2024, 3, 7, ALL), (2024, 3, 7, ALL)), id="zuori"),
    P("昨天", dt.date(2024, 3, 1), ((2024, 2, 29, ALL), (2024, 2, 29, ALL)), id="zuotian-leap"),
    P("今天", PUB, ((2024, 3, 8, ALL), (2024, 3, 8, ALL)), id="jintian"),
    P("日前", PUB, ((2024, 3, None, YM), (2024, 3, None, YM)), id="riqian-no-day"),
    P("1月中旬", PUB, ((2024, 1, None, Y), (2024, 1, None, Y)), id="month-only"),
    P(
        "3月10日至12日",
        dt.date(2024, 3, 5),
        ((2023, 3, 10, Y), (2023, 3, 12, Y)),
        id="future-is-last-year",
    ),
]


@pytest.mark.parametrize(("expr", "published", "expected"), CASES)
def test_resolve_dates(expr: str, published: dt.date | None, expected: tuple) -> None:
    assert iso_pair(expr, published) == expected


NO_PUBLICATION = [
    P("3月6日至7日", ((None, 3, 6, ()), (None, 3, 7, ())), id="month-day-keeps-null-year"),
    P("17日至19日", ((None, None, 17, ()), (None, None, 19, ())), id="day-only"),
    P("昨天", ((None, None, None, ()), (None, None, None, ())), id="relative-is-empty"),
    P("2月29日", ((None, 2, 29, ()), (None, 2, 29, ())), id="leap-day-allowed"),
]


@pytest.mark.parametrize(("expr", "expected"), NO_PUBLICATION)
def test_no_publication_date_never_invents_a_year(expr: str, expected: tuple) -> None:
    assert iso_pair(expr, None) == expected


INVALID = [
    P("2月30日", PUB, id="feb-30"),
    P("2月30日", None, id="feb-30-no-pub"),
    P("2023年2月29日", None, id="feb-29-non-leap"),
    P("13月1日", PUB, id="month-13"),
    P("30日至2日", dt.date(2024, 3, 5), id="day-missing-in-inferred-month"),
    P("没有日期", PUB, id="no-date"),
    P("2023年全县实现生产总值", PUB, id="year-alone-is-not-a-date"),
    P("", PUB, id="empty"),
]


@pytest.mark.parametrize(("expr", "published"), INVALID)
def test_invalid_or_absent(expr: str, published: dt.date | None) -> None:
    assert resolve_dates(expr, published) is None


def test_planned_trip_looks_forward() -> None:
    got = iso_pair("3月10日至12日", dt.date(2024, 3, 5), planned=True)
    assert got == ((2024, 3, 10, Y), (2024, 3, 12, Y))


def test_results_are_partial_dates() -> None:
    start, end = resolve_dates("3月6日", PUB) or (None, None)
    assert isinstance(start, PartialDate) and start == end and start.iso() == "2024-03-06"


NUMBERS = [
    P("2024", 2024, id="arabic"),
    P("２０２４", 2024, id="full-width"),
    P("二〇二四", 2024, id="chinese-year"),
    P("十", 10, id="ten"),
    P("十七", 17, id="seventeen"),
    P("二十八", 28, id="twenty-eight"),
    P("三十一", 31, id="thirty-one"),
]


@pytest.mark.parametrize(("text", "value"), NUMBERS)
def test_to_int(text: str, value: int) -> None:
    assert to_int(text) == value


def test_find_date_expressions() -> None:
    text = "3月6日至7日,市委书记谭真率团。2023年全县增长7%。1月中旬,17日至19日,发布时间:2024-03-08,昨天"
    found = [expr for _, _, expr in find_date_expressions(text)]
    assert found == ["3月6日至7日", "1月中旬", "17日至19日", "2024-03-08", "昨天"]


def test_days_listed_apart_are_found_one_by_one() -> None:
    found = [expr for _, _, expr in find_date_expressions("3月6日、9日分别举行,6月16日、6月17日赴")]
    assert found == ["3月6日", "9日", "6月16日、6月17日"]


def test_two_days_listed_with_one_day_word_are_one_span() -> None:
    found = [expr for _, _, expr in find_date_expressions("3月6、7日,代表团赴某市;十月六、七日")]
    assert found == ["3月6、7日", "十月六、七日"]
    start, end = resolve_dates("3月6、7日", dt.date(2024, 4, 5)) or (None, None)
    assert (start.month, start.day, end.month, end.day) == (3, 6, 3, 7)


def test_find_date_expressions_offsets_point_into_the_text() -> None:
    text = "据悉,４月１５日至１６日,代表团"
    ((start, end, expr),) = find_date_expressions(text)
    assert text[start:end] == expr == "４月１５日至１６日"


def _cli(*args: str) -> tuple[int, str]:
    from typer.testing import CliRunner

    from extract.cli import _register, app

    _register()
    result = CliRunner().invoke(app, list(args))
    return result.exit_code, result.output


def test_cli_date() -> None:
    code, out = _cli("resolve", "date", "17日至19日", "--published", "2023-05-03")
    assert code == 0
    assert "2023-04-17" in out and "2023-04-19" in out and "inferred: year, month" in out


def test_cli_date_json() -> None:
    import json

    code, out = _cli("resolve", "date", "3月6日至7日", "--published", "2024-03-08", "--json")
    assert code == 0 and json.loads(out)["end"]["day"] == 7


def test_cli_invalid_date_exits_nonzero() -> None:
    code, _ = _cli("resolve", "date", "2月30日")
    assert code == 1


def test_cli_bad_publication_date() -> None:
    code, out = _cli("resolve", "date", "3月6日", "--published", "2024-13-01")
    assert code == 2 and "YYYY-MM-DD" in out
