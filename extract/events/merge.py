"""The events stage end to end: results files → mentions → clusters → events."""

from __future__ import annotations

import gc
import multiprocessing
import zlib
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from extract.batch.exports import ExportError, latest_records
from extract.events.clustering import Cluster, Link, cluster
from extract.events.consensus import Event, build_event
from extract.events.links import NO_OVERRIDES, Overrides
from extract.events.mentions import VisitMention, mentions_of


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
    for must-links, whose origins share a shard) and clustered in that many processes.
    """
    with _collector_paused():
        if workers > 1 and len(mentions) >= PARALLEL_FROM:
            events = _parallel(mentions, overrides, workers)
        else:
            events = list(iter_events(mentions, overrides))
        events.sort(key=lambda e: (e.origin.key, e.fields["start_date"].value or "", e.event_id))
    return events


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while merging.

    The merge allocates millions of long-lived objects and no reference cycles; with the
    collector on, its passes over the growing heap cost more than the merge itself. On the way
    out the new objects join the oldest generation, so the next collection does not scan them
    all at once (the next full one does, as it would have).
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.freeze()  # what the merge made goes to the oldest generation without a pass
            gc.unfreeze()
            gc.enable()


def iter_events(mentions: Sequence[VisitMention], overrides: Overrides) -> Iterator[Event]:
    for group in cluster(mentions, overrides):
        yield build_event(mentions, group)


PARALLEL_FROM = 20_000
SHARDS_PER_WORKER = 4
_SHARDS: list[list[int]] = []
_INPUT: list[tuple[Sequence[VisitMention], Overrides]] = []

# A cluster as it comes back from a worker: members (indexes into all mentions) and links.
Found = tuple[tuple[int, ...], tuple[tuple[str, str, tuple[str, ...], str | None], ...]]


def shards(mentions: Sequence[VisitMention], overrides: Overrides, n: int) -> list[list[int]]:
    """`n` lists of mention indexes; one origin (and the origins must-linked to it) per shard."""
    origin_of = {m.key: m.origin.key for m in mentions}
    parent: dict[str, str] = {}

    def root(o: str) -> str:
        while parent.get(o, o) != o:
            o = parent[o]
        return o

    for a, b in overrides.must_link:
        if a in origin_of and b in origin_of:
            parent[root(origin_of[a])] = root(origin_of[b])
    out: list[list[int]] = [[] for _ in range(n)]
    for i, m in enumerate(mentions):
        out[zlib.crc32(root(m.origin.key).encode()) % n].append(i)
    return out


def _shard_clusters(index: int) -> list[Found]:
    """The clusters of one shard, in plain tuples (they pickle fast)."""
    shard = _SHARDS[index]
    mentions, overrides = _INPUT[0]
    found = cluster([mentions[i] for i in shard], overrides)
    return [
        (
            tuple(shard[i] for i in c.members),
            tuple((k.a, k.b, k.rules, k.refused) for k in c.links),
        )
        for c in found
    ]


def _parallel(mentions: Sequence[VisitMention], overrides: Overrides, workers: int) -> list[Event]:
    """Cluster shards in forked processes while this one builds the events of those done.

    Blocking, matching and clustering run in the workers (which inherit the mentions); the
    clusters come back as index tuples, and the events are built here, where they are kept.
    """
    _SHARDS[:] = shards(mentions, overrides, workers * SHARDS_PER_WORKER)
    _INPUT[:] = [(mentions, overrides)]
    events: list[Event] = []
    try:
        with multiprocessing.get_context("fork").Pool(workers) as pool:
            for part in pool.imap_unordered(_shard_clusters, range(len(_SHARDS))):
                for members, links in part:
                    group = Cluster(members, tuple(Link(*link) for link in links))
                    events.append(build_event(mentions, group))
    finally:
        _SHARDS.clear()
        _INPUT.clear()
    return events


def unknown_ids(mentions: Sequence[VisitMention], overrides: Overrides) -> list[str]:
    """Override ids that name no mention (a typo, or a record not in these results)."""
    known = {m.key for m in mentions}
    named = [k for pair in overrides.must_link for k in pair]
    named += [k for pair in overrides.cannot_link for k in pair]
    return sorted({k for k in named if k not in known})
