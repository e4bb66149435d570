"""Matching: pair predicted visits with gold visits, then align each list field one-to-one.

The rules are the contract's ("How the eval judges a prediction against gold"):

- Visits pair when they share at least one region (origin or destination, on either side,
  so a prediction that swaps origin and destination still pairs and loses only those two
  fields). Among such pairs the assignment maximises agreement: 2 for the same origin, 1 per
  shared destination, 0.1 per shared person name, plus 1 for being admissible at all. The
  assignment is exact (Hungarian method over the small visits × visits matrix).
- Regions match by adcode when both sides have one, else by normalized name (吴江 = 吴江区).
- People match by name (white space and punctuation ignored).
- Itinerary stops match when one normalized name contains the other or their character
  similarity is at least 0.8; the alignment is a maximum matching, each gold stop taking at
  most one predicted stop, more similar candidates preferred.
- Meetings match by kind, topics by domain, agreements by description (containment or
  similarity at least 0.5), each one-to-one.
- Dates match on the parts gold states; a predicted year where gold's year is null or
  differs is an error (an invented year is never right).
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import lru_cache
from typing import Generic, TypeVar

from extract.resolve.gazetteer import normalize_name
from schemas.dates import PartialDate
from schemas.region import Region
from schemas.visit import Agreement, ItineraryStop, Person, Visit

T = TypeVar("T")

STOP_SIMILARITY = 0.8
AGREEMENT_SIMILARITY = 0.5
TEXT_SIMILARITY = 0.8

_NOT_WORD = re.compile(r"[\W_]+")


@dataclass(frozen=True, slots=True)
class Alignment(Generic[T]):
    """A one-to-one alignment of a gold list with a predicted list (indices into each)."""

    pairs: tuple[tuple[int, int], ...]
    gold_only: tuple[int, ...]
    pred_only: tuple[int, ...]


# ---------------------------------------------------------------------------- text


@lru_cache(maxsize=65536)
def norm_text(text: str) -> str:
    """Lower case, without white space or punctuation: the form free text is compared in."""
    return _NOT_WORD.sub("", text).lower()


@lru_cache(maxsize=65536)
def similarity(a: str, b: str) -> float:
    """Character similarity in [0, 1] (difflib's ratio: 2 × matched characters / total)."""
    if a == b:
        return 1.0
    if not a or not b:
        return 0.0
    return SequenceMatcher(None, a, b, autojunk=False).ratio()


def similar(a: str, b: str, threshold: float, *, containment: bool = False) -> bool:
    """Whether two normalized strings match: containment (when allowed) or similarity."""
    if not a or not b:
        return False
    if a == b or (containment and (a in b or b in a)):
        return True
    if 2 * min(len(a), len(b)) / (len(a) + len(b)) < threshold:
        return False  # the ratio cannot reach the threshold: skip the quadratic part
    if 2 * _shared_characters(a, b) / (len(a) + len(b)) < threshold:
        return False  # the same bound, tighter: characters the two have in common
    return similarity(a, b) >= threshold


def _shared_characters(a: str, b: str) -> int:
    """Size of the multiset intersection of the characters (an upper bound of the matches)."""
    return sum(min(a.count(ch), b.count(ch)) for ch in set(a))


def same_text(gold: str, pred: str) -> bool:
    """Free text written 'as in the article' (names, titles): near-equal after normalizing."""
    return similar(norm_text(gold), norm_text(pred), TEXT_SIMILARITY)


# ---------------------------------------------------------------------------- regions


@lru_cache(maxsize=65536)
def _region_name(name: str) -> str:
    return normalize_name(name)


def region_name(region: Region) -> str:
    """The suffix-insensitive name a region is compared by (吴江区 → 吴江)."""
    return _region_name(region.name or region.mention)


def same_region(gold: Region, pred: Region) -> bool:
    """By adcode when both sides have one, else by normalized name."""
    if gold.adcode and pred.adcode:
        return gold.adcode == pred.adcode
    return bool(region_name(gold)) and region_name(gold) == region_name(pred)


# ---------------------------------------------------------------------------- dates


def same_date(gold: PartialDate, pred: PartialDate) -> bool:
    """Equal on every part gold states; a predicted year gold does not state is wrong."""
    if pred.year is not None and gold.year is None:
        return False
    return all(
        getattr(gold, part) is None or getattr(gold, part) == getattr(pred, part)
        for part in ("year", "month", "day")
    )


def invented_year(gold: PartialDate | None, pred: PartialDate | None) -> bool:
    """A predicted year where gold (for the same visit) states none."""
    return pred is not None and pred.year is not None and (gold is None or gold.year is None)


# ---------------------------------------------------------------------------- alignment


def align_by_key(
    gold: Sequence[T], pred: Sequence[T], key: Callable[[T], Hashable]
) -> Alignment[T]:
    """One-to-one by equal keys, in list order within each key (fast path for closed sets)."""
    waiting: dict[Hashable, list[int]] = defaultdict(list)
    for j, item in enumerate(pred):
        waiting[key(item)].append(j)
    pairs: list[tuple[int, int]] = []
    gold_only: list[int] = []
    for i, item in enumerate(gold):
        queue = waiting.get(key(item))
        if queue:
            pairs.append((i, queue.pop(0)))
        else:
            gold_only.append(i)
    used = {j for _, j in pairs}
    pred_only = tuple(j for j in range(len(pred)) if j not in used)
    return Alignment(tuple(pairs), tuple(gold_only), pred_only)


def align_by_match(
    gold: Sequence[T],
    pred: Sequence[T],
    same: Callable[[T, T], bool],
    preference: Callable[[T, T], float] | None = None,
) -> Alignment[T]:
    """A maximum one-to-one matching under `same`; candidates tried best `preference` first."""
    adjacency = [[j for j, p in enumerate(pred) if same(g, p)] for g in gold]
    if preference is not None:
        adjacency = [_ranked(c, g, pred, preference) for c, g in zip(adjacency, gold, strict=True)]
    owner = _kuhn(adjacency, len(pred))
    pairs = tuple(sorted((g, j) for j, g in enumerate(owner) if g >= 0))
    matched_gold = {g for g, _ in pairs}
    gold_only = tuple(i for i in range(len(gold)) if i not in matched_gold)
    pred_only = tuple(j for j, g in enumerate(owner) if g < 0)
    return Alignment(pairs, gold_only, pred_only)


def _ranked(
    candidates: list[int], gold: T, pred: Sequence[T], preference: Callable[[T, T], float]
) -> list[int]:
    return sorted(candidates, key=lambda j: -preference(gold, pred[j]))


def _kuhn(adjacency: list[list[int]], n_pred: int) -> list[int]:
    """Kuhn's augmenting paths: owner[j] is the gold index matched to pred j, or -1."""
    owner = [-1] * n_pred

    def augment(i: int, seen: set[int]) -> bool:
        for j in adjacency[i]:
            if j in seen:
                continue
            seen.add(j)
            if owner[j] < 0 or augment(owner[j], seen):
                owner[j] = i
                return True
        return False

    for i, candidates in enumerate(adjacency):
        if candidates:
            augment(i, set())
    return owner


def align_regions(gold: Sequence[Region], pred: Sequence[Region]) -> Alignment[Region]:
    return align_by_match(gold, pred, same_region)


def align_people(gold: Sequence[Person], pred: Sequence[Person]) -> Alignment[Person]:
    return align_by_key(gold, pred, lambda p: norm_text(p.name))


def _stop_match(gold: ItineraryStop, pred: ItineraryStop) -> bool:
    return similar(norm_text(gold.name), norm_text(pred.name), STOP_SIMILARITY, containment=True)


def _stop_similarity(gold: ItineraryStop, pred: ItineraryStop) -> float:
    return similarity(norm_text(gold.name), norm_text(pred.name))


def align_stops(
    gold: Sequence[ItineraryStop], pred: Sequence[ItineraryStop]
) -> Alignment[ItineraryStop]:
    return align_by_match(gold, pred, _stop_match, _stop_similarity)


def _agreement_match(gold: Agreement, pred: Agreement) -> bool:
    a, b = norm_text(gold.description), norm_text(pred.description)
    return similar(a, b, AGREEMENT_SIMILARITY, containment=True)


def align_agreements(gold: Sequence[Agreement], pred: Sequence[Agreement]) -> Alignment[Agreement]:
    return align_by_match(gold, pred, _agreement_match)


# ---------------------------------------------------------------------------- visits


def _regions(visit: Visit) -> list[Region]:
    return [visit.origin, *visit.destinations]


def visit_affinity(gold: Visit, pred: Visit) -> float:
    """How well two visits agree; 0 when they share no region at all (never paired)."""
    if not any(same_region(g, p) for g in _regions(gold) for p in _regions(pred)):
        return 0.0
    score = 1.0 + 2.0 * same_region(gold.origin, pred.origin)
    score += len(align_regions(gold.destinations, pred.destinations).pairs)
    gold_people = {norm_text(p.name) for p in (*gold.delegation_members, *gold.hosts)}
    pred_people = {norm_text(p.name) for p in (*pred.delegation_members, *pred.hosts)}
    return score + 0.1 * len(gold_people & pred_people)


def pair_visits(gold: Sequence[Visit], pred: Sequence[Visit]) -> Alignment[Visit]:
    """The assignment of predicted to gold visits that maximises total affinity."""
    weights = [[visit_affinity(g, p) for p in pred] for g in gold]
    chosen = max_weight_assignment(weights)
    pairs = tuple((i, j) for i, j in chosen if weights[i][j] > 0)
    paired_gold = {i for i, _ in pairs}
    paired_pred = {j for _, j in pairs}
    return Alignment(
        pairs,
        tuple(i for i in range(len(gold)) if i not in paired_gold),
        tuple(j for j in range(len(pred)) if j not in paired_pred),
    )


def max_weight_assignment(weights: Sequence[Sequence[float]]) -> list[tuple[int, int]]:
    """Rows to columns, one-to-one, maximising the summed weight (Hungarian method).

    Every row is assigned when rows ≤ columns (every column otherwise); callers drop pairs
    whose weight is zero. Weights must be non-negative.
    """
    n = len(weights)
    m = len(weights[0]) if n else 0
    if n == 0 or m == 0:
        return []
    if n > m:
        transposed = [[weights[i][j] for i in range(n)] for j in range(m)]
        return sorted((i, j) for j, i in _hungarian(transposed))
    return sorted(_hungarian(weights))


def _hungarian(weights: Sequence[Sequence[float]]) -> list[tuple[int, int]]:
    """Min-cost assignment of cost = -weight for n rows ≤ m columns (potentials method)."""
    n, m = len(weights), len(weights[0])
    inf = float("inf")
    u, v = [0.0] * (n + 1), [0.0] * (m + 1)
    owner, way = [0] * (m + 1), [0] * (m + 1)
    for row in range(1, n + 1):
        owner[0], col = row, 0
        slack, used = [inf] * (m + 1), [False] * (m + 1)
        while owner[col]:
            used[col] = True
            r, delta, nxt = owner[col], inf, 0
            for j in range(1, m + 1):
                if used[j]:
                    continue
                cost = -weights[r - 1][j - 1] - u[r] - v[j]
                if cost < slack[j]:
                    slack[j], way[j] = cost, col
                if slack[j] < delta:
                    delta, nxt = slack[j], j
            for j in range(m + 1):
                if used[j]:
                    u[owner[j]] += delta
                    v[j] -= delta
                else:
                    slack[j] -= delta
            col = nxt
        while col:
            prev = way[col]
            owner[col] = owner[prev]
            col = prev
    return [(owner[j] - 1, j - 1) for j in range(1, m + 1) if owner[j]]
