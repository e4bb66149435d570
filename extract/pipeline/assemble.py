"""From the model's draft to the record: places resolved, dates resolved, evidence located.

The model writes places and dates as they stand in the text; the gazetteer and the date
resolver turn them into codes and partial dates, and grounding finds every quote. Nothing
here asks the model anything.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field

from extract.resolve.gazetteer import Gazetteer
from extract.resolve.grounding import TextIndex
from schemas.dates import PartialDate
from schemas.draft import (
    AgreementDraft,
    DateResolver,
    ExtractionDraft,
    MeetingDraft,
    PersonDraft,
    PlaceResolver,
    StopDraft,
    TopicDraft,
    VisitDraft,
    without_level,
)
from schemas.enums import VisitStatus
from schemas.region import Region, ResolutionStatus
from schemas.visit import (
    Agreement,
    ArticleExtraction,
    ArticleInfo,
    CooperationTopic,
    Evidence,
    ItineraryStop,
    Meeting,
    Person,
    Visit,
)


@dataclass
class Assembler:
    index: TextIndex
    published: dt.date | None
    resolve_place: PlaceResolver
    resolve_dates: DateResolver
    unresolved: list[str] = field(default_factory=list)

    def article(self, draft: ExtractionDraft, info: ArticleInfo) -> ArticleExtraction:
        visits = [self.visit(v) for v in draft.visits] if draft.is_study_visit else []
        return ArticleExtraction(is_study_visit=draft.is_study_visit, visits=visits, article=info)

    def visit(self, v: VisitDraft) -> Visit:
        context = [v.origin, *v.destinations]
        places = [self.place(d, context) for d in v.destinations]
        # one region written twice (张家港市, then 江苏省张家港市 in another part) is one destination
        codes = [r.adcode for r in places]
        destinations = [
            r for i, r in enumerate(places) if not r.adcode or r.adcode not in codes[:i]
        ]
        start, end = self.dates(v.date_text, planned=v.status == VisitStatus.PLANNED)
        return Visit(
            delegation_name=v.delegation_name,
            delegation_kind=v.delegation_kind,
            status=self.status(v.status, start),
            origin=self.place(v.origin, context),
            destinations=destinations,
            start_date=start,
            end_date=end,
            date_text=v.date_text,
            delegation_members=[self.person(p) for p in v.delegation_members],
            hosts=[self.person(p) for p in v.hosts],
            itinerary=[self.stop(s, context) for s in v.itinerary],
            meetings=[self.meeting(m) for m in v.meetings],
            agreements=[self.agreement(a) for a in v.agreements],
            topics=[self.topic(t) for t in v.topics],
            evidence=self.evidence(v.evidence),
        )

    def place(self, mention: str, context: Sequence[str]) -> Region:
        hints = [c for c in context if c != mention]
        region = self.resolve_place(mention, hints)
        if region.status == ResolutionStatus.AMBIGUOUS and (parent := self._named_parent(region)):
            region = self.resolve_place(mention, [*hints, parent])
        if not region.resolved and mention not in self.unresolved:
            self.unresolved.append(mention)
        return region

    def _named_parent(self, region: Region) -> str | None:
        """Of a name several regions bear (通州区: 北京's and 南通's), the enclosing region the
        article names for one candidate only (对接北京城市副中心)."""
        gazetteer = Gazetteer.load()
        named: dict[str, str] = {}
        for candidate in region.candidates:
            code = candidate.split()[0]
            for parent in gazetteer.parents(code) if code in gazetteer.divisions else ():
                if without_level(parent) in self.index.text:
                    named[code] = parent
                    break
        return next(iter(named.values())) if len(named) == 1 else None

    def status(self, said: VisitStatus, start: PartialDate | None) -> VisitStatus:
        """A trip the text dates, year and all, after the page was published is still to come
        (a 通知 of 5月15日 for a trip on 2024年5月22日), whatever the answer said."""
        if start is None or self.published is None or "year" in start.inferred:
            return said
        if start.year and start.month and start.day:
            later = dt.date(start.year, start.month, start.day) > self.published
            return VisitStatus.PLANNED if later else said
        return said

    def dates(
        self, text: str | None, *, planned: bool = False
    ) -> tuple[PartialDate | None, PartialDate | None]:
        """A range gives start and end; a single day says when the visit was, not when the
        trip ended (it may be one leg of a longer one), so its end stays empty. A planned
        visit's year is the nearest on or after publication."""
        span = self.resolve_dates(text, self.published, planned=planned) if text else None
        if not span:
            return None, None
        start, end = span
        return (start, None) if end == start else (start, end)

    def evidence(self, quote: str) -> Evidence:
        span = self.index.find(quote)
        if span is None:
            return Evidence(quote=quote)
        return Evidence(
            quote=quote,
            start=span.start,
            end=span.end,
            raw_start=span.raw_start,
            raw_end=span.raw_end,
        )

    def person(self, p: PersonDraft) -> Person:
        return Person(name=p.name, title=p.title, role=p.role, evidence=self.evidence(p.evidence))

    def stop(self, s: StopDraft, context: Sequence[str]) -> ItineraryStop:
        where = self.place(s.destination, context) if s.destination else None
        name = (where.name or where.mention) if where else None
        return ItineraryStop(
            name=s.name, kind=s.kind, destination=name, evidence=self.evidence(s.evidence)
        )

    def meeting(self, m: MeetingDraft) -> Meeting:
        return Meeting(kind=m.kind, name=m.name, evidence=self.evidence(m.evidence))

    def agreement(self, a: AgreementDraft) -> Agreement:
        return Agreement(
            description=a.description, parties=list(a.parties), evidence=self.evidence(a.evidence)
        )

    def topic(self, t: TopicDraft) -> CooperationTopic:
        return CooperationTopic(
            domain=t.domain, detail=t.detail, evidence=self.evidence(t.evidence)
        )
