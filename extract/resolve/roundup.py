"""Propose the delegation trips a text states plainly, one per delegation (pure code, no model).

A "roundup" article reports several delegations' trips; the model's skeleton often collapses
them into one visit. This module reads, clause by clause (split on 。；; and newlines), four
general shapes of officialese:

1. sending side: ``<origin>…(党政)?代表团|考察团|调研组… (到|赴|前往|来到|抵达|走进|在) <places>``,
   with destination lists joined by 、/和/及/与 and later legs (之后又去 B, 随后赴 C);
2. host side: ``<host place> (迎来了|接待了) <origin>…代表团`` (the host is the destination);
3. origin lists: ``A、B、C 等省市 … 派出|组织|率 … 代表团 … 赴 <destination>`` (one trip each);
4. leaders: ``<delegation> (则)?由 <title><name> 带队``, ``<title><name> 率领的 <delegation>``
   and ``<title><name> 率 <delegation>``; leaders found anywhere fill trips of the same origin.

Places are spans the gazetteer resolves (chains such as 凉山州金阳县 kept whole); a place that
starts an organisation's name (…有限公司, …集团) is not one. A trip is kept only when its origin
resolves and a destination lies outside it. The governing date is the last date expression of
the clause before the destinations, else one opening the sentence.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace

from extract.resolve.dates import find_date_expressions
from extract.resolve.gazetteer import Gazetteer, normalize_name
from extract.resolve.people import PersonMention, find_people
from schemas.draft import BARE_SIDE, FIRST_PERSON_SIDE
from schemas.enums import RegionLevel

_SENTENCE_END = "。！？!?\n"
_CLAUSE_END = "；;"
_LEVEL_CHARS = "省市县区州盟旗"
_NOUN = re.compile(r"(?:党政|政府)?(?:学习考察团|代表团|考察团|考察组|调研组|工作组)")
_FILLER = re.compile(r"[\u4e00-\u9fff“”\"]{0,10}")
# 各 (我市各县区党政代表团) makes the noun the several delegations of a region's parts.
_FILLER_STOP = set("赴到在率领带由与和及、迎接来往去等派各")
_MOVE = re.compile(
    r"(?:来到|抵达|前往|赶赴|奔赴|走进|走访|赴|(?<![受得达看想遇感提收])到"
    r"|(?<![迎带以原本未后从近将起出])来(?!自)|在)了?"
)
_MOVE_REACH = 20
_STOP = re.compile(r"[。；;！？!?\n]")
_MORE_LEGS = re.compile(
    r"(?:之后|随后|然后|接着|继而|后|又|再|还|并)+(?:去|到|赴|前往|来到|转赴|走进)了?"
)
_VISIT_WORD = r"考察|学习|调研|交流|对接|参观|访问|走访|观摩|洽谈|座谈"
_VISIT_AFTER = re.compile(_VISIT_WORD)
_AFTER_STAY = re.compile(rf"(?:{_VISIT_WORD}|会合|召开|举行|开展|进行|参加|出席|[，,。；;])")
_JOIN = re.compile(r"、|和|及|与|以及")
_HOST_VERB = re.compile(r"(?:迎来|接待)了?")
_HOST_GAP = re.compile(r"[也还又再先后共近期日]{0,3}")
_GUEST_GAP = re.compile(r"[^，,。；;！？!?\n]{0,12}?")
_MEET_VERB = re.compile(r"(?:亲切)?会见了?")
_MEETER_GAP = re.compile(r"(?:同志)?(?:等)?(?:在[^，,。；;！？!?\n]{1,12}?)?(?:分别|亲切)?")
_GUEST_REACH = 40  # 会见由市委书记甲、市长乙率领的某市党政代表团: the group within this reach
_SENTENCE_BREAK = re.compile(r"[。；;！？!?\n]")
_ORIGIN_LIST_TAIL = re.compile(
    r"等?[^，,。；;\n]{0,12}?(?:派出|组织|率领|带领|率)[^。；;\n]{0,16}?"
    rf"(?:{_NOUN.pattern})[^。；;\n]{{0,16}}?(?:赶赴|奔赴|前往|来到|抵达|赴|到)了?"
)
_ORGANISATION = re.compile(
    r"[\u4e00-\u9fff]{0,8}?(?:股份有限公司|有限责任公司|有限公司|公司|集团|厂|银行)"
)
_NOT_ORGANISATION = re.compile(r"考察|调研|学习|参观|走进|来到|召开|举行|座谈|的|和|与|、")
_ORGAN_AFTER = re.compile(r"委|人民政府|政府|人大|政协")
_CHAMBER = re.compile(r"人大常委会|人大|政协")  # 常德市政协考察团: the chamber's own group
_LEAD_AFTER = re.compile(r"\s*(?:同志)?(?:率领|带领|率)")
_LED_WHILE = re.compile(r"(?:一行)?在[^。；;！？!?\n]{2,40}?(?:率领|带领)下[，,]?")
_LEAD_LED_BY = re.compile(r"(?:则|一行|均|分别)?[由在]")
_CO_LEADER = re.compile(r"(?:同志)?(?:和|与|及|、|，|,)")
_LED_TEAM = re.compile(r"\s*(?:同志)?(?:带队|率队|领队)")
_LEAD_ENDS = re.compile(r"\s*(?:同志)?(?:带队|率队|率领|带领|领队)")
_DATE_JOINS = ("、", "和", "及", "至", "到")
_RANGE_HEAD = re.compile(r"(?<![\d月])(?:\d{1,2}月)?\d{1,2}日?(?:至|到|-|—|～|~)$")
_TITLE_CUT = re.compile(r".*(?:由|则|像|如|团|组|的|率领|带领|率)")


@dataclass(frozen=True)
class TripProposal:
    """One trip the text states: who went from where to where, when, led by whom."""

    delegation: str
    origin: str
    destinations: tuple[str, ...]
    date_text: str | None
    lead: str | None
    start: int
    end: int


@dataclass(frozen=True)
class _Place:
    start: int
    end: int
    mention: str
    adcode: str


@dataclass(frozen=True)
class _Delegation:
    start: int
    end: int
    phrase: str
    origin: _Place


@dataclass(frozen=True)
class _Clause:
    start: int
    end: int
    sentence_start: int


# --- places -------------------------------------------------------------------------------


@functools.cache
def _short_names() -> frozenset[str]:
    """Stems of provinces and prefectures: 浙江, 杭州, 新疆 stand alone as place names."""
    g = Gazetteer.load()
    big = (RegionLevel.PROVINCE, RegionLevel.PREFECTURE)
    return frozenset(d.stem for d in g.divisions.values() if d.level in big and len(d.stem) >= 2)


@functools.cache
def _piece_sizes(stems: bool) -> dict[str, frozenset[int]]:
    """Lengths of the names a piece can be, by its first two characters: full names, short
    names and (for a destination slot) stems. Every stem's first two characters are keys too,
    since a stem can start a stem-with-level piece (甘孜 → 甘孜州), checked apart."""
    g = Gazetteer.load()
    keys = [*g.by_name, *_short_names(), *(g.by_stem if stems else ())]
    sizes: dict[str, set[int]] = {}
    for key in keys:
        sizes.setdefault(key[:2], set()).add(len(key))
    for stem in g.by_stem:
        sizes.setdefault(stem[:2], set())
    return {c: frozenset(s) for c, s in sizes.items()}


def _piece_at(text: str, pos: int, stems: bool = False) -> int:
    """End of the longest place name starting at ``pos`` (0 when none).

    Full names, a stem with its level word (甘孜州), and short names of provinces and
    prefectures count; any division's stem only when ``stems`` (a destination slot: 来祁阳).
    Only the lengths a name starting with those two characters can have are tried, and the
    pieces that end in a level word.
    """
    sizes = _piece_sizes(stems).get(text[pos : pos + 2])
    if sizes is None:
        return 0
    g = Gazetteer.load()
    short = _short_names()
    for size in range(min(g._max_key, len(text) - pos), 1, -1):
        known, levelled = size in sizes, text[pos + size - 1] in _LEVEL_CHARS
        if not (known or levelled):
            continue
        piece = text[pos : pos + size]
        if known and (piece in g.by_name or piece in short or (stems and piece in g.by_stem)):
            return pos + size
        if levelled and _stem_with_level(piece):
            return pos + size
    return 0


@functools.lru_cache(maxsize=65536)
def _stem_with_level(piece: str) -> bool:
    """甘孜州, 凉山州: a known stem plus a level word (not 道县县: the stem is whole already)."""
    if piece[-1] not in _LEVEL_CHARS:
        return False
    stem = normalize_name(piece)
    if stem == piece or stem[-1] in _LEVEL_CHARS:
        return False
    g = Gazetteer.load()
    return any(g.divisions[c].name.endswith(piece[-1]) for c in g.by_stem.get(stem, ()))


def _chain_at(text: str, pos: int, stems: bool = False) -> list[int]:
    """Ends of the names chained from ``pos`` (凉山州|金阳县), longest chain last."""
    ends: list[int] = []
    end = _piece_at(text, pos, stems)
    while end:
        ends.append(end)
        end = _piece_at(text, end)
    return ends


@dataclass(frozen=True)
class _Scope:
    """What places are read against: the full division names written in the text (they
    settle ambiguous short names) and the publisher's own region, for 我省/我市… (or None)."""

    names: tuple[str, ...]
    home: str | None = None
    home_level: str = ""  # the last character of the home's name: 我市 is home only for a 市


def _resolve(mention: str, scope: _Scope) -> str | None:
    g = Gazetteer.load()
    region = g.resolve(mention)
    if not region.resolved and region.candidates and scope.names:
        region = g.resolve(mention, scope.names)
    return region.adcode if region.resolved else None


_MINE_STARTS = "我省市县区州"  # 我市…, and a bare 市委… (BARE_SIDE), when the publisher is known


def _place_at(text: str, pos: int, scope: _Scope, stems: bool = False) -> _Place | None:
    """The longest resolving chain at ``pos``, unless it starts an organisation's name; 我市…
    as the publisher's region."""
    if text[max(pos - 1, 0) : pos + 1] in _WORDS_ACROSS:  # 召开州党政代表团…会: no 开州
        return None
    mine = (
        (FIRST_PERSON_SIDE.match(text, pos) or BARE_SIDE.match(text, pos)) if scope.home else None
    )
    if mine and scope.home and mine.group().endswith(scope.home_level):
        return _Place(pos, mine.end(), mine.group(), scope.home)
    for end in reversed(_chain_at(text, pos, stems)):
        adcode = _resolve(text[pos:end], scope)
        if adcode is None:
            continue
        if _starts_organisation(text, end):
            return None
        return _Place(pos, end, text[pos:end], adcode)
    return None


def _starts_organisation(text: str, end: int) -> bool:
    match = _ORGANISATION.match(text, end)
    return match is not None and not _NOT_ORGANISATION.search(match.group())


# Common words whose second character starts a place's short name (召开 and 开州, 开封, 开平):
# a place is never read from inside one.
_WORDS_ACROSS = frozenset({"召开", "展开", "公开", "离开", "打开", "拉开", "揭开", "敞开", "放开"})


def _find_places(text: str, scope: _Scope) -> list[_Place]:
    """Every place span of the text, left to right, longest at each point."""
    places: list[_Place] = []
    starts, first = _piece_sizes(False), _piece_start(bool(scope.home))
    pos = 0
    while start := first.search(text, pos):
        pos = start.start()
        maybe = text[pos : pos + 2] in starts or text[pos] in _MINE_STARTS
        place = _place_at(text, pos, scope) if maybe else None
        if place is None:
            pos += 1
            continue
        places.append(place)
        pos = place.end
    return places


@functools.cache
def _piece_start(mine: bool) -> re.Pattern[str]:
    """Any character a piece can start with (and 我 for 我市… when `mine`): a scan jumps from
    one to the next."""
    chars = {k[0] for k in _piece_sizes(True)} | (set(_MINE_STARTS) if mine else set())
    return re.compile(f"[{re.escape(''.join(sorted(chars)))}]")


def _names(text: str) -> tuple[str, ...]:
    """Full division names written in the text: they settle ambiguous short names."""
    g = Gazetteer.load()
    codes = dict.fromkeys(g.scan_full_names(text))
    return tuple(g.divisions[c].name for c in codes if len(g.by_name[g.divisions[c].name]) == 1)


# --- clauses and dates --------------------------------------------------------------------


def _clauses(text: str) -> Iterator[_Clause]:
    sentence_start = clause_start = 0
    for i, ch in enumerate(text):
        if ch in _SENTENCE_END or ch in _CLAUSE_END:
            if i > clause_start:
                yield _Clause(clause_start, i, sentence_start)
            clause_start = i + 1
            if ch in _SENTENCE_END:
                sentence_start = i + 1
    if clause_start < len(text):
        yield _Clause(clause_start, len(text), sentence_start)


def _date_for(
    text: str, dates: Sequence[tuple[int, int, str]], clause: _Clause, before: int
) -> str | None:
    """The last date of the clause before ``before``, else a date opening the sentence."""
    inside = [d for d in dates if clause.start <= d[0] and d[1] <= before]
    if inside:
        k = len(inside) - 1
        while k > 0 and text[inside[k - 1][1] : inside[k][0]] in _DATE_JOINS:
            k -= 1  # 6月16日、6月17日: the list from its first date
        return _widen(text, inside[k][0], inside[-1][1])
    for start, end, _expr in dates:
        if clause.sentence_start <= start <= clause.sentence_start + 2:
            return _widen(text, start, end)
    return None


def _widen(text: str, start: int, end: int) -> str:
    """5月20至22日 parses as 22日 alone: take back the range's start the parser left out."""
    head = _RANGE_HEAD.search(text, max(0, start - 8), start)
    return text[head.start() if head else start : end]


# --- delegations and destinations ---------------------------------------------------------


def _delegations(
    text: str, places: list[_Place], clause: _Clause, scope: _Scope
) -> list[_Delegation]:
    """Delegation nouns of the clause with the place written just before them."""
    found: list[_Delegation] = []
    for noun in _NOUN.finditer(text, clause.start, clause.end):
        origin = _origin_before(text, places, clause.start, noun.start())
        origin = origin or _stem_before(text, clause.start, noun.start(), scope)
        if origin is not None:
            found.append(
                _Delegation(origin.start, noun.end(), text[origin.start : noun.end()], origin)
            )
    return found


def _origin_before(text: str, places: list[_Place], floor: int, pos: int) -> _Place | None:
    candidates = [p for p in places if floor <= p.start and p.end <= pos]
    if not candidates:
        return None
    place = candidates[-1]
    filler = text[place.end : pos]
    plain = _FILLER.fullmatch(filler) and not _FILLER_STOP.intersection(filler)
    organ = _ORGAN_AFTER.match(filler) and not _CHAMBER.fullmatch(filler)
    return place if plain and not organ else None


def _stem_before(text: str, floor: int, pos: int, scope: _Scope) -> _Place | None:
    """海安党政代表团: a county's bare stem counts as the origin right before the noun."""
    for size in (4, 3, 2):
        if pos - size < floor:
            continue
        place = _place_at(text, pos - size, scope, stems=True)
        if place is not None and place.end == pos:
            return place
    return None


def _destinations(text: str, pos: int, end: int, scope: _Scope) -> list[_Place]:
    """Places listed from ``pos`` (joined by 、和及与), skipping a modifier (毗邻上海的)."""
    first = _place_at(text, pos, scope, stems=True) or _short_name_at(text, pos, scope)
    modifier = first if first is not None else _modifier_place(text, pos, scope)
    if modifier is not None and text.startswith("的", modifier.end):
        first = _place_at(text, modifier.end + 1, scope, stems=True)
    if first is None or first.end > end or _ORGAN_AFTER.match(text, first.end):
        return []
    found = [first]
    while True:
        join = _JOIN.match(text, found[-1].end)
        nxt = _place_at(text, join.end(), scope, stems=True) if join else None
        if nxt is None or nxt.end > end or _ORGAN_AFTER.match(text, nxt.end):
            return found
        found.append(nxt)


def _short_name_at(text: str, pos: int, scope: _Scope) -> _Place | None:
    """粤 in 来粤考察: a province's one-character short name, right before what the trip is for;
    the publisher's own region by its first character (来昆考察 in a 昆山 paper) before that,
    or before a comma (带领下来义，围绕…开展对接 in a 义乌 paper)."""
    g = Gazetteer.load()
    home = g.divisions[scope.home].name if scope.home else ""
    mine = home[:1] == text[pos : pos + 1]
    if not (_VISIT_AFTER.match(text, pos + 1) or (mine and text[pos + 1 : pos + 2] in ("，", ","))):
        return None
    code = scope.home if mine else g.short_names.get(text[pos])
    return None if code is None else _Place(pos, pos + 1, text[pos], code)


def _modifier_place(text: str, pos: int, scope: _Scope) -> _Place | None:
    """毗邻上海的浙江省: a place in a short modifier before 的, not itself the destination."""
    for skip in range(1, 5):
        place = _place_at(text, pos + skip, scope)
        if place is not None and text.startswith("的", place.end):
            return place
    return None


def _later_legs(text: str, pos: int, end: int, scope: _Scope) -> list[_Place]:
    """之后又去 B, 随后赴 C: further legs later in the clause."""
    found: list[_Place] = []
    for leg in _MORE_LEGS.finditer(text, pos, end):
        found.extend(_destinations(text, leg.end(), end, scope))
    return found


# --- the four patterns --------------------------------------------------------------------


@dataclass(frozen=True)
class _Trip:
    delegation: str
    origin: _Place
    destinations: tuple[_Place, ...]
    at: int  # where the destinations start, for the date


def _sending(text: str, delegation: _Delegation, clause: _Clause, scope: _Scope) -> _Trip | None:
    """Pattern 1: <delegation> … 赴|到|在 <places> (考察); its leaders may stand between
    (…代表团在地委书记甲、行署专员乙率领下，赴…)."""
    led = _LED_WHILE.match(text, delegation.end)
    after = led.end() if led else delegation.end
    window = min(after + _MOVE_REACH + 3, clause.end)
    for move in _MOVE.finditer(text, after, window):
        if _STOP.search(text, after, move.start()):
            return None
        if _NOUN.search(text, after, move.start()):
            return None
        places = _destinations(text, move.end(), clause.end, scope)
        if not places:
            continue
        if move.group().startswith("在") and not _AFTER_STAY.match(text, places[-1].end):
            continue
        legs = _later_legs(text, places[-1].end, clause.end, scope)
        return _Trip(delegation.phrase, delegation.origin, (*places, *legs), move.end())
    return None


def _hosted(
    text: str, places: list[_Place], dels: list[_Delegation], clause: _Clause
) -> list[_Trip]:
    """Pattern 2: <host place> 迎来了|接待了 <origin>…代表团."""
    trips: list[_Trip] = []
    for verb in _HOST_VERB.finditer(text, clause.start, clause.end):
        host = next(
            (
                p
                for p in places
                if p.end <= verb.start()
                and p.start >= clause.start
                and _HOST_GAP.fullmatch(text[p.end : verb.start()])
            ),
            None,
        )
        if host is None:
            continue
        guest = next((d for d in dels if d.start >= verb.end()), None)
        if guest is None or not _GUEST_GAP.fullmatch(text[verb.end() : guest.start]):
            continue
        trips.append(_Trip(guest.phrase, guest.origin, (host,), host.start))
    return trips


def _received(
    text: str,
    places: list[_Place],
    people: list[PersonMention],
    dels: list[_Delegation],
    clause: _Clause,
) -> list[_Trip]:
    """Pattern 2b: <official of a place> 会见 (由…率领的) <origin>…代表团: the official's
    place hosted the group (深圳市委书记甲会见哈尔滨市党政代表团一行)."""
    trips: list[_Trip] = []
    for verb in _MEET_VERB.finditer(text, clause.start, clause.end):
        host = next(
            (
                p
                for p in reversed(people)
                if clause.start <= p.start
                and p.end <= verb.start()
                and _MEETER_GAP.fullmatch(text, p.end, verb.start())
            ),
            None,
        )
        span = host.title_span if host else None
        place = next((p for p in places if span and span[0] <= p.start and p.end <= span[1]), None)
        guest = next((d for d in dels if d.start >= verb.end()), None)
        if place is None or guest is None or guest.start - verb.end() > _GUEST_REACH:
            continue
        if _SENTENCE_BREAK.search(text, verb.end(), guest.start):
            continue
        trips.append(_Trip(guest.phrase, guest.origin, (place,), place.start))
    return trips


def _origin_lists(text: str, places: list[_Place], clause: _Clause, scope: _Scope) -> list[_Trip]:
    """Pattern 3: A、B、C 等省市 … 派出 … 代表团 … 赴 <destination>."""
    inside = [p for p in places if clause.start <= p.start and p.end <= clause.end]
    trips: list[_Trip] = []
    i = 0
    while i < len(inside):
        run = [inside[i]]
        while i + 1 < len(inside) and _JOIN.fullmatch(text[run[-1].end : inside[i + 1].start]):
            i += 1
            run.append(inside[i])
        i += 1
        if len(run) < 2:
            continue
        tail = _ORIGIN_LIST_TAIL.match(text, run[-1].end, clause.end)
        if tail is None:
            continue
        dests = _destinations(text, tail.end(), clause.end, scope)
        trips.extend(_Trip("", origin, tuple(dests), tail.end()) for origin in run if dests)
    return trips


def _title(person: PersonMention) -> str:
    """The office words before the name: 像甘孜州考察团由州委书记 → 州委书记."""
    return _TITLE_CUT.sub("", person.title).strip("、，, ")


def _leads(text: str, dels: list[_Delegation], people: list[PersonMention]) -> dict[str, str]:
    """Pattern 4: origin adcode → "title+name" of who leads that delegation (the first named)."""
    leads: dict[str, str] = {}
    if not dels:  # every lead found below is one of ``dels``
        return leads
    for i, person in enumerate(people):
        delegation = _led_delegation(text, people, i, dels)
        if delegation is not None:
            leads.setdefault(delegation.origin.adcode, _title(person) + person.name)
    return leads


def _led_delegation(
    text: str, people: list[PersonMention], i: int, dels: list[_Delegation]
) -> _Delegation | None:
    """The delegation people[i] leads, directly or as the first of 书记甲和市长乙率领的 X."""
    person = people[i]
    nxt = people[i + 1] if i + 1 < len(people) else None
    if nxt is not None and _CO_LEADER.fullmatch(text[person.end : _title_start(nxt)]):
        return _led_delegation(text, people, i + 1, dels)
    after = _LEAD_AFTER.match(text, person.end)
    if after:  # 书记某某率领的 X 代表团 / 书记某某率 X 代表团
        start = after.end() + (1 if text.startswith("的", after.end()) else 0)
        if (led_here := next((d for d in dels if d.start == start), None)) is not None:
            return led_here
    team = _LED_TEAM.match(text, person.end)
    led = next((d for d in dels if team and d.start == team.start() and not d.phrase), None)
    if led is not None:  # 县长某某带队赴…: the team with no noun that this leader leads
        return led
    if _LEAD_ENDS.match(text, person.end):  # X 代表团则由书记某某带队
        title_start = _title_start(person)
        return next((d for d in dels if _LEAD_LED_BY.fullmatch(text[d.end : title_start])), None)
    return None


def _title_start(person: PersonMention) -> int:
    return person.start - len(_title(person))


def _bare_delegations(
    text: str, places: list[_Place], people: list[PersonMention], clause: _Clause
) -> list[_Delegation]:
    """某县县委书记某某率领党政代表团: the leader's title names the origin of a bare noun;
    某市市长某某带队赴…: of a team that has no noun at all."""
    found: list[_Delegation] = []
    for person in people:
        if not (clause.start <= person.start < clause.end) or person.title_span is None:
            continue
        after = _LEAD_AFTER.match(text, person.end)
        noun = _NOUN.match(text, after.end()) if after else None
        team = None if noun else _LED_TEAM.match(text, person.end)
        noun = noun or team
        if noun is None:
            continue
        span = person.title_span
        origin = next((p for p in places if span[0] <= p.start and p.end <= span[1]), None)
        if origin is not None:
            phrase = "" if team else noun.group()  # 市委书记某某带队赴…: no group noun
            found.append(_Delegation(noun.start(), noun.end(), phrase, origin))
    return found


# --- assembling ---------------------------------------------------------------------------


def _keep(trip: _Trip) -> tuple[_Place, ...]:
    """Destinations outside the origin (and not enclosing it: 郫都区 → 成都市), each once."""
    g = Gazetteer.load()
    origin = trip.origin.adcode
    seen: set[str] = set()
    kept: list[_Place] = []
    for place in trip.destinations:
        home = g.is_within(place.adcode, origin) or g.is_within(origin, place.adcode)
        if home or place.adcode in seen:
            continue
        seen.add(place.adcode)
        kept.append(place)
    return tuple(kept)


def _clause_trips(
    text: str,
    places: list[_Place],
    people: list[PersonMention],
    clause: _Clause,
    scope: _Scope,
) -> tuple[list[_Trip], list[_Delegation]]:
    dels = _delegations(text, places, clause, scope)
    bare = _bare_delegations(text, places, people, clause)
    trips = [
        t
        for d in sorted(dels + bare, key=lambda d: d.start)
        if (t := _sending(text, d, clause, scope))
    ]
    trips += _hosted(text, places, dels, clause)
    trips += _received(text, places, people, dels, clause)
    trips += _origin_lists(text, places, clause, scope)
    return trips, dels + bare


class _Collector:
    """Trips in text order, one per origin: a repeated origin merges into the first."""

    def __init__(self) -> None:
        self.proposals: list[TripProposal] = []
        self.index: dict[str, int] = {}
        self.codes: dict[str, set[str]] = {}

    def add(
        self,
        trip: _Trip,
        dests: tuple[_Place, ...],
        date: str | None,
        lead: str | None,
        clause: _Clause,
    ) -> None:
        code = trip.origin.adcode
        if code not in self.index:
            self.index[code] = len(self.proposals)
            self.codes[code] = {p.adcode for p in dests}
            names = tuple(p.mention for p in dests)
            self.proposals.append(
                TripProposal(
                    trip.delegation,
                    trip.origin.mention,
                    names,
                    date,
                    lead,
                    clause.start,
                    clause.end,
                )
            )
            return
        old = self.proposals[self.index[code]]
        extra = tuple(p.mention for p in dests if p.adcode not in self.codes[code])
        self.codes[code].update(p.adcode for p in dests)
        self.proposals[self.index[code]] = replace(
            old,
            delegation=old.delegation or trip.delegation,
            destinations=old.destinations + extra,
            date_text=old.date_text or date,
            lead=old.lead or lead,
        )

    def fill_leads(self, leads: dict[str, str]) -> list[TripProposal]:
        """Leaders named elsewhere in the text (X 代表团由书记某某带队) fill trips without one."""
        for code, i in self.index.items():
            if self.proposals[i].lead is None and code in leads:
                self.proposals[i] = replace(self.proposals[i], lead=leads[code])
        return self.proposals


def propose_trips(text: str, home: str | None = None) -> list[TripProposal]:
    """The trips a text states, in text order, one per origin; 我省/我市… are ``home`` (the
    publisher's region) when it is given, known and of the word's level."""
    home_code = _resolve(home, _Scope(())) if home else None
    level = Gazetteer.load().divisions[home_code].name[-1] if home_code else ""
    scope = _Scope(_names(text), home_code, level)
    places = _find_places(text, scope)
    people = find_people(text)
    dates = find_date_expressions(text)
    collector = _Collector()
    all_dels: list[_Delegation] = []
    for clause in _clauses(text):
        trips, dels = _clause_trips(text, places, people, clause, scope)
        all_dels += dels
        leads = _leads(text, dels, people)
        for trip in sorted(trips, key=lambda t: t.origin.start):
            dests = _keep(trip)
            if dests:
                date = _date_for(text, dates, clause, dests[0].start)
                collector.add(trip, dests, date, leads.get(trip.origin.adcode), clause)
    return collector.fill_leads(_leads(text, all_dels, people))
