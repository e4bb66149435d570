"""Synthetic predictions: gold with known damage, for tests of the scorer and its benchmark.

Each function returns a damaged deep copy and leaves its input alone. Their effect on the
scores is known by hand (see tests/test_scoring.py), which is what makes them useful.
"""

from __future__ import annotations

import random

from schemas.dates import PartialDate
from schemas.enums import DelegationKind, MeetingKind, PersonRole, StopKind, TopicDomain
from schemas.region import Region, ResolutionStatus
from schemas.visit import (
    Agreement,
    ArticleExtraction,
    CooperationTopic,
    Evidence,
    ItineraryStop,
    Meeting,
    Person,
    Visit,
)


def _copy(extraction: ArticleExtraction) -> ArticleExtraction:
    return extraction.model_copy(deep=True)


def swap_origin_destination(extraction: ArticleExtraction) -> ArticleExtraction:
    """Each visit's origin and first destination trade places."""
    out = _copy(extraction)
    for visit in out.visits:
        if visit.destinations:
            visit.origin, visit.destinations[0] = visit.destinations[0], visit.origin
    return out


def drop_half_itinerary(extraction: ArticleExtraction) -> ArticleExtraction:
    """Each visit keeps only the first half of its itinerary (rounded down)."""
    out = _copy(extraction)
    for visit in out.visits:
        visit.itinerary = visit.itinerary[: len(visit.itinerary) // 2]
    return out


def invent_year(extraction: ArticleExtraction, year: int = 2023) -> ArticleExtraction:
    """Every start date gets a year: an invented one wherever gold left the year null."""
    out = _copy(extraction)
    for visit in out.visits:
        date = visit.start_date or PartialDate()
        visit.start_date = date.model_copy(update={"year": year, "inferred": ()})
    return out


def _region(name: str, adcode: str) -> Region:
    return Region(mention=name, name=name, adcode=adcode, status=ResolutionStatus.RESOLVED)


def invented_visit() -> Visit:
    """A visit that fills every field and shares no region with any seed article."""
    ev = Evidence(quote="虚构")
    return Visit(
        delegation_name="漠河市党政代表团",
        delegation_kind=DelegationKind.PARTY_GOVERNMENT,
        origin=_region("漠河市", "232701"),
        destinations=[_region("三亚市", "460200")],
        start_date=PartialDate(month=1, day=2),
        end_date=PartialDate(month=1, day=3),
        delegation_members=[
            Person(name="甲乙丙", title="漠河市委书记", role=PersonRole.LEAD, evidence=ev)
        ],
        hosts=[Person(name="丁戊己", title="三亚市长", role=PersonRole.HOST, evidence=ev)],
        itinerary=[ItineraryStop(name="虚构产业园", kind=StopKind.PARK, evidence=ev)],
        meetings=[Meeting(kind=MeetingKind.SYMPOSIUM, evidence=ev)],
        agreements=[Agreement(description="虚构合作协议", evidence=ev)],
        topics=[CooperationTopic(domain=TopicDomain.OTHER, detail="虚构", evidence=ev)],
        evidence=ev,
    )


def add_invented_visit(extraction: ArticleExtraction) -> ArticleExtraction:
    out = _copy(extraction)
    out.visits.append(invented_visit())
    out.is_study_visit = True
    return out


def perturb(extraction: ArticleExtraction, rng: random.Random) -> ArticleExtraction:
    """A random mix of damage: renamed, dropped and re-kinded items, invented visits."""
    out = _copy(extraction)
    for visit in out.visits:
        if rng.random() < 0.3:
            visit.delegation_name = visit.delegation_name[1:] + "团"
        visit.itinerary = [s for s in visit.itinerary if rng.random() > 0.2]
        for stop in visit.itinerary:
            if rng.random() < 0.2:
                stop.name = stop.name[:-1] + "园"
            if rng.random() < 0.1:
                stop.kind = StopKind.OTHER
        visit.hosts = [p for p in visit.hosts if rng.random() > 0.2]
        visit.topics = [t for t in visit.topics if rng.random() > 0.3]
    if rng.random() < 0.2:
        out.visits.append(invented_visit())
    if rng.random() < 0.1:
        out = swap_origin_destination(out)
    return out
