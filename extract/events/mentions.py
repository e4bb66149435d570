"""A visit as the merger sees it: a compact, hashable summary of one visit of one article.

The key of a mention is ``<article id>#<visit index>`` with the index counted from 1, as
`kaocha export` numbers visits. Everything the matcher and the consensus need is copied out of
the Pydantic record once, so a million mentions fit in memory and compare fast.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache

from extract.events.side import Side, guess_side
from extract.resolve.gazetteer import normalize_name
from schemas.dates import PartialDate
from schemas.record import ResultRecord
from schemas.region import Region
from schemas.visit import Person, Visit


@dataclass(frozen=True, slots=True)
class Place:
    """A region: its adcode when resolved, its standard name (or mention), level and parents."""

    code: str | None
    name: str
    level: str | None = None
    parents: tuple[str, ...] = ()

    @property
    def key(self) -> str:
        """The adcode, or ``n:`` and the suffix-insensitive name when there is none."""
        return self.code or "n:" + normalize_name(self.name)


@dataclass(frozen=True, slots=True)
class Day:
    """A partial date: 0 for an unknown part; `year_stated` is false for an inferred year."""

    year: int = 0
    month: int = 0
    day: int = 0
    year_stated: bool = False

    def iso(self) -> str | None:
        return _iso(self.year, self.month, self.day)


@lru_cache(maxsize=1 << 16)
def _iso(y: int, m: int, d: int) -> str | None:
    """ISO text of a partial date (cached: events share the text of a date)."""
    if y and m and d:
        return f"{y:04d}-{m:02d}-{d:02d}"
    if y and m:
        return f"{y:04d}-{m:02d}"
    if m and d:
        return f"--{m:02d}-{d:02d}"
    return f"{y:04d}" if y else None


@dataclass(frozen=True, slots=True)
class PersonMention:
    name: str
    title: str | None
    role: str  # lead | member | host
    side: str  # delegation | host


@dataclass(frozen=True, slots=True)
class StopMention:
    name: str
    kind: str


@dataclass(frozen=True, slots=True)
class VisitMention:
    """One visit of one article, with what identifies the trip and who reported it."""

    key: str
    article_id: str
    visit: int
    origin: Place
    destinations: tuple[Place, ...]
    start: Day | None = None
    end: Day | None = None
    delegation_name: str = ""
    delegation_kind: str = ""
    status: str = "completed"
    people: tuple[PersonMention, ...] = ()
    stops: tuple[StopMention, ...] = ()
    agreements: tuple[str, ...] = ()
    topics: tuple[str, ...] = ()
    quote: str = ""
    side: Side = Side.UNKNOWN
    outlet: str | None = None
    published: dt.date | None = None

    @property
    def lead(self) -> PersonMention | None:
        for p in self.people:
            if p.role == "lead":
                return p
        return None


def place(region: Region) -> Place:
    level = str(region.level) if region.level else None
    return Place(region.adcode, region.name or region.mention, level, tuple(region.parents))


def day(date: PartialDate | None) -> Day | None:
    if date is None or date.is_empty:
        return None
    stated = date.year is not None and "year" not in date.inferred
    return Day(date.year or 0, date.month or 0, date.day or 0, stated)


def _people(visit: Visit) -> tuple[PersonMention, ...]:
    def one(p: Person, side: str) -> PersonMention:
        return PersonMention(p.name.strip(), p.title, str(p.role), side)

    members = [one(p, "delegation") for p in visit.delegation_members]
    return tuple(members + [one(p, "host") for p in visit.hosts])


def _names(places: Iterable[Place]) -> list[str]:
    return [name for p in places for name in (p.name, *p.parents)]


def mention(record: ResultRecord, index: int, visit: Visit) -> VisitMention:
    """The mention of visit number `index` (from 1) of `record`."""
    info = record.extraction.article if record.extraction else None
    origin = place(visit.origin)
    destinations = tuple(place(d) for d in visit.destinations)
    quotes = [visit.evidence.quote, visit.delegation_name]
    outlet = info.source if info else None
    side = guess_side(quotes, outlet, _names([origin]), _names(destinations))
    return VisitMention(
        key=f"{record.article_id}#{index}",
        article_id=record.article_id,
        visit=index,
        origin=origin,
        destinations=destinations,
        start=day(visit.start_date),
        end=day(visit.end_date),
        delegation_name=visit.delegation_name,
        delegation_kind=str(visit.delegation_kind),
        status=str(visit.status),
        people=_people(visit),
        stops=tuple(StopMention(s.name, str(s.kind)) for s in visit.itinerary),
        agreements=tuple(a.description for a in visit.agreements),
        topics=tuple(dict.fromkeys(str(t.domain) for t in visit.topics)),
        quote=visit.evidence.quote,
        side=side,
        outlet=outlet,
        published=info.published if info else None,
    )


def mentions_of(records: Iterable[ResultRecord]) -> Iterator[VisitMention]:
    """Every visit of every ok record that reports one, as mentions."""
    for record in records:
        if not record.ok or record.extraction is None or not record.extraction.is_study_visit:
            continue
        for index, visit in enumerate(record.extraction.visits, start=1):
            yield mention(record, index, visit)
