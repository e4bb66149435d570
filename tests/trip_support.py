"""What the trip tests share: a context to read a text against, and a trip as the skeleton
question answers it."""

from __future__ import annotations

import datetime as dt

from extract.resolve.dates import resolve_dates
from extract.resolve.gazetteer import normalize_name, resolve
from schemas.draft import DraftContext
from schemas.enums import DelegationKind
from schemas.steps import SkeletonVisit


def ctx_for(
    text: str, home: str = "", publisher: str = "", published: dt.date | None = None
) -> DraftContext:
    """The text with the real gazetteer and dates; ``home`` is the publisher's region."""
    return DraftContext(
        text=text,
        published=published,
        resolve_place=resolve,
        resolve_dates=resolve_dates,
        short_name=normalize_name,
        home=home,
        publisher=publisher or home,
    )


def visit(
    origin: str, destinations: list[str], name: str = "", kind: str = "党政代表团"
) -> SkeletonVisit:
    """A completed trip, its delegation named after its origin unless ``name`` says."""
    return SkeletonVisit.model_construct(
        delegation_name=name or f"{origin}党政代表团",
        delegation_kind=DelegationKind(kind),
        status="completed",
        origin=origin,
        destinations=destinations,
        date_text=None,
    )
