"""TextIndex finds quotes with white space ignored and gives offsets in the cleaned text."""

from __future__ import annotations

import random

from extract.resolve.grounding import TextIndex


def naive_find(text: str, quote: str) -> tuple[int, int] | None:
    """Reference: try every start, skipping white space on both sides."""
    q = "".join(quote.split())
    if not q:
        return None
    for start in range(len(text)):
        if text[start].isspace():
            continue
        i, j = start, 0
        while i < len(text) and j < len(q):
            if text[i].isspace():
                i += 1
            elif text[i] == q[j]:
                i, j = i + 1, j + 1
            else:
                break
        if j == len(q):
            return start, i
    return None


def test_a_quote_broken_across_lines_is_found_with_cleaned_offsets() -> None:
    text = "张家港市党政代表团\n赴苏州工业园区\u3000学习考察。"
    span = TextIndex(text).find("代表团赴苏州 工业园区")
    assert span is not None
    assert text[span.start : span.end] == "代表团\n赴苏州工业园区"
    assert (span.raw_start, span.raw_end) == (None, None)


def test_raw_offsets_come_from_the_mapper() -> None:
    span = TextIndex("甲 乙丙", lambda s, e: (s + 10, e + 10)).find("乙丙")
    assert span is not None and (span.start, span.end, span.raw_start) == (2, 4, 12)


def test_offsets_agree_with_a_naive_search_on_random_texts() -> None:
    rng = random.Random(7)
    alphabet = "考察团苏州 \n\t\u3000"
    for _ in range(500):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 30)))
        a, b = sorted(rng.randint(0, len(text)) for _ in range(2))
        for quote in (text[a:b], "".join(rng.choice(alphabet) for _ in range(3))):
            span = TextIndex(text).find(quote)
            expected = naive_find(text, quote)
            assert (None if span is None else (span.start, span.end)) == expected, (text, quote)


def test_nothing_to_find_is_none() -> None:
    index = TextIndex("考察")
    assert index.find("") is None and index.find(" \n") is None and index.find("苏州") is None
    assert TextIndex("").find("考察") is None
