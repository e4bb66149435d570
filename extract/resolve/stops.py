"""Stops the text names after a visiting verb: code's proposals beside the model's itinerary.

Reports list the places a delegation saw in set phrases: 先后参观了A、B和C; 来到A; 走进A;
实地察看A. After such a verb, each listed name that ends in a word for a kind of place (公司,
实验室, 产业园, 村, 展示馆, 服务中心, 项目 …) is proposed as a stop of that kind. The model
reads the whole text and finds stops written in other ways; code finds the listed ones it
missed, so the two add up instead of gating each other.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from extract.datafile import read_entries
from extract.resolve.gazetteer import Gazetteer
from extract.resolve.people import find_people
from schemas.draft import DraftContext, leading_region, squash
from schemas.enums import StopKind

# Verbs that say the delegation went to or saw a place (general officialese).
VISIT_VERBS = (
    r"(?:先后|相继|一同|一起|还|又|随后|并)?"
    r"(?:参观考察|考察调研|调研考察|实地(?:察看|考察|查看|参观|调研|走访)|参观了?|考察了?|"
    r"来到|走进|走访了?|深入|前往|察看了?|观摩了?|探访了?|到访)(?![团组])"
)
# Words that end a place's name, by kind; longer words first where they overlap.
KIND_WORDS: tuple[tuple[StopKind, str], ...] = (
    (
        StopKind.EXHIBITION,
        r"展示馆|展览馆|展示中心|展销中心|会展中心|展示厅|展厅|博物馆|纪念馆|陈列馆|规划馆|体验中心|展馆"
        r"|帮扶馆|体验馆|文化馆|艺术馆|科技馆|非遗馆|展销馆|商品馆|特色馆|(?<![宾饭旅茶酒])馆",
    ),
    (
        StopKind.GOVERNMENT,
        r"政务服务中心|便民服务中心|服务中心|指挥中心|治理中心|运营中心|管理中心|调度中心"
        r"|化解中心|综治中心|联动中心|服务大厅|办公楼|行政中心|联络站|联络总站|联系点|代表之家|委员之家|服务站|工作站"
        # a city's hall for citizens' business, a 新时代文明实践 centre, a city's operations room
        r"|市民中心|市民之家|文明实践中心|文明实践所|文明实践站|运行中心|议事厅",
    ),
    (StopKind.RESEARCH, r"研究院|研究所|实验室|大学|学院|研究中心|创新中心|科研中心|分院"),
    (
        StopKind.ENTERPRISE,
        r"股份有限公司|有限公司|公司|股份|集团总部|集团|总部|工厂|厂|农场|牧场|庄园|酒庄|合作社|科技",
    ),
    (
        StopKind.PARK,
        r"产业园区?|工业园区?|科技园|创业园|农业园|园区|小镇|基地|科创绿谷|科技城|新城|园"
        r"|经济技术开发区|高新技术产业开发区|开发区|高新区|经开区|综合保税区|保税区|度假区|港区"
        r"|科学城|科教城|生态城|示范区|田园综合体|物流港",
    ),
    # towns too (长安镇); 嘎查, 苏木: Inner Mongolia's village, township
    (StopKind.VILLAGE, r"村|社区|街道|古镇|镇|乡|嘎查|苏木"),
    (StopKind.PROJECT, r"项目|工程"),
    (
        StopKind.OTHER,
        r"示范点|建房点|中学|小学|学校|医院|景区|街区|古城|片区|码头|石窟|商贸城|博览城|商城"
        r"|口岸|服装城|家纺城|小商品城|贸易中心|交易中心",
    ),
)
_KIND_RE = re.compile(
    "|".join(f"(?P<k{i}>(?:{words}))$" for i, (_, words) in enumerate(KIND_WORDS))
)
# A listed name ending in 中心 and in none of the words above (育秧中心, 交易中心) is a place
# too, of no kind its name tells: proposed as "other", never said of a stop the model gave.
_ANY_CENTRE = re.compile(r"中心$")
_AFTER_VERB = re.compile(
    VISIT_VERBS + r"(?P<span>[^，。；！？,;:：\n]{2,80})"
    # 在A，… opening a sentence: the scene of what follows
    r"|(?:^|(?<=[。；！？\n]))在(?P<scene>[^，。；！？,;:：\n]{2,40})(?=[，,])"
    # 还在A考察了…: the place where the group looked at something
    r"|(?<=[还又并])在(?P<where>[^，。；！？,;:：\n]{2,40}?)(?=考察|参观|调研|观摩|察看)"
    # 先后赴A、B参观考察: the places gone to for a look (a region there is no stop's name)
    r"|(?:赴|到)(?P<went>[^，。；！？,;:：\n]{2,80}?)(?=(?:等地|等处)?(?:参观|考察|调研|观摩|实地))"
    # a photo's caption: 图为代表团在甲乙产业园考察。 图为甲乙展示馆。
    r"|(?:^|(?<=\n))图为(?:[^在，。\n]{0,12}在)?(?P<caption>[^，。；、（(\n]{2,40}?)"
    r"(?=(?:参观考察|考察调研|参观|考察|调研|观摩)?[。（(\n]|$)"
)
_SPLIT = re.compile(r"[、]|和|及|以及|与")
# A list the text itself calls places seen: A、B、C等考察点.
_LISTED_END = r"等(?:考察点|参观点|点位|地方|企业|单位|地)"
# …等单位负责人参加, 与…等单位进行座谈: the list names who took part or met, not places seen.
_LISTED = re.compile(
    r"(?P<span>[^。；！？;:：\n]{2,160}?)" + _LISTED_END + r"(?!和?\S{0,4}负责|参加|进行|座谈|代表)"
)
_LISTED_MARK = re.compile(_LISTED_END)
_LISTED_BREAK = re.compile(r"[。；！？;:：\n]")
_MORE = re.compile(r"[，,；;](?P<next>[^，。；！？,;:：\n]{2,40})")
_LEAD = re.compile(r"^(?:了|位于\S{0,12}?的|全国首个|首个)")
_TAIL = re.compile(r"(?:等地|等企业|等单位|等地方|等处|等|的建设情况|建设情况|情况|现场)$")
_NOT_NAME = re.compile(
    r"[的了是就把被将]|我们|他们|代表团|一行|企业和|发展(?!展示馆|展览馆|示范区)|来到|参观|考察|走进|前往"
)
MIN_HEAD = 2  # characters before the kind word: 企业 alone, or 该公司, is no name
MIN_PROJECT_HEAD = 4  # 晶科能源项目 names one; 合作项目, 帮扶项目, 产业项目 name a kind


@dataclass(frozen=True, slots=True)
class StopProposal:
    name: str
    kind: StopKind
    start: int


def propose_stops(text: str) -> list[StopProposal]:
    """Named places listed after a visiting verb, or before 等考察点, in text order, once."""
    found: dict[str, StopProposal] = {}
    for m in _AFTER_VERB.finditer(text):
        group = next(g for g in ("span", "scene", "where", "went", "caption") if m.group(g))
        _collect(text, m.group(group), m.start(group), found)
        if group == "span" and _names_all(m.group(group)):
            _continue_list(text, m.end(group), found)
    for m in _listed(text):
        span = re.split(r"[，,]", m.group("span"))[-1]
        _collect(text, span, m.end("span") - len(span), found)
    return sorted(found.values(), key=lambda p: p.start)


def _listed(text: str) -> Iterator[re.Match[str]]:
    """_LISTED's matches, looked for only between sentence breaks that enclose its closing
    words: a match never crosses a break, so these are the same matches, with far fewer tries."""
    start = 0
    for brk in [*_LISTED_BREAK.finditer(text), None]:
        end = brk.start() if brk else len(text)
        if _LISTED_MARK.search(text, start, end):
            yield from _LISTED.finditer(text, start, end)
        start = brk.end() if brk else end


def _collect(text: str, span: str, offset: int, found: dict[str, StopProposal]) -> None:
    for piece in _SPLIT.split(span):
        name = _name(piece)
        kind = stop_kind(name) or _centre(name)
        if kind is None or name in found or _NOT_NAME.search(name):
            continue
        found[name] = StopProposal(name, kind, text.find(name, offset))


def _name(piece: str) -> str:
    """The name in a listed piece: after any 的-modifier, without 等 or 情况 after it."""
    piece = piece.strip().rsplit("的", 1)[-1]
    return _TAIL.sub("", _LEAD.sub("", piece))


def _names_all(span: str) -> bool:
    return all(
        (stop_kind(_name(p)) or _centre(_name(p))) is not None
        for p in _SPLIT.split(span)
        if p.strip()
    )


def _centre(name: str) -> StopKind | None:
    head = len(name) - 2
    return StopKind.OTHER if _ANY_CENTRE.search(name) and MIN_HEAD <= head <= 28 else None


def _continue_list(text: str, end: int, found: dict[str, StopProposal]) -> None:
    """A list that goes on past a comma (考察A,B;C): each further piece made only of names."""
    while (m := _MORE.match(text, end)) and _names_all(m.group("next")):
        _collect(text, m.group("next"), m.start("next"), found)
        end = m.end("next")


def stop_kind(name: str) -> StopKind | None:
    """The kind of place a name ends in, when it is long enough to be a name (quotes and
    brackets around its last word aside: 紫光工业“云体验中心”)."""
    name = name.rstrip("”\"’'」』）)")
    name = re.sub(r"[“\"‘'「『（(]", "", name)
    m = _KIND_RE.search(name)
    if m is None or len(name) - len(m.group()) < MIN_HEAD or len(name) > 30:
        return None
    kind = KIND_WORDS[int(next(k for k, v in m.groupdict().items() if v)[1:])][0]
    if kind is StopKind.PROJECT and len(name) - len(m.group()) < MIN_PROJECT_HEAD:
        return None  # 合作项目, 重点项目: a kind of project, not one named
    if kind is StopKind.PARK and _company_base(name):
        return StopKind.ENTERPRISE
    return kind


def place_named(name: str) -> str:
    """The place a stop's answer names before what was seen there (久祺股份的智能化生产线,
    某村的数字乡村建设项目): the part before 的, where that part is a place by its last word."""
    head, sep, _ = name.partition("的")
    return head if sep and stop_kind(head) is not None else name


def said_kind(name: str, said: StopKind) -> StopKind:
    """A stop's kind: the one its name's last word tells (公司, 村, 展馆…), else the kind the
    model gave, except a hall or museum where nothing in the name shows one (a 书院, a 驿站,
    a 绿道 the model calls an exhibition): a place of no kind its name tells, other."""
    told = stop_kind(name)
    if told is not None:
        return told
    if said is StopKind.EXHIBITION and not _SHOWS.search(name):
        return StopKind.OTHER
    return said


_SHOWS = re.compile(r"展|馆|厅|陈列|博物|体验")


def _company_base(name: str) -> bool:
    """A 基地 named by a maker's name and the place it stands in (宁德时代溧阳基地, 一汽—大众华北
    基地), not by a field (产业基地, 蔬菜基地, 实训基地): a company's plant, an enterprise."""
    if not name.endswith("基地"):
        return False
    gazetteer = Gazetteer.load()
    head = name[: -len("基地")]
    for size in (2, 3):
        maker, where = head[:-size], head[-size:]
        placed = where in _DIRECTIONS or bool(gazetteer.candidates(where))
        if placed and len(maker) >= MIN_HEAD:
            return gazetteer.segment(maker) is None  # 福建厦门基地: two places, no maker
    return False


_DIRECTIONS = ("华北", "华东", "华南", "华中", "华西", "西南", "西北", "东北")


_TITLE = re.compile(r"《[^《》\n]{1,80}》")


def names_only_a_document(text: str, name: str) -> bool:
    """Every place the text writes the name is inside a title (《…协议》): a document signed or
    issued, not a place the delegation saw."""
    text, name = squash(text), squash(name)
    plain = _TITLE.sub("", text)
    return name not in plain and any(name in t for t in _TITLE.findall(text))


# Where a group stays or is hosted to a meal: no place it came to see.
_LODGING = re.compile(r"(?:宾馆|酒店|饭店|招待所|大厦酒店)$")
_JOINERS = r"(?:、|和|及|与|产业|行业|领域|等)*"


@functools.cache
def _sectors() -> re.Pattern[str]:
    words = sorted({w.strip() for w in read_entries("industry_sectors.txt")}, key=len, reverse=True)
    alternatives = "|".join(map(re.escape, words))
    return re.compile(rf"(?:(?:{alternatives}){_JOINERS})+")


# A list the text closes as goods (察看了木耳、大米、蜂蜜等特色农产品): its items are products.
_GOODS = re.compile(
    r"(?P<list>[^，。；！？,;:：\n]{1,80}?)等[\u4e00-\u9fff]{0,6}?"
    r"(?:农特产品|农副产品|农产品|土特产品?|特产|产品|商品)"
)


def names_goods(text: str, name: str) -> bool:
    """Every place the text writes the name is an item of a list it closes as goods."""
    text, name = squash(text), squash(name)
    lists = [m.group("list") for m in _GOODS.finditer(text)]
    items = {i.rsplit("了", 1)[-1] for lst in lists for i in lst.split("、")}
    return name in items and text.count(name) == sum(lst.count(name) for lst in lists)


def names_no_place(name: str) -> bool:
    """A stop name that is no place seen: industry sectors alone (电子信息、装备制造, 新材料产业),
    or a hotel."""
    name = squash(name)
    return bool(_sectors().fullmatch(name) or _LODGING.search(name))


def names_an_official(text: str, name: str) -> bool:
    """The stop is one of the page's officials, with or without the title the page gives him
    (寿光市委书记郑立民陪同考察: a host, not a place)."""
    name = squash(name)
    return any(
        name.endswith(person) and title.endswith(name[: len(name) - len(person)])
        for person, title in _officials(text)
    )


@functools.lru_cache(maxsize=8)
def _officials(text: str) -> tuple[tuple[str, str], ...]:
    return tuple((p.name, squash(p.title or "")) for p in find_people(text) if len(p.name) >= 2)


def at_home(name: str, origin: str, destinations: Sequence[str], ctx: DraftContext) -> bool:
    """The stop is named after a place inside the delegation's own region and none of the
    places it went to (项城市医药产业园, 周口港区, on a page where 周口's leaders tour their own
    counties and then take a delegation to 阜阳): a site at home, not one the trip saw."""
    if ctx.resolve_place is None or not (home := ctx.resolve_place(origin, ()).adcode):
        return False
    gazetteer = Gazetteer.load()
    name = squash(name)
    head = leading_region(name, ctx)
    code = ctx.resolve_place(head, ()).adcode if head else _named_after(name, home, gazetteer)
    if not code:
        return False
    away = [c for d in destinations if (c := ctx.resolve_place(d, (origin,)).adcode)]
    return gazetteer.is_within(code, home) and not any(
        gazetteer.is_within(code, a) or gazetteer.is_within(a, code) for a in away
    )


def _named_after(name: str, home: str, gazetteer: Gazetteer) -> str | None:
    """The delegation's own region, where the name opens with a zone named after it by its
    stem (周口港区, 周口港区多式联运物流中心 of 周口市)."""
    division = gazetteer.lookup(home)
    stem = division.stem if division else ""
    if len(stem) < 2 or not name.startswith(stem):
        return None
    heads = (name[:end] for end in range(len(stem) + 2, min(len(name), len(stem) + 6) + 1))
    return home if any(stop_kind(head) is StopKind.PARK for head in heads) else None
