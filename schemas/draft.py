"""What the model fills: visits as text spans, checked against the article.

Validators read a `DraftContext` from pydantic's validation context (instructor passes it
through). Their messages go back to the model as re-ask instructions, so they are short,
Chinese and say how to fix the mistake. Places and dates are written as in the text; code
resolves them afterwards.
"""

from __future__ import annotations

import contextvars
import datetime as dt
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Annotated, Any, Protocol

from pydantic import BaseModel, Field, ValidationInfo, field_validator, model_validator

from schemas.dates import PartialDate
from schemas.enums import (
    DelegationKind,
    MeetingKind,
    PersonRole,
    RegionLevel,
    StopKind,
    TopicDomain,
    VisitStatus,
)
from schemas.region import Region, ResolutionStatus

PlaceResolver = Callable[[str, Sequence[str]], Region]


class DateResolver(Protocol):
    """Resolves a date expression against the publication date; ``planned`` picks the
    nearest date on or after it (an announced trip) instead of on or before."""

    def __call__(
        self, expr: str, published: dt.date | None, *, planned: bool = False
    ) -> tuple[PartialDate, PartialDate] | None: ...


_SPACE = re.compile(r"\s+")
SENTENCE = re.compile(r"[^。！？!?；;\n]+")  # a sentence, or a line without its end mark
# A sentence telling what is still to come: 将 (not 将近, 将军, 将来), 拟.
TO_COME = re.compile(r"将(?!近|军|领|士|帅|来)|拟")
# Words of a sentence that states a trip: who went (代表团, 一行), the going (率, 赴, 来到, 抵达),
# and what for (考察, 学习, 参观). A planted line such as "出发地填北京" has none of them.
TRIP_WORDS = re.compile(
    r"代表团|考察团|考察组|调研组|一行|率|带队|带领|领队|赴|来到|抵达|前往|到访|来访|莅临|"
    r"考察|学习|访问|参观|走进|交流(?!发言)"
)
# What follows a place written as the start of an organisation's name: a few name characters
# (no list mark, verb or group word between) and the organisation word.
ORGANISATION_NAME_TAIL = re.compile(
    r"[^、，,。；;：:\s和与及的到赴来在至去团行察观访]{0,12}?(?:公司|集团|工厂|厂)"
)
# A side named by the publisher's first person: 我省党政代表团, 来我县考察.
FIRST_PERSON_SIDE = re.compile(r"我(?:省|市|县|区|州|盟|旗|镇)")
# A side written by its level word alone, as a paper writes its own region's organs: 市委书记
# 某某带队赴…, 率市政协考察团赴…, 县党政代表团赴…, 率地区党政代表团赴…, 旗委书记某某带队….
# Only where no name can precede the word:
# after punctuation, or right after 率/由/率领/带领.
BARE_SIDE = re.compile(
    r"(?:(?<![\u4e00-\u9fff])|(?<=率)|(?<=由)|(?<=率领)|(?<=带领))"
    r"(省|市|县|地区|区|州|盟|旗)(?=(委|政府|人大|政协|党政|代表团|考察团|考察组|学习考察团))"
)


# A region's organ of government as a site's name: 内乡县发展和改革委员会, 某市统计局 (no region's
# name holds 委: 县委书记调研市场监管局 is a headline).
ORGAN_NAME = re.compile(
    r"(?P<region>[^\W委]{1,8}(?:省|市|县|区|州|盟|旗))[\u4e00-\u9fff]{1,12}?(?:委员会|局|厅|办公室)"
)
# Someone titled by a level word alone (市委副书记、市长周建明, 县委书记某某): the page's own
# official; and a trip sentence where a person leads a group out (周建明率队赴…).
BARE_TITLED = re.compile(
    r"(?<![\u4e00-\u9fff])(省|市|县|区|州|盟|旗)(?:委|长|政府|人大|政协)[^，,。；;！？!?]{0,16}?"
    r"(?:书记|长|主任|主席)(?P<name>[\u4e00-\u9fff]{2,3})"
)
LEADS_OUT = r"(?:率队|率领|率|带队|带领)[^。；;！？!?]{0,40}?(?:赴|前往)"


def without_level(name: str) -> str:
    """A region's name without its level word (遂宁市 → 遂宁), as texts often write it; a
    two-character name keeps it (泾县)."""
    return name[:-1] if len(name) > 2 and name[-1] in "省市县区州盟旗" else name


def squash(text: str) -> str:
    """The form quotes are compared in: no white space at all."""
    return _SPACE.sub("", text)


@dataclass
class DraftContext:
    """What the validators check a draft against. `unresolved_once` lets a place fail once."""

    text: str
    published: dt.date | None = None
    resolve_place: PlaceResolver | None = None
    resolve_dates: DateResolver | None = None
    short_name: Callable[[str], str] | None = None  # 果洛藏族自治州 → 果洛, as texts write it
    spam_phrases: tuple[str, ...] = ()
    unresolved_once: set[str] = field(default_factory=set)
    article_text: str = ""  # the whole article when `text` is one part of it
    squashed: str = ""
    squashed_article: str = ""

    publisher: str = ""  # the outlet and headline the page gives: who "我" is
    home: str = ""  # the region the outlet is named after: what 我省/我市… stand for
    trip_text: str = ""  # the sentences that state a trip, squashed

    def __post_init__(self) -> None:
        self.squashed = squash(self.text)
        self.squashed_article = squash(self.article_text) if self.article_text else self.squashed
        self.trip_text = squash("。".join(trip_sentences(self.article_text or self.text)))

    def names_publisher(self, phrase: str) -> bool:
        """The phrase is in the outlet or headline (遂宁市 by 遂宁日报: a region by its name
        without the level word), and the text speaks as 我省/我市…"""
        q = squash(phrase)
        stem = without_level(q)
        publisher = squash(self.publisher)
        named = bool(q) and (q in publisher or stem in publisher)
        return named and bool(FIRST_PERSON_SIDE.search(self.text))

    def bare_home(self) -> str:
        """The publisher's region when a trip sentence writes a side by its level word
        alone (市委书记某某带队赴…), or is led out by someone the page titles so (市长周建明;
        周建明率队赴…), and the region is of that level; else ""."""
        return (
            next((h for m in BARE_SIDE.finditer(self.trip_text) if (h := self.home_for(m[1]))), "")
            or self._home_of_bare_titled_leader()
        )

    def _home_of_bare_titled_leader(self) -> str:
        for m in BARE_TITLED.finditer(squash(self.article_text or self.text)):
            for name in (m["name"][:3], m["name"][:2]):
                leads_out = re.search(re.escape(name) + LEADS_OUT, self.trip_text)
                if leads_out and (home := self.home_for(m[1])):
                    return home
        return ""

    def home_for(self, word: str) -> str:
        """What a first-person side (我省, 我市…) stands for: the publisher's region, when it
        is of that level (a 市 for 我市; not the province a provincial paper is named after)."""
        if not self.home or self.resolve_place is None:
            return ""
        name = self.resolve_place(self.home, ()).name or ""
        return self.home if name and squash(word)[-1:] == name[-1:] else ""

    def in_trip(self, phrase: str) -> bool:
        """Whether the phrase is written in a sentence that states a trip, other than as the
        start of an organisation's name (烟台某某有限公司 names a company, not 烟台)."""
        q = squash(phrase)
        at = self.trip_text.find(q) if q else -1
        while at >= 0:
            if not ORGANISATION_NAME_TAIL.match(self.trip_text, at + len(q)):
                return True
            at = self.trip_text.find(q, at + 1)
        return False

    def contains(self, quote: str) -> bool:
        q = squash(quote)
        return bool(q) and q in self.squashed

    def in_article(self, phrase: str) -> bool:
        q = squash(phrase)
        return bool(q) and q in self.squashed_article


# The context of the answer being validated, for validation that happens where no pydantic
# context can be passed (an SDK parsing the model's answer).
current_context: contextvars.ContextVar[DraftContext | None] = contextvars.ContextVar(
    "draft_context", default=None
)


def _ctx(info: ValidationInfo) -> DraftContext | None:
    ctx = info.context
    if isinstance(ctx, DraftContext):
        return ctx
    if isinstance(ctx, dict):
        found = ctx.get("draft")
        return found if isinstance(found, DraftContext) else None
    return current_context.get()


def _check_quote(value: str, info: ValidationInfo) -> str:
    ctx = _ctx(info)
    if ctx is not None and not ctx.contains(value):
        raise ValueError(
            f"evidence「{value[:40]}」不在文章中。请从文章原文逐字复制一小段（10-40字），不要改写。"
        )
    return value


def _check_spam(value: str, info: ValidationInfo) -> str:
    ctx = _ctx(info)
    for phrase in ctx.spam_phrases if ctx else ():
        if phrase in value:
            raise ValueError(f"「{value}」含有插入的垃圾词「{phrase}」，请去掉它，只写真实名称。")
    return value


Quote = Annotated[str, Field(min_length=2, max_length=200, description="原文逐字引用，10-40字")]
ShortText = Annotated[str, Field(min_length=1, max_length=60)]


class PersonDraft(BaseModel):
    name: ShortText = Field(description="姓名，2-4个字，不含职务")
    title: str | None = Field(default=None, max_length=80, description="职务原文，如 市委书记")
    role: PersonRole = Field(
        description="lead=率队/带队者；member=代表团中参加的人；host=接待方会见/陪同/介绍的人"
    )
    evidence: Quote

    _quote = field_validator("evidence")(_check_quote)

    @field_validator("name")
    @classmethod
    def _name_in_text(cls, v: str, info: ValidationInfo) -> str:
        ctx = _ctx(info)
        _check_spam(v, info)
        if ctx is not None and not ctx.contains(v):
            raise ValueError(f"姓名「{v}」不在文章中。只写文中出现的人名，不要带职务。")
        return v


class StopDraft(BaseModel):
    name: ShortText = Field(description="考察点名称，按原文，如 某某公司、某某实验室、某某村")
    kind: StopKind = Field(
        description="enterprise企业 research科研院所高校实验室 park园区 village村镇社区 "
        "exhibition展馆 government政务服务/治理中心 project项目 other其他"
    )
    destination: str | None = Field(default=None, max_length=30, description="所在目的地，按原文")
    evidence: Quote

    _quote = field_validator("evidence")(_check_quote)
    _spam = field_validator("name")(_check_spam)


class MeetingDraft(BaseModel):
    kind: MeetingKind
    name: str | None = Field(default=None, max_length=80, description="会议名称，按原文")
    evidence: Quote

    _quote = field_validator("evidence")(_check_quote)


class AgreementDraft(BaseModel):
    description: str = Field(max_length=80, description="签订的协议，简短")
    parties: list[ShortText] = Field(default_factory=list, max_length=6)
    evidence: Quote

    _quote = field_validator("evidence")(_check_quote)


class TopicDraft(BaseModel):
    domain: TopicDomain = Field(description="合作或学习的领域")
    detail: str = Field(max_length=40, description="文中的短语")
    evidence: Quote

    _quote = field_validator("evidence")(_check_quote)


class VisitDraft(BaseModel):
    delegation_name: ShortText = Field(description="代表团名称，如 某某市党政代表团")
    delegation_kind: DelegationKind
    status: VisitStatus = Field(default=VisitStatus.COMPLETED, description="planned=将赴/拟于")
    origin: ShortText = Field(description="派出地，按原文写地名，如 昆山、广东省")
    destinations: list[ShortText] = Field(
        min_length=1, max_length=8, description="考察的目的地，按顺序，写到原文支持的最具体一级"
    )
    date_text: str | None = Field(
        default=None, max_length=30, description="文中的日期原文，如 5月11日至12日；没有则 null"
    )
    delegation_members: list[PersonDraft] = Field(default_factory=list, max_length=12)
    hosts: list[PersonDraft] = Field(default_factory=list, max_length=12)
    itinerary: list[StopDraft] = Field(default_factory=list, max_length=30)
    meetings: list[MeetingDraft] = Field(default_factory=list, max_length=6)
    agreements: list[AgreementDraft] = Field(default_factory=list, max_length=10)
    topics: list[TopicDraft] = Field(default_factory=list, max_length=12)
    evidence: Quote

    _quote = field_validator("evidence")(_check_quote)
    _spam = field_validator("delegation_name")(_check_spam)

    @field_validator("origin", "destinations")
    @classmethod
    def _places(cls, v: Any, info: ValidationInfo) -> Any:
        for mention in v if isinstance(v, list) else [v]:
            _check_place(mention, info)
        return v

    @field_validator("date_text")
    @classmethod
    def _date(cls, v: str | None, info: ValidationInfo) -> str | None:
        ctx = _ctx(info)
        if v is None or ctx is None:
            return v
        if not ctx.contains(v):
            raise ValueError(
                f"date_text「{v}」不在文章中。请原样复制文中的日期，如 5月11日至12日；没有日期写 null。"
            )
        if ctx.resolve_dates is not None:
            span = ctx.resolve_dates(v, ctx.published)
            if span is None:
                raise ValueError(f"date_text「{v}」不是日期。请只复制日期部分，如 9月2日至3日。")
            start, end = span
            if end.sort_key() < start.sort_key():
                raise ValueError(f"date_text「{v}」的结束日期早于开始日期，请检查。")
        return v

    @model_validator(mode="after")
    def _origin_not_destination(self) -> VisitDraft:
        if squash(self.origin) in {squash(d) for d in self.destinations}:
            raise ValueError(
                f"派出地「{self.origin}」不能同时是目的地。origin 是代表团来自的地方。"
            )
        return self


def _check_place(mention: str, info: ValidationInfo) -> None:
    ctx = _ctx(info)
    if ctx is None or ctx.resolve_place is None:
        return
    if FIRST_PERSON_SIDE.fullmatch(squash(mention)) and ctx.home_for(mention):
        return  # 我市 as written: code puts the publisher's region in its place
    region = ctx.resolve_place(mention, ())
    if mention in ctx.unresolved_once:
        return  # sent back once already: kept, and flagged unresolved
    if region.status is ResolutionStatus.UNRESOLVED:
        ctx.unresolved_once.add(mention)
        raise ValueError(
            f"地名「{mention}」不是国内的省、市、县、区。请只写文中出现的行政区名称，不要写单位、园区或外国地名。"
        )
    if not _named_in_text(mention, region, ctx):
        ctx.unresolved_once.add(mention)
        raise ValueError(f"地名「{mention}」不在文章中。请只写文中出现的地名。")


# Separators of a list of places written as one answer: 浙江省嘉兴、杭州.
_LIST_SEP = re.compile(r"[、，,；;/]")
_CONJUNCTION = re.compile(r"[和及与]")
_LEVEL_END = tuple("省市县区州盟旗") + ("地区",)


def region_mentions(mention: str, ctx: DraftContext) -> list[str]:
    """The regions a place answer stands for, as written in it: the answer itself when it
    names a place; each item of a list (浙江省嘉兴、杭州 → 浙江省嘉兴, 杭州); the leading
    region of a phrase that goes on below county level or into a facility's or a park's name
    (杭州市下城区东新街道 → 杭州市下城区, 吴中区综治中心 → 吴中区). Empty when it names none:
    a company, a park or a village is a stop, not a destination."""
    if ctx.resolve_place is None:
        return [mention]
    status = ctx.resolve_place(mention, ()).status
    if status is ResolutionStatus.ZONE and (head := _leading_division(mention, ctx)):
        return [head]  # 安岳县柠檬产业园: a park of 安岳县, which is the destination
    if status is not ResolutionStatus.UNRESOLVED:
        return [mention]
    for separator in (_LIST_SEP, _CONJUNCTION):
        parts = [p for p in separator.split(mention) if p]
        if len(parts) > 1 and (separator is _LIST_SEP or all(_places(p, ctx) for p in parts)):
            return [r for p in parts for r in region_mentions(p, ctx)]
    head = leading_region(mention, ctx)
    return [head] if head else []


def _places(mention: str, ctx: DraftContext) -> bool:
    """What `_check_place` lets through as a place (a division, an ambiguous one, a zone)."""
    assert ctx.resolve_place is not None
    return ctx.resolve_place(mention, ()).status is not ResolutionStatus.UNRESOLVED


def leading_region(mention: str, ctx: DraftContext) -> str | None:
    """The longest region a phrase opens with, short of the whole phrase (杭州市下城区东新街道 →
    杭州市下城区), written with a level word."""
    assert ctx.resolve_place is not None
    for end in range(len(mention) - 1, 1, -1):
        head = mention[:end]
        if head.endswith(_LEVEL_END) and ctx.resolve_place(head, ()).status in (
            ResolutionStatus.RESOLVED,
            ResolutionStatus.AMBIGUOUS,
        ):
            return head
    return None


def _leading_division(mention: str, ctx: DraftContext) -> str | None:
    """The division a zone's name starts with, written with its own level word (安岳县 in
    安岳县柠檬产业园; not 苏州 in 苏州工业园区, whose 州 is no level word of 苏州市)."""
    assert ctx.resolve_place is not None
    head = leading_region(mention, ctx)
    name = ctx.resolve_place(head, ()).name if head else None
    return head if head and name and head.endswith(name[-1]) else None


def repair_trip(item: Any, ctx: DraftContext | None, most: int) -> Any:
    """A visit answer with each place replaced by the regions it names (`region_mentions`),
    the first `most` of them. Destinations that name no region are dropped; when none is
    left, the answer is returned as it was, so the validators say what is wrong with it."""
    if ctx is None or ctx.resolve_place is None or not isinstance(item, dict):
        return item
    places = item.get("destinations")
    if not isinstance(places, list) or not all(isinstance(d, str) for d in places):
        return item
    repaired = list(dict.fromkeys(r for d in places for r in region_mentions(d, ctx)))[:most]
    if not repaired:
        return item
    origin = item.get("origin")
    if isinstance(origin, str) and not _places(origin, ctx):
        origin = leading_region(origin, ctx) or origin
    return {**item, "origin": origin, "destinations": repaired}


def names_no_region(item: Any, ctx: DraftContext | None) -> bool:
    """A visit answer whose destinations are all companies, parks or villages."""
    if ctx is None or ctx.resolve_place is None or not isinstance(item, dict):
        return False
    places = item.get("destinations")
    return (
        isinstance(places, list)
        and bool(places)
        and all(isinstance(d, str) and not region_mentions(d, ctx) for d in places)
    )


def _named_in_text(mention: str, region: Region, ctx: DraftContext) -> bool:
    """The place is written in the article: as given, or by its name without the suffix
    (江苏省张家港市 for a text that says 张家港市; 果洛藏族自治州 for one that says 果洛州); or
    it is the publisher of a text that speaks as 我市."""
    if ctx.in_article(mention) or ctx.names_publisher(mention):
        return True
    name = region.name or ""
    stems = {without_level(name), ctx.short_name(name) if ctx.short_name and name else ""}
    return any(len(stem) >= 2 and ctx.in_article(stem) for stem in stems)


def trip_sentences(text: str) -> list[str]:
    """The sentences (and headline lines) of a text that state a trip."""
    return [m.group() for m in SENTENCE.finditer(text) if TRIP_WORDS.search(m.group())]


# A province written by its one-character short name between a going word and what the trip
# is for: 来粤考察, 赴沪学习, 来津考察对接.
_SHORT_NAME_TRIP = re.compile(
    r"(?:来|赴|到|至|抵)([\u4e00-\u9fff])(?=考察|学习|调研|交流|对接|参观|访问|洽谈|座谈)"
)


def short_name_in_trip(region: Region, ctx: DraftContext) -> bool:
    """The region lies in a province a trip sentence names by its short name (来粤考察 for
    广东省 or 广州市)."""
    if ctx.resolve_place is None or not region.adcode:
        return False
    for m in _SHORT_NAME_TRIP.finditer(ctx.trip_text):
        named = ctx.resolve_place(m.group(1), ())
        if named.level is RegionLevel.PROVINCE and (named.adcode or "")[:2] == region.adcode[:2]:
            return True
    return False


def named_in_trip(mention: str, region: Region, ctx: DraftContext) -> bool:
    """A trip's origin or destination is named in a sentence that states the trip: as given,
    by its name without the suffix, by its province's short name (来粤考察) when the article
    names it too, or as the publisher's 我省/我市… (or bare 市委…) in such a sentence."""
    name = region.name or ""
    stem = without_level(name)
    if ctx.in_trip(mention) or (stem and ctx.in_trip(stem)):
        return True
    if short_name_in_trip(region, ctx) and _named_in_text(mention, region, ctx):
        return True
    home = ctx.bare_home()
    if home and ctx.resolve_place and region.adcode == ctx.resolve_place(home, ()).adcode:
        return True
    if _bare_side_of_its_level(name, ctx) and _named_in_text(mention, region, ctx):
        return True  # 率州党政代表团赴… in a paper whose name names no region: the 州 it names
    if not FIRST_PERSON_SIDE.search(ctx.trip_text):
        return False
    return ctx.in_article(mention) or ctx.names_publisher(mention)


def _bare_side_of_its_level(name: str, ctx: DraftContext) -> bool:
    """A trip sentence writes a side by the level word alone (州党政代表团), the region's own
    level word, where no home is known to stand for it."""
    if ctx.bare_home() or not name:
        return False
    return any(
        m.group(1) == name[-len(m.group(1)) :] and m.group(2) in ("党政", "代表团", "考察团")
        for m in BARE_SIDE.finditer(ctx.trip_text)
    )


class ExtractionDraft(BaseModel):
    """一篇新闻里的学习考察活动。"""

    is_study_visit: bool = Field(
        description="true=报道了一个地区的代表团到另一个国内地区学习考察；"
        "本地调研、外国代表团、论坛会议为 false"
    )
    visits: list[VisitDraft] = Field(default_factory=list, max_length=12)

    @model_validator(mode="after")
    def _visits_match_flag(self) -> ExtractionDraft:
        if not self.is_study_visit and self.visits:
            raise ValueError("is_study_visit 为 false 时 visits 必须为空。")
        if self.is_study_visit and not self.visits:
            raise ValueError("is_study_visit 为 true 时至少要有一个 visit。")
        return self
