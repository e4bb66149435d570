"""Candidate pairs without comparing every pair: block by origin and month, then by year.

A mention's blocks are (origin key, month) for the month it starts in and, when it ends in
another month, that month too. A mention with no month borrows its publication month and the
month before (a report follows its visit); with neither it is a wildcard, compared with every
mention of its origin (rare in practice: most reports state a date or a publication date). Inside a block, mentions of a stated year meet those of the same year
and those whose year is unknown or inferred (a year the text does not state is no conflict).
A pair sharing several blocks is produced once, in the first of them.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Sequence

from extract.events.mentions import VisitMention

BlockKey = tuple[str, int]


def months_of(m: VisitMention) -> tuple[int, ...]:
    """The months a mention is blocked under; none for a wildcard (no date, no publication)."""
    if m.start is not None and m.start.month:
        end = m.end.month if m.end is not None and m.end.month else m.start.month
        return (m.start.month,) if end == m.start.month else (m.start.month, end)
    if m.published is not None:
        month = m.published.month
        return (month, 12 if month == 1 else month - 1)
    return ()


def stated_year(m: VisitMention) -> int | None:
    if m.start is not None and m.start.year_stated:
        return m.start.year
    return None


def block_keys(m: VisitMention) -> tuple[BlockKey, ...]:
    return tuple((m.origin.key, month) for month in months_of(m))


def build_blocks(mentions: Sequence[VisitMention]) -> dict[BlockKey, dict[int | None, list[int]]]:
    """Block key → year (None: not stated) → indexes of the mentions in it."""
    blocks: dict[BlockKey, dict[int | None, list[int]]] = defaultdict(lambda: defaultdict(list))
    for i, m in enumerate(mentions):
        year = stated_year(m)
        for key in block_keys(m):
            blocks[key][year].append(i)
    return blocks


def candidate_pairs(mentions: Sequence[VisitMention]) -> Iterator[tuple[int, int]]:
    """Index pairs (i < j) worth comparing, each once."""
    keys = [block_keys(m) for m in mentions]
    for key, years in build_blocks(mentions).items():
        for i, j in _pairs_in_block(years):
            a, b = (i, j) if i < j else (j, i)
            if len(keys[a]) == 1 and len(keys[b]) == 1 or _first_shared(keys[a], keys[b]) == key:
                yield a, b
    yield from _wildcard_pairs(mentions, keys)


def _wildcard_pairs(
    mentions: Sequence[VisitMention], keys: list[tuple[BlockKey, ...]]
) -> Iterator[tuple[int, int]]:
    wild = [i for i, k in enumerate(keys) if not k]
    if not wild:
        return
    by_origin: dict[str, list[int]] = defaultdict(list)
    for i, m in enumerate(mentions):
        by_origin[m.origin.key].append(i)
    for i in wild:
        for j in by_origin[mentions[i].origin.key]:
            if j != i and (keys[j] or j > i):
                yield (i, j) if i < j else (j, i)


def _pairs_in_block(years: dict[int | None, list[int]]) -> Iterator[tuple[int, int]]:
    unknown = years.get(None, [])
    for year, members in years.items():
        yield from _within(members)
        if year is not None:
            yield from ((i, j) for i in members for j in unknown)


def _within(members: list[int]) -> Iterator[tuple[int, int]]:
    for n, i in enumerate(members):
        for j in members[n + 1 :]:
            yield i, j


def _first_shared(a: tuple[BlockKey, ...], b: tuple[BlockKey, ...]) -> BlockKey:
    return min(set(a) & set(b))
