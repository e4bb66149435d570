"""Grounding: find each evidence quote in the cleaned text and map it back to the raw text.

Quotes are matched with white space ignored (the model and the page may break lines
differently); offsets are always those of the cleaned text, then mapped to the raw text
by the cleaner's offset map. Code computes offsets; the model never writes them.
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections.abc import Callable
from dataclasses import dataclass

_SPACE = re.compile(r"\s+")
_NON_SPACE = re.compile(r"\S+")

RawMapper = Callable[[int, int], tuple[int, int]]


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    raw_start: int | None
    raw_end: int | None


class TextIndex:
    """The cleaned text without white space, with a map back to cleaned offsets."""

    def __init__(self, text: str, to_raw: RawMapper | None = None) -> None:
        self.text = text
        self._to_raw = to_raw
        runs = [m.span() for m in _NON_SPACE.finditer(text)]
        self._squashed = "".join(text[s:e] for s, e in runs)
        self._starts = [s for s, _ in runs]  # where each run of non-space starts in `text`
        self._at = list(itertools.accumulate((e - s for s, e in runs), initial=0))[:-1]

    def _cleaned(self, at: int) -> int:
        """The offset in `text` of the character at `at` in the squashed text."""
        run = bisect.bisect_right(self._at, at) - 1
        return self._starts[run] + at - self._at[run]

    def find(self, quote: str) -> Span | None:
        """The first occurrence of `quote` (white space ignored), or None."""
        q = _SPACE.sub("", quote)
        if not q:
            return None
        at = self._squashed.find(q)
        if at < 0:
            return None
        start = self._cleaned(at)
        end = self._cleaned(at + len(q) - 1) + 1
        raw = self._to_raw(start, end) if self._to_raw else (None, None)
        return Span(start, end, raw[0], raw[1])


_SENTENCE_END = "。！？；!?;\n"
_SOFT_BREAK = "，、,：:"


def _sentence_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    s = max((text.rfind(ch, 0, start) for ch in _SENTENCE_END), default=-1) + 1
    ends = [i for i in (text.find(ch, end) for ch in _SENTENCE_END) if i >= 0]
    return s, min(ends) if ends else len(text)


def sentence_around(text: str, start: int, end: int) -> str:
    """The whole sentence holding text[start:end]."""
    s, e = _sentence_bounds(text, start, end)
    return text[s:e]


def clause_around(text: str, start: int, end: int, limit: int = 60) -> str:
    """The sentence holding text[start:end], cut at commas to at most `limit` characters.

    This is how code, not the model, quotes evidence for a name it found in the text.
    """
    s, e = _sentence_bounds(text, start, end)
    while e - s > limit:
        left = max((text.rfind(ch, s, start) for ch in _SOFT_BREAK), default=-1)
        right = min(
            (i for i in (text.find(ch, end, e) for ch in _SOFT_BREAK) if i >= 0), default=-1
        )
        if left >= s and (start - left >= e - right or right < 0):
            s = left + 1
        elif right >= 0:
            e = right
        else:
            s, e = max(s, start - (limit - (end - start)) // 2), min(e, end + limit // 2)
            break
    return text[s:e].strip()
