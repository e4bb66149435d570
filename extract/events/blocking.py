"""Candidate pairs without comparing every pair: block by origin and month, then by year.

A mention's blocks are (origin key, month) for the month it starts in and, when it ends in
another month, that month too. A mention with no month borrows its publication month and the
month before (a report follows its visit); with neither it is a wildcard, compared with every
mention of its origin (rare in practice: most reports state a date or a publication date).
Inside a block, mentions of a stated year meet those of the same year and those whose year is
unknown or inferred (a year the text does not state is no conflict), and two mentions that both
name coded destinations meet only when they share a province (`matching.destination_tokens`:
no pair outside one can overlap). A pair sharing several blocks is produced once, in the first
of them.

Pairs come in a fixed order, which decides the order of joins among equally corroborated
matches: blocks in order of first appearance, inside a block by year (in order of first
appearance), the pairs within a year before those of that year with the unknown year, each by
index; then the wildcards' pairs.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Sequence

from extract.events.matching import destination_tokens
from extract.events.mentions import VisitMention

BlockKey = tuple[str, int]
Tokens = tuple[str, ...] | None


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
    months = months_of(m)
    if len(months) == 1:
        return ((m.origin.key, months[0]),)
    return tuple((m.origin.key, month) for month in months)


def build_blocks(
    keys: Sequence[tuple[BlockKey, ...]],
) -> dict[BlockKey, list[int]]:
    """Block key → indexes of its mentions, both in order of first appearance."""
    blocks: dict[BlockKey, list[int]] = {}
    for i, own in enumerate(keys):
        for key in own:
            members = blocks.get(key)
            if members is None:
                blocks[key] = [i]
            else:
                members.append(i)
    return blocks


def candidate_pairs(mentions: Sequence[VisitMention]) -> Iterator[tuple[int, int]]:
    """Index pairs (i < j) worth comparing, each once."""
    keys: list[tuple[BlockKey, ...]] = []
    years: list[int | None] = []
    tokens: list[Tokens] = []
    for m in mentions:
        start = m.start
        keys.append(block_keys(m))
        years.append(start.year if start is not None and start.year_stated else None)
        tokens.append(destination_tokens(m.destinations))
    for key, members in build_blocks(keys).items():
        if len(members) < 2:
            continue
        for a, b in _block_pairs(members, years, tokens):
            ka, kb = keys[a], keys[b]
            if len(ka) == 1 and len(kb) == 1 or _first_shared(ka, kb) == key:
                yield a, b
    yield from _wildcard_pairs(mentions, keys, tokens)


def _block_pairs(
    members: list[int], years: list[int | None], tokens: list[Tokens]
) -> list[tuple[int, int]]:
    """The pairs of one block whose years and provinces allow a match, in the fixed order."""
    order: dict[int | None, int] = {}
    buckets: dict[str, list[int]] = defaultdict(list)
    wild: list[int] = []
    for i in members:
        if years[i] not in order:
            order[years[i]] = len(order)
        own = tokens[i]
        if own is None:
            wild.append(i)
        else:
            for token in own:
                buckets[token].append(i)
    found: set[tuple[int, int]] = set()
    for bucket in buckets.values():
        if len(bucket) > 1:
            _years_meet(bucket, bucket, years, found)
    if wild:
        _years_meet(wild, members, years, found)
    return sorted(found, key=lambda p: _rank(p, years, order))


def _years_meet(
    left: list[int], right: list[int], years: list[int | None], found: set[tuple[int, int]]
) -> None:
    for i in left:
        yi = years[i]
        for j in right:
            if i != j:
                yj = years[j]
                if yi == yj or yi is None or yj is None:
                    found.add((i, j) if i < j else (j, i))


def _rank(
    pair: tuple[int, int], years: list[int | None], order: dict[int | None, int]
) -> tuple[int, int, int, int]:
    a, b = pair
    ya, yb = years[a], years[b]
    if ya == yb:
        return order[ya], 0, a, b
    if ya is None:
        return order[yb], 1, b, a
    return order[ya], 1, a, b


def _wildcard_pairs(
    mentions: Sequence[VisitMention], keys: list[tuple[BlockKey, ...]], tokens: list[Tokens]
) -> Iterator[tuple[int, int]]:
    wild = [i for i, k in enumerate(keys) if not k]
    if not wild:
        return
    by_origin: dict[str, list[int]] = defaultdict(list)
    for i, m in enumerate(mentions):
        by_origin[m.origin.key].append(i)
    for i in wild:
        for j in by_origin[mentions[i].origin.key]:
            if j != i and (keys[j] or j > i) and _may_overlap(tokens[i], tokens[j]):
                yield (i, j) if i < j else (j, i)


def _may_overlap(a: Tokens, b: Tokens) -> bool:
    return a is None or b is None or any(t in b for t in a)


def _first_shared(a: tuple[BlockKey, ...], b: tuple[BlockKey, ...]) -> BlockKey:
    return min(set(a) & set(b))
