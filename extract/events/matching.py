"""Whether two mentions report the same visit, and which rules say so.

Two mentions match when all three hold:

1. **origin**: the same origin (adcode, else suffix-insensitive name);
2. **destinations**: some destination of one lies within, or contains, one of the other
   (吴江区 lies within 苏州市 and 江苏省: adcode prefixes), or either side names none;
3. **dates**: they agree on the parts both state. A year inferred from the publication date, a
   missing year, or an end date on one side only is no conflict; day spans must overlap
   (one day of slack);

and at least one corroborating rule holds: shared **people** (by name), shared **stops**,
shared **agreements**, the same **quote** (a repost), or, when both give days and both name
destinations, the **same days**. `MatchPolicy` says which corroborations count.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from functools import lru_cache

from extract.events.mentions import Day, Place, VisitMention

CORROBORATIONS = ("people", "stops", "agreements", "quote", "same_days")


@dataclass(frozen=True)
class MatchPolicy:
    """What makes a match: which corroborating rules count, and how many shared people."""

    corroborate: frozenset[str] = field(default_factory=lambda: frozenset(CORROBORATIONS))
    min_shared_people: int = 1
    day_slack: int = 1


DEFAULT_POLICY = MatchPolicy()


# --- regions ---------------------------------------------------------------------------------


def code_prefix(code: str) -> str:
    """The significant digits of an adcode: 440000 → 44, 440100 → 4401, 440106 → 440106."""
    if code.endswith("0000"):
        return code[:2]
    return code[:4] if code.endswith("00") else code


def places_overlap(a: Place, b: Place) -> bool:
    """One region lies within the other, or they are the same (at any level)."""
    if a.code and b.code:
        pa, pb = code_prefix(a.code), code_prefix(b.code)
        return pa.startswith(pb) or pb.startswith(pa)
    if a.key == b.key:
        return True
    return _named_within(a, b) or _named_within(b, a)


def _named_within(inner: Place, outer: Place) -> bool:
    key = outer.key.removeprefix("n:")
    return any(Place(None, p).key.removeprefix("n:") == key for p in inner.parents)


def destinations_overlap(a: tuple[Place, ...], b: tuple[Place, ...]) -> bool:
    return any(places_overlap(x, y) for x in a for y in b)


def destination_tokens(places: tuple[Place, ...]) -> tuple[str, ...] | None:
    """The provinces (first two adcode digits) of coded destinations, for blocking.

    Two lists of coded destinations overlap only if they share one. None when the mention
    names no destination, or one without an adcode: it must meet every mention.
    """
    if not places:
        return None
    if len(places) == 1:
        return _province(places[0].code)
    out: list[str] = []
    for p in places:
        token = _province(p.code)
        if token is None:
            return None
        out.extend(t for t in token if t not in out)
    return tuple(out)


@lru_cache(maxsize=1 << 16)
def _province(code: str | None) -> tuple[str] | None:
    prefix = code_prefix(code) if code else ""
    return (prefix[:2],) if len(prefix) >= 2 else None


# --- dates -----------------------------------------------------------------------------------


def _span(start: Day, end: Day | None) -> tuple[int, int]:
    """Day-of-year ordinals (month·32 + day) of a span; a month alone covers the month."""
    lo = start.month * 32 + (start.day or 1)
    last = end if end is not None and end.month else start
    hi = last.month * 32 + (last.day or 31)
    return lo, max(lo, hi)


def dates_agree(a: VisitMention, b: VisitMention, slack: int = 1) -> bool:
    """No conflict on the parts both state."""
    if a.start is None or b.start is None or not a.start.month or not b.start.month:
        return True
    if a.start.year_stated and b.start.year_stated and a.start.year != b.start.year:
        return False
    lo_a, hi_a = _span(a.start, a.end)
    lo_b, hi_b = _span(b.start, b.end)
    return lo_a <= hi_b + slack and lo_b <= hi_a + slack


def same_days(a: VisitMention, b: VisitMention) -> bool:
    """Both give a day and their spans overlap (dates already agree)."""
    return bool(a.start and b.start and a.start.day and b.start.day)


# --- corroboration ---------------------------------------------------------------------------

_NOISE = re.compile(r"[\s\W_《》“”\"'（）()]+")


def norm(text: str) -> str:
    return _NOISE.sub("", text)


def similar(a: str, b: str) -> bool:
    """Names match when one contains the other (3+ characters) or they are 0.8 alike."""
    a, b = norm(a), norm(b)
    if not a or not b:
        return False
    if a == b or (min(len(a), len(b)) >= 3 and (a in b or b in a)):
        return True
    return SequenceMatcher(None, a, b).ratio() >= 0.8


def shared_people(a: VisitMention, b: VisitMention) -> list[str]:
    names = {p.name for p in a.people}
    return sorted(names & {p.name for p in b.people})


def shared_items(a: tuple[str, ...], b: tuple[str, ...]) -> list[str]:
    return [x for x in a if any(similar(x, y) for y in b)]


def same_quote(a: VisitMention, b: VisitMention) -> bool:
    qa, qb = norm(a.quote), norm(b.quote)
    return min(len(qa), len(qb)) >= 10 and (qa in qb or qb in qa)


# --- the decision ----------------------------------------------------------------------------


def compare(a: VisitMention, b: VisitMention, policy: MatchPolicy = DEFAULT_POLICY) -> list[str]:
    """The rules by which `a` and `b` are one visit; empty when they are not."""
    if a.origin.key != b.origin.key or not dates_agree(a, b, policy.day_slack):
        return []
    both_named = bool(a.destinations and b.destinations)
    if both_named and not destinations_overlap(a.destinations, b.destinations):
        return []
    found = _corroboration(a, b, policy, both_named)
    if not found:
        return []
    where = "destinations overlap" if both_named else "destinations: one side names none"
    return [f"origin {a.origin.key}", where, "dates agree", *found]


def _corroboration(
    a: VisitMention, b: VisitMention, policy: MatchPolicy, both_named: bool
) -> list[str]:
    rules = policy.corroborate
    found: list[str] = []
    people = shared_people(a, b) if "people" in rules else []
    if people and len(people) >= policy.min_shared_people:
        found.append("people " + ",".join(people))
    if "stops" in rules and a.stops and b.stops:
        stops = shared_items(tuple(s.name for s in a.stops), tuple(s.name for s in b.stops))
        if stops:
            found.append("stops " + ",".join(stops))
    if "agreements" in rules and shared_items(a.agreements, b.agreements):
        found.append("agreements")
    if "quote" in rules and same_quote(a, b):
        found.append("quote")
    if "same_days" in rules and both_named and same_days(a, b):
        found.append("same days")
    return found
