"""Step-by-step extraction: small focused questions a small model can answer well.

1. skeleton: is it a study visit; who went, from where, to where, when — the date picked
   from the date expressions code found in the text;
2. people: code proposes title + name candidates, the sides that titles name and the
   leaders written before 率; the model decides the rest;
3. itinerary: the places visited, each tied to one of the visit's destinations;
4. topics: code proposes domains from policy vocabulary; with a `topics` step the model
   picks among them, without one all proposals stand;
5. events: with an `events` step the model lists meetings and agreements, without one code
   reads the named meetings and signings off the text.
Every question shares the article prefix (system prompt + article), so a server with a
prompt cache reads the article once. A step that never validates keeps the items that did
(`salvage`); only a skeleton with no valid visit fails the article. Evidence is the clause
of the text around what was named, cut by code.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, ValidationError

from extract.llm.client import last_output
from extract.llm.metering import count_fill
from extract.pipeline import asking
from extract.resolve.dates import find_date_expressions
from extract.resolve.grounding import TextIndex, clause_around
from extract.resolve.people import PersonMention, find_people, split_title_name
from extract.resolve.proposals import (
    Proposal,
    propose_agreements,
    propose_meetings,
    propose_topics,
)
from extract.resolve.roundup import TripProposal, propose_trips
from extract.resolve.sides import bare_title, publisher_side, read_sides
from extract.resolve.stops import (
    at_home,
    names_an_official,
    names_goods,
    names_no_place,
    names_only_a_document,
    place_named,
    propose_stops,
    said_kind,
)
from extract.resolve.tripfacts import (
    attends_an_event_only,
    into_its_one_city,
    into_parts_reached,
    meets_by_video_only,
    onward_places,
    posts_cadres_only,
)
from extract.resolve.trips import (
    in_stated_order,
    is_roundup,
    item_going_to,
    names_a_delegation,
    others_leaders,
    own_items,
    own_parts,
    plausible_trips,
    read_trips,
    region_key,
    stated_trips,
)
from schemas.choices import ChoiceModel, choosing, with_choices
from schemas.draft import (
    BARE_SIDE,
    FIRST_PERSON_SIDE,
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
from schemas.enums import MeetingKind, PersonRole, TopicDomain
from schemas.steps import (
    AgreementItem,
    Events,
    Itinerary,
    MeetingItem,
    People,
    SkeletonVisit,
    TopicChoice,
    VisitSkeleton,
)

if TYPE_CHECKING:
    from extract.llm.client import ModelClient
    from extract.llm.prompting import Prompt

MAX_DATES = 12
SIDE_WORDS = {"sending": "派出方", "host": "接待方"}


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

    def has(self, step: str) -> bool:
        return step in self.prompt.steps

    async def ask(self, step: str, model: type[BaseModel], **variables: Any) -> BaseModel:
        messages = self.prompt.step_messages(
            step, text=self.ctx.text, published=self.published, title=self.title, **variables
        )
        count_fill(step)
        with choosing(model):
            try:
                filled = await asking.ask(self.client, model, messages, self.ctx, self.max_reasks)
                return filled.value
            except Exception as e:  # noqa: BLE001 - decide below whether anything can be kept
                last = last_output(e)
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
        if item_model is None:
            continue  # a flag such as is_study_visit: taken as answered, below
        value = data.get(name)
        items: list[Any] = value if isinstance(value, list) else []
        kept[name] = [v for v in (_valid(item_model, i, ctx) for i in items) if v is not None]
    if not any(kept.values()):
        return None
    flags: dict[str, Any] = {k: v for k, v in data.items() if k not in kept and isinstance(v, bool)}
    return model.model_construct(None, **flags, **kept)


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
        return _without_doubtful_places(model, item, ctx)


def _without_doubtful_places(
    model: type[BaseModel], item: Any, ctx: DraftContext
) -> BaseModel | None:
    """A visit whose answer failed on a doubtful field is kept without it: the date text
    when it is not one the text offers, the destinations that fail on their own (one that
    resolves to no region, say). The step is then flagged as salvaged."""
    if not isinstance(item, dict) or "destinations" not in item:
        return None
    undated = {**item, "date_text": None}
    places = item.get("destinations")
    tries = [undated]
    if isinstance(places, list) and len(places) > 1:
        kept = [d for d in places if _passes(model, {**undated, "destinations": [d]}, ctx)]
        if kept:
            tries += [{**item, "destinations": kept}, {**undated, "destinations": kept}]
    for attempt in tries:
        if attempt != item and _passes(model, attempt, ctx):
            return model.model_validate(attempt, context={"draft": ctx})
    return None


def _passes(model: type[BaseModel], item: dict[str, Any], ctx: DraftContext) -> bool:
    try:
        model.model_validate(item, context={"draft": ctx})
    except ValidationError:
        return False
    return True


# --- models per article: closed sets of what the text offers -----------------------------
# Each binds an article's choices to a model built once (see `schemas.choices`); articles
# that offer the same choices share one.

MODEL_CACHE_SIZE = 64  # per factory


def skeleton_model(dates: Sequence[str]) -> type[BaseModel]:
    return _bind(VisitSkeleton, dates=tuple(dates))


def people_model(names: Sequence[str]) -> type[BaseModel]:
    return _bind(People, names=tuple(names))


def itinerary_model(destinations: Sequence[str]) -> type[BaseModel]:
    return _bind(Itinerary, destinations=tuple(destinations))


def topic_choice_model(domains: Sequence[str]) -> type[BaseModel]:
    return _bind(TopicChoice, domains=tuple(domains))


@functools.lru_cache(maxsize=MODEL_CACHE_SIZE)
def _bind(model: type[ChoiceModel], **choices: tuple[str, ...]) -> type[BaseModel]:
    return with_choices(model, **choices)


# --- the steps -------------------------------------------------------------------------


def _at_an_event_only(part: tuple[int, int] | None, ctx: DraftContext) -> bool:
    return part is not None and attends_an_event_only(ctx.text[slice(*part)])


def _own_item(p: TripProposal, ctx: DraftContext) -> tuple[int, int] | None:
    """The news item (【…】 to the next mark) a trip code read is stated in, if any."""
    return next(iter(own_items([p], ctx).values()), None)


def _places_reached(v: SkeletonVisit, ctx: DraftContext) -> SkeletonVisit:
    """One trip's places as reached: a province's one city, a city's parts gone to, a further
    place the group goes on to, all in the order the trip sentence names them."""
    reached = onward_places(into_parts_reached(into_its_one_city(v, ctx), ctx), ctx)
    return in_stated_order(reached, ctx)


async def extract_by_steps(asker: StepAsker) -> ExtractionDraft:
    text = asker.ctx.text
    whole = asker.ctx.article_text or text
    if not names_a_delegation(whole) or any(
        only(whole) for only in (attends_an_event_only, meets_by_video_only, posts_cadres_only)
    ):
        return ExtractionDraft.model_construct(is_study_visit=False, visits=[])
    dates = list(dict.fromkeys(expr for _, _, expr in find_date_expressions(text)))[:MAX_DATES]
    try:
        skeleton = await asker.ask(
            "skeleton",
            skeleton_model(dates),
            dates="、".join(dates) or "（文中没有日期）",
            **_first_person(asker.ctx),
        )
    except StepFailed as e:
        if e.last_output is None:  # the endpoint failed, not the answer: a real failure
            raise
        asker.salvaged.append("skeleton_unreadable")  # flagged; only trips code reads stand
        skeleton = None
    if skeleton is not None and not getattr(skeleton, "is_study_visit", False):
        return ExtractionDraft.model_construct(is_study_visit=False, visits=[])
    said: list[SkeletonVisit] = getattr(skeleton, "visits", []) if skeleton is not None else []
    proposals = propose_trips(text, home=asker.ctx.home or None)  # 我市… of the home's level
    trips = plausible_trips(said, asker.ctx, read_trips(proposals, asker.ctx))
    added = stated_trips(trips, proposals, asker.ctx)
    if not trips and added:
        trips, added = [added[0][0]], added[1:]
    if not trips:
        return ExtractionDraft.model_construct(is_study_visit=False, visits=[])
    index = TextIndex(text)
    mentions = find_people(text)
    candidates = _unique(mentions)
    roundup = is_roundup(proposals, asker.ctx)
    if not roundup:  # 赴广东…在广州: one trip's province gives way to the one city it names
        trips = [_places_reached(v, asker.ctx) for v in trips]
    # A roundup told trip by trip: each trip is asked about its own paragraphs, code's too.
    keys = {region_key(v.origin, asker.ctx) for v in [*trips, *(v for v, _ in added)]}
    told = [p for p in proposals if region_key(p.origin, asker.ctx) in keys]
    parts = {}
    if roundup:  # a page of news items: each trip its own item; else its own paragraphs
        parts = own_items(told, asker.ctx) or (own_parts(told, asker.ctx) if len(keys) >= 2 else {})
    elif len(keys) >= 2:  # trips code could not read (来肥): each in the paragraphs naming it
        parts = own_parts([_as_told(v, asker.ctx) for v in trips], asker.ctx)
    trips += [v for v, _ in added if region_key(v.origin, asker.ctx) in parts]
    added = [(v, p) for v, p in added if region_key(v.origin, asker.ctx) not in parts]
    # a trip whose own part tells only of an event (赴上海开展招商活动, 举办推介会) is none
    ctx = asker.ctx
    trips = [
        v
        for v in trips
        if not _at_an_event_only(parts.get(region_key(v.origin, ctx)) or item_going_to(v, ctx), ctx)
    ]
    added = [(v, p) for v, p in added if not _at_an_event_only(_own_item(p, ctx), ctx)]
    if not trips and not added:
        return ExtractionDraft.model_construct(is_study_visit=False, visits=[])
    visits = []
    for i, v in enumerate(trips):
        part = parts.get(region_key(v.origin, asker.ctx))
        # named first in another trip's part, a person is still of this one where named here
        own = (
            candidates
            if part is None
            else _unique([c for c in mentions if part[0] <= c.start < part[1]])
        )
        visit = await _visit(asker, v, own, index, first=i == 0)
        # one trip told as one item of a page of news items: what that item tells, its topics
        # too (a roundup's shared lead may set out what all its trips studied)
        item = item_going_to(v, ctx) if not part and not roundup and len(trips) == 1 else None
        if where := part or item:
            visit = _within(visit, text[slice(*where)], topics=item is not None)
        visits.append(visit)
    if roundup or added:  # each delegation keeps its own leaders
        visits = [_own_members(v, others_leaders(v.origin, proposals, asker.ctx)) for v in visits]
    visits += [_read_visit(v, p, index) for v, p in added]
    return ExtractionDraft.model_construct(is_study_visit=True, visits=visits)


def _as_told(v: SkeletonVisit, ctx: DraftContext) -> TripProposal:
    """The model's trip where the text first names its delegation (else its origin)."""
    at = max(ctx.text.find(v.delegation_name) if v.delegation_name else -1, 0)
    if at == 0 and v.origin in ctx.text:
        at = ctx.text.find(v.origin)
    end = at + len(v.delegation_name or v.origin)
    return TripProposal(
        v.delegation_name, v.origin, tuple(v.destinations), v.date_text, None, at, end
    )


def _first_person(ctx: DraftContext) -> dict[str, str]:
    """Who 我省/我市… (or a bare 市委…, 市政协…) is, for the skeleton question, when the text
    speaks so and the outlet names a known region: the model cannot know it from the text alone."""
    text = ctx.article_text or ctx.text
    words = [(w, w) for w in FIRST_PERSON_SIDE.findall(text)]
    words += [(m[1] + m[2], m[1]) for m in BARE_SIDE.finditer(ctx.trip_text)]  # 市委书记…赴
    mine = dict.fromkeys(w for w, level in words if ctx.home_for(level))
    region = ctx.resolve_place(ctx.home, ()) if ctx.home and ctx.resolve_place else None
    if not mine or region is None or not region.name:
        return {}
    return {"home": region.name, "mine": "、".join(f"“{w}”" for w in mine)}


def _within(visit: VisitDraft, part: str, topics: bool = False) -> VisitDraft:
    """A roundup's trip with the stops and events written in its own part of the text (and
    the topics, where ``topics``)."""
    keys = ("itinerary", "meetings", "agreements") + (("topics",) if topics else ())
    found = {
        key: [item for item in getattr(visit, key) if squash(item.evidence) in squash(part)]
        for key in keys
    }
    return visit.model_copy(update=found)


def _own_members(visit: VisitDraft, others: set[str]) -> VisitDraft:
    kept = [m for m in visit.delegation_members if m.name not in others]
    return visit.model_copy(update={"delegation_members": kept})


def _read_visit(v: SkeletonVisit, p: TripProposal, index: TextIndex) -> VisitDraft:
    """A trip of a roundup that code read off one clause, without asking the model: its
    leader when the text names one, and the topics its own sentence names."""
    text = index.text
    members = []
    lead = split_title_name(p.lead) if p.lead else []
    at = text.find(p.lead) if p.lead else -1
    if lead and at >= 0:
        members.append(
            PersonDraft.model_construct(
                name=lead[0].name,
                title=lead[0].title or None,
                role=PersonRole.LEAD,
                evidence=clause_around(text, at, at + len(p.lead or "")),
            )
        )
    sentence = clause_around(text, p.start, p.end, limit=len(text))
    offset = text.find(sentence)
    topics = [
        TopicDraft.model_construct(
            domain=TopicDomain(t.label),
            detail=t.phrase,
            evidence=clause_around(text, offset + t.start, offset + t.end),
        )
        for t in propose_topics(sentence)
    ]
    return _draft(
        v, evidence=clause_around(text, p.start, p.end), delegation_members=members, topics=topics
    )


def _draft(v: SkeletonVisit, evidence: str, **found: Any) -> VisitDraft:
    """The visit of trip `v` with what the steps found (people, stops, events, topics)."""
    empty: dict[str, Any] = {
        key: []
        for key in ("delegation_members", "hosts", "itinerary", "meetings", "agreements", "topics")
    }
    return VisitDraft.model_construct(
        delegation_name=v.delegation_name,
        delegation_kind=v.delegation_kind,
        status=v.status,
        origin=v.origin,
        destinations=list(v.destinations),
        date_text=v.date_text,
        evidence=evidence,
        **(empty | found),
    )


def _is_region(name: str, ctx: DraftContext) -> bool:
    """A place the model listed as a stop that is a whole region (a destination, say)."""
    return ctx.resolve_place is not None and ctx.resolve_place(name, ()).resolved


async def _visit(
    asker: StepAsker,
    v: SkeletonVisit,
    candidates: list[PersonMention],
    index: TextIndex,
    first: bool,
) -> VisitDraft:
    text = asker.ctx.text
    summary = f"{v.delegation_name}（{v.origin} → {'、'.join(v.destinations)}）"
    members, hosts = await _people(asker, candidates, summary, v, text)
    stops = await _itinerary(asker, summary, v, index)
    topics = await _topics(asker, summary, index) if first or asker.has("topics") else []
    meetings, agreements = (
        await _events(asker, summary, index) if first or asker.has("events") else ([], [])
    )
    anchor = v.date_text or v.delegation_name or v.origin
    return _draft(
        v,
        evidence=_quote(index, anchor) or text[:40],
        delegation_members=members,
        hosts=hosts,
        itinerary=stops,
        meetings=meetings,
        agreements=agreements,
        topics=topics,
    )


async def _people(
    asker: StepAsker, candidates: list[PersonMention], summary: str, v: SkeletonVisit, text: str
) -> tuple[list[PersonDraft], list[PersonDraft]]:
    if not candidates:
        return [], []
    ours = publisher_side(asker.ctx, v)
    sides, leads = read_sides(candidates, v, asker.ctx, ours)
    listing = "\n".join(_candidate_line(c, sides[c.name], c.name in leads) for c in candidates)
    answer = await asker.ask(
        "people",
        people_model([c.name for c in candidates]),
        visit=summary,
        candidates=listing,
        origin=v.origin,
        destinations="、".join(v.destinations),
    )
    said = said_roles(answer)
    members: list[PersonDraft] = []
    hosts: list[PersonDraft] = []
    for c in candidates:
        side = sides.get(c.name)
        role = decide_role(said.get(c.name, "none"), side, c.name in leads, bool(leads))
        if role is None:
            continue
        if side is None and role is not PersonRole.LEAD and ours and bare_title(c, asker.ctx):
            role = PersonRole.MEMBER if ours == "sending" else PersonRole.HOST
        person = PersonDraft.model_construct(
            name=c.name,
            title=c.title or None,
            role=role,
            evidence=clause_around(text, c.start, c.end),
        )
        (hosts if role is PersonRole.HOST else members).append(person)
    return members, hosts


def said_roles(answer: object) -> dict[str, str]:
    """The role the people answer gives each name; a name given twice keeps its first role
    (a model that runs out of names repeats them, often as none)."""
    said: dict[str, str] = {}
    for item in getattr(answer, "people", []):
        said.setdefault(item.name, item.role)
    return said


def _candidate_line(c: PersonMention, side: str | None, lead: bool) -> str:
    notes = [SIDE_WORDS[side]] if side else []
    if lead:
        notes.append("率队")
    return f"- {c.title}{c.name}" + (f"（{'，'.join(notes)}）" if notes else "")


def decide_role(
    said: str, side: str | None, written_lead: bool, any_lead: bool
) -> PersonRole | None:
    """Code's reading of the text wins where it has one; the model decides the rest."""
    if written_lead:
        return PersonRole.LEAD
    if side == "host":
        return PersonRole.HOST
    if side == "sending":
        return PersonRole.MEMBER
    if said == "lead" and any_lead:
        return PersonRole.MEMBER
    return None if said == "none" else PersonRole(said)


async def _itinerary(
    asker: StepAsker, summary: str, v: SkeletonVisit, index: TextIndex
) -> list[StopDraft]:
    answer = await asker.ask(
        "itinerary",
        itinerary_model(v.destinations),
        visit=summary,
        destinations="、".join(v.destinations),
    )
    out: list[StopDraft] = []
    seen: list[str] = []
    written: list[str] = []
    for said in getattr(answer, "stops", []):
        stop = said.model_copy(update={"name": place_named(said.name)})  # 久祺股份的生产线
        quote = _quote(index, stop.name)
        name = squash(stop.name)
        # 永煤集团 and 河南省永煤集团 are one stop, named twice
        if quote is None or _is_region(stop.name, asker.ctx) or _named(name, seen):
            continue
        if names_only_a_document(index.text, stop.name.strip("《》")) or names_no_place(stop.name):
            continue
        if names_goods(index.text, stop.name):  # 察看了木耳、大米、蜂蜜等特色农产品
            continue
        if names_an_official(index.text, stop.name):  # 寿光市委书记郑立民陪同
            continue
        if at_home(stop.name, v.origin, v.destinations, asker.ctx):  # the origin's own site
            continue
        seen.append(name)
        written.append(squash(said.name))  # as the model wrote it
        out.append(
            StopDraft.model_construct(
                name=stop.name,
                kind=said_kind(stop.name, stop.kind),  # 公司, 村, 展馆… say the kind
                destination=stop.destination,
                evidence=quote,
            )
        )
    return out + _listed_stops(index, v, out, asker.ctx, written)


def _listed_stops(
    index: TextIndex,
    v: SkeletonVisit,
    found: list[StopDraft],
    ctx: DraftContext,
    said: Sequence[str] = (),
) -> list[StopDraft]:
    """The stops the text lists after a visiting verb that the model did not give (in any
    words it wrote: 某村的…融合项目 gives 融合项目 no stop of its own)."""
    known = [squash(s.name) for s in found] + list(said)
    out: list[StopDraft] = []
    for p in propose_stops(index.text):
        name = squash(p.name)
        if _named(name, known) or _is_region(p.name, ctx):
            continue
        if at_home(p.name, v.origin, v.destinations, ctx):
            continue
        quote = _quote(index, p.name)
        if quote is None:
            continue
        known.append(name)
        where = _destination_before(index.text, p.start, v.destinations)
        out.append(
            StopDraft.model_construct(name=p.name, kind=p.kind, destination=where, evidence=quote)
        )
    return out


def _named(name: str, known: Sequence[str]) -> bool:
    """The stop is one already listed: the same name, or one holding the other."""
    return any(name in k or k in name for k in known)


def _destination_before(text: str, at: int, destinations: Sequence[str]) -> str | None:
    """The destination a stop belongs to: the only one, or the last one named before it."""
    if len(destinations) == 1:
        return destinations[0]
    best, best_at = None, -1
    for d in destinations:
        stem = d[:-1] if len(d) > 2 and d[-1] in "省市县区" else d
        pos = text.rfind(stem, 0, max(at, 0))
        if pos > best_at:
            best, best_at = d, pos
    return best


async def _topics(asker: StepAsker, summary: str, index: TextIndex) -> list[TopicDraft]:
    proposals = propose_topics(index.text)
    if proposals and asker.has("topics"):
        listing = "\n".join(f"- {p.label}：{p.phrase}" for p in proposals)
        answer = await asker.ask(
            "topics",
            topic_choice_model([p.label for p in proposals]),
            visit=summary,
            candidates=listing,
        )
        chosen = set(getattr(answer, "domains", []))
        proposals = [p for p in proposals if p.label in chosen]
    return [
        TopicDraft.model_construct(
            domain=TopicDomain(p.label),
            detail=p.phrase,
            evidence=clause_around(index.text, p.start, p.end),
        )
        for p in proposals
    ]


async def _events(
    asker: StepAsker, summary: str, index: TextIndex
) -> tuple[list[MeetingDraft], list[AgreementDraft]]:
    if not asker.has("events"):
        return _proposed_events(index.text)
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


def _proposed_events(text: str) -> tuple[list[MeetingDraft], list[AgreementDraft]]:
    def evidence(p: Proposal) -> str:
        return clause_around(text, p.start, p.end)

    meetings = [
        MeetingDraft.model_construct(kind=MeetingKind(p.label), name=p.phrase, evidence=evidence(p))
        for p in propose_meetings(text)
    ]
    agreements = [
        AgreementDraft.model_construct(description=p.phrase, parties=[], evidence=evidence(p))
        for p in propose_agreements(text)
    ]
    return meetings, agreements


def _quote(index: TextIndex, phrase: str) -> str | None:
    span = index.find(phrase)
    return clause_around(index.text, span.start, span.end) if span else None


def _unique(people: list[PersonMention]) -> list[PersonMention]:
    seen: dict[str, PersonMention] = {}
    for p in people:
        seen.setdefault(p.name, p)
    return list(seen.values())
