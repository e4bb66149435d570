"""One event out of a group of mentions: its sources, the union of its items (`items`), and
per field the value most sources support, with the conflicts listed.

A partial date supports another when they agree on every part both state (9月7日 supports
2021-09-07); the value with the most support wins, then the most complete one. An event of a
single source (most events) takes its fields and items straight from it: there is nothing to
vote on and no conflict.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from extract.events.clustering import Cluster, Link
from extract.events.fastnew import maker
from extract.events.items import Item, destinations, most_common, of_one, people, stops, topics
from extract.events.mentions import Day, Place, VisitMention
from extract.events.side import Side

__all__ = ["Event", "FieldValue", "Item", "Source", "build_event", "event_id", "vote"]


@dataclass(frozen=True, slots=True)
class Source:
    key: str
    article_id: str
    visit: int
    side: str
    quote: str
    outlet: str | None = None
    published: str | None = None


@dataclass(frozen=True, slots=True)
class FieldValue:
    """The value most sources support, who supports it, and the other values with theirs."""

    value: Any
    support: tuple[str, ...]
    conflicts: tuple[tuple[Any, tuple[str, ...]], ...] = ()


NO_VALUE = FieldValue(None, ())
_field_value = maker(FieldValue)  # FieldValue(value, support, conflicts), faster


@dataclass(frozen=True, slots=True)
class Event:
    event_id: str
    origin: Place
    sources: tuple[Source, ...]
    fields: dict[str, FieldValue]
    destinations: tuple[Item, ...]
    people: tuple[Item, ...]
    stops: tuple[Item, ...]
    topics: tuple[Item, ...]
    links: tuple[Link, ...]

    @property
    def keys(self) -> tuple[str, ...]:
        return tuple(s.key for s in self.sources)


def event_id(keys: Sequence[str]) -> str:
    """Stable for the same set of mention keys."""
    digest = hashlib.blake2b("\n".join(sorted(keys)).encode(), digest_size=6).hexdigest()
    return f"ev-{digest}"


# --- voting ----------------------------------------------------------------------------------


def vote(values: Sequence[tuple[str, Any]]) -> FieldValue:
    """(source key, value) pairs → the most frequent value; None values do not vote."""
    if len(values) == 1:
        key, value = values[0]
        return NO_VALUE if value in (None, "") else FieldValue(value, (key,))
    first = values[0][1]
    if first not in (None, "") and all(v == first for _k, v in values):  # the usual case
        return FieldValue(first, tuple(k for k, _v in values))
    by_value: dict[Any, list[str]] = {}
    for key, value in values:
        if value not in (None, ""):
            by_value.setdefault(value, []).append(key)
    if not by_value:
        return NO_VALUE
    ranked = sorted(by_value.items(), key=lambda kv: -len(kv[1]))
    (best, support), rest = ranked[0], ranked[1:]
    return FieldValue(best, tuple(support), tuple((v, tuple(k)) for v, k in rest))


def _agree(a: Day, b: Day) -> bool:
    return (
        (not a.year or not b.year or a.year == b.year)
        and (not a.month or not b.month or a.month == b.month)
        and (not a.day or not b.day or a.day == b.day)
    )


def vote_dates(values: Sequence[tuple[str, Day | None]]) -> FieldValue:
    """The date that the most sources agree with, then the most complete; as ISO text."""
    known = [(k, d) for k, d in values if d is not None]
    if not known:
        return NO_VALUE
    if len(known) == 1:
        return FieldValue(known[0][1].iso(), (known[0][0],))
    distinct = list(dict.fromkeys(d for _k, d in known))

    def rank(d: Day) -> tuple[int, int]:
        support = sum(_agree(d, other) for _k, other in known)
        return support, bool(d.year) + bool(d.month) + bool(d.day)

    best = max(distinct, key=rank)
    support = tuple(k for k, d in known if _agree(best, d))
    conflicts = [(d.iso(), tuple(k for k, o in known if o == d)) for d in distinct]
    return FieldValue(best.iso(), support, tuple(c for c in conflicts if c[1][0] not in support))


# --- the event -------------------------------------------------------------------------------


def source(m: VisitMention) -> Source:
    published = m.published.isoformat() if m.published else None
    side = _SIDE_TEXT.get(m.side) or str(m.side)
    return _source(m.key, m.article_id, m.visit, side, m.quote, m.outlet, published)


_SIDE_TEXT = {side: str(side) for side in Side}  # one string per side, not one per source
_source = maker(Source)
_event = maker(Event)


def fields(mentions: Sequence[VisitMention]) -> dict[str, FieldValue]:
    def each(get: Callable[[VisitMention], Any]) -> list[tuple[str, Any]]:
        return [(m.key, get(m)) for m in mentions]

    leads = [(m, m.lead) for m in mentions]
    return {
        "delegation_name": vote(each(lambda m: m.delegation_name)),
        "delegation_kind": vote(each(lambda m: m.delegation_kind)),
        "status": vote(each(lambda m: m.status)),
        "origin": vote(each(lambda m: m.origin.name)),
        "start_date": vote_dates(each(lambda m: m.start)),
        "end_date": vote_dates(each(lambda m: m.end)),
        "lead_name": vote([(m.key, lead.name if lead else None) for m, lead in leads]),
        "lead_title": vote([(m.key, lead.title if lead else None) for m, lead in leads]),
    }


def _fields_of_one(m: VisitMention, support: tuple[str, ...]) -> dict[str, FieldValue]:
    """`fields([m])`, without the votes: each value, supported by `m` alone."""
    lead = m.lead
    out = dict.fromkeys(FIELDS, NO_VALUE)
    for name, value in (
        ("delegation_name", m.delegation_name),
        ("delegation_kind", m.delegation_kind),
        ("status", m.status),
        ("origin", m.origin.name),
        ("lead_name", lead.name if lead is not None else None),
        ("lead_title", lead.title if lead is not None else None),
    ):
        if value is not None and value != "":
            out[name] = _field_value(value, support, ())
    if m.start is not None:
        out["start_date"] = _field_value(m.start.iso(), support, ())
    if m.end is not None:
        out["end_date"] = _field_value(m.end.iso(), support, ())
    return out


FIELDS = (
    "delegation_name",
    "delegation_kind",
    "status",
    "origin",
    "start_date",
    "end_date",
    "lead_name",
    "lead_title",
)


def build_event(mentions: Sequence[VisitMention], cluster: Cluster) -> Event:
    """The event of one cluster; `mentions` is the whole list the cluster indexes."""
    if len(cluster.members) == 1:
        return _event_of_one(mentions[cluster.members[0]], cluster.links)
    members = [mentions[i] for i in cluster.members]
    origin = most_common(m.origin for m in members)
    return Event(
        event_id=event_id([m.key for m in members]),
        origin=origin,
        sources=tuple(source(m) for m in members),
        fields=fields(members),
        destinations=destinations(members),
        people=people(members),
        stops=stops(members),
        topics=topics(members),
        links=cluster.links,
    )


def _event_of_one(m: VisitMention, links: tuple[Link, ...]) -> Event:
    support = (m.key,)
    places, persons, visited, domains = of_one(m, support)
    return _event(
        event_id(support),
        m.origin,
        (source(m),),
        _fields_of_one(m, support),
        places,
        persons,
        visited,
        domains,
        links,
    )
