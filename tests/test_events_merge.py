"""Event merging on hand-built visits: reposts, two sides, same dyad on other dates, roundups."""

from __future__ import annotations

import datetime as dt

import pytest

from extract.events.links import Overrides
from extract.events.matching import compare, dates_agree, places_overlap
from extract.events.mentions import Day, PersonMention, Place, StopMention, VisitMention
from extract.events.merge import merge
from extract.events.side import Side, guess_side

HAIAN = Place("320685", "海安市", "county", ("南通市", "江苏省"))
JIASHAN = Place("330421", "嘉善县", "county", ("嘉兴市", "浙江省"))
JIAXING = Place("330400", "嘉兴市", "prefecture", ("浙江省",))
WUJIANG = Place("320509", "吴江区", "county", ("苏州市", "江苏省"))
ZHEJIANG = Place("330000", "浙江省", "province")


def person(name: str, side: str = "delegation", role: str = "lead") -> PersonMention:
    return PersonMention(name, None, role, side)


def visit(key: str, **kw: object) -> VisitMention:
    data: dict[str, object] = {
        "origin": HAIAN,
        "destinations": (JIASHAN,),
        "start": Day(2024, 3, 6, True),
        "end": Day(2024, 3, 7, True),
        "people": (person("谭真"),),
        "quote": "3月6日至7日,市委书记谭真率党政代表团前往浙江省嘉兴市嘉善县",
    }
    data.update(kw)
    article, _, index = key.partition("#")
    return VisitMention(key=key, article_id=article, visit=int(index or 1), **data)  # type: ignore[arg-type]


def groups(events) -> list[set[str]]:
    return sorted((set(e.keys) for e in events), key=lambda g: sorted(g))


def test_a_repost_with_other_chrome_is_one_event_with_both_sources():
    a = visit("a#1", outlet="海安日报")
    b = visit("b#1", outlet="某某网", people=())  # same quote, people not extracted
    events = merge([a, b])
    assert groups(events) == [{"a#1", "b#1"}]
    assert any("quote" in rule for link in events[0].links for rule in link.rules)


def test_two_sided_report_unions_delegation_and_hosts():
    origin_side = visit("o#1", people=(person("谭真"), person("赵男男", role="member")))
    host_side = visit(
        "h#1",
        destinations=(JIAXING,),  # the host names its city, the sender the county
        start=Day(0, 3, 6, False),  # no year, no end date: no conflict
        end=None,
        people=(person("谭真"), person("王强", "host", "host")),
        quote="海安市党政代表团来我县考察",
    )
    (event,) = merge([origin_side, host_side])
    assert {p.name for p in event.people} == {"谭真", "赵男男", "王强"}
    lead = next(p for p in event.people if p.name == "谭真")
    assert set(lead.sources) == {"o#1", "h#1"}
    assert event.fields["start_date"].value == "2024-03-06"
    assert [d.name for d in event.destinations] == ["嘉善县"]  # the most specific one


def test_same_origin_and_destination_on_other_dates_are_two_events():
    march = visit("m#1")
    june = visit("j#1", start=Day(2024, 6, 10, True), end=None)
    next_year = visit("y#1", start=Day(2025, 3, 6, True))
    assert len(merge([march, june, next_year])) == 3


def test_roundup_visits_match_their_single_reports_and_stay_apart():
    roundup_1 = visit("r#1", quote="")
    roundup_2 = visit(
        "r#2",
        destinations=(WUJIANG,),
        people=(person("谭真"),),
        start=Day(2024, 3, 7, True),
        end=None,
        quote="",
    )
    single_1 = visit("s#1", quote="")
    single_2 = visit("t#1", destinations=(WUJIANG,), start=Day(2024, 3, 7, True), quote="")
    assert groups(merge([roundup_1, roundup_2, single_1, single_2])) == [
        {"r#1", "s#1"},
        {"r#2", "t#1"},
    ]


def test_two_visits_of_one_article_are_never_joined():
    a, b = visit("r#1"), visit("r#2", quote="another trip")
    (event_a, event_b) = merge([a, b])
    refused = [link.refused for e in (event_a, event_b) for link in e.links]
    assert refused == ["same article r"]


def test_no_corroboration_no_merge():
    a = visit("a#1", people=(person("甲乙"),), start=Day(2024, 3, 0, True), end=None, quote="")
    b = visit("b#1", people=(person("丙丁"),), start=Day(2024, 3, 0, True), end=None, quote="")
    assert compare(a, b) == []


def test_shared_stop_corroborates():
    a = visit("a#1", people=(), quote="", stops=(StopMention("嘉善县归谷智造小镇", "park"),))
    b = visit("b#1", people=(), quote="", stops=(StopMention("归谷智造小镇", "park"),))
    assert any(r.startswith("stops") for r in compare(a, b))


def test_overrides_force_and_forbid():
    a, b = visit("a#1"), visit("b#1")
    cannot = Overrides(cannot_link=frozenset({frozenset({"a#1", "b#1"})}))
    assert len(merge([a, b], cannot)) == 2
    far = visit("c#1", origin=ZHEJIANG, start=Day(2020, 1, 1, True), end=None, people=(), quote="")
    must = Overrides(must_link=(("a#1", "c#1"),))
    assert {"a#1", "c#1"} <= set(merge([a, far], must)[0].keys)


def test_chains_that_join_other_dates_are_refused():
    a = visit("a#1", start=Day(0, 3, 1, False), end=Day(0, 3, 2, False))
    b = visit("b#1", start=Day(0, 3, 0, False), end=None)  # month only: agrees with both
    c = visit("c#1", start=Day(0, 3, 20, False), end=None)
    assert len(merge([a, b, c])) == 2


@pytest.mark.parametrize(
    ("x", "y", "overlap"),
    [
        pytest.param(WUJIANG, Place("320000", "江苏省"), True, id="county-in-province"),
        pytest.param(JIASHAN, JIAXING, True, id="county-in-prefecture"),
        pytest.param(JIASHAN, WUJIANG, False, id="two-counties"),
        pytest.param(Place(None, "吴江"), Place(None, "吴江区"), True, id="names-no-code"),
    ],
)
def test_destinations_overlap_at_any_level(x: Place, y: Place, overlap: bool):
    assert places_overlap(x, y) is overlap


def test_year_inferred_is_no_conflict_but_stated_years_are():
    a = visit("a#1", start=Day(2023, 3, 6, False))
    assert dates_agree(a, visit("b#1"))
    assert not dates_agree(visit("c#1", start=Day(2023, 3, 6, True)), visit("d#1"))


@pytest.mark.parametrize(
    ("quote", "outlet", "side"),
    [
        pytest.param("海安市党政代表团来我县考察", None, Side.HOST, id="lai-wo-xian"),
        pytest.param("市委书记率党政代表团赴嘉善学习考察", None, Side.ORIGIN, id="fu"),
        pytest.param("据新疆日报报道,代表团考察", None, Side.THIRD_PARTY, id="cited"),
        pytest.param("代表团考察", "海安日报", Side.ORIGIN, id="origin-outlet"),
        pytest.param("代表团考察", "浙江日报", Side.HOST, id="host-province-outlet"),
        pytest.param("代表团考察", None, Side.UNKNOWN, id="unknown"),
    ],
)
def test_side_of_report(quote: str, outlet: str | None, side: Side):
    origin = ["海安市", "南通市", "江苏省"]
    assert guess_side([quote], outlet, origin, ["嘉善县", "嘉兴市", "浙江省"]) is side


def test_undated_report_meets_dated_ones_of_its_origin():
    dated = visit("a#1", published=dt.date(2024, 3, 8))
    undated = visit("b#1", start=None, end=None, quote="")
    assert len(merge([dated, undated])) == 1
