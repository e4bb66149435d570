"""What a text settles about a trip over the model's answer to the skeleton question: the
kind the delegation's name says, planned when the text says the trip is still to come, and a
zone beside the city hosting it as no destination of its own. Each takes a visit and returns
it, changed only where the text is plain. And whether a trip is the article's visit at all: not
when the text only attends an event, or recalls the trip as background years later."""

from __future__ import annotations

import datetime as dt
import re

from extract.resolve.gazetteer import Gazetteer
from schemas.draft import SENTENCE, TRIP_WORDS, DraftContext, squash, without_level
from schemas.enums import DelegationKind, VisitStatus
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


# Going there is still to come: 将于6月23日至26日赴广东省, 拟赴, 即将前往.
_WILL_GO = (
    r"(?:即将|将要|将|拟|计划|准备)(?:于|在)?[^。；;！？!?\n，,]{0,16}?(?:赴|前往|到|来到|来|去)"
)


def status_from_text(v: SkeletonVisit, ctx: DraftContext) -> SkeletonVisit:
    """Planned when the text says the delegation will go to one of its destinations (将赴,
    拟于…赴): an announcement, whatever the model said."""
    if v.status == VisitStatus.PLANNED:
        return v
    for d in v.destinations:
        region = ctx.resolve_place(d, ()) if ctx.resolve_place else None
        names = {squash(d), (region.name or "") if region else ""} - {""}
        for name in names:
            stem = without_level(name)
            if re.search(
                _WILL_GO + r"[^。；;！？!?\n，,]{0,6}?" + re.escape(stem), ctx.squashed_article
            ):
                return v.model_copy(update={"status": VisitStatus.PLANNED})
    return v


def without_enclosed_zones(v: SkeletonVisit, ctx: DraftContext) -> SkeletonVisit:
    """A zone in a destination also listed (长春新区 beside 长春市; 福州高新区, named after
    福州市, beside it) is a stop there, not a place of its own; a zone alone (雄安新区) stays
    the destination."""
    if ctx.resolve_place is None or len(v.destinations) < 2:
        return v
    gazetteer = Gazetteer.load()
    codes = [ctx.resolve_place(d, (v.origin,)).adcode for d in v.destinations]
    kept = []
    stems = {n for d in v.destinations for n in _names_of(d, ctx) if len(n) >= 2}
    for d in v.destinations:
        region = ctx.resolve_place(d, (v.origin,))
        hosts = gazetteer.zone_hosts(region)
        inside = hosts and all(any(c and gazetteer.is_within(h, c) for c in codes) for h in hosts)
        named_inside = (
            not region.adcode
            and bool(_ZONE_TAIL.search(d))
            and any(squash(d).startswith(stem) and squash(d) != stem for stem in stems)
        )  # 福州高新区 beside 福州市
        if not (inside or named_inside):
            kept.append(d)
    return v if len(kept) == len(v.destinations) else v.model_copy(update={"destinations": kept})


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
_ZONE_TAIL = re.compile(
    r"(?:高新区|开发区|新区|园区|工业园|经开区|保税区|自贸区|产业园|示范区|合作区)$"
)


def _names_of(mention: str, ctx: DraftContext) -> set[str]:
    """A destination as written, by its full name, and by that name without its level word."""
    region = ctx.resolve_place(mention, ()) if ctx.resolve_place else None
    if region is None or not region.adcode:
        return set()
    name = region.name or ""
    return {squash(mention), name, without_level(name)}


# --- is it this article's visit at all ---------------------------------------------------

# Words a study visit's report uses for what the group did there; a report of a trip always
# has one (学习考察, 考察交流, 调研, 观摩, 取经, 访问 …).
_STUDY = re.compile(r"考察|调研|观摩|取经|访问|学习交流|交流学习|参观学习|学习借鉴|学习经验")
# Going to an event: 参加…博览会, 出席…联席会议, 举办…推介会.
_EVENT = re.compile(
    r"(?:参加|出席|参会|举办|举行)[^。！？]{0,30}?"
    r"(?:博览会|展览会|展会|论坛|联席会议|推介会|洽谈会|峰会|年会|签约仪式|交易会|招商会|大会)"
)


def attends_an_event_only(text: str) -> bool:
    """The text tells of going to an event (an expo, a forum, a joint conference, a
    promotion) and never of studying or visiting anything: no study visit."""
    return bool(_EVENT.search(text)) and not _STUDY.search(text)


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
    names = {squash(d) for d in v.destinations}
    names |= {without_level(n) for n in names}
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


def _paragraph_start(text: str, at: int) -> int:
    return text.rfind("\n", 0, at) + 1
