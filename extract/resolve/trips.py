"""Which of the trips a model read off a text the text really states.

The skeleton step names trips; code keeps those whose sides a trip sentence names, that
go from one region to another, that a region (not a company or a school) sent, and puts a
trip told in pieces back together. Where code read the trip off the text too, the model's
visit gives way to that reading (`extract.resolve.reconcile`). Places are compared by region
(adcode) where the gazetteer knows them.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from extract.resolve.gazetteer import Gazetteer, clean_mention, starts_with_a_country
from extract.resolve.people import find_people, split_title_name
from extract.resolve.reconcile import (
    dated_as_read,
    destinations_as_read,
    framed_as_read,
    into_parts_gone_to,
    named_as_read,
    not_reversed,
    origin_as_read,
    planned_date,
    region_key,
    settled,
)
from extract.resolve.roundup import TripProposal
from extract.resolve.sides import LEAD_WORDS, bare_title
from extract.resolve.tripfacts import (
    KINDS,
    come_to_origin,
    origin_gone_to,
    sent_to,
    status_from_text,
    told_as_background,
    told_as_wish,
    under_a_framing_province,
    without_enclosed_zones,
    zones_as_their_city,
)
from schemas.draft import (
    FIRST_PERSON_SIDE,
    SENTENCE,
    DraftContext,
    named_in_trip,
    squash,
    without_level,
)
from schemas.enums import DelegationKind, VisitStatus
from schemas.region import ResolutionStatus
from schemas.steps import SkeletonVisit

# A delegation is written as a group (代表团, 考察团, 一行, 客人), as a leader taking a team
# (率队, 带队), or its visit by a word for studying another place (学习考察, 考察交流,
# 交流活动): a text with none of these reports no delegation's visit. 来访, 到访 and 莅临
# are not enough: they are as often a foreign guest's call or a superior's inspection.
GROUP_WORDS = re.compile(
    r"代表团|考察团|考察组|调研组|学习团|访问团|工作组|一行|客人|率队|带队|率领|带领|领队|带团|"
    r"考察交流|参观考察|交流活动|学习考察|考察学习"
)
# A delegation named after a company, a school or an association, and a troupe or a team,
# is not a region's.
_ORGANISATION = re.compile(
    r"公司|集团|企业|工厂|厂|商会|客商|协会|联谊会|工商联|工商界|商界|侨界|学校|大学|学院|医院|银行"
    r"|艺术团|歌舞团|演出团|剧团|乐团|文工团|代表队|球队"
)


def names_a_delegation(text: str) -> bool:
    return bool(GROUP_WORDS.search(text))


def sent_by_region(v: SkeletonVisit) -> bool:
    """The delegation is a region's: its name, after the origin it starts with, names no
    company, school or association (某某化工厂总经理率领的考察团 is a company's)."""
    name = squash(v.delegation_name)
    origin = squash(v.origin)
    rest = name[len(origin) :] if origin and name.startswith(origin) else name
    return not _ORGANISATION.search(rest)


_CLAUSE_BREAK = re.compile(r"[，,。；;！？!?\n]")


def sent_from_abroad(v: SkeletonVisit, ctx: DraftContext) -> bool:
    """The delegation is a foreign one: its name, or the clause that brings it in
    (老挝人民革命党琅南塔省委书记…率琅南塔省党政代表团), opens with a country's name."""
    name = v.delegation_name.strip()
    if starts_with_a_country(name):
        return True
    at = ctx.text.find(name) if name else -1
    if at < 0:
        return False
    breaks = [m.end() for m in _CLAUSE_BREAK.finditer(ctx.text, 0, at)]
    return starts_with_a_country(ctx.text[breaks[-1] if breaks else 0 : at])


def plausible_trips(
    visits: Sequence[SkeletonVisit], ctx: DraftContext, read: Sequence[SkeletonVisit] = ()
) -> list[SkeletonVisit]:
    """The visits the text supports: origin named by the delegation, one per origin, and
    only delegations the text names when several are claimed. ``read`` are the trips code
    read off the text (`read_trips`): a visit told the opposite way is dropped, and a
    visit's name that names no delegation takes the name code read for its origin."""
    fixed = [
        settled(_dedupe_destinations(_origin_from_name(_home_for_me(v, ctx), ctx), ctx), ctx)
        for v in visits
    ]
    stated = [
        come_to_origin(origin_gone_to(t, ctx), ctx)
        for t in (stated_in_trip(v, ctx) for v in fixed)
        if t is not None
    ]
    fixed = [
        v
        for v in stated
        if is_inter_regional(v, ctx) and sent_by_region(v) and not sent_from_abroad(v, ctx)
    ]
    fixed = [v for v in fixed if not told_as_background(v, ctx) and not told_as_wish(v, ctx)]
    fixed = [v for v in fixed if not inspected_at_home(v, ctx)]
    fixed = [
        framed_as_read(
            dated_as_read(named_as_read(placed_as_read(v, read, ctx), read, ctx), read, ctx),
            read,
            ctx,
        )
        for v in not_reversed(fixed, read, ctx)
    ]
    fixed = [into_parts_gone_to(v, read, ctx) for v in fixed]
    if not fixed:
        return []
    groups = [v for v in fixed if "团" in v.delegation_name] or fixed
    trips = [_placed(v, ctx) for v in without_nested_twins(merge_trips(groups, ctx), read, ctx)]
    if len(trips) == 1:
        return trips
    named = [v for v in trips if ctx.contains(v.delegation_name)]
    return named or [max(trips, key=lambda v: _seen_there(v, ctx))]


def placed_as_read(
    v: SkeletonVisit, read: Sequence[SkeletonVisit], ctx: DraftContext
) -> SkeletonVisit:
    """The visit's origin, then its destinations, as the text's own trip reads them."""
    return destinations_as_read(origin_as_read(v, read, ctx), read, ctx)


def _placed(v: SkeletonVisit, ctx: DraftContext) -> SkeletonVisit:
    """The trip's places as the text frames them, in the order it states them."""
    framed = under_a_framing_province(without_enclosed_zones(v, ctx), ctx)
    return zones_as_their_city(in_stated_order(framed, ctx), ctx)


def read_trips(proposals: Sequence[TripProposal], ctx: DraftContext) -> list[SkeletonVisit]:
    """The trips code read off the text, in the shape of the model's, 我市 made the publisher's,
    planned where the text says the going is still to come."""
    return [status_from_text(_home_for_me(as_trip(p, ctx), ctx), ctx) for p in proposals]


# A place written right after seeing or going: 参观考察扶余市部分企业, 来到海安.
_SEEING = r"(?:参观考察|考察|参观|调研|走进|走访|来到|抵达|前往|赴)了?"


def _seen_there(v: SkeletonVisit, ctx: DraftContext) -> bool:
    """The text writes one of the visit's destinations right after seeing or going there.

    Of two trips the text names no delegation for (扶余 and 普陀 both "visiting" each other),
    the one whose destination the text says was seen is the one that happened; on a tie the
    first is kept (`max` keeps the first of equals)."""
    for d in v.destinations:
        region = ctx.resolve_place(d, ()) if ctx.resolve_place else None
        names = {d, region.name or ""} if region else {d}
        names |= {without_level(n) for n in names}
        for name in filter(None, names):
            if re.search(_SEEING + re.escape(name), ctx.squashed_article):
                return True
    return False


# A side read as a bare 市委… (BARE_SIDE).
LEVELS = ("省", "市", "县", "地区", "区", "州", "盟", "旗")


def _home_for_me(v: SkeletonVisit, ctx: DraftContext) -> SkeletonVisit:
    """我市/我县… (or a bare 市, or the region's first or last character) written as a side:
    the publisher's own region (from the outlet's name)."""
    if not ctx.home:
        return v

    home = ctx.resolve_place(ctx.home, ()).name or "" if ctx.resolve_place else ""

    stem = without_level(home)
    # 来肥考察 in a 合肥 paper, 来锡 in a 无锡 one: the home by its last character
    by_last = len(stem) == 2 and bool(re.search(rf"(?:来|莅临|到访){stem[-1]}", ctx.trip_text))
    elsewhere = ctx.squashed_article.replace(stem, "")  # 合肥城市大脑 writes no 肥城

    def mine(place: str) -> str:
        first_person = FIRST_PERSON_SIDE.fullmatch(squash(place)) or squash(place) in LEVELS
        if squash(place) == home[:1]:  # 来昆考察 in a 昆山 paper: its first character
            return ctx.home
        if by_last and squash(place)[:1] == stem[-1] and squash(place)[:2] not in elsewhere:
            return ctx.home  # the answer made 肥 a place of its own (肥城市), unwritten
        return (ctx.home_for(place) or place) if first_person else place

    origin, places = mine(v.origin), [mine(d) for d in v.destinations]
    if origin == v.origin and places == v.destinations:
        return v
    return v.model_copy(update={"origin": origin, "destinations": places})


def stated_in_trip(v: SkeletonVisit, ctx: DraftContext) -> SkeletonVisit | None:
    """The visit with only the places that a sentence stating the trip names (率/赴/来…考察):
    a place named elsewhere (a planted instruction, a background mention) cannot become its
    origin or destination. None when its origin, or every destination, is not so named."""
    if ctx.resolve_place is None:
        return v
    if not named_in_trip(v.origin, ctx.resolve_place(v.origin, ()), ctx):
        return None
    kept = [d for d in v.destinations if named_in_trip(d, ctx.resolve_place(d, (v.origin,)), ctx)]
    if not kept:
        return None
    return v if len(kept) == len(v.destinations) else v.model_copy(update={"destinations": kept})


def in_stated_order(v: SkeletonVisit, ctx: DraftContext) -> SkeletonVisit:
    """Destinations in the order of the one trip sentence that names them all (将赴泉州、厦门
    is 泉州, then 厦门), however the model listed them."""
    if len(v.destinations) < 2:
        return v
    for sentence in SENTENCE.finditer(ctx.trip_text):
        plain = sentence.group()
        places = [_first_at(d, plain, ctx) for d in v.destinations]
        if all(at >= 0 for at in places):
            ordered = [d for _, d in sorted(zip(places, v.destinations, strict=True))]
            if ordered == list(v.destinations):
                return v
            return v.model_copy(update={"destinations": ordered})
    return v


def _first_at(mention: str, sentence: str, ctx: DraftContext) -> int:
    """Where the sentence first names the place: as written, by its full name or its stem."""
    region = ctx.resolve_place(mention, ()) if ctx.resolve_place else None
    names = {squash(mention), (region.name or "") if region else ""}
    names |= {without_level(n) for n in names}
    found = [at for n in names if n and (at := sentence.find(n)) >= 0]
    return min(found, default=-1)


def is_inter_regional(v: SkeletonVisit, ctx: DraftContext) -> bool:
    """A domestic region visiting another: its origin is a Chinese division, and at least
    one destination is a division outside it (a leader's 调研 in their own area, or a
    foreign delegation, is no study visit in this sense)."""
    if ctx.resolve_place is None:
        return True
    origin = ctx.resolve_place(v.origin, ())
    if origin.status is ResolutionStatus.UNRESOLVED:
        return False
    gazetteer = Gazetteer.load()
    for d in v.destinations:
        region = ctx.resolve_place(d, (v.origin,))
        codes = (region.adcode,) if region.adcode else gazetteer.zone_hosts(region)
        for code in codes:  # a zone (雄安新区) lies where the divisions that host it are
            if not (origin.adcode and gazetteer.is_within(code, origin.adcode)):
                return True
    return False


def inspected_at_home(v: SkeletonVisit, ctx: DraftContext) -> bool:
    """A leader of the publisher's region going round its parts (州委副书记、州长某某深入昭觉县、
    布拖县，调研…), whatever origin the answer gave: every destination lies inside the
    publisher's region, no sentence naming a destination names a group, and one names an
    official of the publisher's region, by its level word alone, before the first place."""
    if not ctx.home or ctx.resolve_place is None or not v.destinations:
        return False
    home = ctx.resolve_place(ctx.home, ()).adcode
    gazetteer = Gazetteer.load()
    places = [ctx.resolve_place(d, ()).adcode for d in v.destinations]
    if not home or not all(c and c != home and gazetteer.is_within(c, home) for c in places):
        return False
    named = [squash(d) for d in v.destinations]
    told = [m.group() for m in SENTENCE.finditer(ctx.text) if any(n in m.group() for n in named)]
    if not told or any(GROUP_WORDS.search(sentence) for sentence in told):
        return False
    return any(_official_before(sentence, named, ctx) for sentence in told)


def _official_before(sentence: str, places: Sequence[str], ctx: DraftContext) -> bool:
    """An official whose title is the publisher's by its level word alone, named before the
    sentence's first place, or going right to it (州长阿苦日哈深入昭觉县: a name the finder
    does not read, between such a title and the going verb)."""
    first = min((at for n in places if (at := sentence.find(n)) >= 0), default=-1)
    if first >= 0 and any(p.end <= first and bare_title(p, ctx) for p in find_people(sentence)):
        return True
    going = _GOING_TO.search(sentence, 0, first) if first > 0 else None
    if going is None or going.end() != first:
        return False
    title = _BARE_LEADER.search(sentence, 0, going.start())
    return title is not None and bool(ctx.home_for(title["level"]))


# A leader's title by its level word alone, right before a name: 州委副书记、州长 (阿苦日哈).
_BARE_LEADER = re.compile(r"(?:^|[，,、：:\s])副?(?P<level>省|市|县|区|州)(?:委副?书记|长)$")
# A name and the verb that takes its bearer to a place: 阿苦日哈深入, 某某赴.
_GOING_TO = re.compile(r"(?<=[长记任])[\u4e00-\u9fff]{2,6}?(?:深入|前往|来到|走进|赴|到)")


def _dedupe_destinations(v: SkeletonVisit, ctx: DraftContext) -> SkeletonVisit:
    """One region written twice is one destination, and the origin is none beside others
    (a delegation does not visit its own region)."""
    kept: dict[str, str] = {}
    for d in v.destinations:
        kept.setdefault(region_key(d, ctx), d)
    origin = region_key(v.origin, ctx)
    if len(kept) > 1:
        kept.pop(origin, None)
    return (
        v
        if len(kept) == len(v.destinations)
        else v.model_copy(update={"destinations": list(kept.values())})
    )


def _origin_from_name(v: SkeletonVisit, ctx: DraftContext) -> SkeletonVisit:
    """海安市党政代表团 comes from 海安市: a delegation's own name outranks a stray origin."""
    if ctx.resolve_place is None:
        return v
    named = clean_mention(v.delegation_name)
    region = ctx.resolve_place(named, ()) if named else None
    if region is None or not region.adcode or region_key(v.origin, ctx) == region.adcode:
        return v
    destinations = [d for d in v.destinations if region_key(d, ctx) != region.adcode]
    if _gone_to_first(v.origin, ctx) and region_key(v.origin, ctx) not in {
        region_key(d, ctx) for d in destinations
    }:
        destinations = [v.origin, *destinations]  # the first place gone to, taken for the origin
    return v.model_copy(update={"origin": named, "destinations": destinations or v.destinations})


def _gone_to_first(place: str, ctx: DraftContext) -> bool:
    """A trip sentence sends the group to the place, first of its list (赴鄂尔多斯市准格尔旗、
    伊金霍洛旗学习考察)."""
    return sent_to(place, ctx, "赴|前往|来到|抵达", "[、，,和及与]")


def merge_trips(visits: Sequence[SkeletonVisit], ctx: DraftContext) -> list[SkeletonVisit]:
    """Visits from the same origin are one trip told twice: keep one, with all destinations."""
    trips: dict[str, SkeletonVisit] = {}
    for v in visits:
        key = region_key(v.origin, ctx)
        if key not in trips:
            trips[key] = v
            continue
        first = trips[key]
        known = {key, *(region_key(d, ctx) for d in first.destinations)}
        extra = [d for d in v.destinations if region_key(d, ctx) not in known]
        trips[key] = first.model_copy(
            update={
                "destinations": [*first.destinations, *extra],
                "date_text": planned_date(first, v.date_text, ctx),
            }
        )
    return list(trips.values())


def without_nested_twins(
    visits: Sequence[SkeletonVisit], read: Sequence[SkeletonVisit], ctx: DraftContext
) -> list[SkeletonVisit]:
    """Of two trips to the same places from origins one inside the other (赣州市 and 赣州经开区,
    a unit of the city's group), the one the text's own trip sets out from: one trip told
    twice."""
    gazetteer = Gazetteer.load()
    told = {region_key(r.origin, ctx) for r in read}

    def places(v: SkeletonVisit) -> set[str]:
        return {region_key(d, ctx) for d in v.destinations}

    def inside(a: str, b: str) -> bool:  # a zone has no code: its parents name its city
        if ctx.resolve_place is None:
            return False
        ra, rb = ctx.resolve_place(a, ()), ctx.resolve_place(b, ())
        if ra.adcode and rb.adcode:
            return ra.adcode != rb.adcode and gazetteer.is_within(ra.adcode, rb.adcode)
        return not ra.adcode and bool(rb.name) and rb.name in ra.parents

    def twin_of(v: SkeletonVisit, w: SkeletonVisit) -> bool:
        a, b = region_key(v.origin, ctx), region_key(w.origin, ctx)
        nested = inside(v.origin, w.origin) or inside(w.origin, v.origin)
        return nested and places(v) == places(w) and b in told and a not in told

    return [v for v in visits if not any(twin_of(v, w) for w in visits if w is not v)]


def is_roundup(proposals: Sequence[TripProposal], ctx: DraftContext) -> bool:
    """The text states trips of two or more origins."""
    return len({region_key(p.origin, ctx) for p in proposals}) >= 2


def stated_trips(
    trips: Sequence[SkeletonVisit], proposals: Sequence[TripProposal], ctx: DraftContext
) -> list[tuple[SkeletonVisit, TripProposal]]:
    """The trips code read off the text (`extract.resolve.roundup`) that the model's trips lack: in a
    roundup (trips of two or more origins), each origin the model left out; when the model
    kept no trip at all, every one. Only trips from one region to another that a region sent."""
    known = {region_key(t.origin, ctx) for t in trips}
    if trips and not is_roundup(proposals, ctx) and not _named_groups_beside(known, proposals, ctx):
        return []
    added: list[tuple[SkeletonVisit, TripProposal]] = []
    for p, v in zip(proposals, read_trips(proposals, ctx), strict=True):
        key = region_key(v.origin, ctx)
        if key in known or not (is_inter_regional(v, ctx) and sent_by_region(v)):
            continue
        if told_as_background(v, ctx) or told_as_wish(v, ctx):
            continue
        known.add(key)
        added.append((_placed(v, ctx), p))  # 赴南京 in the headline, 赴南京市江宁区 below
    return added


def _named_groups_beside(
    known: set[str], proposals: Sequence[TripProposal], ctx: DraftContext
) -> bool:
    """Code read a named group of another origin than the model's trips (a host's report of
    于都县党政代表团, then of 遵义市营商环境考察组): the text tells of two trips or more."""
    return any(p.delegation and region_key(p.origin, ctx) not in known for p in proposals)


def as_trip(p: TripProposal, ctx: DraftContext) -> SkeletonVisit:
    """A trip read by code, in the shape of the model's answer. A roundup that lists origins
    only (北京、广东等省市派出代表团) names each delegation by its origin."""
    name = p.delegation or f"{p.origin}代表团"
    kind = next((k for word, k in KINDS if word in name), DelegationKind.OTHER)
    date = p.date_text
    if date and ctx.resolve_dates is not None and ctx.resolve_dates(date, ctx.published) is None:
        date = None
    return SkeletonVisit.model_construct(
        delegation_name=name,
        delegation_kind=kind,
        status=VisitStatus.COMPLETED,
        origin=p.origin,
        destinations=list(p.destinations),
        date_text=date,
    )


def own_parts(proposals: Sequence[TripProposal], ctx: DraftContext) -> dict[str, tuple[int, int]]:
    """In a roundup told trip by trip, one paragraph each, the part of the text each origin's
    trip is told in, by the origin's key: from the paragraph that first states it to the one
    that first states the next origin's trip. A paragraph stating several origins' trips (a
    summary: 本期导读：甲县…；乙县…) is no trip's own: there each part starts at the first
    paragraph naming its origin alone. None where no such paragraphs part them (北京、广东等
    省市的代表团…): that text tells their trips together."""
    text = ctx.text
    first: dict[str, int] = {}
    for p in sorted(proposals, key=lambda p: p.start):
        first.setdefault(region_key(p.origin, ctx), text.rfind("\n", 0, p.start) + 1)
    if len(set(first.values())) < len(first):
        first = _named_alone(proposals, ctx)
    starts = sorted(first.items(), key=lambda kv: kv[1])
    if not starts or len({at for _, at in starts}) < len(starts):
        return {}
    ends = [at for _, at in starts[1:]] + [len(text)]
    return {key: (at, end) for (key, at), end in zip(starts, ends, strict=True)}


# A news item's opening mark in a page of several (一周要闻, 简讯): 【headline】, a bullet, or
# a numbered headline on a line of its own (3．随州市党政代表团来宿考察).
_ITEM_MARK = re.compile(
    r"^(?:【[^】\n]{2,40}】|[■●◆▲★◇□▶►]|(?:\d{1,2}\s*[．.、]|[一二三四五六七八九十]{1,3}、)\s*"
    r"(?=[^\n。！？!?]{4,40}$))",
    re.MULTILINE,
)
_MIN_ITEMS = 3


def own_items(proposals: Sequence[TripProposal], ctx: DraftContext) -> dict[str, tuple[int, int]]:
    """In a page of news items, each opening with a mark (【县委常委会召开会议】, ■), the item
    each origin's trip is first stated in, by the origin's key: from its mark to the next one.
    A trip first stated in a digest (【导读】, or an item stating trips of several origins) is
    told in the first later item naming its delegation. Empty for a page of fewer items."""
    items = _items(ctx.text)
    if len(items) < _MIN_ITEMS:
        return {}
    keys = {region_key(p.origin, ctx) for p in proposals}
    digests = {
        item
        for item in items
        if _DIGEST.match(ctx.text, item[0])
        or len({region_key(p.origin, ctx) for p in proposals if item[0] <= p.start < item[1]}) > 1
    }
    found: dict[str, tuple[int, int]] = {}
    for p in sorted(proposals, key=lambda p: p.start):
        item = next((i for i in items if i[0] <= p.start < i[1]), None)
        if item in digests and len(keys) > 1:
            name = squash(p.delegation)
            item = next((i for i in items if i[0] > p.start and name in ctx.text[slice(*i)]), None)
        if item is not None:
            found.setdefault(region_key(p.origin, ctx), item)
    return found


def _items(text: str) -> list[tuple[int, int]]:
    """Each news item's span: from its mark to the next (the last to the page's end)."""
    starts = [m.start() for m in _ITEM_MARK.finditer(text)]
    return list(zip(starts, [*starts[1:], len(text)], strict=False))


# An item that previews the others: 【导读】, 【摘要】, 【提要】.
_DIGEST = re.compile(r"【(?:导读|导语|摘要|提要|内容提要|核心提示|本期导读)】")


def item_going_to(v: SkeletonVisit, ctx: DraftContext) -> tuple[int, int] | None:
    """In a page of news items, the item that writes one of the trip's destinations right
    after a going verb (【县领导赴上海开展招商活动】…率队赴上海…): where a trip code did not
    read is told. None on a page of fewer items, where no item does, or where the text
    before the first item tells the going (a report in sections 一、二、三、)."""
    items = _items(ctx.text)
    if len(items) < _MIN_ITEMS:
        return None
    places = "|".join(re.escape(squash(d)) for d in v.destinations if squash(d))
    if not places:
        return None
    going = rf"(?:赴|前往|来到|到)[^，,。；;！？!?\n]{{0,8}}?(?:{places})"  # 赴广东东莞
    goings = [m.start() for m in re.finditer(going, ctx.text)]
    if any(at < items[0][0] for at in goings):  # told before any item: the page's own story
        return None
    told = [i for i in items if any(i[0] <= at < i[1] for at in goings)]
    # the item that tells it, not a digest's line naming it (【本期导读】 二、县长带队赴东莞…)
    return max(told, key=lambda i: i[1] - i[0], default=None)


def _named_alone(proposals: Sequence[TripProposal], ctx: DraftContext) -> dict[str, int]:
    """The start of the first paragraph that names each origin and no other; empty when some
    origin has none."""
    names: dict[str, set[str]] = {}
    for p in proposals:
        region = ctx.resolve_place(p.origin, ()) if ctx.resolve_place else None
        full = region.name or "" if region else ""
        forms = {squash(p.origin), full, without_level(full)}
        names.setdefault(region_key(p.origin, ctx), set()).update(f for f in forms if len(f) >= 2)
    found: dict[str, int] = {}
    at = 0
    for line in ctx.text.split("\n"):
        named = [key for key, forms in names.items() if any(f in line for f in forms)]
        if len(named) == 1:
            found.setdefault(named[0], at)
        at += len(line) + 1
    return found if len(found) == len(names) else {}


def others_leaders(origin: str, proposals: Sequence[TripProposal], ctx: DraftContext) -> set[str]:
    """The names of the leaders the text ties to delegations from other origins: in a
    roundup, a leader written with one delegation (甲州党政代表团由州委书记乙带队) is no
    member of another."""
    key = region_key(origin, ctx)
    names = {
        person.name
        for p in proposals
        if p.lead and region_key(p.origin, ctx) != key
        for person in split_title_name(p.lead)[:1]
    }
    for p in proposals:  # co-leaders: 书记甲，县长乙带领某县代表团 — everyone before the lead word
        if region_key(p.origin, ctx) != key:
            clause = ctx.text[p.start : p.end]
            cut = LEAD_WORDS.search(clause)
            names |= {m.name for m in find_people(clause[: cut.start()] if cut else "")}
    return names
