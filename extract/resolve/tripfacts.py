"""What a text settles about a trip over the model's answer to the skeleton question: the
kind the delegation's name says, planned when the text says the trip is still to come, and a
zone beside the city hosting it as no destination of its own. Each takes a visit and returns
it, changed only where the text is plain."""

from __future__ import annotations

import re

from extract.resolve.gazetteer import Gazetteer
from schemas.draft import DraftContext, squash, without_level
from schemas.enums import DelegationKind, VisitStatus
from schemas.steps import SkeletonVisit

# The kind a delegation's own name says, first match: a 人大 or 政协 group is neither the
# party's nor the government's; 党政考察团 is a 党政 delegation; a plain 考察团/考察组 is one.
_NAMED_KINDS = (
    ("人大", DelegationKind.OTHER),
    ("政协", DelegationKind.OTHER),
    ("党政", DelegationKind.PARTY_GOVERNMENT),
    ("政府", DelegationKind.GOVERNMENT),
    ("考察团", DelegationKind.INSPECTION),
    ("考察组", DelegationKind.INSPECTION),
)
# A trip code read has no answer to fall back on: a bare 代表团 is most often a 党政 one.
KINDS = (*_NAMED_KINDS, ("代表团", DelegationKind.PARTY_GOVERNMENT))


def kind_from_name(v: SkeletonVisit, ctx: DraftContext) -> SkeletonVisit:
    """The kind the delegation's name says, when the text writes that name, over the
    model's guess (平原县乡村振兴考察团 is a 考察团, whatever the model thought)."""
    name = squash(v.delegation_name)
    if not ctx.in_article(name):
        return v
    kind = next((k for word, k in _NAMED_KINDS if word in name), v.delegation_kind)
    return v if kind == v.delegation_kind else v.model_copy(update={"delegation_kind": kind})


# Going there is still to come: 将于6月23日至26日赴广东省, 拟赴, 即将前往.
_WILL_GO = (
    r"(?:即将|将要|将|拟|计划|准备)(?:于|在)?[^。；;！？!?\n，,]{0,16}?(?:赴|前往|到|来到|来|去)"
)


def status_from_text(v: SkeletonVisit, ctx: DraftContext) -> SkeletonVisit:
    """Planned when the text says the delegation will go to one of its destinations (将赴,
    拟于…赴): an announcement, whatever the model said."""
    if v.status == VisitStatus.PLANNED:
        return v
    for d in v.destinations:
        region = ctx.resolve_place(d, ()) if ctx.resolve_place else None
        names = {squash(d), (region.name or "") if region else ""} - {""}
        for name in names:
            stem = without_level(name)
            if re.search(
                _WILL_GO + r"[^。；;！？!?\n，,]{0,6}?" + re.escape(stem), ctx.squashed_article
            ):
                return v.model_copy(update={"status": VisitStatus.PLANNED})
    return v


def without_enclosed_zones(v: SkeletonVisit, ctx: DraftContext) -> SkeletonVisit:
    """A zone in a destination also listed (长春新区 beside 长春市) is a stop there, not a
    place of its own; a zone alone (雄安新区) stays the destination."""
    if ctx.resolve_place is None or len(v.destinations) < 2:
        return v
    gazetteer = Gazetteer.load()
    codes = [ctx.resolve_place(d, (v.origin,)).adcode for d in v.destinations]
    kept = []
    for d in v.destinations:
        hosts = gazetteer.zone_hosts(ctx.resolve_place(d, (v.origin,)))
        inside = hosts and all(any(c and gazetteer.is_within(h, c) for c in codes) for h in hosts)
        if not inside:
            kept.append(d)
    return v if len(kept) == len(v.destinations) else v.model_copy(update={"destinations": kept})
