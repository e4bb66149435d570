"""The events stage end to end: results files → mentions → clusters → events."""

from __future__ import annotations

import multiprocessing
import zlib
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path

from extract.events.clustering import cluster
from extract.events.consensus import Event, build_event
from extract.events.links import NO_OVERRIDES, Overrides
from extract.events.mentions import VisitMention, mentions_of
from extract.exports import ExportError, latest_records


def read_mentions(results: Iterable[Path]) -> list[VisitMention]:
    """Every visit of the latest ok record of each article, over all results files.

    An article id present in two files keeps both files' visits apart only if their keys
    differ; the later file's record wins otherwise.
    """
    by_key: dict[str, VisitMention] = {}
    for path in results:
        if not path.is_file():
            raise ExportError(f"no results file at {path}", hint="pass JSONL files of kaocha run")
        for m in mentions_of(latest_records(path)):
            by_key[m.key] = m
    return list(by_key.values())


def merge(
    mentions: Sequence[VisitMention], overrides: Overrides = NO_OVERRIDES, workers: int = 1
) -> list[Event]:
    """The events of `mentions`, sorted by origin and start date.

    With `workers` > 1 the mentions are split by origin (events never span two origins, but
    for must-links, whose origins share a shard) and merged in that many processes.
    """
    if workers > 1 and len(mentions) >= PARALLEL_FROM:
        events = _parallel(mentions, overrides, workers)
    else:
        events = list(iter_events(mentions, overrides))
    events.sort(key=lambda e: (e.origin.key, e.fields["start_date"].value or "", e.event_id))
    return events


def iter_events(mentions: Sequence[VisitMention], overrides: Overrides) -> Iterator[Event]:
    for group in cluster(mentions, overrides):
        yield build_event(mentions, group)


PARALLEL_FROM = 20_000
_SHARDS: list[list[VisitMention]] = []
_OVERRIDES: list[Overrides] = []


def shards(
    mentions: Sequence[VisitMention], overrides: Overrides, n: int
) -> list[list[VisitMention]]:
    """`n` lists of mentions; one origin (and the origins must-linked to it) per shard."""
    origin_of = {m.key: m.origin.key for m in mentions}
    parent: dict[str, str] = {}

    def root(o: str) -> str:
        while parent.get(o, o) != o:
            o = parent[o]
        return o

    for a, b in overrides.must_link:
        if a in origin_of and b in origin_of:
            parent[root(origin_of[a])] = root(origin_of[b])
    out: list[list[VisitMention]] = [[] for _ in range(n)]
    for m in mentions:
        out[zlib.crc32(root(m.origin.key).encode()) % n].append(m)
    return out


def _shard_events(index: int) -> list[Event]:
    return list(iter_events(_SHARDS[index], _OVERRIDES[0]))


def _parallel(mentions: Sequence[VisitMention], overrides: Overrides, workers: int) -> list[Event]:
    """Merge shards in forked processes (they inherit the shards; events come back pickled)."""
    _SHARDS[:] = shards(mentions, overrides, workers)
    _OVERRIDES[:] = [overrides]
    try:
        with multiprocessing.get_context("fork").Pool(workers) as pool:
            parts = pool.map(_shard_events, range(workers))
    finally:
        _SHARDS.clear()
        _OVERRIDES.clear()
    return [e for part in parts for e in part]


def unknown_ids(mentions: Sequence[VisitMention], overrides: Overrides) -> list[str]:
    """Override ids that name no mention (a typo, or a record not in these results)."""
    known = {m.key for m in mentions}
    named = [k for pair in overrides.must_link for k in pair]
    named += [k for pair in overrides.cannot_link for k in pair]
    return sorted({k for k in named if k not in known})
