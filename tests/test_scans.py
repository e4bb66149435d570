"""The fast text scans find exactly what trying every position and every length finds.

The place scans jump to characters that can start a name and try only the lengths a name
with those first two characters can have; the listed-stops scan looks only between the
sentence breaks that enclose its closing words. Each is compared here with the plain
search it replaces, over every labeled page and a few made-up lines.
"""

from __future__ import annotations

import functools
from pathlib import Path

import pytest

from extract.resolve import roundup, stops
from extract.resolve.gazetteer import Gazetteer

ROOT = Path(__file__).resolve().parent.parent
PAGES = sorted((ROOT / "seeds").glob("*.txt")) + sorted((ROOT / "seeds" / "dev").glob("*.txt"))
MADE_UP = [
    "",
    "甘",
    "甘孜州考察团由州委书记率领，赴凉山州金阳县、江苏省苏州市吴江区考察",
    "考察了甲公司、乙公司等企业；参观了丙村等地\n随后在浙江杭州",
    "新疆维吾尔自治区党政代表团来粤学习，恩施土家族苗族自治州",
]


def _texts() -> list[str]:
    return [p.read_text("utf-8", errors="replace") for p in PAGES] + MADE_UP


@functools.cache
def _first_chars() -> frozenset[str]:
    g = Gazetteer.load()
    return frozenset(k[0] for k in (*g.by_name, *g.by_stem))


def _piece_at_every_length(text: str, pos: int, stems: bool = False) -> int:
    g = Gazetteer.load()
    short = roundup._short_names()
    if pos >= len(text) or text[pos] not in _first_chars():
        return 0
    for size in range(min(g._max_key, len(text) - pos), 1, -1):
        piece = text[pos : pos + size]
        if piece in g.by_name or piece in short or (stems and piece in g.by_stem):
            return pos + size
        if roundup._stem_with_level(piece):
            return pos + size
    return 0


def _scan_every_position(text: str) -> list[str]:
    g = Gazetteer.load()
    found: list[str] = []
    i = 0
    while i < len(text):
        for size in range(min(g._max_key, len(text) - i), 1, -1):
            if codes := g.by_name.get(text[i : i + size]):
                found.extend(codes)
                i += size - 1
                break
        i += 1
    return found


def test_the_texts_hold_places() -> None:
    assert len(PAGES) >= 30
    assert sum(len(Gazetteer.load().scan_full_names(t)) for t in _texts()) > 100


@pytest.mark.parametrize("stems", [False, True])
def test_piece_at_matches_trying_every_length(stems: bool) -> None:
    for text in _texts():
        for pos in range(len(text)):
            expected = _piece_at_every_length(text, pos, stems)
            assert roundup._piece_at(text, pos, stems) == expected, (text[pos : pos + 12], pos)


def test_full_name_scan_matches_trying_every_position() -> None:
    g = Gazetteer.load()
    for text in _texts():
        assert g.scan_full_names(text) == _scan_every_position(text)


def test_place_scan_finds_what_every_position_finds() -> None:
    for text in _texts():
        context = roundup._Scope(roundup._names(text))
        expected, pos = [], 0
        while pos < len(text):
            place = roundup._place_at(text, pos, context)
            if place is None:
                pos += 1
                continue
            expected.append(place)
            pos = place.end
        assert roundup._find_places(text, context) == expected


def test_listed_stops_scan_matches_the_whole_text_search() -> None:
    for text in _texts():
        whole = [(m.start(), m.group()) for m in stops._LISTED.finditer(text)]
        assert [(m.start(), m.group()) for m in stops._listed(text)] == whole
    assert [m.group("span") for m in stops._listed(MADE_UP[3])] == [
        "考察了甲公司、乙公司",
        "参观了丙村",
    ]


def test_a_name_cut_by_the_end_of_the_text_is_not_read_past_it() -> None:
    assert roundup._piece_at("甘孜", 0) == 2
    assert roundup._piece_at("赴甘", 1) == 0
