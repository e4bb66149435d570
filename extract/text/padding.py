"""Two-character names padded to the width of three (王　伟, 张  强), as name lists set in a
word processor are and as many government pages carry them into their text.

A run of one to three spaces counts as padding when the character before it is a surname
(from ``data/people/vocabulary.txt``) standing after a title or a separator, and the one
character after it ends the name: punctuation, a space, the end of the text or a word that
follows names (率, 陪同, 同志 …). Headline breaks (…为王 全力推动) and photo credits
(记者 韩冬梅 摄) have longer words on one side and are left alone.
"""

from __future__ import annotations

import functools
import re

from extract.datafile import read_sections

_PAD = re.compile(r"(?<=[\u4e00-\u9fff])[ \u3000]{1,3}(?=[\u4e00-\u9fff])")
_HAN = re.compile(r"[\u4e00-\u9fff]")
# The last character of the titles a name follows (书记, 市长, 主任, 领导, 委员, 常委 …).
_TITLE_ENDS = frozenset("记长任导员委席理事表监授士官裁")
# Words that follow a name in a sentence (王　伟率…, 张  强陪同, 李　明同志).
_AFTER_NAME = (
    "率", "带领", "带队", "陪同", "会见", "参加", "出席", "主持", "同志", "等", "一行",
    "表示", "指出", "强调", "介绍", "讲话", "致辞", "说", "和", "与", "及", "在", "到", "赴",
)  # fmt: skip


@functools.cache
def _surnames() -> frozenset[str]:
    return frozenset(read_sections("people/vocabulary.txt").get("surnames", []))


def name_padding(text: str) -> list[tuple[int, int]]:
    """``(start, end)`` of each padding run inside a two-character name."""
    found = []
    for m in _PAD.finditer(text):
        start, end = m.start(), m.end()
        if text[start - 1] not in _surnames():
            continue
        before = text[start - 2] if start >= 2 else ""
        if _HAN.match(before) and before not in _TITLE_ENDS:
            continue
        after = text[end + 1 : end + 3]
        if after and _HAN.match(after[0]) and not after.startswith(_AFTER_NAME):
            continue
        found.append((start, end))
    return found
