"""Who is on which side of a trip, as the text says it: who leads (the names before 率 / 率领 /
带领 / 带队 in the sentence that names the delegation, after 由 in …代表团由…带队, after 带队的),
which side an official is on when the title names a region or a list shares one, who hosts
by the verbs of a list (陪同, 会见, 迎接), and the publisher's own side for a title written by
its level word alone (市领导, 县长). General news grammar, read before the model is asked.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from extract.resolve.gazetteer import Division, Gazetteer
from extract.resolve.people import TITLE_NOTE, PersonMention
from schemas.draft import DraftContext
from schemas.enums import RegionLevel
from schemas.steps import SkeletonVisit

_SENTENCE_END = "。！？；!?;\n"
LEAD_WORDS = re.compile(r"率领|带领|率队|带队|率团|带团|领队|领衔|率")
# What a delegation is or does, later in a leader's sentence: …带队，…赴顺德区观摩学习, 率队赴…
# 对接东西部协作工作 (not 率队赴上海开展招商活动, an event).
_DELEGATION = re.compile(r"代表团|考察团|考察组|调研组|交流团|学习团|考察|学习|观摩|取经|对接|协作")
_LED_BY = re.compile(r"(?:代表团|考察团|考察组|调研组|交流团|学习团)[^，,。；;！？!?\n]{0,6}?由")
# Before a lead word, what ends the leaders' part: a host who 会见 the group 由…率领.
_NOT_LEADING = re.compile(r"会见|会晤|陪同|迎接|接待|(?<![自理缘])由(?!于|此)")
_AS_HEAD = re.compile(r"以([^，,。；;！？!?\n]{2,40}?)为(?:团长|组长|领队)")
_LED_TEAM_OF = re.compile(r"(?:带队|率队|领队)的")  # 带队的市委书记某某
_BY_LEADER = re.compile(r"(?<![自理缘])由([^，,。；;！？!?\n]{2,24}?)(?:同志)?(?:带队|率队|领队)")


def lead_names(text: str, candidates: Sequence[PersonMention]) -> set[str]:
    """Names written before 率 / 带领 / 带队 in a sentence about the delegation (…率代表团赴,
    …率团, or 代表团由…带队), at any of their mentions, after 带队的 (带队的市委书记某某) and between
    以 and 为团长 (以市政协主席某某为团长): its leaders. A host who 会见 or 陪同 the delegation
    由…率领 (…率领的代表团) is none."""
    leads: set[str] = set()
    for m in LEAD_WORDS.finditer(text):
        sentence_start = max((text.rfind(ch, 0, m.start()) for ch in _SENTENCE_END), default=-1) + 1
        led_by = _LED_BY.search(text, sentence_start, m.start())
        if led_by:
            sentence_start = led_by.end()
        elif not m.group().endswith("团") and not _DELEGATION.search(
            _to_sentence_end(text[m.end() : m.end() + 80])
        ):  # 率团 and 带团 name the delegation themselves (市长某某率团。)
            continue
        cuts = list(_NOT_LEADING.finditer(text, sentence_start, m.start()))
        start = cuts[-1].end() if cuts else sentence_start
        for c in candidates:
            for at in _mentions(text, c.name, start, m.start()):
                if m.start() - (at + len(c.name)) <= 60:
                    leads.add(c.name)
    for m in (*_BY_LEADER.finditer(text), *_AS_HEAD.finditer(text)):  # 由某某带队, 以某某为团长
        leads.update(c.name for c in candidates if c.name in m.group(1))
    for m in _LED_TEAM_OF.finditer(text):
        leads.update(c.name for c in candidates if c.name in text[m.end() : m.end() + 16])
    return leads


def _to_sentence_end(text: str) -> str:
    ends = [at for ch in _SENTENCE_END if (at := text.find(ch)) >= 0]
    return text[: min(ends)] if ends else text


# A title that opens with a place below a county (华西村党委副书记, 刘庄店镇党委书记), or with
# such a level word alone (镇党委副书记、镇长), which the gazetteer of counties cannot place.
_BELOW_COUNTY = re.compile(
    r"[\u4e00-\u9fff]{1,6}?(?:镇|乡|村|街道|社区)(?=党|政府|人大|委|长|主任|书记)"
)
_BARE_BELOW = re.compile(r"(镇|乡|街道|村)(?=党|政府|人大|长|办事处|委)")
_WENT_TO = r"(?:赴|到|来到|走进|前往|在)[^，,。；;！？!?\n]{0,12}?"


def below_county_side(c: PersonMention, lead_titles: Sequence[str], trip_text: str) -> str | None:
    """The side of an official of a township or village, where a town's group travels: a
    bare 镇长 is of the leader's town (刘庄店镇党委书记某某带队), a village written where the
    group went (赴江阴市华西村) hosts it (华西村党委副书记), and so does a bare 村党委书记 of a
    group led from above a village; else None."""
    title = c.title or ""
    bare = _BARE_BELOW.match(title)
    if bare:
        if any(bare[1] in t for t in lead_titles):
            return "sending"
        return "host" if bare[1] == "村" else None  # 村党委书记某某介绍: the village visited
    named = _BELOW_COUNTY.match(title)
    if named is None:
        return None
    if any(named[0] in t for t in lead_titles):
        return "sending"
    went = re.search(_WENT_TO + re.escape(named[0]), trip_text)
    return "host" if went else None


_TOP_POST = re.compile(r"(?<!副)[省市县区州旗盟]委书记")


def top_official(candidates: Sequence[PersonMention], sides: dict[str, str | None]) -> set[str]:
    """Where no one is written to lead, the sending side's Party secretary (贵州省委书记、省人大
    常委会主任某某) speaks for the trip and leads it: the first one named."""
    for c in candidates:
        posts = (c.title or "").split("、")
        if sides.get(c.name) == "sending" and any(_TOP_POST.search(p) for p in posts):
            return {c.name}
    return set()


def _mentions(text: str, name: str, start: int, end: int) -> list[int]:
    found, at = [], text.find(name, start, end)
    while at >= 0:
        found.append(at)
        at = text.find(name, at + 1, end)
    return found


# What follows the officials of one list, when they received the delegation: 陪同, 会见,
# (等领导同志在宾馆)迎接.
_HOSTING_AFTER = re.compile(
    r"[，,、\s]*(?:等(?:领导)?)?(?:同志)?(?:在[^，,。；;]{1,12}?)?(?:分别|一同|共同|热情)?"
    r"(?:会见|陪同|接待|会晤|迎接)"
)


def verb_sides(people: Sequence[PersonMention], text: str) -> dict[str, str]:
    """'host' for the officials of a list that 会见 or 陪同 (福州市委书记甲，市领导乙、丙、丁陪
    同考察): the guide's own test of a host, whatever side their titles leave open."""
    out: dict[str, str] = {}
    group: list[PersonMention] = []
    ordered = sorted(people, key=lambda p: p.start)
    for i, person in enumerate(ordered):
        group.append(person)
        nxt = ordered[i + 1] if i + 1 < len(ordered) else None
        if nxt is not None and _same_list(person, nxt, text):
            continue
        if _HOSTING_AFTER.match(text, person.end):
            out.update((p.name, "host") for p in group)
        group = []
    return out


def _same_list(before: PersonMention, person: PersonMention, text: str) -> bool:
    """Two officials of one list: one shared title (市领导甲、乙), or titles joined by a comma
    or 、 (福州市委书记甲，市领导乙)."""
    if person.title_span is not None and person.title_span == before.title_span:
        return True
    title_at = person.title_span[0] if person.title_span else person.start
    return before.end <= title_at and bool(_LIST_GAP.fullmatch(text, before.end, title_at))


def title_side(
    title: str | None, origin: str, destinations: Sequence[str], gazetteer: Gazetteer
) -> str | None:
    """'sending' or 'host' when the title places an official on one side, else None.

    A title names its region in full (吴江区委副书记), by its short name (如东经济开发区),
    or only by its level (区委副书记, 县长): the level counts when just one side has it. A
    note in brackets (副县长（广州援疆干部）) tells where a cadre came from, not whose office.
    """
    title = TITLE_NOTE.sub("", title or "")
    if not title:
        return None
    home = _codes(origin, gazetteer)
    away = {c for d in destinations for c in _codes(d, gazetteer)}
    named = set(gazetteer.scan_full_names(title))
    if named:
        if any(gazetteer.is_within(n, h) for n in named for h in home):
            return "sending"
        if any(gazetteer.is_within(n, a) for n in named for a in away):
            return "host"
        # 浙江省领导 on a trip to 杭州: the leadership of the province that holds one side's
        # places, not the other's (not an organ it keeps elsewhere: 上海市对口支援新疆…指挥部)
        leading = {n for n in named if _leads_province(title, gazetteer.divisions[n])}
        holds_home = any(gazetteer.is_within(h, n) for n in leading for h in home)
        holds_away = any(gazetteer.is_within(a, n) for n in leading for a in away)
        return (
            "sending"
            if holds_home and not holds_away
            else "host"
            if holds_away and not holds_home
            else None
        )
    return _side_by_short_name(title, home, away, gazetteer) or _side_by_level(
        title, home, away, gazetteer
    )


# What follows a region's name in a title of its own leadership: 浙江省领导, 浙江省委常委.
_LEADERSHIP = re.compile(r"领导|委|政府|人大|政协|副?(?:省长|市长|主席)")


def _leads_province(title: str, division: Division) -> bool:
    """The title is of a province's own leadership (浙江省领导, 浙江省副省长)."""
    at = title.find(division.name)
    return division.level is RegionLevel.PROVINCE and bool(
        _LEADERSHIP.match(title, at + len(division.name))
    )


# What may stand between two officials of one list: a comma, a 、, an 和 or a 以及.
_LIST_GAP = re.compile(r"[，,、\s]*(?:以及|和|及)?[，,、\s]*")


def listed_sides(
    people: Sequence[PersonMention], sides: dict[str, str | None], text: str, gazetteer: Gazetteer
) -> dict[str, str | None]:
    """Sides with those a list implies: news lists one side's officials together and names
    the region once (伊春市委书记甲，市委副书记、市长乙，市人大常委会主任丙), so a title that
    names no region, right after an official of a known side in the same list, is of that
    side too."""
    out = dict(sides)
    ordered = sorted(people, key=lambda p: p.start)
    for before, person in zip(ordered, ordered[1:], strict=False):
        if (
            out.get(person.name) is None
            and out.get(before.name) is not None
            and _same_list(before, person, text)
            and not gazetteer.scan_full_names(person.title or "")
            and not _title_again_bare(before, person)
        ):
            out[person.name] = out[before.name]
    return out


def _title_again_bare(before: PersonMention, person: PersonMention) -> bool:
    """The list's title comes again without its region (大庆市领导甲、乙，市领导丙): a new
    list, of the region the level word alone names in that paper, not of the one before."""
    title, earlier = person.title or "", before.title or ""
    return bool(title) and earlier != title and earlier.endswith(title)


def _side_by_short_name(
    title: str, home: set[str], away: set[str], gazetteer: Gazetteer
) -> str | None:
    def stems(codes: set[str]) -> set[str]:
        return {d.stem for c in codes if (d := gazetteer.lookup(c)) and len(d.stem) >= 2}

    in_home = any(stem in title for stem in stems(home))
    in_away = any(stem in title for stem in stems(away))
    return "sending" if in_home and not in_away else "host" if in_away and not in_home else None


def _side_by_level(title: str, home: set[str], away: set[str], gazetteer: Gazetteer) -> str | None:
    """The side whose region alone has the level the title starts with (县长, 区委书记, 州长,
    旗领导, 盟委书记; 自治区领导 for 广西壮族自治区, not a 区)."""
    level = (
        "自治区"
        if title.startswith("自治区")
        else title[0]
        if title[0] in "省市县区州旗盟"
        else None
    )
    if level is None:
        return None

    def has(codes: set[str]) -> bool:
        return any(
            (d := gazetteer.lookup(c))
            and d.name.endswith(level)
            and (level != "区" or not d.name.endswith("自治区"))
            for c in codes
        )

    home_has, away_has = has(home), has(away)
    if level == "省" and home_has and not away_has:  # 安徽省 → 杭州: 浙江 has a 省委 too
        away_has = any((d := gazetteer.lookup(c)) and d.parent for c in away)
    return "sending" if home_has and not away_has else "host" if away_has and not home_has else None


def _codes(mention: str, gazetteer: Gazetteer) -> set[str]:
    region = gazetteer.resolve(mention)
    return {region.adcode} if region.adcode else set()


def publisher_side(ctx: DraftContext, v: SkeletonVisit) -> str | None:
    """'sending' when the publisher's region sent the delegation, 'host' when it is a
    destination: what an official titled by the level word alone (市领导, 市委书记) is, in
    that paper."""
    if not ctx.home or ctx.resolve_place is None:
        return None
    home = ctx.resolve_place(ctx.home, ()).adcode
    if not home:
        return None
    if ctx.resolve_place(v.origin, ()).adcode == home:
        return "sending"
    if any(ctx.resolve_place(d, (v.origin,)).adcode == home for d in v.destinations):
        return "host"
    return None


# A title that names its region by the level word alone: 市领导, 市委副书记, 县长, 副区长, and
# the head of one of its departments (市发展改革委主任, 县商务局局长; 市场 is no level).
_BARE_TITLE = re.compile(
    r"副?(省|市(?!场)|县|区|州|旗|盟)"
    r"(?:委|政府|人大|政协|领导|长|[\u4e00-\u9fff]{1,10}?(?:委员会|委|局|办|厅))"
)


# A title of the paper's own region: 我市领导, 本县副县长.
_OWN_TITLE = re.compile(r"(?:我|本)(省|市|县|区|州|旗|盟)")


def own_title(c: PersonMention, ctx: DraftContext) -> bool:
    """The title names the publisher's region in the first person (我市领导 in a 常州 paper)."""
    m = _OWN_TITLE.match(c.title or "")
    return m is not None and bool(ctx.home_for(m[1]))


# The paper speaks of its own region in the first person: the visitors came to it (来我省考察),
# or its own delegation went (我市党政代表团赴…).
_CAME_TO_US = re.compile(
    r"(?:来|莅临|抵达|来到)(?:我|本)(省|市|县|区|州|旗|盟)(?=考察|学习|参观|访问|调研|交流|开展)"
)
_WE_WENT = re.compile(
    r"(?<![来到临达])(?:我|本)(省|市|县|区|州|旗|盟)[^，,。；;！？!?\n]{0,12}?(?:代表团|考察团|考察组|学习团)"
)
_INVITED = re.compile(r"欢迎|邀请|诚邀")


def spoken_sides(text: str) -> dict[str, str]:
    """Level word → side, where the report speaks of its own region in the first person: the
    visitors came to it (来我省考察: its bare 省委书记 is a host), or its own delegation went
    (我市党政代表团赴: its 市领导 are members). An invitation (欢迎…来我市考察) says nothing of
    this trip, and a level written both ways is left open."""

    def found(pattern: re.Pattern[str]) -> set[str]:
        levels = set()
        for m in pattern.finditer(text):
            clause = max(text.rfind(ch, 0, m.start()) for ch in "，,。；;！？!?\n") + 1
            if not _INVITED.search(text, clause, m.start()):
                levels.add(m[1])
        return levels

    came, went = found(_CAME_TO_US), found(_WE_WENT)
    return {**dict.fromkeys(came - went, "host"), **dict.fromkeys(went - came, "sending")}


def title_level(c: PersonMention) -> str | None:
    """The level word a title names its region by, when it names none other: 省委书记 → 省,
    我市领导 → 市."""
    m = _BARE_TITLE.match(c.title or "") or _OWN_TITLE.match(c.title or "")
    return m[1] if m else None


# A sentence set in a place: 在若尔盖县，…; 在扎囊期间，…
_SCENE = re.compile(r"在([\u4e00-\u9fff]{2,12}?[省市县区州旗盟])(?:期间|时)?[，,]")


def scene_sides(
    candidates: Sequence[PersonMention], text: str, v: SkeletonVisit, gazetteer: Gazetteer
) -> dict[str, str]:
    """The side of an official titled by a level word alone (县人大常委会主任) in a sentence set
    in a place of that level (在若尔盖县，县人大常委会主任某某介绍了…): that place's official."""
    sides: dict[str, str] = {}
    for c in candidates:
        level = (m := _BARE_TITLE.match(c.title or "")) and m[1]
        if not level or not c.title:
            continue
        start = max(text.rfind(ch, 0, c.start) for ch in "。！？!?\n") + 1
        scenes = [s for s in _SCENE.finditer(text, start, c.start) if s[1].endswith(level)]
        if scenes:
            placed = scenes[-1][1] + c.title  # 若尔盖县 + 县人大常委会主任
            if side := title_side(placed, v.origin, v.destinations, gazetteer):
                sides[c.name] = side
    return sides


def bare_title(c: PersonMention, ctx: DraftContext) -> bool:
    """The title names the region by the level word alone, and that level is the publisher's."""
    m = _BARE_TITLE.match(c.title or "")
    return m is not None and bool(ctx.home_for(m[1]))


def read_sides(
    candidates: Sequence[PersonMention], v: SkeletonVisit, ctx: DraftContext, ours: str | None
) -> tuple[dict[str, str | None], set[str]]:
    """Each candidate's side as the text gives it (None where it leaves one open), and the
    names that lead: ``ours`` is the publisher's side (`publisher_side`)."""
    text = ctx.text
    gazetteer = Gazetteer.load()
    spoken = spoken_sides(text)  # 来我省考察: the paper's 省委书记 hosts

    def side_of(c: PersonMention) -> str | None:
        if ours and own_title(c, ctx):  # 我市领导: the paper's side
            return ours
        return title_side(c.title, v.origin, v.destinations, gazetteer)

    # a list names its region once (慈溪市委书记甲，市委副书记、市长乙); where neither the
    # title nor its list places one, the report's first person does, then the verbs
    sides = listed_sides(candidates, {c.name: side_of(c) for c in candidates}, text, gazetteer)
    scene = scene_sides(candidates, text, v, gazetteer)  # 在若尔盖县，县人大常委会主任…
    sides = {
        c.name: sides[c.name] or scene.get(c.name) or spoken.get(title_level(c) or "")
        for c in candidates
    }
    heard = verb_sides(candidates, text)  # 陪同, 会见: where the titles leave a side open
    sides = {name: side or heard.get(name) for name, side in sides.items()}
    leads = lead_names(text, candidates)
    lead_titles = [c.title for c in candidates if c.name in leads and c.title]
    for c in candidates:  # a town's group: 镇长 of the leader's town, 某村书记 of the host
        sides[c.name] = sides[c.name] or below_county_side(c, lead_titles, ctx.trip_text)
    return sides, leads or top_official(candidates, sides)
