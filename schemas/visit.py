"""The record of one article: its visits, with regions resolved and evidence located.

This is what results files and gold files hold. The model never fills it directly: it fills
the drafts in `schemas.draft`, and code resolves places and dates and locates the evidence.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, model_validator

from schemas.dates import PartialDate
from schemas.enums import (
    DelegationKind,
    MeetingKind,
    PersonRole,
    StopKind,
    TopicDomain,
    VisitStatus,
)
from schemas.region import Region


class Evidence(BaseModel):
    """A verbatim quote of the cleaned article, with offsets that code fills in."""

    model_config = ConfigDict(frozen=True)

    quote: str = Field(min_length=1, description="原文逐字引用，尽量短")
    start: int | None = Field(default=None, description="Offset in the cleaned text (code fills)")
    end: int | None = None
    raw_start: int | None = Field(default=None, description="Offset in the raw text (code fills)")
    raw_end: int | None = None

    @model_validator(mode="before")
    @classmethod
    def _from_quote(cls, data: Any) -> Any:
        """Gold files may write evidence as a bare quote string."""
        return {"quote": data} if isinstance(data, str) else data

    @property
    def found(self) -> bool:
        return self.start is not None


class Person(BaseModel):
    name: str = Field(description="姓名，2-4 个字")
    title: str | None = Field(default=None, description="职务原文，含单位")
    role: PersonRole
    evidence: Evidence


class ItineraryStop(BaseModel):
    name: str = Field(description="考察点名称，按原文")
    kind: StopKind
    destination: str | None = Field(default=None, description="所属目的地（标准地名）")
    evidence: Evidence


class Meeting(BaseModel):
    kind: MeetingKind
    name: str | None = None
    date: PartialDate | None = None
    evidence: Evidence


class Agreement(BaseModel):
    description: str
    parties: list[str] = Field(default_factory=list)
    evidence: Evidence


class CooperationTopic(BaseModel):
    domain: TopicDomain
    detail: str
    evidence: Evidence


class Visit(BaseModel):
    delegation_name: str
    delegation_kind: DelegationKind
    status: VisitStatus = VisitStatus.COMPLETED
    origin: Region
    destinations: list[Region] = Field(default_factory=list)
    start_date: PartialDate | None = None
    end_date: PartialDate | None = None
    date_text: str | None = Field(default=None, description="The date expression as written")
    delegation_members: list[Person] = Field(default_factory=list)
    hosts: list[Person] = Field(default_factory=list)
    itinerary: list[ItineraryStop] = Field(default_factory=list)
    meetings: list[Meeting] = Field(default_factory=list)
    agreements: list[Agreement] = Field(default_factory=list)
    topics: list[CooperationTopic] = Field(default_factory=list)
    evidence: Evidence


class ArticleInfo(BaseModel):
    title: str | None = None
    source: str | None = None
    published: dt.date | None = None


class ArticleExtraction(BaseModel):
    """One article's extraction. `is_study_visit` false means `visits` is empty."""

    is_study_visit: bool
    visits: list[Visit] = Field(default_factory=list)
    article: ArticleInfo = Field(default_factory=ArticleInfo)

    def evidences(self) -> list[Evidence]:
        """Every evidence of the article, visits first, in a stable order."""
        out: list[Evidence] = []
        for v in self.visits:
            out.append(v.evidence)
            for items in (
                v.delegation_members,
                v.hosts,
                v.itinerary,
                v.meetings,
                v.agreements,
                v.topics,
            ):
                out.extend(item.evidence for item in items)
        return out
