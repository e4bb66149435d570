"""Injected spam: known phrases to remove, and a detector that proposes unknown ones.

Scraper sites paste a platform or casino name into the article, even where the delegation's own
name stood (``谭真率网易体育直播党政代表团``). Known phrases (``data/spam_phrases.txt``) are
removed. The detector proposes phrases of 4–8 characters that repeat at least three times, sit
in varied contexts on both sides (pasted in, not part of a fixed expression) and carry platform
words (``data/spam_markers.tsv``) of total weight ≥ 2.

A proposal is removed only on strong evidence: its markers weigh ≥ 3 and one of them is a
specific platform or gambling word of weight ≥ 2 (``网易``, ``博彩``, ``投注`` …), so that
no phrase made only of everyday words (``体育``, ``彩票``, ``在线``: ``体育彩票在线``) can go.
Such a phrase, repeated three times in varied contexts inside a news report, is not news. Weaker
proposals (``澳门彩票娱乐``: weight 2) are only reported: a repeated news term must never
disappear from an article on a guess.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache

from extract.datafile import data_path, read_entries, read_table
from extract.errors import DataFileError

_WORD = re.compile(r"[\u3400-\u9fff\uf900-\ufaffA-Za-z0-9]")
MIN_LEN, MAX_LEN, MIN_COUNT, MIN_WEIGHT, MIN_CONTEXTS = 4, 8, 3, 2, 2
REMOVE_WEIGHT, SPECIFIC_WEIGHT = 3, 2


@dataclass(frozen=True)
class SpamRules:
    """Known spam phrases and the weighted marker words of the detector."""

    known: re.Pattern[str] | None
    known_phrases: frozenset[str]
    markers: tuple[tuple[str, int], ...]
    marker_re: re.Pattern[str]


@dataclass(frozen=True)
class Suspect:
    """A proposed spam phrase: how often it occurs and where first."""

    phrase: str
    count: int
    first: int


@cache
def load_spam_rules() -> SpamRules:
    """Read ``spam_phrases.txt`` and ``spam_markers.tsv``."""
    phrases = sorted({p.strip() for p in read_entries("spam_phrases.txt")}, key=len, reverse=True)
    known = re.compile("|".join(map(re.escape, phrases)), re.IGNORECASE) if phrases else None
    markers = []
    for n, (word, weight) in read_table("spam_markers.tsv", 2):
        if not weight.strip().isdigit():
            raise DataFileError(data_path("spam_markers.tsv"), f"entry {n}: weight {weight!r}")
        markers.append((word.strip(), int(weight)))
    marker_re = re.compile("|".join(re.escape(w) for w, _ in markers), re.IGNORECASE)
    return SpamRules(known, frozenset(p.casefold() for p in phrases), tuple(markers), marker_re)


def find_known(text: str, rules: SpamRules) -> Iterator[tuple[int, int, str]]:
    """``(start, end, phrase)`` of every known spam phrase in ``text``."""
    if rules.known is not None:
        for m in rules.known.finditer(text):
            yield m.start(), m.end(), m.group()


def marker_weight(phrase: str, rules: SpamRules) -> int:
    """Total weight of the distinct marker words inside ``phrase``."""
    folded = phrase.casefold()
    return sum(w for word, w in rules.markers if word.casefold() in folded)


def is_strong(phrase: str, rules: SpamRules) -> bool:
    """A proposal weighty enough to remove; see the module docstring."""
    folded = phrase.casefold()
    weights = [w for word, w in rules.markers if word.casefold() in folded]
    return sum(weights) >= REMOVE_WEIGHT and max(weights, default=0) >= SPECIFIC_WEIGHT


def find_strong(text: str, rules: SpamRules) -> Iterator[tuple[int, int, str]]:
    """``(start, end, phrase)`` of every occurrence of a strong, not yet known, proposal."""
    for s in propose(text, rules):
        if s.phrase.casefold() not in rules.known_phrases and is_strong(s.phrase, rules):
            for m in re.finditer(re.escape(s.phrase), text):
                yield m.start(), m.end(), s.phrase


def propose(text: str, rules: SpamRules) -> list[Suspect]:
    """Repeated, out-of-place phrases with platform words that may be injected spam."""
    seen: Counter[str] = Counter()
    for m in rules.marker_re.finditer(text):
        seen.update(_windows(text, m.start(), m.end()))
    counts = {p: text.count(p) for p, n in seen.items() if n >= MIN_COUNT}
    counts = {
        p: n for p, n in counts.items() if n >= MIN_COUNT and marker_weight(p, rules) >= MIN_WEIGHT
    }
    closed = [p for p, n in counts.items() if not _absorbed(p, n, counts)]
    varied = [p for p in closed if _varied_contexts(text, p)]
    kept = [p for p in varied if not any(q != p and q in p for q in varied)]
    return sorted(
        (Suspect(p, counts[p], text.find(p)) for p in kept), key=lambda s: (s.first, s.phrase)
    )


def _windows(text: str, start: int, end: int) -> set[str]:
    """Word-character substrings of MIN_LEN..MAX_LEN that contain ``text[start:end]``."""
    lo = start
    while lo > 0 and start - lo < MAX_LEN and _WORD.match(text[lo - 1]):
        lo -= 1
    hi = end
    while hi < len(text) and hi - end < MAX_LEN and _WORD.match(text[hi]):
        hi += 1
    out = set()
    for a in range(lo, start + 1):
        for b in range(max(end, a + MIN_LEN), min(hi, a + MAX_LEN) + 1):
            out.add(text[a:b])
    return out


def _absorbed(phrase: str, count: int, counts: dict[str, int]) -> bool:
    """True when a longer candidate always surrounds ``phrase`` (it is not a unit by itself)."""
    return any(q != phrase and phrase in q and n == count for q, n in counts.items())


def _varied_contexts(text: str, phrase: str) -> bool:
    """The phrase is preceded and followed by several different characters."""
    left, right = set(), set()
    for m in re.finditer(re.escape(phrase), text):
        left.add(text[m.start() - 1] if m.start() else "^")
        right.add(text[m.end()] if m.end() < len(text) else "$")
    return len(left) >= MIN_CONTEXTS and len(right) >= MIN_CONTEXTS
