"""Item marks: each gold and predicted item of a visit pair, marked matched, missed or invented.

The scorer counts; this module says which item each count was. It aligns a paired gold and
predicted visit with the scorer's own rules (`evals.matching`), so a mark always agrees with
the numbers in the field table: a gold item no prediction matched is *missed* (a false
negative), a predicted item no gold item matched is *invented* (a false positive). A value
both sides fill but that differs is missed on the gold side and invented on the other.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from evals.matching import (
    Alignment,
    align_agreements,
    align_by_key,
    align_people,
    align_regions,
    align_stops,
    same_date,
    same_region,
    same_text,
)
from schemas.visit import Visit


class Mark(StrEnum):
    MATCHED = "matched"
    MISSED = "missed"
    INVENTED = "invented"


LABELS = {Mark.MATCHED: "✓ matched", Mark.MISSED: "✗ missed", Mark.INVENTED: "+ invented"}


@dataclass(frozen=True, slots=True)
class MarkedItem:
    text: str
    mark: Mark

    @property
    def label(self) -> str:
        return LABELS[self.mark]


@dataclass(frozen=True, slots=True)
class MarkedField:
    """One field of a visit pair: the gold side's items and the prediction's, each marked."""

    label: str
    gold: tuple[MarkedItem, ...]
    pred: tuple[MarkedItem, ...]


Describe = Callable[[Any], str]


def _scalar(label: str, gold: Any, pred: Any, same: Callable, show: Describe) -> MarkedField:
    if gold is None and pred is None:
        return MarkedField(label, (), ())
    if gold is not None and pred is not None and same(gold, pred):
        return MarkedField(
            label, (MarkedItem(show(gold), Mark.MATCHED),), (MarkedItem(show(pred), Mark.MATCHED),)
        )
    g = () if gold is None else (MarkedItem(show(gold), Mark.MISSED),)
    p = () if pred is None else (MarkedItem(show(pred), Mark.INVENTED),)
    return MarkedField(label, g, p)


def _listed(
    label: str, gold: Sequence[Any], pred: Sequence[Any], alignment: Alignment, show: Describe
) -> MarkedField:
    matched_gold = {i for i, _ in alignment.pairs}
    matched_pred = {j for _, j in alignment.pairs}
    return MarkedField(
        label,
        tuple(
            MarkedItem(show(x), Mark.MATCHED if i in matched_gold else Mark.MISSED)
            for i, x in enumerate(gold)
        ),
        tuple(
            MarkedItem(show(x), Mark.MATCHED if j in matched_pred else Mark.INVENTED)
            for j, x in enumerate(pred)
        ),
    )


def _region(region: Any) -> str:
    name = region.name or region.mention
    return f"{name} ({region.adcode})" if region.adcode else name


def _date(date: Any) -> str:
    return date.iso() or "-".join(str(p or "?") for p in (date.year, date.month, date.day))


def _person(person: Any) -> str:
    title = f" · {person.title}" if person.title else ""
    return f"{person.name}{title} [{person.role}]"


def _get(visit: Visit | None, name: str) -> Any:
    value = getattr(visit, name) if visit is not None else None
    if getattr(value, "is_empty", False):
        return None
    return value


def _items(visit: Visit | None, name: str) -> list[Any]:
    return list(getattr(visit, name)) if visit is not None else []


def _equal(a: object, b: object) -> bool:
    return a == b


def _scalars(g: Visit | None, p: Visit | None) -> list[MarkedField]:
    return [
        _scalar(
            "delegation", _get(g, "delegation_name"), _get(p, "delegation_name"), same_text, str
        ),
        _scalar("kind", _get(g, "delegation_kind"), _get(p, "delegation_kind"), _equal, str),
        _scalar("status", _get(g, "status"), _get(p, "status"), _equal, str),
        _scalar("origin", _get(g, "origin"), _get(p, "origin"), same_region, _region),
        _scalar("start date", _get(g, "start_date"), _get(p, "start_date"), same_date, _date),
        _scalar("end date", _get(g, "end_date"), _get(p, "end_date"), same_date, _date),
    ]


def _lists(g: Visit | None, p: Visit | None) -> list[MarkedField]:
    out = []
    specs: list[tuple[str, str, Callable[[list, list], Alignment], Describe]] = [
        ("destinations", "destinations", align_regions, _region),
        ("members", "delegation_members", align_people, _person),
        ("hosts", "hosts", align_people, _person),
        ("itinerary", "itinerary", align_stops, lambda s: f"{s.name} [{s.kind}]"),
        ("meetings", "meetings", _by_kind, lambda m: f"{m.kind} {m.name or ''}".strip()),
        ("agreements", "agreements", align_agreements, lambda a: a.description),
        ("topics", "topics", _by_domain, lambda t: f"{t.domain}: {t.detail}"),
    ]
    for label, attr, align, show in specs:
        gold, pred = _items(g, attr), _items(p, attr)
        out.append(_listed(label, gold, pred, align(gold, pred), show))
    return out


def _by_kind(gold: list, pred: list) -> Alignment:
    return align_by_key(gold, pred, lambda m: m.kind)


def _by_domain(gold: list, pred: list) -> Alignment:
    return align_by_key(gold, pred, lambda t: t.domain)


def mark_visit(gold: Visit | None, pred: Visit | None) -> list[MarkedField]:
    """Every field of a visit pair with its items marked; fields empty on both sides left out."""
    fields = _scalars(gold, pred) + _lists(gold, pred)
    return [f for f in fields if f.gold or f.pred]
