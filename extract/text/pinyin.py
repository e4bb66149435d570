"""Inline pinyin glosses: ``堅(jiān)``, ``長(zhǎng)``, ``團(tuán)``, also in full-width parentheses.

A gloss is a parenthesis, directly after a Han character, holding one to four lowercase pinyin
syllables of which at least one carries a tone mark (or ü). Ordinary parentheses such as
``(记者李保林、周呈思)``, ``(柳卿)`` or ``(苏州)`` never match, nor do English words
(``咖啡(café)`` fails the syllable shape) or capitalised names.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

_TONED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüńňǹḿ"
_VOWEL = f"[aeiouv{_TONED}]"
_INITIAL = "(?:zh|ch|sh|[bpmfdtnlgkhjqxrzcswy])"
_SYLLABLE = f"{_INITIAL}?{_VOWEL}{{1,3}}(?:ng|n|r)?|[{_TONED}]|ḿ|hm|ng"
_GLOSS = re.compile(
    rf"(?<=[\u3400-\u9fff\uf900-\ufaff])[(\uff08]\s?"
    rf"(?=[a-z{_TONED}\s']*[{_TONED}])"
    rf"(?:{_SYLLABLE})(?:[\s'](?:{_SYLLABLE})){{0,3}}"
    rf"\s?[)\uff09]"
)


def find_glosses(text: str) -> Iterator[tuple[int, int, str]]:
    """``(start, end, gloss)`` of every inline pinyin gloss in ``text``."""
    for m in _GLOSS.finditer(text):
        yield m.start(), m.end(), m.group()


def strip_glosses(text: str) -> str:
    """``text`` without its pinyin glosses (for display and tests; cleaning keeps offsets)."""
    return _GLOSS.sub("", text)
