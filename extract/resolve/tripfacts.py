"""What a text settles about a trip over the model's answer to the skeleton question: the
kind the delegation's name says, planned when the text says the trip is still to come, and a
zone beside the city hosting it as no destination of its own. Each takes a visit and returns
it, changed only where the text is plain. And whether a trip is the article's visit at all: not
when the text only attends an event, or recalls the trip as background years later."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable

from extract.resolve.dates import find_date_expressions
from extract.resolve.gazetteer import Gazetteer
from schemas.draft import (
    SENTENCE,
    TRIP_WORDS,
    DraftContext,
    leading_region,
    squash,
    without_level,
)
from schemas.enums import DelegationKind, RegionLevel, VisitStatus
from schemas.steps import SkeletonVisit

# The kind a delegation's own name says, first match: a 人大 or 政协 group is neither the
# party's nor the government's; 党政考察团 is a 党政 delegation; a plain 考察团/考察组 is one.
_NAMED_KINDS = (
    ("人大", DelegationKind.OTHER),
    ("政协", DelegationKind.OTHER),
    ("党政", DelegationKind.PARTY_GOVERNMENT),
    ("政府", DelegationKind.GOVERNMENT),
    ("考察团", DelegationKind.INSPECTION),
    ("考察组", DelegationKind.INSPECTION),
)
# A trip code read has no answer to fall back on: a bare 代表团 is most often a 党政 one.
KINDS = (*_NAMED_KINDS, ("代表团", DelegationKind.PARTY_GOVERNMENT))


def kind_from_name(v: SkeletonVisit, ctx: DraftContext) -> SkeletonVisit:
    """The kind the delegation's name says, when the text writes that name, over the
    model's guess (平原县乡村振兴考察团 is a 考察团, whatever the model thought)."""
    name = squash(v.delegation_name)
    if not ctx.in_article(name):
        return v
    kind = next((k for word, k in _NAMED_KINDS if word in name), v.delegation_kind)
    return v if kind == v.delegation_kind else v.model_copy(update={"delegation_kind": kind})


# Going there is still to come: 将于6月23日至26日赴广东省, 拟赴, 即将前往, 将于11月22日至23日
# 率旗党政代表团赴; not 还将前往, the next day of a trip under way.
_WILL_GO = (
    r"(?<!还)(?:即将|将要|将|拟|计划|准备)(?:于|在)?[^。；;！？!?\n，,]{0,24}?"
    r"(?:赴|前往|到|来到|来|去)"
)
# Places listed before the one looked for (赴浙江省杭州市余杭区、湖州市德清县: 德清 is gone to too).
_LISTED_BEFORE = r"(?:[^。；;！？!?\n，,、]{0,12}?[、和及与])*?[^。；;！？!?\n，,、]{0,6}?"
# The group is there already: 抵达泽普县, 到达喀什.
_ARRIVED = r"(?:抵达|到达)[^。；;！？!?\n，,]{0,8}?"


def status_from_text(v: SkeletonVisit, ctx: DraftContext) -> SkeletonVisit:
    """Planned when the text says the delegation will go to one of its destinations (将赴,
    拟于…赴): an announcement, whatever the model said; completed when it says the group
    arrived there (抵达), whatever it will do next."""
    stems = set()
    for d in v.destinations:
        region = ctx.resolve_place(d, ()) if ctx.resolve_place else None
        names = {squash(d), (region.name or "") if region else ""} - {""}
        stems |= {re.escape(without_level(name)) for name in names}
        if region and region.adcode and _is_home(region.adcode, ctx):
            stems.add("我[省市县区州旗盟]")  # 拟于…率…来我县 in the county's own paper
    if not stems:
        return v
    places = "(?:" + "|".join(sorted(stems)) + ")"
    text = ctx.squashed_article
    update: dict[str, object] = {}
    if _arrived(re.finditer(_ARRIVED + places, text), text):  # under way, whatever comes next
        update["status"] = VisitStatus.COMPLETED
    elif going := re.search(_WILL_GO + _LISTED_BEFORE + places, text):
        update["status"] = VisitStatus.PLANNED
        # 拟于8月20日至22日率…来我县: the date of the going, not of the page's own event
        said = find_date_expressions(going.group())
        if said and not (v.date_text and squash(v.date_text) in squash(said[0][2])):
            update["date_text"] = said[0][2]
    else:
        return v
    changed = {k: x for k, x in update.items() if getattr(v, k) != x}
    return v.model_copy(update=changed) if changed else v


def _is_home(adcode: str, ctx: DraftContext) -> bool:
    home = ctx.resolve_place(ctx.home, ()) if ctx.home and ctx.resolve_place else None
    return home is not None and home.adcode == adcode


def _arrived(found: Iterable[re.Match[str]], text: str) -> bool:
    """Some arrival is told as done: no 将, 拟 … earlier in its clause (将于明日抵达 is not)."""
    for m in found:
        clause = re.split(r"[。；;！？!?\n，,]", text[max(0, m.start() - 30) : m.start()])[-1]
        if not re.search(r"将|拟|计划|准备", clause):
            return True
    return False


def without_enclosed_zones(v: SkeletonVisit, ctx: DraftContext) -> SkeletonVisit:
    """A zone in a destination also listed (长春新区 beside 长春市; 福州高新区, named after
    福州市, beside it) is a stop there, not a place of its own; a zone alone (雄安新区) stays
    the destination."""
    if ctx.resolve_place is None or len(v.destinations) < 2:
        return v
    gazetteer = Gazetteer.load()
    codes = [ctx.resolve_place(d, (v.origin,)).adcode for d in v.destinations]
    kept = []
    stems = {n for d in v.destinations for n in names_of(d, ctx) if len(n) >= 2}
    for d in v.destinations:
        region = ctx.resolve_place(d, (v.origin,))
        hosts = gazetteer.zone_hosts(region)
        inside = hosts and all(any(c and gazetteer.is_within(h, c) for c in codes) for h in hosts)
        named_inside = (
            not region.adcode
            and bool(ZONE_TAIL.search(d))
            and any(squash(d).startswith(stem) and squash(d) != stem for stem in stems)
        )  # 福州高新区 beside 福州市
        if not (inside or named_inside):
            kept.append(d)
    return v if len(kept) == len(v.destinations) else v.model_copy(update={"destinations": kept})


def zones_as_their_city(v: SkeletonVisit, ctx: DraftContext) -> SkeletonVisit:
    """A listed zone one city or county hosts (苏州工业园区 → 苏州市, 中新天津生态城 → 滨海新区)
    is that division as a destination: the most specific region the gazetteer holds. A zone
    of a whole province or of several divisions (雄安新区, 两江新区) stays the zone."""
    if ctx.resolve_place is None:
        return v
    gazetteer = Gazetteer.load()
    places: list[str] = []
    for d in v.destinations:
        hosts = gazetteer.zone_hosts(ctx.resolve_place(d, (v.origin,)))
        host = gazetteer.divisions[hosts[0]] if len(hosts) == 1 else None
        place = host.name if host and host.level is not RegionLevel.PROVINCE else d
        if place not in places:
            places.append(place)
    return v if places == list(v.destinations) else v.model_copy(update={"destinations": places})


_FRAMES = (RegionLevel.PROVINCE, RegionLevel.PREFECTURE)


def under_a_framing_province(v: SkeletonVisit, ctx: DraftContext) -> SkeletonVisit:
    """A province the text sends the trip to on its own (在山东省学习考察, 赴浙江考察), where the
    trip went to several of its cities (济南, then 青岛), frames the trip: a city or county of
    it also listed is where the group went inside it, not a destination of its own. A province
    written only as the address of its own city (赴江苏苏州), or one whose places the trip saw
    all lie in one city, gives way to that place. A city beside one of its counties is read
    the same way: framing two or more of them, else the address of the one (淮安市涟水县), and
    the address of them all where the trip's dated sentence writes it so (赴广州市黄埔区、番禺区),
    and no frame where a trip sentence sends the group to each of them (先后到南海区、顺德区考察)."""
    if ctx.resolve_place is None or len(v.destinations) < 2:
        return v
    gazetteer = Gazetteer.load()
    regions = [(d, ctx.resolve_place(d, (v.origin,))) for d in v.destinations]
    dropped: set[str] = set()
    for d, province in regions:
        if province.level not in _FRAMES or not province.adcode:
            continue
        inner = {
            e: r.adcode
            for e, r in regions
            if r.adcode
            and r.adcode != province.adcode
            and gazetteer.is_within(r.adcode, province.adcode)
        }
        if not inner:
            continue
        names = {n for e in inner for n in names_of(e, ctx)}
        framed = _written_alone(names_of(d, ctx), names, ctx)
        if province.level is RegionLevel.PROVINCE:
            several = len(_cities_of_trip(province.adcode, inner.values(), ctx)) >= 2
        else:  # a city: two or more of its counties, or the address of the one (淮安市涟水县)
            several = len(set(inner.values())) >= 2
            if not several and not written_as_address(d, inner, ctx):
                continue
            dated = dated_sentence(v, ctx)  # 11月4日至8日，…赴广州市黄埔区、番禺区: their address
            framed = framed and not (dated and written_as_address(d, inner, ctx, dated))
            framed = framed and not sent_to_each(inner, ctx)  # 赴佛山市，先后到南海区、顺德区考察
        dropped |= set(inner) if framed and several else {d}
    if not dropped:
        return v
    return v.model_copy(update={"destinations": [d for d in v.destinations if d not in dropped]})


def into_its_one_city(v: SkeletonVisit, ctx: DraftContext) -> SkeletonVisit:
    """A province the trip went to (赴广东学习考察), where the text's trip sentences name
    one city of it and no other (在广州举行…, 在广州市某公司考察), is that city: the most
    specific place the text supports. With two or more cities named it stays the province
    (`under_a_framing_province`); a province-level city (天津市) has no cities to go into."""
    if ctx.resolve_place is None:
        return v
    gazetteer = Gazetteer.load()
    regions = [(d, ctx.resolve_place(d, (v.origin,))) for d in v.destinations]
    changed = list(v.destinations)
    for i, (d, province) in enumerate(regions):
        if province.level is not RegionLevel.PROVINCE or not province.adcode:
            continue
        if any(
            r.adcode and gazetteer.is_within(r.adcode, province.adcode)
            for e, r in regions
            if e != d
        ):
            continue
        cities = _cities_of_trip(province.adcode, (), ctx)
        if len(cities) == 1 and (city := gazetteer.lookup(cities.pop())) is not None:
            written = city.name if city.name in ctx.trip_text else without_level(city.name)
            changed[i] = written
        elif not cities and (place := _one_county_gone_to(province.adcode, ctx)):
            changed[i] = place
    return v if changed == v.destinations else v.model_copy(update={"destinations": changed})


# A going verb, a stage of the route at most, and a place: 抵达首站寿光市, 来到第二站某县.
_REACHED = r"(?:来到|抵达|到达|前往|赴|到)(?:首站|第[一二三四五六七八九十]站|下一站|最后一站)?"


def into_parts_reached(v: SkeletonVisit, ctx: DraftContext) -> SkeletonVisit:
    """A destination given beside a place inside it (潍坊市 and 青州市) is the parts of it the
    text sends the group to by name (抵达首站寿光市, 还将赴青州市): the most specific places
    the text supports. It stays where the text reaches none of its parts but that one."""
    if ctx.resolve_place is None or len(v.destinations) < 2:
        return v
    gazetteer = Gazetteer.load()
    codes = [ctx.resolve_place(d, (v.origin,)).adcode for d in v.destinations]
    changed: list[str] = []
    for d, code in zip(v.destinations, codes, strict=True):
        inside = [c for c in codes if c and code and c != code and gazetteer.is_within(c, code)]
        parts = _parts_reached(code, ctx) if inside else []
        others = [p for p in parts if ctx.resolve_place(p, (v.origin,)).adcode not in codes]
        changed += parts if others else [d]  # only the part given beside it: it stays too
    kept: dict[str, str] = {}  # 青州 as the model wrote it and 青州市 as reached: one place
    for d in changed:
        kept.setdefault(ctx.resolve_place(d, (v.origin,)).adcode or d, d)
    return (
        v
        if list(kept.values()) == v.destinations
        else v.model_copy(update={"destinations": list(kept.values())})
    )


# The group going on to a further place after a leg the report tells (结束在惠州的考察后，代表团
# 前往广州市，拜访…): not 将 (a leg still to come) and not on the way home (返程, 返回).
_GOES_ON = re.compile(
    r"(?:代表团|考察团|考察组|一行)(?:随后|接着|又|再|转)?(?:前往|转赴|赴|抵达|来到)"
    r"(?P<place>[\u4e00-\u9fff]{2,12})"
)
_LEVEL_CHARS = "省市县区州旗盟"


def onward_places(v: SkeletonVisit, ctx: DraftContext) -> SkeletonVisit:
    """A division the group goes on to after the legs given (代表团前往广州市), outside the
    origin and not inside or around a destination already given (nor the city of a zone
    given: 代表团赴苏州工业园区 goes to no 苏州 besides), is one more destination."""
    if ctx.resolve_place is None or not v.destinations:
        return v
    gazetteer = Gazetteer.load()
    given: list[str | None] = []
    for d in (v.origin, *v.destinations):  # a zone (苏州工业园区) stands for the city hosting it
        region = ctx.resolve_place(d, (v.origin,))
        given += [region.adcode] if region.adcode else list(gazetteer.zone_hosts(region))
    added = list(v.destinations)
    for m in _GOES_ON.finditer(ctx.squashed_article):
        place, code = _division_at(m.group("place"), v, ctx)
        if not code or re.match(r"返|回", ctx.squashed_article[m.end("place") :]):
            continue
        related = [
            c for c in given if c and (gazetteer.is_within(code, c) or gazetteer.is_within(c, code))
        ]
        if not related:
            added.append(place)
            given.append(code)
    return v if added == v.destinations else v.model_copy(update={"destinations": added})


def _division_at(words: str, v: SkeletonVisit, ctx: DraftContext) -> tuple[str, str | None]:
    """The longest division the words open with (广州市 in 广州市拜访…), and its code."""
    assert ctx.resolve_place is not None
    for place in (words, leading_region(words, ctx)):
        region = ctx.resolve_place(place, (v.origin,)) if place else None
        if place and place[-1] in _LEVEL_CHARS and region and region.resolved and region.adcode:
            return place, region.adcode
    return "", None


def _parts_reached(code: str | None, ctx: DraftContext) -> list[str]:
    """The divisions inside ``code`` that a sentence of the text reaches by name, in order."""
    if not code:
        return []
    gazetteer = Gazetteer.load()
    text = ctx.trip_text
    found: list[tuple[int, str]] = []
    for division in gazetteer.divisions.values():
        if division.adcode == code or not gazetteer.is_within(division.adcode, code):
            continue
        names = [n for n in (division.name, without_level(division.name)) if len(n) >= 2]
        for name in names:
            m = re.search(_REACHED + re.escape(name), text)
            if m:
                found.append((m.start(), division.name))
                break
    return [name for _, name in sorted(found)]


# A leg of a longer trip that the report does not cover: one done before it (结束在杭州市萧山区
# 的学习考察后) or one still to come (还将赴宁波市).
_OTHER_LEG = re.compile(
    r"结束了?(?:在|对)?[^，,。；;]{2,24}?(?:的|之)?(?:学习)?(?:考察|调研|行程|访问|活动)(?:活动)?(?:后|之后)"
    r"|(?:还将|随后将|之后将|将继续|接下来将|下一站将?)(?:赴|前往|到|去)[^，,。；;]{2,16}"
)
# A going verb and the place right after it: 来到义乌市, 抵达某县.
_GONE_TO = r"(?:来到|抵达|前往|赴|到)"


def this_legs_text(ctx: DraftContext) -> str:
    """The trip sentences without the legs the report does not cover."""
    return _OTHER_LEG.sub("", ctx.trip_text)


def sent_to_each(inner: Iterable[str], ctx: DraftContext) -> bool:
    """A trip sentence of this leg sends the group to each of ``inner`` by name, as where it
    goes to study (先后到南海区、顺德区考察): they are the trip's destinations, not the addresses
    of its stops (先后来到德清县地理信息小镇和安吉县余村)."""
    names = {e: {n for n in names_of(e, ctx) if len(n) >= 2} for e in inner}
    if not names or not all(names.values()):
        return False
    alt = "|".join(sorted(map(re.escape, set().union(*names.values())), key=len, reverse=True))
    listed = re.compile(
        rf"{_GONE_TO}(?:[^，,。；;]{{0,8}}?[省市])?((?:{alt})(?:[、和及与](?:{alt}))*)"
        rf"(?={_STUDY_AFTER}|[，,。；;])"
    )
    got: set[str] = set()
    for m in listed.finditer(this_legs_text(ctx)):
        got |= set(re.findall(alt, m.group(1)))
    return all(n & got for n in names.values())


_STUDY_AFTER = r"(?:考察|调研|学习|参观|对接|交流|观摩|走访)"


def _one_county_gone_to(province: str, ctx: DraftContext) -> str | None:
    """The one county or county-level city of the province that a trip sentence of this leg
    sends the group to (率…来到义乌市), as written; None when none or several."""
    text = this_legs_text(ctx)
    gazetteer = Gazetteer.load()
    found: dict[str, str] = {}
    for division in gazetteer.divisions.values():
        if division.level is not RegionLevel.COUNTY or len(division.name) < 3:
            continue
        if division.name in text and gazetteer.is_within(division.adcode, province):
            found[division.adcode] = division.name
    if len(found) != 1:
        return None
    (name,) = found.values()
    return name if re.search(_GONE_TO + re.escape(name), text) else None


def _cities_of_trip(province: str, places: Iterable[str], ctx: DraftContext) -> set[str]:
    """The province's cities the trip went to: those of the listed places (by adcode), and
    those a trip sentence of this leg names (在济南，代表团考察了…)."""
    gazetteer = Gazetteer.load()
    text = this_legs_text(ctx)
    cities = set()
    for code in places:
        while code and (division := gazetteer.lookup(code)) is not None:
            if division.level is RegionLevel.PREFECTURE:
                cities.add(code)
            code = division.parent or ""
    for division in gazetteer.divisions.values():
        stem = without_level(division.name)
        if (
            division.level is RegionLevel.PREFECTURE
            and len(stem) >= 2
            and stem in text
            and gazetteer.is_within(division.adcode, province)
        ):
            cities.add(division.adcode)
    return cities


def written_as_address(
    place: str, inner: Iterable[str], ctx: DraftContext, text: str | None = None
) -> bool:
    """Some trip sentence (or ``text``) writes ``place`` as the address of one of ``inner``
    (江苏省苏州市吴江区, 赴苏州吴江, 赴浙江丽水松阳 with the city between): the inner place is
    where the trip went, not a part of a framing place."""
    inner = list(inner)
    inside = "|".join(re.escape(n) for e in inner for n in names_of(e, ctx) if n)
    between = sorted({n for e in inner for n in _between(place, e, ctx) if n}, key=len)
    middle = f"(?:{'|'.join(map(re.escape, reversed(between)))})?" if between else ""
    return bool(inside) and any(
        re.search(rf"{re.escape(name)}[省市]?{middle}(?:{inside})", text or ctx.trip_text)
        for name in names_of(place, ctx)
        if name
    )


def _between(place: str, inner: str, ctx: DraftContext) -> set[str]:
    """The names of the regions between a place and one inside it (丽水市, 丽水, between 浙江
    and 松阳县)."""
    if ctx.resolve_place is None:
        return set()
    gazetteer = Gazetteer.load()
    top = ctx.resolve_place(place, ()).adcode
    division = gazetteer.lookup(ctx.resolve_place(inner, ()).adcode or "")
    names: set[str] = set()
    while top and division is not None and division.parent and division.parent != top:
        division = gazetteer.lookup(division.parent)
        if division is not None:
            names |= {division.name, without_level(division.name)}
    return names if division is not None and division.parent == top else set()


def dated_sentence(v: SkeletonVisit, ctx: DraftContext) -> str | None:
    """The trip sentence that holds the trip's date as given."""
    date = squash(v.date_text or "")
    if not date:
        return None
    return next((m.group() for m in SENTENCE.finditer(ctx.trip_text) if date in m.group()), None)


def stating_sentence(v: SkeletonVisit, ctx: DraftContext) -> str | None:
    """The trip sentence that states the trip: the one with its date, or for a trip with no
    date the text can read (6月1820日, 近日), the first that names its delegation."""
    if v.date_text:
        return dated_sentence(v, ctx)
    name = squash(v.delegation_name)
    found = (m.group() for m in SENTENCE.finditer(ctx.trip_text) if name and name in m.group())
    return next(found, None)


def _written_alone(names: set[str], inner: set[str], ctx: DraftContext) -> bool:
    """Some trip sentence writes the province by one of ``names`` not followed by one of its
    places (``inner``), 省 allowed between."""
    text = ctx.trip_text
    for name in filter(None, names):
        at = text.find(name)
        while at >= 0:
            rest = text[at + len(name) :].removeprefix("省")
            if not any(n and rest.startswith(n) for n in inner):
                return True
            at = text.find(name, at + 1)
    return False


def without_sites(v: SkeletonVisit, ctx: DraftContext) -> SkeletonVisit:
    """A "destination" that no division or listed zone answers to and whose name ends like a
    site (…产业园, …安置点, …基地, …合作社) is a stop, not a region: dropped when the trip
    has a region besides."""
    if ctx.resolve_place is None:
        return v
    gazetteer = Gazetteer.load()
    kept, regions = [], 0
    for d in v.destinations:
        region = ctx.resolve_place(d, (v.origin,))
        known = bool(region.adcode) or bool(gazetteer.zone_hosts(region))
        regions += known
        if known or not _SITE_TAIL.search(squash(d)):
            kept.append(d)
    if not regions or len(kept) == len(v.destinations):
        return v
    return v.model_copy(update={"destinations": kept})


_SITE_TAIL = re.compile(
    r"(?:园|园区|基地|小区|安置点|点|合作社|中心|公司|企业|集团|村|社区|街道|项目|馆|厂|学校|大学|医院)$"
)


# What a zone's name ends with: 高新区, 经济开发区, 产业园…
ZONE_TAIL = re.compile(
    r"(?:高新区|开发区|新区|园区|工业园|经开区|保税区|自贸区|产业园|示范区|合作区)$"
)


def sent_to(place: str, ctx: DraftContext, verbs: str, then: str) -> bool:
    """A trip sentence writes a going verb (``verbs``) right before the place, by any of its
    names, and ``then`` right after it (赴浙江考察; 赴甲县、乙县)."""
    names = sorted((n for n in names_of(place, ctx) if len(n) >= 2), key=len, reverse=True)
    if not names:
        return False
    alt = "|".join(map(re.escape, names))
    return bool(re.search(rf"(?:{verbs})(?:{alt})(?={then})", ctx.trip_text))


def names_of(mention: str, ctx: DraftContext) -> set[str]:
    """A destination as written, by its full name, and by that name without its level word."""
    region = ctx.resolve_place(mention, ()) if ctx.resolve_place else None
    if region is None or not region.adcode:
        return set()
    name = region.name or ""
    return {squash(mention), name, without_level(name)}


# --- is it this article's visit at all ---------------------------------------------------

# Words a study visit's report uses for what the group did there; a report of a trip always
# has one (学习考察, 考察交流, 调研, 观摩, 取经, 访问 …).
# A group's name (安吉县考察团参加开幕式) is no act of studying.
_STUDY = re.compile(
    r"(?:考察|调研|观摩|取经|访问|学习交流|交流学习|参观学习|学习借鉴|学习经验)(?![团组])"
)
# The events a group goes to without studying the place: expos, forums, joint conferences,
# promotions, signings, festivals and their openings, a drive for investment (开展招商引资活动).
_EVENTS = (
    r"(?:博览会|展览会|展会|论坛|联席会议|推介会|洽谈会|峰会|年会|签约仪式|交易会|招商会|大会"
    r"|开幕式|文化节|旅游节|艺术节|展销会|发布会|招商引资活动|招商活动)"
)
# Going to or holding one: 参加…博览会, 出席…联席会议, 举办…推介会, …推介会在深圳举行.
_EVENT = re.compile(
    rf"(?:参加|出席|参会|举办|举行|召开|开展)[^。！？]{{0,30}}?{_EVENTS}"
    rf"|{_EVENTS}[^。！？!?，,]{{0,20}}?(?:举行|召开|举办|开幕)"
)
# A clause that invites others to come and look (欢迎广大企业家到六安考察投资), or plans a look
# later (将尽快安排团队赴颍州实地考察), tells of no one's visit: its study word does not count.
_INVITATION = re.compile(r"[^。！？!?，,；;]*(?:欢迎|邀请|诚邀|将尽快|择期|适时)[^。！？!?，,；;]*")


# What a group did around the event (推介会前，…实地考察了…; 论坛期间，…参观了…;
# 会前，与会代表观摩了…) is part of going to it.
_AROUND_EVENT = re.compile(
    rf"{_EVENTS}(?:前|后|之前|之后|期间|结束后|间隙)[^。！？!?]*"
    r"|会议?(?:前|后|期间|间隙)[，,]?与会[^。！？!?]*"
)


def attends_an_event_only(text: str) -> bool:
    """The text tells of going to or holding an event (an expo, a forum, a joint conference,
    a promotion) and never of studying or visiting anything, invitations to come apart and
    what the group did around the event too: no study visit."""
    rest = _AROUND_EVENT.sub("", _INVITATION.sub("", text))
    return bool(_EVENT.search(text)) and not _STUDY.search(rest)


# Cadres sent to work or train in another place (挂职锻炼, 跟岗学习, 培训班), a course's own
# words (its trainees, its opening), and a group that is a delegation by name.
_POSTED = re.compile(r"挂职|跟岗|培训班|研修班|进修|轮训")
_COURSE = re.compile(r"学员|开班|结业|授课")
_GROUP_NOUN = re.compile(r"代表团|考察团|考察组|调研组|学习团|访问团|交流团")


def posts_cadres_only(text: str) -> bool:
    """The text tells of cadres posted or trained elsewhere (来莞挂职锻炼干部, 带队护送) and of
    no delegation: no study visit. Where it also tells of studying, only a course's trainees
    study (学员们赴…现场教学，学习考察…): a course is no delegation either."""
    if not _POSTED.search(text) or _GROUP_NOUN.search(text):
        return False
    return not _STUDY.search(text) or bool(_COURSE.search(text))


# A meeting held over a video link: 视频座谈会, 视频连线, 以视频会议形式, a 分会场, 云签约.
_BY_VIDEO = re.compile(
    r"视频(?:座谈会|会议|连线|对接会|交流会|推进会|签约)|以视频[^。，,]{0,4}(?:形式|方式)"
    r"|分会场|云签约|线上签约"
)
# A group going somewhere to study, or having been there (not 组织劳动力赴苏转移就业).
_GOING = re.compile(
    r"抵达|来到|走进|实地|考察了|参观了|调研了|来我[省市县区州旗]"
    r"|(?:赴|前往|到)[^。！？!?，,；;]{1,12}?(?:考察|调研|参观|学习|交流|对接|观摩|走访)"
)


# A standing arrangement the two sides agree on (每年互派党政代表团考察交流, 定期组织企业赴…
# 考察): goings to come by rule, none gone or set for a day.
_ARRANGED = re.compile(r"[^。！？!?；;]*(?:每年|每季度|每半年|定期|互派|常态化)[^。！？!?；;]*")
# Seeing a place over the link (云参观, 线上考察), and a going called off or put off (原定…赴…
# 考察暂缓进行, 推迟, 取消, 改为线上, 待条件允许时…实地交流): no one went.
_SEEN_REMOTELY = re.compile(r"(?:云|线上|在线|远程)(?:参观|考察|调研|走访|观摩|察看)了?")
_CALLED_OFF = re.compile(
    r"[^。！？!?；;]*(?:暂缓|推迟|延期|取消|改为线上|改为视频|改以视频|条件允许|疫情结束)"
    r"[^。！？!?；;]*"
)


def meets_by_video_only(text: str) -> bool:
    """The text tells of a meeting held over a video link (视频座谈会, 主会场…分会场) and of
    no one going anywhere, invitations to come, places seen over the link and goings called
    off apart: no study visit."""
    rest = _SEEN_REMOTELY.sub("", _CALLED_OFF.sub("", _INVITATION.sub("", text)))
    return bool(_BY_VIDEO.search(text)) and not _GOING.search(_ARRANGED.sub("", rest))


_YEAR = re.compile(r"((?:19|20)\d{2})\s*年")
# A trip told in a year this long before the article's publication is its background.
_BACKGROUND_DAYS = 120


def told_as_background(v: SkeletonVisit, ctx: DraftContext) -> bool:
    """Every sentence stating this trip (naming a destination of it) dates it in a
    year that ended well before the article was published (2022年，县党政代表团赴安吉学习考察后…
    in a 2024 feature; or 那年春天，…赴安吉学习考察 after a sentence naming 2019): a past trip
    recalled, not the visit the article reports."""
    if ctx.published is None or not v.destinations:
        return False
    names = {n for d in v.destinations for n in _forms(d, ctx)}
    text = ctx.article_text or ctx.text
    told = 0
    for sentence in SENTENCE.finditer(text):
        plain = squash(sentence.group())
        if not TRIP_WORDS.search(plain) or not any(n and n in plain for n in names):
            continue
        told += 1
        years = [int(y) for y in _YEAR.findall(plain)]
        if not years and _THAT_YEAR.search(plain):  # 那年, 当年: the year written just before
            years = [
                int(y)
                for y in _YEAR.findall(
                    text, _paragraph_start(text, sentence.start()), sentence.start()
                )
            ][-1:]
        if not years or (ctx.published - dt.date(max(years), 12, 31)).days <= _BACKGROUND_DAYS:
            return False
    return told > 0


_THAT_YEAR = re.compile(r"那年|当年|那一年|同年")

_CLAUSE = re.compile(r"[^。！？!?；;，,\n]+")
# A clause that invites a group (积极邀请甲市党政代表团来乙考察) or sets a target for trips
# (年内赴甲市考察对接不少于1次) tells of no trip made or announced; one accepting an invitation
# (应甲市邀请) does.
_WISH = re.compile(r"(?<![应受])(?:邀请|诚邀)(?!下)|不少于|不低于|至少|力争|争取")
_ACCEPTED = re.compile(r"应[^，,。]{0,20}?邀|受邀|邀请下")


def told_as_wish(v: SkeletonVisit, ctx: DraftContext) -> bool:
    """Every clause of the text that states a trip (率, 赴, 考察 …) and names this trip's origin
    or a destination invites a group or sets a target (a work plan's 年内赴坪山区考察对接不少于
    1次，积极邀请坪山区党政代表团来乐考察): a trip wished for, not this visit."""
    names = {n for place in (v.origin, *v.destinations) for n in _forms(place, ctx)}
    wished = False
    for clause in _CLAUSE.finditer(ctx.article_text or ctx.text):
        plain = squash(clause.group())
        if not TRIP_WORDS.search(plain) or not any(n in plain for n in names):
            continue
        if not _WISH.search(plain) or _ACCEPTED.search(plain):
            return False
        wished = True
    return wished


# Going to places listed one after another: 深入信丰县、南康区, 先后到甲县和乙县.
_GOING_TO = r"(?:深入|赴|前往|来到|到|走进|走访)"
_IN_CLAUSE = r"[^。；;！？!?\n，,]{0,12}?"


def origin_gone_to(v: SkeletonVisit, ctx: DraftContext) -> SkeletonVisit:
    """An origin the text lists with a destination as places gone to (市委书记…深入信丰县、南康区)
    is one of them: the group set out from the region that a side written by its level word
    alone (市委书记) stands for, the publisher's, where the page has one."""
    home = ctx.bare_home()
    origin = _alternation(_forms(v.origin, ctx))
    places = _alternation({n for d in v.destinations for n in _forms(d, ctx)})
    if not (home and origin and places) or _same_region(home, v.origin, ctx):
        return v
    # each a place of the list itself, not the start of a site's name (扎囊县氆氇文化产业园)
    listed = r"[、和及与][^。；;！？!?\n，,、]{0,8}?"
    pair = rf"(?:{origin}){listed}(?:{places})|(?:{places}){listed}(?:{origin})"
    pattern = rf"{_GOING_TO}{_IN_CLAUSE}(?:{pair})(?=[、和及与，,。；;！？!?\n]|{_STUDY_AFTER}|$)"
    if not re.search(pattern, ctx.squashed_article):
        return v
    return v.model_copy(update={"origin": home, "destinations": [v.origin, *v.destinations]})


def come_to_origin(v: SkeletonVisit, ctx: DraftContext) -> SkeletonVisit:
    """A trip whose one destination the text names as the guests' side, come to its origin
    (广德市委书记甲、市长乙一行来长兴考察): the host taken for the guest, turned round, and
    named as the text names the guests."""
    if len(v.destinations) != 1:
        return v
    guest = _alternation(_forms(v.destinations[0], ctx))
    host = _alternation(_forms(v.origin, ctx))
    if not (guest and host):
        return v
    come = re.search(
        rf"(?<![\u4e00-\u9fff])(?P<name>(?:{guest})[^。；;！？!?\n]{{0,30}}?{_GUESTS})"
        rf"(?:专程|一行)?(?:来|莅临|到)(?:{host}){_STUDY_AFTER}",
        ctx.squashed_article,
    )
    if come is None:
        return v
    update = {
        "origin": v.destinations[0],
        "destinations": [v.origin],
        "delegation_name": come["name"],
    }
    return v.model_copy(update=update)


# The guests as a report names them: a group, or its leaders' party (某某一行).
_GUESTS = r"(?:代表团|考察团|考察组|调研组|学习团|一行)"


def _same_region(a: str, b: str, ctx: DraftContext) -> bool:
    if ctx.resolve_place is None:
        return squash(a) == squash(b)
    first, second = ctx.resolve_place(a, ()), ctx.resolve_place(b, ())
    return bool(first.adcode) and first.adcode == second.adcode


def _alternation(names: set[str]) -> str:
    return "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))


def _forms(place: str, ctx: DraftContext) -> set[str]:
    """A place as written, without its level word, and by its full name (甘肃省秦安县 is 秦安)."""
    forms = {squash(place), without_level(squash(place)), *names_of(place, ctx)}
    return {f for f in forms if len(f) >= 2}


def _paragraph_start(text: str, at: int) -> int:
    return text.rfind("\n", 0, at) + 1
