"""Deterministic proposals: what code can read off the text before or instead of the model.

- topics: a lexicon of policy vocabulary proposes domains with the phrase that names them;
- meetings and agreements: named meetings (…座谈会, …交流会) and signings (签订…协议);
- people: which side an official belongs to when the title names a region, and who leads
  (the names before 率 / 率领 / 带队 in the sentence that names the delegation).
All of it is general news grammar and vocabulary, kept in data files where it is words.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass

from extract.datafile import read_table
from extract.gazetteer import Gazetteer
from extract.people import PersonMention
from schemas.enums import MeetingKind, TopicDomain

_SENTENCE_END = "。！？；!?;\n"
_LEAD_WORDS = re.compile(r"率领|率|带队|领队")
_DELEGATION = re.compile(r"代表团|考察团|学习考察|考察")
_MEETING = re.compile(
    r"[\u4e00-\u9fff·“”\"A-Za-z0-9]{2,30}?(座谈会|交流会|对接会|推进会|恳谈会|签约仪式|联席会议)"
)
_AGREEMENT = re.compile(
    r"签(?:订|署)了?([\u4e00-\u9fff、“”\"《》·]{0,30}?(?:协议|备忘录|协定|合作书)》?)"
)
_MEETING_KINDS = {
    "座谈会": MeetingKind.SYMPOSIUM,
    "交流会": MeetingKind.EXCHANGE,
    "签约仪式": MeetingKind.SIGNING,
}


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


def propose_topics(text: str) -> list[Proposal]:
    """The first phrase naming each domain, in order of appearance."""
    pattern, owner = _topic_pattern()
    found: dict[TopicDomain, Proposal] = {}
    for m in pattern.finditer(text):
        domain = owner[m.group()]
        if domain not in found:
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


_LEAD_IN = re.compile(r".*(?:召开|举行|出席|参加|主持|并|在|的)")


def propose_meetings(text: str) -> list[Proposal]:
    """Named meetings; a bare 座谈会 after a named one of its kind is the same meeting."""
    out: list[Proposal] = []
    for m in _MEETING.finditer(text):
        head = _LEAD_IN.match(m.group())
        start = m.start() + (head.end() if head and m.end() - (m.start() + head.end()) >= 3 else 0)
        name = text[start : m.end()].strip('“”"')
        kind = _MEETING_KINDS.get(m.group(1), MeetingKind.OTHER)
        if name == m.group(1) and any(p.label == kind.value for p in out):
            continue
        if name not in {p.phrase for p in out}:
            out.append(Proposal(kind.value, name, start, m.end()))
    return out


def propose_agreements(text: str) -> list[Proposal]:
    """What was signed, without the verb: 签订相关合作协议 → 相关合作协议."""
    return [
        Proposal("agreement", m.group(1), m.start(1), m.end(1)) for m in _AGREEMENT.finditer(text)
    ]


def lead_names(text: str, candidates: Sequence[PersonMention]) -> set[str]:
    """Names written before 率 / 带队 in a sentence about the delegation: its leaders."""
    leads: set[str] = set()
    for m in _LEAD_WORDS.finditer(text):
        sentence_start = max((text.rfind(ch, 0, m.start()) for ch in _SENTENCE_END), default=-1) + 1
        after = text[m.end() : m.end() + 40]
        if not _DELEGATION.search(after):
            continue
        for c in candidates:
            if sentence_start <= c.start and c.end <= m.start() and m.start() - c.end <= 60:
                leads.add(c.name)
    return leads


def title_side(
    title: str | None, origin: str, destinations: Sequence[str], gazetteer: Gazetteer
) -> str | None:
    """'sending' or 'host' when the title places an official on one side, else None.

    A title names its region in full (吴江区委副书记), by its short name (如东经济开发区),
    or only by its level (区委副书记, 县长): the level counts when just one side has it.
    """
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
        return None
    return _side_by_short_name(title, home, away, gazetteer) or _side_by_level(
        title, home, away, gazetteer
    )


def _side_by_short_name(
    title: str, home: set[str], away: set[str], gazetteer: Gazetteer
) -> str | None:
    def stems(codes: set[str]) -> set[str]:
        return {d.stem for c in codes if (d := gazetteer.lookup(c)) and len(d.stem) >= 2}

    in_home = any(stem in title for stem in stems(home))
    in_away = any(stem in title for stem in stems(away))
    return "sending" if in_home and not in_away else "host" if in_away and not in_home else None


def _side_by_level(title: str, home: set[str], away: set[str], gazetteer: Gazetteer) -> str | None:
    level = title[0] if title[0] in "省市县区" else None
    if level is None:
        return None

    def has(codes: set[str]) -> bool:
        return any((d := gazetteer.lookup(c)) and d.name.endswith(level) for c in codes)

    home_has, away_has = has(home), has(away)
    return "sending" if home_has and not away_has else "host" if away_has and not home_has else None


def _codes(mention: str, gazetteer: Gazetteer) -> set[str]:
    region = gazetteer.resolve(mention)
    return {region.adcode} if region.adcode else set()
