"""Deterministic proposals: what code can read off the text before or instead of the model.

- topics: a lexicon of policy vocabulary proposes domains with the phrase that names them;
- meetings and agreements: named meetings held on the trip (…座谈会, …联席会议, 会见) and
  signings (签订…协议, 签署《…》, …签约仪式).
Who is on which side of a trip is read in `extract.resolve.sides`.
All of it is general news grammar and vocabulary, kept in data files where it is words.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from difflib import SequenceMatcher

from extract.datafile import read_entries, read_table
from extract.resolve.grounding import sentence_around
from schemas.draft import TO_COME
from schemas.enums import MeetingKind, TopicDomain

_MEETING = re.compile(
    r"座谈会|交流会|对接会|推进会|恳谈会|洽谈会|推介会|联席会议|联席会"
    r"|签约仪式|签署仪式|启动仪式|揭牌仪式|授牌仪式|捐赠仪式|欢迎仪式"
)
_MEETING_NAME_CHAR = re.compile(r"[\u4e00-\u9fff·“”\"A-Za-z0-9、—–－-]")
_MEETING_NAME_MAX = 30
_MEETING_KINDS = {
    "座谈会": MeetingKind.SYMPOSIUM,
    "交流会": MeetingKind.EXCHANGE,
    "签约仪式": MeetingKind.SIGNING,
    "签署仪式": MeetingKind.SIGNING,
}
# A meeting named as the source of a speech or of guidance is background, not held on the trip:
# 总书记主持召开的…座谈会重要讲话精神.
_MEETING_BACKGROUND = re.compile(r"(?:上的|时的)?重要讲话|精神|重要指示")
_MEETING_NAME_LEAD = re.compile(
    r"^(?:了|还|又|共|先后|分别|此次|本次|这次|一次|首次|"
    r"[0-9一二两三四五六七八九十多几数]+[场次个轮])+"
)
_RECEPTION = re.compile(
    r"会见了?[^，,。；;！？!?\n]{0,40}?(?:代表团|考察团|考察组|调研组|一行)"
    r"|举行(?:了)?(?:工作)?会谈"
)
_AGREEMENT_WORD = r"(?:协议书|协议|备忘录|协定|合作书|意向书|合同)"
_AGREEMENT_CHAR = r"[\u4e00-\u9fff“”\"·0-9]"
# 拟签署, 将尽快签订, 计划签署: not signed (yet), when the words just before the verb say so.
_NOT_YET_CLAUSE = re.compile(r"拟|将|计划|准备|争取")
# A signing the sentence dates by a bare year (2018年，两市签署…) or tells as earlier (此前, 早在):
# the two sides' history, not the trip's. A trip's own date gives its month.
_SIGNED_BEFORE = re.compile(
    r"(?:19|20)\d{2}\s*年(?!\s*\d{1,2}\s*月|底|末|初)|此前|早在|曾经|曾于|先前"
)
_AGREEMENT = re.compile(
    # 签署了《甲协议》《乙备忘录》: each title is one agreement.
    r"(?:签订|签署|签定|签下|签约)了?[\u4e00-\u9fff]{0,6}?"
    r"(?P<titled>《[^《》\n]{1,60}》(?:[、和及与]?《[^《》\n]{1,60}》)*)"
    # 签署了甲、乙等3项协议 as a whole, else 签订相关合作协议 up to its first 协议.
    r"|(?:签订|签署|签定|签下)了?(?P<plain>"
    rf"(?:{_AGREEMENT_CHAR}|、){{0,60}}?等[0-9一二两三四五六七八九十多几]+[项份个]"
    rf"[\u4e00-\u9fff]{{0,8}}?{_AGREEMENT_WORD}"
    rf"|(?:{_AGREEMENT_CHAR}|、){{0,30}}?{_AGREEMENT_WORD})"
)
# A further agreement joined to a plain one: 签署了文旅合作协议和人才交流合作协议.
_JOINED = re.compile(rf"(?:以及|和|及|与|、)(?P<next>{_AGREEMENT_CHAR}{{2,30}}?{_AGREEMENT_WORD})")
_TITLE = re.compile(r"《[^《》\n]{1,60}》")
_CEREMONY = re.compile(r"(?:签约|签署)仪式$")
_RESTATED = 0.8  # a plain phrase this similar to an earlier one restates it


@dataclass(frozen=True)
class Proposal:
    """Something found in the text: a label, the phrase as written, and where it stands."""

    label: str
    phrase: str
    start: int
    end: int


@functools.cache
def topic_lexicon() -> tuple[tuple[TopicDomain, tuple[str, ...]], ...]:
    rows = read_table("topic_keywords.tsv", 2)
    return tuple((TopicDomain(domain), tuple(words.split(","))) for _, (domain, words) in rows)


@functools.cache
def _topic_pattern() -> tuple[re.Pattern[str], dict[str, TopicDomain]]:
    owner = {w: d for d, words in topic_lexicon() for w in words}
    alternatives = sorted(owner, key=len, reverse=True)
    return re.compile("|".join(map(re.escape, alternatives))), owner


@functools.cache
def _set_phrases() -> re.Pattern[str] | None:
    phrases = sorted({p.strip() for p in read_entries("topic_set_phrases.txt")}, key=len)
    return re.compile("|".join(map(re.escape, reversed(phrases)))) if phrases else None


def _without_set_phrases(text: str) -> str:
    """The text with each set phrase (开拓创新, 干部群众…) blanked, offsets unchanged."""
    phrases = _set_phrases()
    return phrases.sub(lambda m: "\u3000" * len(m.group()), text) if phrases else text


# A sentence that looks back on a place's own record (近年来…取得, 去年…) tells no topic of the
# trip, unless it also speaks of the two sides working or learning together.
_LOOKING_BACK = re.compile(r"近年来|近年|近几年|多年来|去年|今年以来|过去一年|过去几年")
_TOGETHER = re.compile(r"合作|协作|交流|学习|借鉴|考察|两地|双方|携手|共建|对口|结对")


# A sentence giving a place's own output or rank (地区生产总值突破1000亿元, 产量约占全国十分之一)
# describes that place, not what the two sides take up together.
_OWN_FIGURES = re.compile(
    r"(?:生产总值|GDP|产值|营业收入|财政收入|公共预算收入|产量|总量)[^。；;，,]{0,12}?[0-9０-９]"
    r"|占全国|占全省"
)
# A meeting named in the sentence (农业合作座谈会) says where it was said, not that it is joint work.
_MEETING_NAME = re.compile(r"[^。；;，,、]{0,12}?(?:座谈会|交流会|对接会|推介会|联席会议?)")


# The group seeing something (代表团了解…, 察看…): what it was shown, figures or not.
_SHOWN = re.compile(r"代表团|考察团|一行|了解|察看|参观|观摩|走进|来到")


def _looks_back(text: str, start: int, end: int) -> bool:
    sentence = sentence_around(text, start, end)
    if _TOGETHER.search(_MEETING_NAME.sub("", sentence)):
        return False
    figures = _OWN_FIGURES.search(sentence) and not _SHOWN.search(sentence)
    return bool(_LOOKING_BACK.search(sentence) or figures)


# A topic word inside the name of a place shown (…猕猴桃产业基地, …现代农业产业园, …文化园) names
# the place, not what the sides set out to study or do together.
_SITE_NAME = re.compile(
    r"(?:基地|产业园|工业园|科技园|文化园|示范园|园区|公司|集团|工厂|馆|中心|研究院|研究所|小镇"
    r"|学校|中学|小学|学院|医院|合作社|开发区|高新区|投资区|示范区|旅游区|风景区|景区|街区"
    r"|科创城|科技城|管委会)(?:等地|等处|等)?$"
)
_ITEM_STOPS = '、，,。；;：:（）()“”"《》\n '
# A name ends before 的 and is joined to the next by 和, 与, 及 (广垦生态油茶和唐家山油茶文化园的…).
_NAME_STOPS = _ITEM_STOPS + "的和与及"


def _in_site_name(text: str, start: int, end: int) -> bool:
    s, e = start, end
    while s > 0 and text[s - 1] not in _NAME_STOPS:
        s -= 1
    while e < len(text) and text[e] not in _NAME_STOPS:
        e += 1
    site = _SITE_NAME.search(text, s, e)
    return site is not None and site.end() == e and site.start() - s >= 2


# The stock list of every field (在经济、社会、文化等各个领域, 政治经济社会文化各方面) names
# none of them in particular.
_EVERY_FIELD = re.compile(
    r"(?:经济|政治)[、，,和与及]?社会[^。；;，,]{0,16}?(?:等)?(?:各个|各|多个|诸多)(?:领域|方面)"
)


def _in_every_field(text: str, start: int, end: int) -> bool:
    return any(
        m.start() <= start and end <= m.end()
        for m in _EVERY_FIELD.finditer(text, max(0, start - 24), min(len(text), end + 24))
    )


def propose_topics(text: str) -> list[Proposal]:
    """The first phrase naming each domain, in order of appearance; a topic word inside a
    set phrase that names no topic (`topic_set_phrases.txt`) does not count, nor one in a
    sentence looking back on a place's own record."""
    pattern, owner = _topic_pattern()
    found: dict[TopicDomain, Proposal] = {}
    for m in pattern.finditer(_without_set_phrases(text)):
        domain = owner[m.group()]
        if (
            domain not in found
            and not _looks_back(text, m.start(), m.end())
            and not _in_site_name(text, m.start(), m.end())
            and not _in_every_field(text, m.start(), m.end())
        ):
            start, end = _enclosing_item(text, m.start(), m.end())
            found[domain] = Proposal(domain.value, text[start:end], start, end)
    return sorted(found.values(), key=lambda p: p.start)


def _enclosing_item(text: str, start: int, end: int, limit: int = 12) -> tuple[int, int]:
    """Widen a keyword to the list item it stands in (between 、，, and similar) when that
    item is a short phrase; otherwise the keyword alone."""
    stops = '、，,。；;：:（）()“”"\n '
    s, e = start, end
    while s > 0 and text[s - 1] not in stops and end - s < limit:
        s -= 1
    while e < len(text) and text[e] not in stops and e - s < limit:
        e += 1
    bounded = (s == 0 or text[s - 1] in stops) and (e == len(text) or text[e] in stops)
    return (s, e) if bounded else (start, end)


_LEAD_IN = re.compile(r".*(?:召开|举行|举办|出席|参加|主持|见证|并|在|的)")
_WRAP_UP = "总结"
# A meeting set for later (将于12月在某地举行, 拟在…召开): not held on this trip.
_TO_BE_HELD = re.compile(r"(?:将|拟|计划)(?:于|在)")
_SHORTENED_MIN = 6


def propose_meetings(text: str) -> list[Proposal]:
    """Meetings the text says were held: named ones (…座谈会, …联席会议, …签约仪式) and a
    会见 or 会谈 of the delegation. A name holding another of its kind names the same meeting
    (座谈会 after 两地合作座谈会); a meeting named only as the source of a speech
    (…座谈会重要讲话精神) is background."""
    out: list[Proposal] = []
    floor = 0
    for m in _MEETING.finditer(text):
        after_one = floor > 0 and _name_run(text, m.start(), floor) == floor
        run, floor = _name_run(text, m.start(), floor), m.end()
        if after_one and text.startswith(("和", "与", "及"), run):  # 甲联席会议和乙联席会议
            run += 1
        if _MEETING_BACKGROUND.match(text, m.end()) or "总书记" in _clause_before(text, m.start()):
            continue
        start = _meeting_name_start(text, run, m.end())
        name = text[start : m.end()].strip('“”"、')
        if _WRAP_UP in name:  # 学习考察总结交流会: held at home once the trip is over
            continue
        if _TO_BE_HELD.search(_clause_before(text, start)):  # 将于12月在耿马举行…签约仪式
            continue
        suffix = m.group()
        kind = _MEETING_KINDS.get(suffix, MeetingKind.OTHER)
        meeting = Proposal(kind.value, name, m.end() - len(name), m.end())
        same = [i for i, p in enumerate(out) if p.phrase.endswith(suffix) and _restates(name, p)]
        if not same:
            out.append(meeting)
        elif len(name) > len(out[same[0]].phrase):
            out[same[0]] = meeting
    reception = _RECEPTION.search(text)
    if reception and not any(p.label == MeetingKind.MEETING.value for p in out):
        word = "会谈" if reception.group().endswith("会谈") else "会见"
        at = reception.start() + reception.group().index(word)
        out.append(Proposal(MeetingKind.MEETING.value, word, at, at + len(word)))
    return sorted(out, key=lambda p: p.start)


def _restates(name: str, earlier: Proposal) -> bool:
    """One meeting named twice: 座谈会 after 两地合作座谈会, or 对口支援工作联席会议 and
    甲区和乙县对口支援工作联席会议, or a shortened name whose words all stand in the full one
    in order (东西部协作高层联席会, 甲市—乙市东西部协作工作高层联席会); the fuller is kept."""
    short, full = sorted((name, earlier.phrase), key=len)
    return short in full or (len(short) >= _SHORTENED_MIN and _in_order(short, full))


def _in_order(short: str, full: str) -> bool:
    chars = iter(full)
    return all(ch in chars for ch in short)


def _name_run(text: str, pos: int, floor: int) -> int:
    """Start of the run of name characters (at most 30, not before ``floor``) ending at pos."""
    start = pos
    while start > floor and pos - start < _MEETING_NAME_MAX:
        if not _MEETING_NAME_CHAR.match(text, start - 1):
            break
        start -= 1
    return start


def _meeting_name_start(text: str, start: int, end: int) -> int:
    """Where a meeting's name starts: after the verb that holds it (召开, 出席 …) and a count
    (召开了2场代表团交流会 → 代表团交流会)."""
    head = _LEAD_IN.match(text, start, end)
    if head and end - head.end() >= 3:
        start = head.end()
    lead = _MEETING_NAME_LEAD.match(text[start:end])
    if lead and end - (start + lead.end()) >= 3:
        start += lead.end()
    return start


def _clause_before(text: str, pos: int, stops: str = "，,。；;！？!?\n") -> str:
    return text[max((text.rfind(ch, 0, pos) for ch in stops), default=-1) + 1 : pos]


def _sentence_before(text: str, pos: int) -> str:
    return _clause_before(text, pos, stops="。；;！？!?\n")


def propose_agreements(text: str) -> list[Proposal]:
    """What was signed, without the verb: 签订相关合作协议 → 相关合作协议; each 《…》 of
    签署了《甲协议》《乙备忘录》, and each of 签署了甲协议和乙协议; 签署了甲、乙等3项协议
    whole; and what a named 签约仪式 signs.

    A plain phrase restating one found before it (两地签署的…框架协议, 签订的合作协议) is the
    same agreement;
    when it says more (签署东西部协作协议 … 签署“十四五”东西部协作协议) it replaces it.
    """
    spans: list[tuple[int, int, bool]] = []
    for m in _AGREEMENT.finditer(text):
        if _NOT_YET_CLAUSE.search(_clause_before(text, m.start())[-12:]):
            continue  # 表示将尽快签订, 双方拟在座谈会上签订: not signed yet
        before = _sentence_before(text, m.start())
        if _SIGNED_BEFORE.search(before):
            continue
        if TO_COME.search(before) and not text.startswith("了", m.start() + 2):
            continue  # 代表团将先后走访…，并签署年度协作协议: a programme, not yet signed
        if m.group("titled"):
            base = m.start("titled")
            spans += [
                (base + t.start(), base + t.end(), True) for t in _TITLE.finditer(m["titled"])
            ]
        else:
            spans.append((m.start("plain"), m.end("plain"), False))
            end = m.end("plain")
            while joined := _JOINED.match(text, end):
                spans.append((joined.start("next"), joined.end("next"), False))
                end = joined.end()
    for meeting in propose_meetings(text):
        signed = _CEREMONY.sub("", meeting.phrase)
        if meeting.label == MeetingKind.SIGNING.value and len(signed) >= 4:
            spans.append((meeting.start, meeting.start + len(signed), False))
    found: list[Proposal] = []
    for start, end, titled in sorted(spans):
        if text.startswith("的", start):  # 推动双方签订的合作协议落地 speaks of one signed
            if found:
                continue
            start += 1
        _add_agreement(found, Proposal("agreement", text[start:end], start, end), titled)
    if any(p.phrase.startswith("《") for p in found):  # 签署3项合作协议 counts the titled ones
        found = [p for p in found if not _COUNTED.match(p.phrase)]
    return found


# A phrase that only counts what was signed: 3项合作协议, 两份备忘录.
_COUNTED = re.compile(r"^[\d一二两三四五六七八九十]+\s*(?:项|份|个)")


def _add_agreement(found: list[Proposal], new: Proposal, titled: bool) -> None:
    """Keep ``new`` unless it restates one in ``found``. A title (《…》) restates only the same
    title, and replaces a plain mention of it (its words in order); a plain phrase restates one that holds it or is
    much like it, and replaces a plain one it says more than."""
    core = new.phrase.strip("《》")
    for i, old in enumerate(found):
        old_core = old.phrase.strip("《》")
        old_plain = old.phrase == old_core
        if titled:
            if old_core == core or (old_plain and _written_within(old_core, core)):
                if old_plain:
                    found[i] = new
                return
        elif old_plain and old_core in core and old_core != core:
            found[i] = new
            return
        elif core in old_core or _similar(core, old_core) or _written_within(core, old_core):
            return
    found.append(new)


def _written_within(short: str, long: str) -> bool:
    """The shorter phrase's characters stand in the longer one in order (深化协作框架协议 in
    深化粤桂协作框架协议(2025—2027年)): a headline's or a later sentence's shorter form."""
    rest = iter(long)
    return len(short) >= 6 and all(ch in rest for ch in short)


def _similar(a: str, b: str) -> bool:
    return SequenceMatcher(None, a, b, autojunk=False).ratio() >= _RESTATED
