"""Find officials in news text: a title as written, then a name (市委书记谭真, 区长王国荣).

``find_people`` scans a cleaned, simplified article and proposes title + name candidates with
offsets; the model later decides each one's side and role. Precision comes first: a name must
start with a known surname (or contain ·), hold no character that never occurs in names, and
be followed by punctuation or a word that ends a name (率, 表示, 陪同 …). Names listed under one
group title share it (市领导王强、李明，张伟和赵刚陪同; 王强、李明等市领导陪同). The vocabulary
lives in ``data/people/vocabulary.txt``.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from extract.datafile import data_path, read_sections
from extract.errors import DataFileError
from extract.resolve.gazetteer import Gazetteer

VOCABULARY = "people/vocabulary.txt"
PUNCTUATION = set("，,。．.；;：:、！!？?“”\"'‘’（）()【】[]《》<>—-…\n\t 　|/")
STRONG, WEAK, NONE = 2, 1, 0
MAX_TITLE = 40
_DOT_NAME = re.compile(r"[\u4e00-\u9fff]{1,8}(?:[·•][\u4e00-\u9fff]{1,8})+")


@dataclass(frozen=True)
class PersonMention:
    """A name and its title as written; ``start``/``end`` delimit the name in the text.

    ``title_span`` delimits the title; people of a list share it (湖北省领导王忠林、李乐成).
    """

    name: str
    title: str
    start: int
    end: int
    title_span: tuple[int, int] | None = None


@dataclass(frozen=True)
class Vocabulary:
    """The word lists of ``vocabulary.txt``."""

    titles: re.Pattern[str]
    group_titles: tuple[str, ...]
    organs: frozenset[str]
    surnames: frozenset[str]
    compound_surnames: frozenset[str]
    word_surnames: frozenset[str]
    not_name_chars: frozenset[str]
    transliterated_chars: frozenset[str]
    not_names: frozenset[str]
    boundary_words: frozenset[str]
    strong_chars: frozenset[str]
    weak_chars: frozenset[str]
    leading: frozenset[str]
    breakers: frozenset[str]
    tibetan_words: frozenset[str]


@functools.cache
def vocabulary() -> Vocabulary:
    """The shipped vocabulary, read once."""
    s = read_sections(VOCABULARY)
    needed = ["titles", "group_titles", "organs", "surnames", "compound_surnames", "not_name_chars"]
    needed += ["not_names", "boundary_words", "strong_boundary_chars", "weak_boundary_chars"]
    needed += ["title_leading_chars", "title_breakers", "word_surnames", "transliterated_chars"]
    needed += ["tibetan_name_words"]
    missing = [name for name in needed if name not in s]
    if missing:
        raise DataFileError(
            data_path(VOCABULARY),
            f"missing sections {missing}",
            hint="see extract/resolve/people.py",
        )
    titles = sorted(set(s["titles"]), key=len, reverse=True)
    return Vocabulary(
        titles=re.compile("|".join(map(re.escape, titles))),
        group_titles=tuple(s["group_titles"]),
        organs=frozenset(s["organs"]),
        surnames=frozenset(s["surnames"]),
        compound_surnames=frozenset(s["compound_surnames"]),
        word_surnames=frozenset(s["word_surnames"]),
        not_name_chars=frozenset(s["not_name_chars"]),
        transliterated_chars=frozenset(s["transliterated_chars"]),
        not_names=frozenset(s["not_names"]),
        boundary_words=frozenset(s["boundary_words"]),
        strong_chars=frozenset(s["strong_boundary_chars"]),
        weak_chars=frozenset(s["weak_boundary_chars"]),
        leading=frozenset(s["title_leading_chars"]),
        breakers=frozenset(s["title_breakers"]),
        tibetan_words=frozenset(s["tibetan_name_words"]),
    )


# --- names ---------------------------------------------------------------------------------


# Characters that join two names (王强和李明), and so may end one, unless no name follows.
_JOINS = frozenset("和与及")
_VERBS_AFTER_NAME = (
    "带领",
    "率",
    "带队",
    "表示",
    "指出",
    "强调",
    "介绍",
    "陪同",
    "主持",
    "出席",
    "参加",
    "会见",
    "说",
)
# Words after a name that no transliterated name part holds (艾山在会上, 阿不都 keeps 都).
_NEVER_TRANSLITERATED = frozenset("在对向为将从到赴的是以并又则也还就")


def _word_inside(part: str, voc: Vocabulary) -> bool:
    """The part holds a character or word that ends names (率, 陪同, 在): it runs past the
    name."""
    if any(ch in voc.strong_chars or ch in _NEVER_TRANSLITERATED for ch in part):
        return True
    return any(part[i : i + 2] in voc.boundary_words for i in range(len(part) - 1))


def _boundary(text: str, pos: int, voc: Vocabulary) -> int:
    """How surely a name ends before ``pos``."""
    if pos >= len(text) or text[pos] in PUNCTUATION:
        return STRONG
    if text[pos : pos + 2] in voc.boundary_words or text[pos] in voc.strong_chars:
        return STRONG
    if text[pos + 1 : pos + 2] in PUNCTUATION:  # 巴图孟和，: a 和 before a comma joins nothing
        return NONE
    if text[pos] in _JOINS and text.startswith(_VERBS_AFTER_NAME, pos + 1):
        return NONE  # 巴图孟和带领: nor does one before a verb (陈奕君和代表团: a noun)

    return WEAK if text[pos] in voc.weak_chars else NONE


# A Yi clan name written with 的 (阿的日哈, 阿的阿呷): its 的 is a syllable, not a particle.
_YI_CLAN_WITH_DE = "阿的"


def _plausible(name: str, voc: Vocabulary, surname: int = 0, transliterated: bool = False) -> bool:
    """A name, by its characters; the first ``surname`` of them a surname known to be one.
    A ``transliterated`` name (no known surname) may hold syllables that are words (伍各)."""
    if name in voc.not_names or name[:2] in voc.not_names:
        return False
    allowed = voc.transliterated_chars if transliterated else frozenset()
    if transliterated and name.startswith(_YI_CLAN_WITH_DE):
        allowed |= {"的"}  # 阿的日哈: the Yi clan name 阿的
    if any(
        (ch in voc.not_name_chars and ch not in allowed) or ch in PUNCTUATION
        for ch in name[surname:]
    ):
        return False
    return all("\u4e00" <= ch <= "\u9fff" for ch in name)


def name_at(text: str, pos: int) -> int | None:
    """End offset of a personal name starting at ``pos``, or None when there is none."""
    voc = vocabulary()
    if (tibetan := _tibetan_name_at(text, pos, voc)) is not None:
        return tibetan
    dotted = _DOT_NAME.match(text, pos)
    if dotted and voc.titles.search(text, pos, _first_dot(text, pos, dotted.end())):
        dotted = None  # 常委会副主任阿依古丽·吐尔洪: the name starts after the title
    if dotted:  # 买买提江·阿不都率…: the last part ends where a boundary follows
        last_dot = max(text.rfind("·", pos, dotted.end()), text.rfind("•", pos, dotted.end()))
        weak = None
        for end in range(dotted.end(), last_dot + 1, -1):
            if _word_inside(text[last_dot + 1 : end], voc):  # 吐尔洪率克州党政: past 率
                continue
            sure = _boundary(text, end, voc)
            if sure == STRONG:
                return end
            weak = weak or (end if sure else None)
        if weak:
            return weak
    if text[pos : pos + 2] in voc.compound_surnames:
        lengths = (3, 4)
    elif text[pos : pos + 1] in voc.surnames:
        lengths = (2, 3)
    else:
        return None
    return _pick_length(text, pos, lengths, voc)


def _tibetan_name_at(text: str, pos: int, voc: Vocabulary) -> int | None:
    """End of a Tibetan name of one to three name words (旦增, 洛桑江村) that a word ending
    names follows (陪同, 率, punctuation, 在), the longest reading first."""
    for words in (3, 2, 1):
        end = pos + 2 * words
        named = end <= len(text) and all(
            text[i : i + 2] in voc.tibetan_words for i in range(pos, end, 2)
        )
        if named and _boundary(text, end, voc) != NONE:
            return end
    return None


def _first_dot(text: str, pos: int, end: int) -> int:
    return min(i for i in (text.find("·", pos, end), text.find("•", pos, end)) if i >= 0)


def _pick_length(
    text: str, pos: int, lengths: tuple[int, int], voc: Vocabulary, surname: int = 0
) -> int | None:
    """谭真率 → 2 (率 ends it); 赵男男认为 → 3; 吴新明在参加 → 3; 车俊对安徽 → 2; 白玛赤林， → 4.
    The first ``surname`` characters are a surname known to be one (区 of 区伟华)."""
    short, long = lengths
    ok = {n: _plausible(text[pos : pos + n], voc, surname) for n in (short, long, long + 1)}
    strength = {n: _boundary(text, pos + n, voc) if ok[n] else NONE for n in ok}
    if strength[short] == STRONG:
        return pos + short
    if strength[long] >= WEAK:
        return pos + long
    if strength[short] == WEAK:
        return pos + short
    if strength[long + 1] == STRONG:
        return pos + long + 1
    return None


# --- titles --------------------------------------------------------------------------------


def _title_start(text: str, end: int, floor: int) -> int:
    """Where the title ending at ``end`` starts.

    Back to punctuation other than 、 (or the previous person), past a leading 和/与, then to
    its first region name, organ word or title word, unless the words before that are part of
    the title too (洋口港经济开发区管委会主任): only a function character (由, 在, 据 …) cuts.
    """
    start = end
    while start > floor and end - start < MAX_TITLE and text[start - 1] not in PUNCTUATION - {"、"}:
        start -= 1
    voc = vocabulary()
    while start < end and (text[start] in voc.leading or text[start] == "、"):
        start += 1
    groups = [
        g for g in _GROUP_IN_TITLE.finditer(text, start, end) if not _ITS_HEAD.match(text, g.end())
    ]
    if groups:  # 甘孜州考察团由州委书记: the delegation is no part of its leader's title
        start = groups[-1].end()
    anchor = next((i for i in range(start, end) if _is_anchor(text, i, end)), end)
    cuts = [i for i in range(start, anchor) if text[i] in voc.breakers]
    start = cuts[-1] + 1 if cuts else start
    verbs = list(_MEETING_VERBS.finditer(text, start, end))  # 在长春会见了台州市委书记
    start = verbs[-1].end() if verbs else start
    lead_in = _LEAD_IN_WORDS.match(text, start, end)  # 随同考察的还有市人大常委会主任
    return lead_in.end() if lead_in else start


# Verbs of receiving someone, never part of the title that follows them: 会见了台州市委书记.
_MEETING_VERBS = re.compile(r"(?:会见|接见|看望|会晤|欢迎|迎接|宴请|陪同)了?")


# Words that introduce the people of a list, never part of a title: 还有, 另有 (not 有关).
_LEAD_IN_WORDS = re.compile(r"(?:还有|另有)(?!关)")
# A delegation named before its leader's title, with the word that hands it to them; not
# the group its head's title names (援藏工作队扎囊县工作组组长).
_GROUP_IN_TITLE = re.compile(
    r"(?:代表团|考察团|考察组|调研组|工作组|学习团|访问团|一行)(?:则|就|均|都)?(?:由|是|为)?"
)
_ITS_HEAD = re.compile(r"副?(?:组长|团长|队长)")


def _is_anchor(text: str, i: int, end: int) -> bool:
    voc = vocabulary()
    gazetteer = Gazetteer.load()
    for size in range(min(8, end - i), 0, -1):
        piece = text[i : i + size]
        if piece in voc.organs or voc.titles.fullmatch(piece):
            return True
        if size >= 2 and gazetteer.candidates(piece):
            return True
    return False


_HONORIFIC = "同志"
_LIST_JOINS = ("以及", "和", "及")
_GROUP_LEAD_IN = re.compile(r"(?:还有|有(?!关))[：:]?|[：:]")  # 陪同的市领导有王强; not 有关
_GROUP_BEFORE = re.compile(
    r"等(?:[\u4e00-\u9fff]{0,6}[省市县区州旗盟])?(?:四套班子|几套班子|党政|班子)?(?=领导)"
)


def _is_group(title: str) -> bool:
    """Whether a whole list shares the title: 市领导, 县四套班子领导, 有关部门负责人."""
    return title.endswith(vocabulary().group_titles)


def _next_member(text: str, pos: int, group: bool) -> tuple[int, bool] | None:
    """Where the next name of a list starts, and whether only a 和/及 joins it (then it must
    be the last). 、 always separates; under a group title ， and a last 和/及 do too."""
    if text.startswith(_HONORIFIC, pos):
        pos += len(_HONORIFIC)
    if pos >= len(text):
        return None
    if text[pos] == "、" or (group and text[pos] in "，,"):
        return pos + 1, False
    join = next((j for j in _LIST_JOINS if text.startswith(j, pos)), None) if group else None
    return (pos + len(join), True) if join else None


def _list_members(text: str, pos: int, title: str, span: tuple[int, int]) -> list[PersonMention]:
    """王忠林、李乐成、马旭明: further names of a list share the first one's title.

    Under a group title (市领导王强，李明和张伟陪同) ， and a last 和/及 join names too, and a
    name may carry 同志; a name joined by 和/及 must end surely (陪同, 等, punctuation), and
    not before 代表 (和党员代表参加 is no name).
    """
    voc = vocabulary()
    group = _is_group(title)
    members: list[PersonMention] = []
    while (step := _next_member(text, pos, group)) is not None:
        start, joined = step
        listed = _listed_name_at(text, start, voc, later=not joined) if group else None
        end = name_at(text, start) or listed
        if end is None or voc.titles.search(text, start, end):
            break
        if joined and (_boundary(text, end, voc) != STRONG or text.startswith("代表", end)):
            break
        members.append(PersonMention(text[start:end], title, start, end, span))
        pos = end
        if joined and not text.startswith("、", end):  # 甲、乙及丙、丁: a list goes on after 及
            break
    return members


def _word_surname_at(text: str, start: int) -> int | None:
    """End of a name right after a title whose surname is also a word or starts one
    (区长区伟华，: 区 as in 区委; 旗长其木格率: 其 as in 其他); not where an organ or a title
    starts (区委常委)."""
    voc = vocabulary()
    if text[start : start + 1] not in voc.word_surnames or voc.titles.match(text, start):
        return None
    if any(len(organ) > 1 and text.startswith(organ, start) for organ in voc.organs):
        return None
    return _pick_length(text, start, (2, 3), voc, surname=1)


def _unknown_surname_at(text: str, start: int) -> int | None:
    """End of a three- to six-character name right after a title whose surname the
    vocabulary lacks (州长泽仁多吉率, 县长妥学成率, 盟委书记额尔敦毕力格，): only where the
    group's lead word (also after 将: 州长拉毛卓玛将于…率; 以州长吉克木呷为团长), a verb of
    taking part or hosting (参加, 出席, 会见, 陪同, 介绍, 主持: 副县长尼玛次仁介绍) or the next
    name of a list follows it, and no word that ends a name stands inside it. A name of two
    characters (市长旺堆率), or one followed by 在 (州委书记吉克拉铁在西昌会见), is read only
    where the text names it again."""
    voc = vocabulary()
    if _GROUP_LEAD_IN.match(text, start) or text[start : start + 1] in voc.weak_chars:
        return None  # 市领导有王强: a list follows
    for size in (6, 5, 4, 3, 2):
        end = start + size
        name = text[start:end]
        sure = text[end : end + 1] in _AFTER_UNLISTED or text[end : end + 2] in _LEAD_AFTER
        named_again = _named_again(text, name, start, voc)
        if (
            end <= len(text)
            and (sure and (size > 2 or named_again) or text.startswith("在", end) and named_again)
            and _plausible(name, voc, transliterated=True)
            and not any(name[i : i + 2] in voc.boundary_words for i in range(size - 1))
            and not voc.titles.search(text, start, end)
        ):
            return end
    return None


def _named_again(text: str, name: str, start: int, voc: Vocabulary) -> bool:
    """Somewhere else the text names ``name`` as a sentence's subject: after punctuation or
    at a line's start, and before a word that ends names (。旺堆说, ，吉克拉铁代表州委)."""
    return any(
        m.start() != start
        and (m.start() == 0 or text[m.start() - 1] in PUNCTUATION)
        and _boundary(text, m.end(), voc) == STRONG
        for m in re.finditer(re.escape(name), text)
    )


_AFTER_UNLISTED = frozenset("率、，,赴")  # 率 starts 率领 and 率队 too
_LEAD_AFTER = frozenset(
    {"带领", "带队", "带团", "一行", "将于", "将率", "将带", "拟于", "拟率", "拟带", "为团"}
    | {"会见", "陪同", "介绍", "主持"}
    | {"参加", "出席"}
)


def _listed_name_at(text: str, start: int, voc: Vocabulary, later: bool = False) -> int | None:
    """End of a name whose surname the vocabulary lacks (泽巴足, 扎西, 乌兰其其格), inside a
    list under a group title: two to six name characters with a list mark on both sides, or
    a ``later`` name of the list, of three or more, before a word that ends names
    (、那顺巴雅尔参加)."""
    for size in (3, 2, 4, 5, 6):
        end = start + size
        ends_name = (
            text[end : end + 2] in voc.boundary_words or text[end : end + 1] in voc.strong_chars
        )
        listed = text.startswith("、", end) or (later and size >= 3 and ends_name)
        name = text[start:end]
        if (
            listed
            and _plausible(name, voc, transliterated=True)
            and not any(name[i : i + 2] in voc.boundary_words for i in range(size - 1))
        ):
            return end
    return None


def _names_before_group(text: str, taken: list[PersonMention]) -> list[PersonMention]:
    """Bare names listed before 等 + a region's 领导 take that title: 王强、李明等市领导陪同.

    Walks back over names separated by 、 or ， that are names from end to end; a name that
    already has its own title (常务副市长丁呈呈等市领导) stops the walk.
    """
    voc = vocabulary()
    owned = {(p.start, p.end) for p in taken}
    found: list[PersonMention] = []
    for m in _GROUP_BEFORE.finditer(text):
        title_end = voc.titles.match(text, m.end())
        if title_end is None:
            continue
        span = (m.start() + 1, title_end.end())
        title = text[slice(*span)]
        end = m.start()
        while end > 0:
            start = _bare_name_before(text, end)
            if start is None or (start, end) in owned or voc.titles.search(text, start, end):
                break
            found.append(PersonMention(text[start:end], title, start, end, span))
            if start == 0 or text[start - 1] not in "、，,":
                break
            end = start - 1
    return found


def _bare_name_before(text: str, end: int) -> int | None:
    """Start of a name that ends at ``end`` and stands alone after a separator or line start."""
    for size in (2, 3, 4):
        start = end - size
        if start < 0:
            break
        if (start == 0 or text[start - 1] in PUNCTUATION) and name_at(text, start) == end:
            return start
    return None


# A note in brackets after a title: （挂职）, （兼）, （正厅级）.
TITLE_NOTE = re.compile(r"[（(][\u4e00-\u9fff]{1,10}[）)]")


def find_people(text: str) -> list[PersonMention]:
    """Every title + name in a cleaned, simplified text, in order of the names."""
    people: list[PersonMention] = []
    floor = 0
    for match in vocabulary().titles.finditer(text):
        if match.start() < floor:
            continue
        note = TITLE_NOTE.match(text, match.end())  # 副县长（挂职）樊某
        title_end = note.end() if note else match.end()
        name_start = title_end
        end = name_at(text, name_start) or _word_surname_at(text, name_start)
        if end is None and not _is_group(match.group()):  # 州长泽仁多吉率, not 负责人深入交流
            end = _unknown_surname_at(text, name_start)
        elif end is None and not _GROUP_LEAD_IN.match(text, name_start):  # 州领导俄日才让、某某
            end = _listed_name_at(text, name_start, vocabulary())
        if end is None and (lead := _GROUP_LEAD_IN.match(text, name_start)):
            name_start = lead.end()
            end = name_at(text, name_start)
        if end is None:
            continue
        start = _title_start(text, match.start(), floor)
        title = text[start:title_end].strip("、")
        if name_start != title_end and not _is_group(title):
            continue
        span = (start, title_end)
        people.append(PersonMention(text[name_start:end], title, name_start, end, span))
        people.extend(_list_members(text, end, title, span))
        floor = people[-1].end
    people.extend(_names_before_group(text, people))
    return sorted(people, key=lambda p: p.start)


def split_title_name(text: str) -> list[PersonMention]:
    """Split a title + name fragment: 吴江区委副书记、区长王国荣 → (吴江区委副书记、区长, 王国荣).

    A fragment that is a bare name comes back with an empty title.
    """
    people = find_people(text)
    if people:
        return people
    stripped = text.strip()
    if stripped and name_at(stripped, 0) == len(stripped):
        offset = text.index(stripped)
        return [PersonMention(stripped, "", offset, offset + len(stripped))]
    return []
