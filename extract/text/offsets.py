"""Offset maps: where each character of a cleaned text came from in the raw text.

Cleaning deletes spans (chrome lines, pinyin glosses, spam), replaces whitespace runs and
converts characters one for one. The map is kept as a short list of *runs*: a run maps the
clean span ``[clean_start, clean_end)`` to the raw span ``[raw_start, raw_end)``. A run whose two
spans have the same length is *linear* (character i maps to raw_start + i); any other run is
*coarse* (every character maps to the whole raw span: a decoded HTML entity, a paragraph
break standing for removed lines).
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field


@dataclass(frozen=True)
class OffsetMap:
    """Maps positions of a cleaned text back to positions of the raw text it came from."""

    clean_starts: tuple[int, ...]
    raw_starts: tuple[int, ...]
    raw_ends: tuple[int, ...]
    clean_len: int
    raw_len: int

    @classmethod
    def identity(cls, n: int) -> OffsetMap:
        """The map of a text that is its own raw text."""
        if n == 0:
            return cls((), (), (), 0, 0)
        return cls((0,), (0,), (n,), n, n)

    def __len__(self) -> int:
        return self.clean_len

    def _run(self, i: int) -> int:
        if not 0 <= i < self.clean_len:
            raise IndexError(f"clean position {i} outside 0..{self.clean_len - 1}")
        return bisect_right(self.clean_starts, i) - 1

    def _run_end(self, k: int) -> int:
        nxt = k + 1
        return self.clean_starts[nxt] if nxt < len(self.clean_starts) else self.clean_len

    def char_span(self, i: int) -> tuple[int, int]:
        """The raw span that clean character ``i`` stands for."""
        k = self._run(i)
        cs, rs, re_ = self.clean_starts[k], self.raw_starts[k], self.raw_ends[k]
        if self._run_end(k) - cs == re_ - rs:
            return rs + (i - cs), rs + (i - cs) + 1
        return rs, re_

    def raw_index(self, i: int) -> int:
        """The raw position of clean character ``i`` (the start of its raw span)."""
        return self.char_span(i)[0]

    def to_raw(self, start: int, end: int) -> tuple[int, int]:
        """The raw span of the clean span ``[start, end)``; the text between is raw[rs:re]."""
        if not 0 <= start <= end <= self.clean_len:
            raise IndexError(f"clean span {start}:{end} outside 0:{self.clean_len}")
        if start == end:
            pos = self.char_span(start)[0] if start < self.clean_len else self.raw_len
            return pos, pos
        return self.char_span(start)[0], self.char_span(end - 1)[1]

    def runs(self) -> list[tuple[int, int, int, int]]:
        """All runs as ``(clean_start, clean_end, raw_start, raw_end)``."""
        return [
            (cs, self._run_end(k), self.raw_starts[k], self.raw_ends[k])
            for k, cs in enumerate(self.clean_starts)
        ]

    def compose(self, inner: OffsetMap) -> OffsetMap:
        """Chain ``self`` (clean → middle) with ``inner`` (middle → raw) into clean → raw."""
        out = OffsetMapBuilder()
        for cs, ce, ms, me in self.runs():
            if ce - cs == me - ms:
                _compose_linear(out, inner, ms, me)
            else:
                rs, re_ = inner.to_raw(ms, me)
                out.add(ce - cs, rs, re_)
        return out.build(inner.raw_len)


def _compose_linear(out: OffsetMapBuilder, inner: OffsetMap, ms: int, me: int) -> None:
    """Append the middle span ``[ms, me)`` (one clean char per middle char) mapped by inner."""
    pos = ms
    while pos < me:
        k = inner._run(pos)
        run_end = min(inner._run_end(k), me)
        cs, rs, re_ = inner.clean_starts[k], inner.raw_starts[k], inner.raw_ends[k]
        if inner._run_end(k) - cs == re_ - rs:
            out.add(run_end - pos, rs + (pos - cs), rs + (run_end - cs))
        else:
            out.add(run_end - pos, rs, re_)
        pos = run_end


@dataclass
class OffsetMapBuilder:
    """Collects runs in clean order; adjacent linear runs that touch in both texts merge."""

    _clean: list[int] = field(default_factory=list)
    _rs: list[int] = field(default_factory=list)
    _re: list[int] = field(default_factory=list)
    _pos: int = 0
    _last_linear: bool = False

    def add(self, clean_len: int, raw_start: int, raw_end: int) -> None:
        """Append ``clean_len`` clean characters standing for ``raw[raw_start:raw_end]``."""
        if clean_len <= 0:
            return
        linear = clean_len == raw_end - raw_start
        if linear and self._last_linear and self._re[-1] == raw_start:
            self._re[-1] = raw_end
        else:
            self._clean.append(self._pos)
            self._rs.append(raw_start)
            self._re.append(raw_end)
        self._pos += clean_len
        self._last_linear = linear

    def build(self, raw_len: int) -> OffsetMap:
        return OffsetMap(tuple(self._clean), tuple(self._rs), tuple(self._re), self._pos, raw_len)
