"""The items of an event: the union of its sources' destinations, people, stops and topics.

Each item keeps the keys of the sources that name it and its attributes by majority of those
sources. Names join when equal (stops: when `similar`); a destination that encloses another of
the event (广东省 around 广州市) gives its sources to the more specific one instead of standing
alone. `of_one` is the shortcut for an event of a single source, where nothing needs joining
unless the source names an item twice.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from extract.events.fastnew import maker
from extract.events.matching import code_prefix, places_overlap, similar
from extract.events.mentions import Place, VisitMention

Entry = tuple[str, str, dict[str, Any]]  # (source key, name, attrs)


@dataclass(frozen=True, slots=True)
class Item:
    """A destination, person, stop or topic of an event, with the sources naming it."""

    name: str
    sources: tuple[str, ...]
    attrs: dict[str, Any] = field(default_factory=dict)


_item_of = maker(Item)  # Item(name, sources, attrs), faster


def _union(entries: Sequence[Entry], same: Callable[[str, str], bool]) -> tuple[Item, ...]:
    """Entries → items joined by `same` with the first entry of each group; in order."""
    groups: list[list[Entry]] = []
    for entry in entries:
        for group in groups:
            if same(group[0][1], entry[1]):
                group.append(entry)
                break
        else:
            groups.append([entry])
    return tuple(_item(group) for group in groups)


def _union_equal(entries: Sequence[Entry]) -> tuple[Item, ...]:
    """`_union` for equal names, grouping by a dict instead of comparing with every group."""
    groups: dict[str, list[Entry]] = {}
    for entry in entries:
        group = groups.get(entry[1])
        if group is None:
            groups[entry[1]] = [entry]
        else:
            group.append(entry)
    return tuple(_item(group) for group in groups.values())


def most_common(values: Iterable[Any]) -> Any:
    """The most frequent value, the first seen among equals (as `Counter.most_common`)."""
    counts: dict[Any, int] = {}
    for value in values:
        counts[value] = counts.get(value, 0) + 1
    return max(counts, key=counts.__getitem__) if counts else None


def _item(group: list[Entry]) -> Item:
    if len(group) == 1:
        key, only, given = group[0]
        return Item(only, (key,), given)
    sources = tuple(dict.fromkeys(e[0] for e in group))
    first = group[0]
    if all(e[1] == first[1] and e[2] == first[2] for e in group):  # the usual case
        return Item(first[1], sources, dict(first[2]))
    name = most_common(e[1] for e in group)
    attrs: dict[str, Any] = {}
    for attr in dict.fromkeys(a for e in group for a in e[2]):
        attrs[attr] = most_common(e[2][attr] for e in group if e[2].get(attr) is not None)
    return Item(name, sources, attrs)


def _place_attrs(d: Place) -> dict[str, Any]:
    return {"adcode": d.code, "level": d.level, "key": d.key}


def destinations(mentions: Sequence[VisitMention]) -> tuple[Item, ...]:
    """The most specific destinations; an enclosing one lends its sources to those inside."""
    entries = [(m.key, d.name, _place_attrs(d)) for m in mentions for d in m.destinations]
    items = _union_equal(entries)
    if len(items) < 2:
        return items
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


def _person_attrs(title: str | None, role: str, side: str) -> dict[str, Any]:
    return {"title": title, "role": role, "side": side}


def people(mentions: Sequence[VisitMention]) -> tuple[Item, ...]:
    entries = [
        (m.key, p.name, _person_attrs(p.title, p.role, p.side)) for m in mentions for p in m.people
    ]
    return _union_equal(entries)


def stops(mentions: Sequence[VisitMention]) -> tuple[Item, ...]:
    entries = [(m.key, s.name, {"kind": s.kind}) for m in mentions for s in m.stops]
    return _union(entries, similar)


def topics(mentions: Sequence[VisitMention]) -> tuple[Item, ...]:
    entries: list[Entry] = [(m.key, t, {}) for m in mentions for t in m.topics]
    return _union_equal(entries)


Items = tuple[tuple[Item, ...], tuple[Item, ...], tuple[Item, ...], tuple[Item, ...]]


def of_one(m: VisitMention, support: tuple[str, ...]) -> Items:
    """Destinations, people, stops and topics of an event with `m` its only source.

    `support` is ``(m.key,)``. The same items as the unions of ``[m]``, built directly.
    """
    one = [m]
    dests = m.destinations
    if len(dests) == 1:
        d = dests[0]
        places: tuple[Item, ...] = (_item_of(d.name, support, _place_attrs(d)),)
    else:
        places = destinations(one) if dests else ()
    names = [p.name for p in m.people]
    if len(set(names)) == len(names):
        persons = tuple(
            _item_of(p.name, support, _person_attrs(p.title, p.role, p.side)) for p in m.people
        )
    else:
        persons = people(one)
    if len(m.stops) < 2:
        visited = tuple(_item_of(s.name, support, {"kind": s.kind}) for s in m.stops)
    else:
        visited = stops(one)
    if len(set(m.topics)) == len(m.topics):
        domains = tuple(_item_of(t, support, {}) for t in m.topics)
    else:
        domains = topics(one)
    return places, persons, visited, domains
