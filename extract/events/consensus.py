"""One event out of a group of mentions: its sources, the union of its items, and per field
the value most sources support, with the conflicts listed.

A partial date supports another when they agree on every part both state (9月7日 supports
2021-09-07); the value with the most support wins, then the most complete one. Destinations,
people, stops and topics are unions, each item with the keys of the sources that name it; a
destination that encloses another of the event (广东省 around 广州市) gives its sources to the
more specific one instead of standing alone.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from extract.events.clustering import Cluster, Link
from extract.events.matching import code_prefix, places_overlap, similar
from extract.events.mentions import Day, Place, VisitMention


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


@dataclass(frozen=True, slots=True)
class Item:
    """A destination, person, stop or topic of an event, with the sources naming it."""

    name: str
    sources: tuple[str, ...]
    attrs: dict[str, Any] = field(default_factory=dict)


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
        return FieldValue(None, ()) if value in (None, "") else FieldValue(value, (key,))
    by_value: dict[Any, list[str]] = {}
    for key, value in values:
        if value not in (None, ""):
            by_value.setdefault(value, []).append(key)
    if not by_value:
        return FieldValue(None, ())
    ranked = sorted(by_value.items(), key=lambda kv: -len(kv[1]))
    (best, support), rest = ranked[0], ranked[1:]
    return FieldValue(best, tuple(support), tuple((v, tuple(k)) for v, k in rest))


def _agree(a: Day, b: Day) -> bool:
    return all(not x or not y or x == y for x, y in zip(_parts(a), _parts(b), strict=True))


def _parts(d: Day) -> tuple[int, int, int]:
    return d.year, d.month, d.day


def vote_dates(values: Sequence[tuple[str, Day | None]]) -> FieldValue:
    """The date that the most sources agree with, then the most complete; as ISO text."""
    known = [(k, d) for k, d in values if d is not None]
    if not known:
        return FieldValue(None, ())
    if len(known) == 1:
        return FieldValue(known[0][1].iso(), (known[0][0],))
    distinct = list(dict.fromkeys(d for _k, d in known))

    def rank(d: Day) -> tuple[int, int]:
        support = sum(_agree(d, other) for _k, other in known)
        return support, sum(bool(p) for p in _parts(d))

    best = max(distinct, key=rank)
    support = tuple(k for k, d in known if _agree(best, d))
    conflicts = [(d.iso(), tuple(k for k, o in known if o == d)) for d in distinct]
    return FieldValue(best.iso(), support, tuple(c for c in conflicts if c[1][0] not in support))


# --- unions ----------------------------------------------------------------------------------


def _union(
    entries: Sequence[tuple[str, str, dict[str, Any]]], same: Callable[[str, str], bool]
) -> tuple[Item, ...]:
    """(source key, name, attrs) → items joined by `same`; attrs by majority of sources."""
    groups: list[list[tuple[str, str, dict[str, Any]]]] = []
    for entry in entries:
        for group in groups:
            if same(group[0][1], entry[1]):
                group.append(entry)
                break
        else:
            groups.append([entry])
    return tuple(_item(group) for group in groups)


def _item(group: list[tuple[str, str, dict[str, Any]]]) -> Item:
    if len(group) == 1:
        key, only, given = group[0]
        return Item(only, (key,), given)
    name = Counter(e[1] for e in group).most_common(1)[0][0]
    attrs: dict[str, Any] = {}
    for attr in dict.fromkeys(a for e in group for a in e[2]):
        votes = Counter(e[2][attr] for e in group if e[2].get(attr) is not None)
        attrs[attr] = votes.most_common(1)[0][0] if votes else None
    return Item(name, tuple(dict.fromkeys(e[0] for e in group)), attrs)


def destinations(mentions: Sequence[VisitMention]) -> tuple[Item, ...]:
    """The most specific destinations; an enclosing one lends its sources to those inside."""
    entries = [
        (m.key, d.name, {"adcode": d.code, "level": d.level, "key": d.key})
        for m in mentions
        for d in m.destinations
    ]
    items = _union(entries, lambda a, b: a == b)
    places = [Place(i.attrs["adcode"], i.name) for i in items]
    kept = [n for n, p in enumerate(places) if not _encloses_another(p, places)]
    out = []
    for n in kept:
        extra = [m for m, p in enumerate(places) if m not in kept and places_overlap(p, places[n])]
        extra_sources = [k for m in extra for k in items[m].sources]
        sources = tuple(dict.fromkeys(items[n].sources + tuple(extra_sources)))
        out.append(Item(items[n].name, sources, items[n].attrs))
    return tuple(out)


def _encloses_another(p: Place, places: list[Place]) -> bool:
    if not p.code:
        return False
    mine = code_prefix(p.code)
    return any(q.code and q.code != p.code and code_prefix(q.code).startswith(mine) for q in places)


def people(mentions: Sequence[VisitMention]) -> tuple[Item, ...]:
    entries = [
        (m.key, p.name, {"title": p.title, "role": p.role, "side": p.side})
        for m in mentions
        for p in m.people
    ]
    return _union(entries, lambda a, b: a == b)


def stops(mentions: Sequence[VisitMention]) -> tuple[Item, ...]:
    entries = [(m.key, s.name, {"kind": s.kind}) for m in mentions for s in m.stops]
    return _union(entries, similar)


def topics(mentions: Sequence[VisitMention]) -> tuple[Item, ...]:
    entries: list[tuple[str, str, dict[str, Any]]] = [
        (m.key, t, {}) for m in mentions for t in m.topics
    ]
    return _union(entries, lambda a, b: a == b)


# --- the event -------------------------------------------------------------------------------


def source(m: VisitMention) -> Source:
    published = m.published.isoformat() if m.published else None
    return Source(m.key, m.article_id, m.visit, str(m.side), m.quote, m.outlet, published)


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


def build_event(mentions: Sequence[VisitMention], cluster: Cluster) -> Event:
    """The event of one cluster; `mentions` is the whole list the cluster indexes."""
    members = [mentions[i] for i in cluster.members]
    origin = members[0].origin
    if len(members) > 1:
        origin = Counter(m.origin for m in members).most_common(1)[0][0]
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
