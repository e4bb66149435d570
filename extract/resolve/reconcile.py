"""The model's trips set beside the trips code read off the same text (`read_trips`): a
visit told the opposite way of a stated trip is dropped, and a visit's origin, name, date and
places give way to what the text's own trip sentence says of them. Places are compared by
region (adcode) where the gazetteer knows them (`region_key`)."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from extract.resolve.dates import find_date_expressions
from extract.resolve.gazetteer import Gazetteer
from extract.resolve.tripfacts import (
    ZONE_TAIL,
    kind_from_name,
    names_of,
    sent_to,
    sent_to_each,
    stating_sentence,
    status_from_text,
    without_enclosed_zones,
    without_sites,
    written_as_address,
)
from schemas.draft import (
    FIRST_PERSON_SIDE,
    SENTENCE,
    TO_COME,
    TRIP_WORDS,
    DraftContext,
    squash,
    without_level,
)
from schemas.enums import RegionLevel, VisitStatus
from schemas.steps import SkeletonVisit


def _legs(v: SkeletonVisit, ctx: DraftContext) -> set[tuple[str, str]]:
    origin = region_key(v.origin, ctx)
    return {(origin, region_key(d, ctx)) for d in v.destinations}


def not_reversed(
    visits: list[SkeletonVisit], read: Sequence[SkeletonVisit], ctx: DraftContext
) -> list[SkeletonVisit]:
    """Without the visits that go only the opposite way of a trip the text states (the host
    taken for the guest: 苏州 → 遂宁 where the text says 遂宁 … 赴苏州), or that set out from
    where a stated trip went when no stated trip sets out from there (临平 → 杭州 where the text
    says 我县 … 赴杭州市临平区)."""
    stated = set().union(*(_legs(r, ctx) for r in read))
    went_to = {place for _, place in stated} - {origin for origin, _ in stated}
    kept = []
    for v in visits:
        legs = _legs(v, ctx)
        if region_key(v.origin, ctx) in went_to:
            continue
        if legs & stated or not {(b, a) for a, b in legs} & stated:
            kept.append(v)
    return kept


# A delegation's name ends in a group word and holds no verb of its report.
_GROUP_NAME = re.compile(r"(?:团|组|一行)$")
_REPORT_VERB = re.compile(r"会见|会谈|座谈|陪同|率|带领|带队|召开|举行")


def origin_as_read(
    v: SkeletonVisit, read: Sequence[SkeletonVisit], ctx: DraftContext
) -> SkeletonVisit:
    """An origin enclosing the one the text's own trip to the same place sets out from
    (遵义市, where the text says 遵义市桐梓县委书记…带领桐梓县党政代表团来我区) is that one: the
    delegation's region, not the city its leader's title also names."""
    gazetteer = Gazetteer.load()
    origin = region_key(v.origin, ctx)
    if ctx.resolve_place is None or gazetteer.lookup(origin) is None:
        return v
    places = {region_key(d, ctx) for d in v.destinations}
    for r in read:
        inner = region_key(r.origin, ctx)
        if (
            inner != origin
            and gazetteer.lookup(inner) is not None
            and gazetteer.is_within(inner, origin)
            and places & {region_key(d, ctx) for d in r.destinations}
        ):
            return settled(v.model_copy(update={"origin": r.origin}), ctx)
    return v


def destinations_as_read(
    v: SkeletonVisit, read: Sequence[SkeletonVisit], ctx: DraftContext
) -> SkeletonVisit:
    """A destination enclosing the places the text's own trip of the same origin goes to, and
    neither named by that trip nor gone to by name in a trip sentence (贵州, where a 湄潭 paper
    says 思茅区党政代表团来湄考察; not 在江苏省学习考察), is those places: the most specific
    the text supports. A destination inside the place that trip goes to, not gone to by name
    and written beside another part of that place (高昌区 of a stop's address, beside
    鄯善县, on a trip 来我市 in a 吐鲁番 paper), is that place: no single part holds the trip."""
    gazetteer = Gazetteer.load()
    named = {c for c in gazetteer.scan_full_names(ctx.text) if gazetteer.lookup(c)}

    def inner(d: str, r: SkeletonVisit) -> list[str]:
        code = region_key(d, ctx)
        if code in {region_key(e, ctx) for e in r.destinations}:
            return []
        if not gazetteer.lookup(code):
            return _zone_named_after(d, r.destinations, ctx)
        if _gone_to(d, ctx):
            return []
        read = [(e, c) for e in r.destinations if gazetteer.lookup(c := region_key(e, ctx))]
        inside = [e for e, c in read if gazetteer.is_within(c, code)]
        # a part of the place read, written only in addresses beside another part of it
        # (stops in 高昌区 and 鄯善县 on a trip 来我市): the place read
        if inside or gazetteer.divisions[code].level is not RegionLevel.COUNTY:
            return inside
        if not _only_an_address(d, ctx):
            return []
        return [
            e
            for e, c in read
            if gazetteer.is_within(code, c)
            and (
                any(n != code and gazetteer.is_within(n, c) for n in named)
                or _only_a_later_item(d, ctx)
            )
        ]

    return _into_places_read(v, read, ctx, inner)


def _zone_named_after(place: str, read: Sequence[str], ctx: DraftContext) -> list[str]:
    """A zone known only by its suffix and named after a place the trip is read going to
    (东营港经济开发区 on a trip 来我市 in a 东营 paper) is a site there: that place."""
    name = squash(place)
    if not ZONE_TAIL.search(name) or ctx.resolve_place is None:
        return []
    if ctx.resolve_place(place, ()).adcode:
        return []
    gazetteer = Gazetteer.load()
    for e in read:
        division = gazetteer.lookup(region_key(e, ctx))
        stems = {division.name, without_level(division.name)} if division else set()
        if any(len(n) >= 2 and name.startswith(n) and name != n for n in stems):
            return [e]
    return []


def _gone_to(place: str, ctx: DraftContext) -> bool:
    """A trip sentence sends the group to the place itself (在江苏省学习考察, 赴浙江考察)."""
    return sent_to(place, ctx, "赴|到|来到|前往|抵达|在", rf"[，,。；;]|{_STUDYING}")


_STUDYING = r"学习|考察|调研|参观|交流|对接|观摩"
# A place written as the start of a site's address: a few name characters, then a town, a
# village, a park or a company (高昌区葡萄镇巴格日社区, 安吉县余村).
_ADDRESS_TAIL = re.compile(
    r"[^、，,。；;：:\s和与及的到赴来在至去团行察观访]{1,16}?"
    r"(?:镇|乡|村|社区|街道|园区|产业园|工业园|基地|公司|集团|中心|馆|厂|度假区|景区|小镇|港区|"
    r"码头|实验室|研究院|研究所|大学|学院|公园|遗址)"
)


def _only_an_address(place: str, ctx: DraftContext) -> bool:
    """The text writes the place, and only ever as the start of a site's address."""
    text, spans = _written_at(place, ctx)
    return bool(spans) and all(_ADDRESS_TAIL.match(text, end) for _, end in spans)


def _written_at(place: str, ctx: DraftContext) -> tuple[str, list[tuple[int, int]]]:
    """The squashed article and every span where it writes the place (as given, by its full
    name or its stem)."""
    names = [n for n in names_of(place, ctx) | {squash(place)} if len(n) >= 2]
    text = squash(ctx.article_text or ctx.text)
    return text, [m.span() for n in names for m in re.finditer(re.escape(n), text)]


def _only_a_later_item(place: str, ctx: DraftContext) -> bool:
    """The place is written only as the address of a site listed after others that name no
    place (考察了中国轻纺城、卧龙电气驱动集团和诸暨市山下湖珍珠小镇): the sites before it lie
    elsewhere in the place the trip went to, so that part does not hold the trip."""
    text, spans = _written_at(place, ctx)
    return bool(spans) and all(at > 0 and text[at - 1] in _LATER_ITEM for at, _ in spans)


_LATER_ITEM = "、和及与"


def named_as_read(
    v: SkeletonVisit, read: Sequence[SkeletonVisit], ctx: DraftContext
) -> SkeletonVisit:
    """A name that is no delegation's (a meeting, a sentence, the placeholder 某某市党政代表团
    the text does not write) gives way to the delegation code read for the same origin
    (我市党政代表团), when it read one."""
    name = squash(v.delegation_name)
    placeholder = "某某" in name and not ctx.contains(name)
    if _GROUP_NAME.search(name) and not _REPORT_VERB.search(name) and not placeholder:
        return v
    origin = region_key(v.origin, ctx)
    for r in read:
        if region_key(r.origin, ctx) == origin and _GROUP_NAME.search(r.delegation_name):
            update = {"delegation_name": r.delegation_name}
            return settled(v.model_copy(update=update), ctx)
    return v


def dated_as_read(
    v: SkeletonVisit, read: Sequence[SkeletonVisit], ctx: DraftContext
) -> SkeletonVisit:
    """The date of the trip's own sentence replaces the one picked for it where that one is
    a day inside its span (8日下午, when the two sides met, in 11月7日至8日: a trip is dated
    from its start), or, for a planned trip, a day no later than the page's publication
    where the trip's sentence gives a later one (11月8日, the day of the send-off meeting,
    for a trip 于11月12日至15日), or a longer period that holds the trip's own dates (a
    roundup's week)."""
    if not v.date_text or ctx.resolve_dates is None:
        return v
    day = ctx.resolve_dates(v.date_text, ctx.published)
    if day is None:
        return v
    going = _going_date(v, ctx)
    if going != v.date_text:
        return v.model_copy(update={"date_text": going})
    origin = region_key(v.origin, ctx)
    for r in read:
        if not r.date_text or region_key(r.origin, ctx) != origin:
            continue
        span = ctx.resolve_dates(r.date_text, ctx.published)
        if span is None:
            continue
        points = [(d.month or 0, d.day or 0) for d in (span[0], day[0], span[1])]
        period = [(d.month or 0, d.day or 0) for d in (day[0], span[0], span[1], day[1])]
        if not all(all(p) for p in points):
            continue
        inside = day[0] == day[1] and span[0] != span[1] and points[0] < points[1] <= points[2]
        if inside or _planned_later(v, points[1], points[0], ctx) or _within(period):
            return v.model_copy(update={"date_text": r.date_text})
        if _dates_another_story(v.date_text, v, ctx):
            return v.model_copy(update={"date_text": r.date_text})
    return v


def _going_date(v: SkeletonVisit, ctx: DraftContext) -> str | None:
    """For a planned trip picked a day no later than publication (the send-off meeting's), the
    later date a sentence sending the group to a destination states (将于8月26日至28日赴济南)."""
    if v.status is not VisitStatus.PLANNED:
        return v.date_text
    names = {n for d in v.destinations for n in names_of(d, ctx) if len(n) >= 2}
    for m in SENTENCE.finditer(ctx.trip_text):
        sentence = m.group()
        if not TO_COME.search(sentence) or not any(n in squash(sentence) for n in names):
            continue
        for _, _, expression in find_date_expressions(sentence):
            if (later := planned_date(v, expression, ctx)) != v.date_text:
                return later
    return v.date_text


def _dates_another_story(date_text: str, v: SkeletonVisit, ctx: DraftContext) -> bool:
    """Every sentence writing the picked date tells no trip of the delegation or its places
    (6月10日，市委书记主持召开常委会会议 in a week's news items; a bulletin's 青海省人民政府办公厅编
    2023年6月2日, which names the origin but no going): the date of another story, or of the
    page, where the trip's own sentence gives one."""
    date = squash(date_text)
    names = {n for place in (v.origin, *v.destinations) for n in names_of(place, ctx) if n}
    names.add(squash(v.delegation_name))
    sentences = (squash(m.group()) for m in SENTENCE.finditer(ctx.article_text or ctx.text))
    told = [sentence for sentence in sentences if date in sentence]
    return bool(told) and not any(
        TRIP_WORDS.search(s) and any(n and n in s for n in names) for s in told
    )


def _within(ends: Sequence[tuple[int, int]]) -> bool:
    """The trip's own dates (the middle two of ``ends``, month and day) lie inside a longer
    period picked for it (3月19日至20日 in the week 3月17日—3月23日 a roundup covers)."""
    return all(all(e) for e in ends) and list(ends) == sorted(ends) and ends[0:4:3] != ends[1:3]


def _planned_later(
    v: SkeletonVisit, picked: tuple[int, int], stated: tuple[int, int], ctx: DraftContext
) -> bool:
    """A planned trip was picked a day no later than publication, and its sentence states a
    later one (month, day)."""
    if v.status is not VisitStatus.PLANNED or ctx.published is None:
        return False
    published = (ctx.published.month, ctx.published.day)
    return picked <= published < stated


def planned_date(v: SkeletonVisit, other: str | None, ctx: DraftContext) -> str | None:
    """Of a planned trip's date and ``other``, given for the same trip, the one after the
    page's publication, where only ``other`` is (11月12日至15日, not the send-off's 11月8日)."""
    if not v.date_text or not other or ctx.resolve_dates is None:
        return v.date_text or other
    mine, theirs = (ctx.resolve_dates(t, ctx.published) for t in (v.date_text, other))
    if mine is None or theirs is None:
        return v.date_text
    picked, stated = ((d[0].month or 0, d[0].day or 0) for d in (mine, theirs))
    if all(picked) and all(stated) and _planned_later(v, picked, stated, ctx):
        return other
    return v.date_text


def framed_as_read(
    v: SkeletonVisit, read: Sequence[SkeletonVisit], ctx: DraftContext
) -> SkeletonVisit:
    """Places inside the ones the trip's stating sentence (`stating_sentence`: its date's, or
    for an undated trip the first naming its delegation) sends the trip to (来我市考察 in a 湖州
    paper, then stops in 德清县 and in 安吉县; 赴浙江省和江苏省, then cities of each) are where
    the group went there: spread over two or more parts of one, the trip's destination is the
    place the sentence names. Not where that sentence (for an undated trip, any trip
    sentence) writes it as their address (赴江苏省苏州市吴江区、昆山市), nor where a trip sentence sends the group to each part by
    name (赴佛山市，先后到南海区、顺德区考察), nor where no sentence states the trip."""
    if ctx.resolve_place is None or not v.destinations:
        return v
    gazetteer = Gazetteer.load()
    origin = region_key(v.origin, ctx)
    codes = [region_key(d, ctx) for d in v.destinations]
    for r in read:
        sentence = stating_sentence(r, ctx)
        if region_key(r.origin, ctx) != origin or sentence is None:
            continue
        frames = [(place, region_key(place, ctx)) for place in r.destinations]
        owners = [_owner(c, frames, gazetteer) for c in codes]
        found = [o for o in owners if o is not None]
        if len(found) < len(codes):
            continue
        parts: dict[str, set[str]] = {}
        for place, part in found:
            parts.setdefault(place, set()).add(part)
        framed = {
            place
            for place, inner in parts.items()
            if len(inner) >= 2
            and not written_as_address(
                place, v.destinations, ctx, sentence if r.date_text else None
            )
            and not sent_to_each(
                [d for d, o in zip(v.destinations, found, strict=True) if o[0] == place], ctx
            )
        }
        if not framed:
            continue
        kept = [
            place if place in framed else d
            for d, (place, _) in zip(v.destinations, found, strict=True)
        ]
        return v.model_copy(update={"destinations": list(dict.fromkeys(kept))})
    return v


def into_parts_gone_to(
    v: SkeletonVisit, read: Sequence[SkeletonVisit], ctx: DraftContext
) -> SkeletonVisit:
    """A place the visit names whose parts the text's trip of the same origin goes to by name
    (赴佛山市，先后到南海区、顺德区考察) is those parts: the most specific places the text
    supports."""
    gazetteer = Gazetteer.load()

    def parts(d: str, r: SkeletonVisit) -> list[str]:
        code = region_key(d, ctx)
        found = [p for p in r.destinations if _part_of(region_key(p, ctx), code, gazetteer)]
        return found if found and sent_to_each(found, ctx) else []

    return _into_places_read(v, read, ctx, parts)


def _into_places_read(
    v: SkeletonVisit,
    read: Sequence[SkeletonVisit],
    ctx: DraftContext,
    places_for: Callable[[str, SkeletonVisit], list[str]],
) -> SkeletonVisit:
    """Each destination replaced by the places ``places_for`` takes from the first trip code
    read for the same origin that changes any (kept where it takes none)."""
    if ctx.resolve_place is None:
        return v
    origin = region_key(v.origin, ctx)
    for r in read:
        if region_key(r.origin, ctx) != origin:
            continue
        changed: list[str] = []
        for d in v.destinations:
            changed += places_for(d, r) or [d]
        if changed != v.destinations:
            return v.model_copy(update={"destinations": list(dict.fromkeys(changed))})
    return v


def _owner(
    code: str, frames: Sequence[tuple[str, str]], gazetteer: Gazetteer
) -> tuple[str, str] | None:
    """The frame (as written, and the part of it) that holds the place; None when none does."""
    for place, frame in frames:
        if part := _part_of(code, frame, gazetteer):
            return place, part
    return None


def _part_of(code: str, frame: str, gazetteer: Gazetteer) -> str | None:
    """The division right below ``frame`` that holds ``code``; None when outside it or it."""
    while code and (division := gazetteer.lookup(code)) is not None:
        if division.parent == frame:
            return code
        code = division.parent or ""
    return None


def settled(v: SkeletonVisit, ctx: DraftContext) -> SkeletonVisit:
    v = without_enclosed_zones(without_sites(v, ctx), ctx)
    return status_from_text(kind_from_name(v, ctx), ctx)


def region_key(mention: str, ctx: DraftContext) -> str:
    """A region's code, or its name where it has none; 我县 (我市…) is the publisher's region
    where it is of that level."""
    if FIRST_PERSON_SIDE.fullmatch(squash(mention)):
        mention = ctx.home_for(mention) or mention
    if ctx.resolve_place is not None:
        region = ctx.resolve_place(mention, ())
        if region.adcode:
            return region.adcode
    return squash(mention)
