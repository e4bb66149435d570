"""Join matching mentions into events: union-find over explained links, under guards.

Must-links are joined first. Then matched pairs, the best corroborated first, join their two
groups unless a guard refuses: a cannot-link between the groups, two visits of one article
(a roundup's visits are distinct trips), or dates of the two groups that disagree (so a chain
a~b~c never joins an a and c of different dates). Every link, joined or refused, is kept with
its rules, so each event can say which rule merged which record.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from extract.events.blocking import candidate_pairs
from extract.events.links import NO_OVERRIDES, Overrides
from extract.events.matching import compare, dates_agree
from extract.events.mentions import VisitMention

GUARD_LIMIT = 64  # pairs checked for date agreement when two groups join


@dataclass(frozen=True, slots=True)
class Link:
    """Why two mentions were joined (or would have been, with `refused` saying why not)."""

    a: str
    b: str
    rules: tuple[str, ...]
    refused: str | None = None


@dataclass(frozen=True, slots=True)
class Cluster:
    members: tuple[int, ...]
    links: tuple[Link, ...]


class _Groups:
    """Union-find that keeps each group's members, for the guards."""

    def __init__(self, n: int) -> None:
        self.parent = list(range(n))
        self.members: dict[int, list[int]] = {}

    def find(self, i: int) -> int:
        parent = self.parent
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def of(self, root: int) -> list[int]:
        return self.members.get(root) or [root]

    def join(self, ra: int, rb: int) -> int:
        big, small = (ra, rb) if len(self.of(ra)) >= len(self.of(rb)) else (rb, ra)
        self.members[big] = self.of(big) + self.of(small)
        self.members.pop(small, None)
        self.parent[small] = big
        return big


def _refusal(
    groups: _Groups, ra: int, rb: int, mentions: Sequence[VisitMention], overrides: Overrides
) -> str | None:
    left, right = groups.of(ra), groups.of(rb)
    forbidden = bool(overrides.cannot_link)
    for i in left:
        a = mentions[i]
        for j in right:
            b = mentions[j]
            if forbidden and overrides.forbids(a.key, b.key):
                return f"cannot-link {a.key} {b.key}"
            if a.article_id == b.article_id:
                return f"same article {a.article_id}"
    if len(left) * len(right) <= GUARD_LIMIT:
        for i in left:
            for j in right:
                if not dates_agree(mentions[i], mentions[j], overrides.policy.day_slack):
                    return f"dates of {mentions[i].key} and {mentions[j].key} disagree"
    return None


def _matched(
    mentions: Sequence[VisitMention], overrides: Overrides
) -> list[tuple[tuple[str, ...], int, int]]:
    out = []
    for i, j in candidate_pairs(mentions):
        rules = compare(mentions[i], mentions[j], overrides.policy)
        if rules:
            out.append((tuple(rules), i, j))
    out.sort(key=lambda item: -len(item[0]))
    return out


def _must_pairs(
    mentions: Sequence[VisitMention], overrides: Overrides
) -> list[tuple[tuple[str, ...], int, int]]:
    index = {m.key: i for i, m in enumerate(mentions)}
    return [
        (("must-link",), index[a], index[b])
        for a, b in overrides.must_link
        if a in index and b in index
    ]


def cluster(mentions: Sequence[VisitMention], overrides: Overrides = NO_OVERRIDES) -> list[Cluster]:
    """The events of `mentions`, as groups of indexes with the links that made them."""
    groups = _Groups(len(mentions))
    links: list[tuple[int, int, Link]] = []
    forced = _must_pairs(mentions, overrides)
    for n, (rules, i, j) in enumerate(forced + _matched(mentions, overrides)):
        ri, rj = groups.find(i), groups.find(j)
        if ri == rj:
            continue
        refused = None if n < len(forced) else _refusal(groups, ri, rj, mentions, overrides)
        link = Link(mentions[i].key, mentions[j].key, rules, refused)
        if refused is None:
            groups.join(ri, rj)
        links.append((i, j, link))
    return _collect(groups, links, len(mentions))


def _collect(groups: _Groups, links: list[tuple[int, int, Link]], n: int) -> list[Cluster]:
    by_root: dict[int, list[Link]] = {}
    for i, _j, link in links:
        by_root.setdefault(groups.find(i), []).append(link)
    clusters = []
    parent, grouped = groups.parent, groups.members
    for i in range(n):
        if parent[i] == i:  # a root: its own parent
            members = tuple(sorted(grouped[i])) if i in grouped else (i,)
            clusters.append(Cluster(members, tuple(by_root.get(i, ()))))
    return clusters
