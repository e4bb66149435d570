"""The article page's view: the record as form items, and the text cut at each evidence quote.

Every visit and every list item becomes an `Item` with a stable key (`v0-hosts-1`), the
values the form edits, the rest of its JSON (kept as it was), its evidence quote and where
that quote sits in the cleaned text. `segments` cuts the text so that each highlighted run
names the keys of the items whose evidence covers it; clicking an item finds its run.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from evals.html import spans
from schemas.enums import (
    DelegationKind,
    MeetingKind,
    PersonRole,
    StopKind,
    TopicDomain,
    VisitStatus,
)
from schemas.region import Region
from schemas.visit import ArticleExtraction, Evidence, Visit


@dataclass(frozen=True, slots=True)
class Field:
    """One input of an item: its name, kind (text, select, list) and the choices of a select."""

    name: str
    label: str
    kind: str = "text"
    choices: tuple[str, ...] = ()


def _choices(enum: type[StrEnum]) -> tuple[str, ...]:
    return tuple(str(member) for member in enum)


PERSON = (
    Field("name", "name"),
    Field("title", "title"),
    Field("role", "role", "select", _choices(PersonRole)),
)
LISTS: dict[str, tuple[str, tuple[Field, ...]]] = {
    "delegation_members": ("Delegation members", PERSON),
    "hosts": ("Hosts", PERSON),
    "itinerary": (
        "Stops",
        (
            Field("name", "name"),
            Field("kind", "kind", "select", _choices(StopKind)),
            Field("destination", "destination"),
        ),
    ),
    "meetings": (
        "Meetings",
        (Field("kind", "kind", "select", _choices(MeetingKind)), Field("name", "name")),
    ),
    "agreements": (
        "Agreements",
        (Field("description", "description"), Field("parties", "parties (、)", "list")),
    ),
    "topics": (
        "Topics",
        (Field("domain", "domain", "select", _choices(TopicDomain)), Field("detail", "detail")),
    ),
}
HEAD = (
    Field("delegation_name", "delegation"),
    Field("delegation_kind", "kind", "select", _choices(DelegationKind)),
    Field("status", "status", "select", _choices(VisitStatus)),
)


@dataclass(frozen=True, slots=True)
class Item:
    key: str
    values: dict[str, Any]
    rest: str  # the item's other JSON, kept as it was
    quote: str
    start: int | None
    end: int | None

    def value(self, name: str) -> str:
        value = self.values.get(name)
        if isinstance(value, list):
            return "、".join(str(v) for v in value)
        return "" if value is None else str(value)


@dataclass(frozen=True, slots=True)
class RegionView:
    key: str
    json: str
    mention: str
    label: str


@dataclass(frozen=True, slots=True)
class VisitForm:
    index: int
    head: Item
    origin: RegionView
    destinations: list[RegionView]
    lists: list[tuple[str, str, tuple[Field, ...], list[Item]]]  # name, label, fields, items
    dates: dict[str, dict[str, Any]]


def region_label(region: Region) -> str:
    """吴江区 · 320509 · county · 苏州市 / 江苏省 (or why it is not resolved)."""
    if not region.adcode:
        return f"{region.mention}: {region.status}"
    parts = [region.name or region.mention, region.adcode, str(region.level or "")]
    if region.parents:
        parts.append(" / ".join(region.parents))
    return " · ".join(p for p in parts if p)


def region_view(key: str, region: Region) -> RegionView:
    data = json.dumps(region.model_dump(mode="json"), ensure_ascii=False)
    return RegionView(key, data, region.mention, region_label(region))


def _locate(text: str, evidence: Evidence) -> tuple[int | None, int | None]:
    found = spans(text, [evidence])
    return found[0] if found else (None, None)


def item(key: str, model: Any, fields: Sequence[Field], text: str) -> Item:
    data = model.model_dump(mode="json")
    values = {f.name: data.pop(f.name, None) for f in fields}
    evidence = data.pop("evidence")
    start, end = _locate(text, model.evidence)
    rest = json.dumps(data, ensure_ascii=False)
    return Item(key, values, rest, evidence["quote"], start, end)


def _date(value: Any) -> dict[str, Any]:
    if value is None:
        return {"year": "", "month": "", "day": "", "inferred": False}
    parts = {p: getattr(value, p) or "" for p in ("year", "month", "day")}
    return parts | {"inferred": "year" in value.inferred}


def visit_form(index: int, visit: Visit, text: str) -> VisitForm:
    key = f"v{index}"
    lists = []
    for name, (label, fields) in LISTS.items():
        items = [
            item(f"{key}-{name}-{k}", x, fields, text) for k, x in enumerate(getattr(visit, name))
        ]
        lists.append((name, label, fields, items))
    head = item(key, visit.model_copy(update={n: [] for n in LISTS}), HEAD, text)
    return VisitForm(
        index=index,
        head=head,
        origin=region_view(f"{key}-origin", visit.origin),
        destinations=[
            region_view(f"{key}-destinations-{k}", r) for k, r in enumerate(visit.destinations)
        ],
        lists=lists,
        dates={"start_date": _date(visit.start_date), "end_date": _date(visit.end_date)},
    )


def visit_forms(extraction: ArticleExtraction, text: str) -> list[VisitForm]:
    return [visit_form(i, v, text) for i, v in enumerate(extraction.visits)]


def all_spans(forms: Sequence[VisitForm]) -> list[tuple[str, int, int]]:
    """(item key, start, end) of every located evidence quote."""
    out = []
    for form in forms:
        items = [form.head] + [x for _, _, _, listed in form.lists for x in listed]
        out += [(x.key, x.start, x.end) for x in items if x.start is not None and x.end is not None]
    return out


def segments(text: str, located: Sequence[tuple[str, int, int]]) -> list[tuple[str, str]]:
    """The text as (run, keys) pairs; `keys` names the items whose quote covers the run."""
    cuts = sorted({0, len(text), *(s for _, s, _ in located), *(e for _, _, e in located)})
    out: list[tuple[str, str]] = []
    for start, end in zip(cuts, cuts[1:], strict=False):
        keys = " ".join(k for k, s, e in located if s <= start and end <= e)
        if out and out[-1][1] == keys:
            out[-1] = (out[-1][0] + text[start:end], keys)
        else:
            out.append((text[start:end], keys))
    return out
