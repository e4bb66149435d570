"""Turning the bytes of an article file into text: BOMs, UTF-8, GB18030/GBK and Big5.

UTF-8 (with or without BOM) is tried strictly first. Otherwise every legacy Chinese codec that
decodes the bytes strictly is a candidate, and the candidate whose text is made of the most
common Chinese characters wins: GB18030 accepts almost any byte string, so "it decodes" alone
says nothing, while Big5 bytes read as GBK (or the reverse) give rare characters.

The charset an HTML page declares is used when its text reads as common Chinese. When it
does not (pages declare a wrong charset often enough), charset-normalizer's guess and the
legacy codecs compete with it, and the declaration wins only if none reads better.

charset-normalizer is not the only judge because it misreads short Chinese text: a Big5
headline such as 啟東市黨政代表團赴蘇州考察 comes back as UTF-16-BE
(`tests/test_decode.py` checks this still holds, and fails once it no longer does).
"""

from __future__ import annotations

import re
from functools import cache

import charset_normalizer

from extract.datafile import read_entries
from extract.errors import InputError

LEGACY_CODECS = ("gb18030", "big5hkscs", "cp950")
_SAMPLE_BYTES = 8192
_SCORE_CHARS = 4000
_MIN_SCORE = 0.2
_TRUSTED_SCORE = 0.6  # a declared charset whose text reads this well is not second-guessed
_DETECT_BYTES = 65536
_UTF32_BOMS = (b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")
_HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_CONTROL = re.compile(rb"[\x01-\x08\x0e-\x1a\x1c-\x1f\x7f]")
_CHARSET_DECL = re.compile(rb"""charset\s*=\s*["']?\s*([A-Za-z0-9_\-]+)""", re.IGNORECASE)
_CHARSET_ALIASES = {"gb2312": "gb18030", "gbk": "gb18030", "x-gbk": "gb18030", "big5": "big5hkscs"}


@cache
def common_hanzi() -> frozenset[str]:
    """The most frequent characters, in simplified and traditional forms."""
    simplified = "".join(read_entries("common_hanzi.txt"))
    chars = set(simplified)
    try:
        from extract.text.traditional import to_traditional

        chars.update(to_traditional(simplified))
    except ImportError:  # pragma: no cover - opencc is a dependency
        pass
    return frozenset(c for c in chars if _HAN.match(c))


def commonness(text: str) -> float:
    """Share of the Han characters in (the start of) ``text`` that are common ones."""
    sample = text[:_SCORE_CHARS]
    han = _HAN.findall(sample)
    if not han:
        return 0.0
    common = common_hanzi()
    return sum(1 for c in han if c in common) / len(han)


def check_binary(data: bytes, source: str) -> None:
    """Raise when the bytes look like a binary file rather than text."""
    head = data[:_SAMPLE_BYTES]
    if b"\x00" in head:
        raise InputError(source, "binary file (contains NUL bytes)")
    if len(_CONTROL.findall(head)) > max(8, len(head) // 20):
        raise InputError(source, "binary file (mostly control characters)")


def declared_charset(data: bytes) -> str | None:
    """The charset an HTML page declares in its first bytes, mapped to a superset codec."""
    m = _CHARSET_DECL.search(data[:4096])
    if not m:
        return None
    name = m.group(1).decode("ascii").lower()
    return _CHARSET_ALIASES.get(name, name)


def decode_bytes(data: bytes, source: str, *, html: bool = False) -> tuple[str, str]:
    """Decode ``data`` to ``(text, codec name)``; raise :class:`InputError` when impossible."""
    if data.startswith(b"\xef\xbb\xbf"):
        return _strict(data, "utf-8-sig", source), "utf-8-sig"
    if data.startswith(_UTF32_BOMS):
        return _strict(data, "utf-32", source), "utf-32"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return _strict(data, "utf-16", source), "utf-16"
    check_binary(data, source)
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    declared = declared_charset(data) if html else None
    if declared and declared not in ("utf-8", "utf8"):
        return _declared_or_detected(data, declared, source)
    return _best(_scored(data, LEGACY_CODECS), source)


Candidate = tuple[float, int, str, str]  # commonness, preference, codec, text


def _scored(data: bytes, codecs: tuple[str, ...]) -> list[Candidate]:
    scored: list[Candidate] = []
    for codec in codecs:
        text = _try(data, codec)
        if text is not None:
            scored.append((commonness(text), -len(scored), codec, text))
    return scored


def _declared_or_detected(data: bytes, declared: str, source: str) -> tuple[str, str]:
    """The declared charset's text, unless a detected codec's text reads as more common Chinese."""
    own = _scored(data, (declared,))
    if own and own[0][0] >= _TRUSTED_SCORE:
        return own[0][3], declared
    rivals = _scored(data, (*detected_charset(data), *LEGACY_CODECS))
    if own and all(rival[0] <= own[0][0] for rival in rivals):
        return own[0][3], declared
    return _best(rivals, source)


def detected_charset(data: bytes) -> tuple[str, ...]:
    """charset-normalizer's best guess of the codec of (the start of) ``data``, if any."""
    best = charset_normalizer.from_bytes(data[:_DETECT_BYTES]).best()
    return (best.encoding,) if best is not None else ()


def _best(scored: list[Candidate], source: str) -> tuple[str, str]:
    if not scored:
        raise InputError(source, "cannot decode: not UTF-8, GB18030/GBK or Big5 text")
    score, _, codec, text = max(scored)
    if score < _MIN_SCORE:
        raise InputError(
            source, f"cannot decode: no Chinese encoding gives readable text (best {codec})"
        )
    return text, codec


def _try(data: bytes, codec: str) -> str | None:
    try:
        return data.decode(codec)
    except (UnicodeDecodeError, LookupError):
        return None


def _strict(data: bytes, codec: str, source: str) -> str:
    try:
        return data.decode(codec)
    except UnicodeDecodeError as e:
        raise InputError(source, f"cannot decode as {codec}: bad byte at {e.start}") from e
