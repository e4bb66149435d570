"""What the model fills in the step-by-step pipeline: one small answer per focused question.

The visit skeleton comes first (who, from where, to where, when); people, itinerary, topics
and events follow, each asked about one visit. Choices that depend on the article (the
date expressions in it, candidate people, the visit's destinations, candidate topics) are
closed sets bound to these models per article (`schemas.choices`), so the model picks
rather than writes.
Items that name something in the text are grounded by code afterwards: an item it cannot
find is dropped, instead of costing a re-ask. Re-asks are kept for what code cannot repair:
a place that is no region, a spam phrase in a name, a visit from a place to itself.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, Field, ValidationInfo, field_validator, model_validator

from schemas.choices import ChoiceModel, at_most, one_of
from schemas.draft import _check_place, _check_spam, _ctx, names_no_region, repair_trip, squash
from schemas.enums import DelegationKind, MeetingKind, StopKind, TopicDomain, VisitStatus

MAX_DESTINATIONS = 6


class SkeletonVisit(BaseModel):
    delegation_name: str = Field(
        max_length=30, description="代表团名称，按原文，如 某某市党政代表团"
    )
    delegation_kind: DelegationKind
    status: VisitStatus = Field(description="completed=已经去了；planned=将赴、拟于")
    origin: str = Field(max_length=20, description="派出地，按原文地名")
    destinations: list[str] = Field(
        min_length=1, max_length=MAX_DESTINATIONS, description="目的地，按原文地名，按顺序"
    )
    date_text: str | None = Field(default=None, max_length=30, description="文中的日期原文")

    @model_validator(mode="before")
    @classmethod
    def _regions(cls, data: Any, info: ValidationInfo) -> Any:
        return repair_trip(data, _ctx(info), MAX_DESTINATIONS)

    @field_validator("delegation_name")
    @classmethod
    def _name(cls, v: str, info: ValidationInfo) -> str:
        return _check_spam(v, info)

    @field_validator("origin")
    @classmethod
    def _origin(cls, v: str, info: ValidationInfo) -> str:
        _check_place(v, info)
        return v

    @field_validator("destinations")
    @classmethod
    def _destinations(cls, v: list[str], info: ValidationInfo) -> list[str]:
        for d in v:
            _check_place(d, info)
        return v

    @model_validator(mode="after")
    def _origin_not_destination(self) -> SkeletonVisit:
        if squash(self.origin) in {squash(d) for d in self.destinations}:
            raise ValueError(
                f"派出地「{self.origin}」不能同时是目的地。origin 是代表团来自的地方。"
            )
        return self


class Skeleton(BaseModel):
    is_study_visit: bool
    visits: list[SkeletonVisit] = Field(default_factory=list, max_length=8)

    @model_validator(mode="before")
    @classmethod
    def _trips_to_regions(cls, data: Any, info: ValidationInfo) -> Any:
        """A 'visit' whose destinations are only stops (a park, a company) is one stop of
        another visit told apart: dropped, as long as a visit to a region is left."""
        ctx = _ctx(info)
        visits = data.get("visits") if isinstance(data, dict) else None
        if not isinstance(visits, list):
            return data
        kept = [v for v in visits if not names_no_region(v, ctx)]
        return {**data, "visits": kept} if kept else data

    @model_validator(mode="after")
    def _consistent(self) -> Skeleton:
        if self.is_study_visit and not self.visits:
            raise ValueError("is_study_visit 为 true 时，visits 至少要有一项。")
        if not self.is_study_visit:
            self.visits = []
        return self


class StopItem(BaseModel):
    name: str = Field(max_length=40, description="地点名称，按原文")
    kind: StopKind

    @field_validator("name")
    @classmethod
    def _name(cls, v: str, info: ValidationInfo) -> str:
        return _check_spam(v, info)


# --- the answers, with the article's choices (bound per article by `with_choices`) --------
# No docstrings here: a docstring would become the schema's description.

ROLES = ("lead", "member", "host", "none")
MAX_STOPS = 25


class Visit(SkeletonVisit):
    date_text: Annotated[str | None, *one_of("dates", optional=True)] = Field(
        default=None, description="文中的考察日期，从给定的写法中选；没有则 null"
    )


class VisitSkeleton(Skeleton, ChoiceModel):
    visits: list[Visit] = Field(default_factory=list, max_length=8)  # type: ignore[assignment]


class PersonRoleItem(BaseModel):
    name: Annotated[str, *one_of("names")] = Field(description="候选人姓名")
    role: Literal[ROLES] = Field(description="lead率队 member随团参加 host接待方 none无关")  # type: ignore[valid-type]


class People(ChoiceModel):
    people: Annotated[list[PersonRoleItem], *at_most("names")]


class Stop(StopItem):
    destination: Annotated[str, *one_of("destinations")] = Field(description="属于哪个目的地")


class Itinerary(ChoiceModel):
    stops: list[Stop] = Field(max_length=MAX_STOPS)


class TopicChoice(ChoiceModel):
    domains: Annotated[list[Annotated[str, *one_of("domains")]], *at_most("domains")]


class TopicItem(BaseModel):
    domain: TopicDomain
    detail: str = Field(max_length=16, description="文中的短语")


class Topics(BaseModel):
    topics: list[TopicItem] = Field(default_factory=list, max_length=10)


class MeetingItem(BaseModel):
    kind: MeetingKind
    name: str = Field(max_length=40, description="会议名称，按原文")


class AgreementItem(BaseModel):
    phrase: str = Field(max_length=40, description="文中说签订协议的原文短语")
    parties: list[str] = Field(default_factory=list, max_length=4)


class Events(BaseModel):
    meetings: list[MeetingItem] = Field(default_factory=list, max_length=4)
    agreements: list[AgreementItem] = Field(default_factory=list, max_length=6)
