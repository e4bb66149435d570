"""Step-by-step extraction: small focused questions a small model can answer well.

1. skeleton: is it a study visit; who went, from where, to where, when (as written);
2. people: a deterministic pass proposes title + name candidates, the model only says each
   one's side and role;
3. itinerary: the places visited, each tied to one of the visit's destinations;
4. topics: the domains studied or agreed on, with a phrase from the text;
5. events: meetings held and agreements signed.
Every step shares the article prefix (system prompt + article), so a server with a prompt
cache reads the article once. A step that never validates keeps what did validate
(`salvage`) instead of losing the article; only a failed skeleton fails the article.
Evidence is the clause of the text around what the model named, cut by code.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

from pydantic import BaseModel, Field, ValidationError, create_model

from extract.grounding import TextIndex, clause_around
from extract.metering import count_fill
from extract.people import PersonMention, find_people
from schemas.draft import (
    AgreementDraft,
    DraftContext,
    ExtractionDraft,
    MeetingDraft,
    PersonDraft,
    StopDraft,
    TopicDraft,
    VisitDraft,
    squash,
)
from schemas.enums import PersonRole
from schemas.steps import (
    AgreementItem,
    Events,
    MeetingItem,
    Skeleton,
    SkeletonVisit,
    StopItem,
    TopicItem,
    Topics,
)

if TYPE_CHECKING:
    from extract.client import ModelClient
    from extract.prompting import Prompt

MAX_STOPS = 25
ROLES = ("lead", "member", "host", "none")


class StepFailed(Exception):
    """A step gave nothing usable after its re-asks; carries the cause and the last output."""

    def __init__(self, step: str, cause: Exception, last_output: str | None) -> None:
        super().__init__(f"{step}: {type(cause).__name__}: {str(cause)[:300]}")
        self.step = step
        self.cause = cause
        self.last_output = last_output


@dataclass
class StepAsker:
    """Asks one step's question about one article and validates the answer."""

    client: ModelClient
    prompt: Prompt
    ctx: DraftContext
    published: Any
    title: str | None
    max_reasks: int
    salvaged: list[str]

    async def ask(self, step: str, model: type[BaseModel], **variables: Any) -> BaseModel:
        messages = self.prompt.step_messages(
            step, text=self.ctx.text, published=self.published, title=self.title, **variables
        )
        count_fill()
        try:
            filled = await self.client.fill(
                model, messages, context={"draft": self.ctx}, max_reasks=self.max_reasks
            )
            return filled.value
        except Exception as e:  # noqa: BLE001 - decide below whether anything can be kept
            last = _last_output(e)
            kept = salvage(model, last, self.ctx)
            if kept is None:
                raise StepFailed(step, e, last) from e
            self.salvaged.append(step)
            return kept


def salvage(model: type[BaseModel], raw: str | None, ctx: DraftContext) -> BaseModel | None:
    """Keep the list items of a failed answer that validate on their own; None if none."""
    try:
        data = json.loads(raw or "")
    except ValueError:
        return None
    if not isinstance(data, dict):
        return None
    kept: dict[str, list[Any]] = {}
    for name, info in model.model_fields.items():
        item_model = _item_model(info.annotation)
        items = data.get(name) if isinstance(data.get(name), list) else []
        kept[name] = [v for v in (_valid(item_model, i, ctx) for i in items) if v is not None]
    if not any(kept.values()):
        return None
    flags = {k: v for k, v in data.items() if k not in kept and isinstance(v, bool)}
    return model.model_construct(**flags, **kept)


def _item_model(annotation: Any) -> type[BaseModel] | None:
    args = getattr(annotation, "__args__", ())
    return (
        args[0] if args and isinstance(args[0], type) and issubclass(args[0], BaseModel) else None
    )


def _valid(model: type[BaseModel] | None, item: Any, ctx: DraftContext) -> BaseModel | None:
    if model is None:
        return None
    try:
        return model.model_validate(item, context={"draft": ctx})
    except ValidationError:
        return None


def _last_output(e: Exception) -> str | None:
    from extract.client import raw_output

    completion = getattr(e, "last_completion", None)
    return raw_output(completion) if completion is not None else None


# --- models built per article: closed sets of candidates and destinations ------------------


def people_model(names: Sequence[str]) -> type[BaseModel]:
    item = create_model(
        "PersonRoleItem",
        name=(Literal[tuple(names)], Field(description="候选人姓名")),  # type: ignore[valid-type]
        role=(Literal[ROLES], Field(description="lead率队 member随团参加 host接待方 none无关")),  # type: ignore[valid-type]
    )
    return create_model("People", people=(list[item], Field(max_length=len(names))))  # type: ignore[valid-type]


def itinerary_model(destinations: Sequence[str]) -> type[BaseModel]:
    item = create_model(
        "Stop",
        __base__=StopItem,
        destination=(Literal[tuple(destinations)], Field(description="属于哪个目的地")),  # type: ignore[valid-type]
    )
    return create_model("Itinerary", stops=(list[item], Field(max_length=MAX_STOPS)))  # type: ignore[valid-type]


# --- the steps -------------------------------------------------------------------------


async def extract_by_steps(asker: StepAsker) -> ExtractionDraft:
    skeleton = await asker.ask("skeleton", Skeleton)
    if not getattr(skeleton, "is_study_visit", False) or not skeleton.visits:
        return ExtractionDraft.model_construct(is_study_visit=False, visits=[])
    index = TextIndex(asker.ctx.text)
    candidates = _unique(find_people(asker.ctx.text))
    trips = merge_trips(skeleton.visits, asker.ctx)
    visits = [await _visit(asker, v, candidates, index) for v in trips]
    return ExtractionDraft.model_construct(is_study_visit=True, visits=visits)


async def _visit(
    asker: StepAsker, v: SkeletonVisit, candidates: list[PersonMention], index: TextIndex
) -> VisitDraft:
    text = asker.ctx.text
    summary = f"{v.delegation_name}（{v.origin} → {'、'.join(v.destinations)}）"
    members, hosts = await _people(asker, candidates, summary, v, text)
    stops = await _itinerary(asker, summary, v, index)
    topics = await _topics(asker, summary, index)
    meetings, agreements = await _events(asker, summary, index)
    anchor = v.date_text or v.delegation_name or v.origin
    return VisitDraft.model_construct(
        delegation_name=v.delegation_name,
        delegation_kind=v.delegation_kind,
        status=v.status,
        origin=v.origin,
        destinations=list(v.destinations),
        date_text=v.date_text,
        delegation_members=members,
        hosts=hosts,
        itinerary=stops,
        meetings=meetings,
        agreements=agreements,
        topics=topics,
        evidence=_quote(index, anchor) or text[:40],
    )


async def _people(
    asker: StepAsker, candidates: list[PersonMention], summary: str, v: SkeletonVisit, text: str
) -> tuple[list[PersonDraft], list[PersonDraft]]:
    if not candidates:
        return [], []
    model = people_model([c.name for c in candidates])
    listing = "\n".join(f"- {c.title}{c.name}" for c in candidates)
    answer = await asker.ask(
        "people",
        model,
        visit=summary,
        candidates=listing,
        origin=v.origin,
        destinations="、".join(v.destinations),
    )
    by_name = {c.name: c for c in candidates}
    members: list[PersonDraft] = []
    hosts: list[PersonDraft] = []
    for item in getattr(answer, "people", []):
        c = by_name.get(item.name)
        if c is None or item.role == "none":
            continue
        person = PersonDraft.model_construct(
            name=c.name,
            title=c.title or None,
            role=PersonRole(item.role),
            evidence=clause_around(text, c.start, c.end),
        )
        (hosts if item.role == "host" else members).append(person)
        by_name.pop(item.name)
    return members, hosts


async def _itinerary(
    asker: StepAsker, summary: str, v: SkeletonVisit, index: TextIndex
) -> list[StopDraft]:
    model = itinerary_model(v.destinations)
    answer = await asker.ask(
        "itinerary", model, visit=summary, destinations="、".join(v.destinations)
    )
    out: list[StopDraft] = []
    seen: set[str] = set()
    for stop in getattr(answer, "stops", []):
        quote = _quote(index, stop.name)
        if quote is None or stop.name in seen:
            continue
        seen.add(stop.name)
        out.append(
            StopDraft.model_construct(
                name=stop.name, kind=stop.kind, destination=stop.destination, evidence=quote
            )
        )
    return out


async def _topics(asker: StepAsker, summary: str, index: TextIndex) -> list[TopicDraft]:
    answer = await asker.ask("topics", Topics, visit=summary)
    out: dict[str, TopicDraft] = {}
    for t in getattr(answer, "topics", []):
        quote = _quote(index, t.detail)
        if quote is None or t.domain in out:
            continue
        out[t.domain] = TopicDraft.model_construct(domain=t.domain, detail=t.detail, evidence=quote)
    return list(out.values())


async def _events(
    asker: StepAsker, summary: str, index: TextIndex
) -> tuple[list[MeetingDraft], list[AgreementDraft]]:
    answer = await asker.ask("events", Events, visit=summary)
    meetings = [
        MeetingDraft.model_construct(kind=m.kind, name=m.name, evidence=q)
        for m in getattr(answer, "meetings", [])
        if isinstance(m, MeetingItem) and (q := _quote(index, m.name))
    ]
    agreements = [
        AgreementDraft.model_construct(description=a.phrase, parties=list(a.parties), evidence=q)
        for a in getattr(answer, "agreements", [])
        if isinstance(a, AgreementItem) and (q := _quote(index, a.phrase))
    ]
    return meetings, agreements


def _quote(index: TextIndex, phrase: str) -> str | None:
    span = index.find(phrase)
    return clause_around(index.text, span.start, span.end) if span else None


def merge_trips(visits: Sequence[SkeletonVisit], ctx: DraftContext) -> list[SkeletonVisit]:
    """Visits from the same origin are one trip told twice: keep one, with all destinations."""
    trips: dict[str, SkeletonVisit] = {}
    for v in visits:
        key = _region_key(v.origin, ctx)
        if key not in trips:
            trips[key] = v
            continue
        first = trips[key]
        known = {_region_key(d, ctx) for d in first.destinations}
        extra = [d for d in v.destinations if _region_key(d, ctx) not in known]
        trips[key] = first.model_copy(
            update={
                "destinations": [*first.destinations, *extra],
                "date_text": first.date_text or v.date_text,
            }
        )
    return list(trips.values())


def _region_key(mention: str, ctx: DraftContext) -> str:
    if ctx.resolve_place is not None:
        region = ctx.resolve_place(mention, ())
        if region.adcode:
            return region.adcode
    return squash(mention)


def _unique(people: list[PersonMention]) -> list[PersonMention]:
    seen: dict[str, PersonMention] = {}
    for p in people:
        seen.setdefault(p.name, p)
    return list(seen.values())


__all__ = ["StepAsker", "StepFailed", "extract_by_steps", "salvage", "TopicItem"]
