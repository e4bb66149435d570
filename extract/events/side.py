"""Which side wrote a report: the sending region's media, the host's, or a third party.

A guess from wording, kept simple on purpose (``unknown`` is an honest answer):

- host: the text speaks of the visitors arriving (来我县, 来津考察, 迎来…代表团), or the outlet is
  named after a destination;
- origin: the text speaks of 我市…代表团 or of going out (赴, 前往 … 考察), or the outlet is
  named after the origin;
- third party: an outlet named after neither side, or a report that cites another (据…报道).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from enum import StrEnum

from extract.resolve.gazetteer import normalize_name, outlet_region


class Side(StrEnum):
    ORIGIN = "origin"
    HOST = "host"
    THIRD_PARTY = "third_party"
    UNKNOWN = "unknown"


_HOST = re.compile(
    r"(?:来|到|抵达|莅临)我[省市县区州旗盟]|来[\u4e00-\u9fff]{1,4}(?:考察|学习|访问|交流)"
    r"|来访|迎来[^，。,]{0,16}(?:代表团|考察团)"
)
_ORIGIN = re.compile(
    r"我[省市县区州旗盟][^，。,]{0,12}(?:代表团|考察团)|(?:赴|前往|到)[\u4e00-\u9fff]{1,12}(?:考察|学习)"
)
_CITED = re.compile(r"据[^，。,]{2,16}报道")


def guess_side(
    texts: Iterable[str], outlet: str | None, origin: Iterable[str], destinations: Iterable[str]
) -> Side:
    """The side of one report from its quotes, its outlet and the visit's region names.

    `origin` and `destinations` name the regions with their parents (吴江区, 苏州市, 江苏省),
    so a provincial paper counts as the side of a county in its province.
    """
    text = "".join(texts)
    by_outlet = _outlet_side(outlet, origin, destinations)
    if by_outlet is not None:
        return by_outlet
    if _CITED.search(text):
        return Side.THIRD_PARTY
    if _HOST.search(text):
        return Side.HOST
    if _ORIGIN.search(text):
        return Side.ORIGIN
    return Side.UNKNOWN


def _outlet_side(
    outlet: str | None, origin: Iterable[str], destinations: Iterable[str]
) -> Side | None:
    """By the region an outlet is named after (浙江在线 → 浙江); None if it names none."""
    place = outlet_region(outlet) if outlet else None
    if place is None or not _is_region(place):
        return None
    key = normalize_name(place)
    if any(key == normalize_name(o) for o in origin if o):
        return Side.ORIGIN
    if any(key == normalize_name(d) for d in destinations if d):
        return Side.HOST
    return Side.THIRD_PARTY


def _is_region(name: str) -> bool:
    from extract.resolve.gazetteer import Gazetteer

    return bool(Gazetteer.load().candidates(name))
