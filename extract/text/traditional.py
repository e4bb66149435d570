"""Traditional → simplified conversion with OpenCC that keeps every character in place.

The model reads simplified text, and evidence offsets must map back to the page, so the
converted text has exactly the length of the original: where OpenCC's phrase tables change
the length of a line, that line is converted character by character instead.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

from extract.errors import ConfigError

_HAN_RUN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]+")
_SAMPLE = 1000
_MIN_CHANGED = 3
_MIN_SHARE = 0.05


@cache
def _converter(config: str) -> Any:
    try:
        import opencc
    except ImportError as e:  # pragma: no cover - opencc is a dependency
        raise ConfigError(
            "OpenCC is not installed", hint="pip install opencc (a project dependency)"
        ) from e
    try:
        return opencc.OpenCC(config)
    except Exception:  # older bindings want the file name of the config
        return opencc.OpenCC(f"{config}.json")


def _convert(text: str, config: str) -> str:
    return str(_converter(config).convert(text))


def to_traditional(text: str) -> str:
    """Simplified → traditional (used to widen character lists, not on articles)."""
    return _convert(text, "s2t")


def traditional_share(text: str) -> tuple[int, int]:
    """``(changed, han)``: how many Han characters of a sample t2s would change, of how many."""
    sample = text[:_SAMPLE]
    converted = _convert(sample, "t2s")
    han = sum(map(len, _HAN_RUN.findall(sample)))
    if len(converted) != len(sample):
        converted = _per_char(sample)
    return count_changed(sample, converted), han


def count_changed(before: str, after: str) -> int:
    """How many positions differ between two texts of the same length."""
    return sum(map(str.__ne__, before, after))


def is_traditional(text: str) -> bool:
    """True when the text is written in traditional characters (enough of them change)."""
    return is_traditional_share(*traditional_share(text))


def is_traditional_share(changed: int, han: int) -> bool:
    """The decision of :func:`is_traditional` from :func:`traditional_share`'s counts."""
    return changed >= _MIN_CHANGED and changed >= _MIN_SHARE * han


def to_simplified(text: str) -> str:
    """Traditional → simplified, same length, character i of the result stands for text[i]."""
    converted = _convert(text, "t2s")
    if len(converted) == len(text) and _same_line_lengths(text, converted):
        return converted
    return "\n".join(_convert_line(line) for line in text.split("\n"))


def _same_line_lengths(a: str, b: str) -> bool:
    return [len(x) for x in a.split("\n")] == [len(x) for x in b.split("\n")]


def _convert_line(line: str) -> str:
    converted = _convert(line, "t2s")
    return converted if len(converted) == len(line) else _per_char(line)


def _per_char(text: str) -> str:
    out = []
    for c in text:
        d = _convert(c, "t2s")
        out.append(d if len(d) == 1 else c)
    return "".join(out)
