"""Cleaning: one :class:`RawArticle` → the :class:`CleanedArticle` text the model sees.

Steps, each in its own module: HTML to text (:mod:`extract.text.html`); traditional to
simplified, one character for one (:mod:`extract.text.traditional`); page chrome and header lines
(:mod:`extract.text.chrome`, :mod:`extract.text.metadata`; a headline sharing its line with the date and
source keeps its place in the text); inline pinyin glosses (:mod:`extract.text.pinyin`); known
injected spam and unknown spam proposed on strong evidence, while weaker proposals are only
reported (:mod:`extract.text.spam`). Everything removed is reported as a :class:`Flag` with its raw
offsets, and an :class:`OffsetMap` maps every cleaned character back to the raw text. The kept
lines are joined with single line breaks.
"""

from __future__ import annotations

import hashlib
import re
from bisect import bisect_left
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from functools import cache

from extract.errors import InputError
from extract.text import chrome, metadata, padding, pinyin, spam, traditional
from extract.text.html import (
    META_DATE,
    META_SOURCE,
    META_TITLE,
    decode_references,
    head_value,
    html_to_text,
)
from extract.text.ingest import DEFAULT_MAX_BYTES, RawArticle, iter_articles
from extract.text.offsets import OffsetMap, OffsetMapBuilder

_STRIP = " \u200b\u200c\u200d\u2060\ufeff"
_ZERO_WIDTH = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad]+")
_MULTI_SPACE = re.compile(" {2,}")
_FIXES: dict[str, str] = {
    **dict.fromkeys("\t\r\f\v\xa0\u3000\u202f\u205f", " "),
    **{chr(c): " " for c in range(0x2000, 0x200B)},
    **{chr(c): chr(c - 0xFEE0) for c in range(0xFF01, 0xFF5F)},
}
_ODD_CHARS = re.compile("[" + re.escape("".join(_FIXES)) + "]")


class FlagKind(StrEnum):
    """What cleaning did or noticed."""

    CHROME_REMOVED = "chrome_removed"
    PINYIN_REMOVED = "pinyin_removed"
    SPAM_REMOVED = "spam_removed"
    SPAM_SUSPECTED = "spam_suspected"
    TRADITIONAL_CONVERTED = "traditional_converted"


@dataclass(frozen=True)
class Flag:
    """One change or finding, with the raw span it concerns."""

    kind: FlagKind
    detail: str
    raw_start: int
    raw_end: int


@dataclass(frozen=True)
class ArticleMeta:
    """Title, source outlet and publication date as the page (or its record) states them."""

    title: str | None = None
    source: str | None = None
    published: date | None = None
    site: str | None = None  # the name heading the page (昆山日报 | 昆山新闻网 → 昆山日报)


@dataclass(frozen=True)
class Sizes:
    """Raw and cleaned sizes, in characters and UTF-8 bytes."""

    raw_chars: int
    clean_chars: int
    raw_bytes: int
    clean_bytes: int

    @property
    def kept_share(self) -> float:
        """Cleaned characters per raw character."""
        return self.clean_chars / self.raw_chars if self.raw_chars else 0.0


@dataclass(frozen=True)
class CleanedArticle:
    """The cleaned text of one article, with everything needed to trace it to the page."""

    id: str
    source: str
    fmt: str
    url: str | None
    raw: str
    text: str
    offsets: OffsetMap
    meta: ArticleMeta
    flags: tuple[Flag, ...]
    content_hash: str
    sizes: Sizes

    def find_raw(self, quote: str, start: int = 0) -> tuple[int, int] | None:
        """The raw span of the first occurrence of ``quote`` in the cleaned text, or None."""
        at = self.text.find(quote, start)
        return None if at < 0 or not quote else self.offsets.to_raw(at, at + len(quote))

    def flags_of(self, kind: FlagKind) -> list[Flag]:
        return [f for f in self.flags if f.kind == kind]


@dataclass(frozen=True)
class CleanRules:
    """The data-file rules cleaning uses (loaded once)."""

    chrome: tuple[chrome.ChromeRule, ...]
    spam: spam.SpamRules


@cache
def load_rules() -> CleanRules:
    """Load and check every data file cleaning needs."""
    return CleanRules(chrome.load_chrome_rules(), spam.load_spam_rules())


@dataclass(frozen=True)
class _Page:
    """The text to clean (HTML already reduced to text) and its map to the raw text."""

    text: str
    base: OffsetMap | None
    html_title: str | None = None
    html_meta: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class _Cut:
    start: int
    end: int
    kind: FlagKind | None
    detail: str


def clean(raw: RawArticle, *, rules: CleanRules | None = None) -> CleanedArticle:
    """Clean one article; see the module docstring."""
    rules = rules or load_rules()
    page = _page(raw)
    text, converted = _normalise_chars(page.text)
    spans = _line_spans(text)
    lines = [text[s:e] for s, e in spans]
    layout = chrome.classify_lines(lines, rules.chrome, title_hint=page.html_title)
    cuts = _inline_cuts(text, rules)
    wraps = hard_wraps(lines)
    clean_text, work_map, used_cuts = _assemble(text, spans, layout.labels, cuts, wraps)
    offsets = work_map.compose(page.base) if page.base is not None else work_map
    flags = _flags(raw, page, text, spans, layout, used_cuts, converted)
    flags += _suspects(clean_text, offsets, rules)
    return CleanedArticle(
        id=raw.id,
        source=raw.source,
        fmt=raw.fmt,
        url=raw.url,
        raw=raw.raw,
        text=clean_text,
        offsets=offsets,
        meta=_meta(raw, page, lines, layout),
        flags=tuple(flags),
        content_hash=hashlib.sha256(clean_text.encode("utf-8")).hexdigest(),
        sizes=_sizes(raw.raw, clean_text),
    )


def load_and_clean(
    inputs: Iterable[str], *, max_bytes: int = DEFAULT_MAX_BYTES
) -> Iterator[CleanedArticle | InputError]:
    """Read and clean every article of ``inputs``; bad inputs come through as InputError."""
    for item in iter_articles(inputs, max_bytes=max_bytes):
        yield item if isinstance(item, InputError) else clean(item)


def _page(raw: RawArticle) -> _Page:
    if raw.fmt != "html":
        decoded = decode_references(raw.raw)
        return _Page(*decoded) if decoded else _Page(raw.raw, None)
    page = html_to_text(raw.raw)
    return _Page(page.text, page.offsets, page.title, tuple(page.meta.items()))


def _normalise_chars(text: str) -> tuple[str, str | None]:
    """Traditional → simplified when the text is traditional, and one-for-one character fixes
    (odd spaces → space; full-width ASCII forms such as \uff0c \uff1a \uff08 \uff10 → , : ( 0,
    as in the seed articles). Returns the text and, when it was converted, a note why."""
    changed, han = traditional.traditional_share(text)
    converted = None
    if traditional.is_traditional_share(changed, han):
        text = traditional.to_simplified(text)
        converted = f"{changed} of the first {han} Han characters were traditional"
    return _ODD_CHARS.sub(_fix_char, text), converted


def _fix_char(m: re.Match[str]) -> str:
    return _FIXES[m.group()]


def _line_spans(text: str) -> list[tuple[int, int]]:
    """``(start, end)`` of every line's content, surrounding spaces excluded; a run-on
    header is read as lines of its own (:func:`_run_on_head`)."""
    spans = []
    pos = 0
    for line in text.split("\n"):
        end = pos + len(line)
        for a, b in _run_on_head(line):
            piece = line[a:b]
            stripped = piece.strip(_STRIP)
            start = pos + a + piece.find(stripped) if stripped else pos + b
            spans.append((start, start + len(stripped)))
        pos = end + 1
    return spans


# A page whose header runs on into its body with no line break (…学习考察发布时间:2024-04-18
# 16:20 信息来源:某县融媒体中心 字号:大 中 小 打印本页为深入推进…): each header field, from its
# key to the next, is a line of its own, and the body starts after the last field or after
# the print or close link that ends the header.
_RUN_ON = 150
_HEAD_REACH = 300
_HEAD_KEY = re.compile(
    r"(?:信息来源|文章来源|来源|稿源|出处|发布时间|发布日期|发表时间|发稿时间|更新时间|作者|"
    r"责任编辑|编辑|浏览次数|浏览量|点击数|点击量|阅读数|字号)\s*[:\uff1a]"
    r"|原创(?=\s)|点击(?:上方)?蓝字"  # a WeChat post's byline and its follow-us widget
)
# A WeChat byline ends with the poster's province (…18:30 发表于江西).
_PROVINCES = (
    "北京|天津|河北|山西|内蒙古|辽宁|吉林|黑龙江|上海|江苏|浙江|安徽|福建|江西|山东|河南|湖北|"
    "湖南|广东|广西|海南|重庆|四川|贵州|云南|西藏|陕西|甘肃|青海|宁夏|新疆|台湾|香港|澳门"
)
_HEAD_END = re.compile(
    r"(?:[【\[]\s*(?:打印本页|打印|关闭窗口|关闭)\s*[】\]]|打印本页(?:\s*关闭(?:窗口)?)?|关闭窗口|"
    rf"[\[【]?\s*大\s*中\s*小\s*[\]】]?|发表于(?:{_PROVINCES})|关注我们)(?=\s*\S)"
)


def _run_on_head(line: str) -> list[tuple[int, int]]:
    """The pieces of one line: the line itself, or, for a long line with header fields before
    its first sentence ends, the text before them, each field, and the rest."""
    if len(line) < _RUN_ON:
        return [(0, len(line))]
    first_sentence = line.find("。")
    head = line[: _HEAD_REACH if first_sentence < 0 else min(_HEAD_REACH, first_sentence)]
    starts = [m.start() for m in _HEAD_KEY.finditer(head)]
    if not starts:
        return [(0, len(line))]
    # each widget that ends a field ends a piece (点击蓝字 关注我们 | 洛阳网 > 新闻中心 …), the
    # last one after the last field the header itself
    ends = [m.end() for m in _HEAD_END.finditer(head) if m.end() > starts[0]]
    cuts = sorted({0, *starts, *ends, len(line)})
    return list(zip(cuts, cuts[1:], strict=False))


def _inline_cuts(text: str, rules: CleanRules) -> list[_Cut]:
    """Spans removed inside kept lines, sorted: glosses, known and strongly suspected spam,
    odd whitespace, the padding inside two-character names."""
    cuts = [_Cut(s, e, FlagKind.PINYIN_REMOVED, g) for s, e, g in pinyin.find_glosses(text)]
    cuts += [_Cut(s, e, FlagKind.SPAM_REMOVED, p) for s, e, p in spam.find_known(text, rules.spam)]
    cuts += [_Cut(s, e, FlagKind.SPAM_REMOVED, p) for s, e, p in spam.find_strong(text, rules.spam)]
    cuts += [_Cut(m.start(), m.end(), None, "") for m in _ZERO_WIDTH.finditer(text)]
    cuts += [_Cut(m.start() + 1, m.end(), None, "") for m in _MULTI_SPACE.finditer(text)]
    cuts += [_Cut(s, e, None, "") for s, e in padding.name_padding(text)]
    cuts.sort(key=lambda c: (c.start, -c.end))
    return cuts


def _assemble(
    text: str,
    spans: Sequence[tuple[int, int]],
    labels: Sequence[chrome.LineLabel],
    cuts: Sequence[_Cut],
    wraps: frozenset[int] = frozenset(),
) -> tuple[str, OffsetMap, list[_Cut]]:
    """Join the kept lines, minus their cuts, with line breaks (none after a line in
    ``wraps`` that the next line continues); map each piece back."""
    parts: list[str] = []
    out = OffsetMapBuilder()
    used: list[_Cut] = []
    cut_starts = [c.start for c in cuts]
    previous_end: int | None = None
    previous = -1
    for i, ((start, end), label) in enumerate(zip(spans, labels, strict=True)):
        if label.kind not in (chrome.LineKind.BODY, chrome.LineKind.TITLE) or start == end:
            continue
        end = start + label.keep if label.keep is not None else end
        runs_on = previous == i - 1 and previous in wraps and label.kind is chrome.LineKind.BODY
        if previous_end is not None and not runs_on:
            parts.append("\n")
            out.add(1, previous_end, start)
        first = bisect_left(cut_starts, start)
        pos = start
        for cut in cuts[first : bisect_left(cut_starts, end, first)]:
            if cut.end > pos:
                _keep(parts, out, text, pos, cut.start)
                used.append(cut)
                pos = min(cut.end, end)
        _keep(parts, out, text, pos, end)
        previous_end, previous = end, i
    return "".join(parts), out.build(len(text)), used


# A page broken into lines of one width (大\n庆市委书记): there a body line that ends no
# sentence runs on into the next body line.
_MIN_WRAP = 15
_WRAPPED_LINES = 5
_WRAPPED_SHARE = 0.4
_INDENT = 2
_SENTENCE_END = tuple('。！？!?；;…”"：:')


def hard_wraps(lines: Sequence[str]) -> frozenset[int]:
    """Indexes of the lines (of 15 characters or more, ending no sentence) that a
    hard-wrapped page continues on the next line: only on a page where at least five lines,
    and two in five of its lines of some length, share one width (give or take the two
    characters a paragraph's first line is indented by)."""
    sizes = [len(line) for line in lines if len(line) >= _MIN_WRAP // 2]
    widths = Counter(n for n in sizes if n >= _MIN_WRAP).most_common(1)
    if not widths:
        return frozenset()
    same = sum(abs(n - widths[0][0]) <= _INDENT for n in sizes)
    if same < max(_WRAPPED_LINES, _WRAPPED_SHARE * len(sizes)):
        return frozenset()
    return frozenset(
        i
        for i, line in enumerate(lines[:-1])
        if len(line) >= _MIN_WRAP and lines[i + 1] and not line.endswith(_SENTENCE_END)
    )


def _keep(parts: list[str], out: OffsetMapBuilder, text: str, start: int, end: int) -> None:
    if end > start:
        parts.append(text[start:end])
        out.add(end - start, start, end)


def _to_raw(page: _Page, start: int, end: int) -> tuple[int, int]:
    return page.base.to_raw(start, end) if page.base is not None else (start, end)


def _flags(
    raw: RawArticle,
    page: _Page,
    text: str,
    spans: Sequence[tuple[int, int]],
    layout: chrome.PageLayout,
    cuts: Sequence[_Cut],
    converted: str | None,
) -> list[Flag]:
    flags = []
    if converted:
        flags.append(Flag(FlagKind.TRADITIONAL_CONVERTED, converted, 0, len(raw.raw)))
    for start, end, what in _removed_lines(text, spans, layout.labels):
        line = text[start:end]
        detail = f"{what}: {line[:40]}{'…' if len(line) > 40 else ''}"
        flags.append(Flag(FlagKind.CHROME_REMOVED, detail, *_to_raw(page, start, end)))
    for cut in cuts:
        if cut.kind is not None:
            flags.append(Flag(cut.kind, cut.detail, *_to_raw(page, cut.start, cut.end)))
    flags.sort(key=lambda f: (f.raw_start, f.raw_end))
    return flags


def _removed_lines(
    text: str, spans: Sequence[tuple[int, int]], labels: Sequence[chrome.LineLabel]
) -> Iterator[tuple[int, int, str]]:
    """``(start, end, why)`` of every dropped line, and of the metadata after a kept headline."""
    for (start, end), label in zip(spans, labels, strict=True):
        if label.keep is not None:
            tail = text[start + label.keep : end]
            yield end - len(tail.lstrip(_STRIP)), end, "metadata"
        elif label.kind in (chrome.LineKind.CHROME, chrome.LineKind.META):
            yield start, end, label.detail


def _suspects(clean_text: str, offsets: OffsetMap, rules: CleanRules) -> list[Flag]:
    flags = []
    for s in spam.propose(clean_text, rules.spam):
        if s.phrase.casefold() not in rules.spam.known_phrases:
            span = offsets.to_raw(s.first, s.first + len(s.phrase))
            flags.append(Flag(FlagKind.SPAM_SUSPECTED, f"{s.phrase} ×{s.count}", *span))
    return flags


def _meta(
    raw: RawArticle, page: _Page, lines: Sequence[str], layout: chrome.PageLayout
) -> ArticleMeta:
    """Record fields win; then what the page text states; then HTML head tags.

    The page's lines are read without their pinyin glosses; its date comes from the header, else
    from a publication-date line below the article (never from a body sentence).
    """
    title = _page_title(lines, layout)
    plain = [pinyin.strip_glosses(line) for line in lines]
    header = [line for line in plain[: layout.body_start] if line]
    html_meta = dict(page.html_meta)
    return ArticleMeta(
        title=raw.title or title or head_value(html_meta, META_TITLE),
        source=raw.source_name
        or _page_source(plain, layout, header)
        or head_value(html_meta, META_SOURCE),
        published=metadata.parse_date(raw.published)
        or metadata.header_date(header)
        or metadata.header_date(_lines_of(plain, layout, "date"))
        or metadata.parse_date(head_value(html_meta, META_DATE)),
        site=metadata.site_name(header),
    )


def _lines_of(lines: Sequence[str], layout: chrome.PageLayout, detail: str) -> list[str]:
    """The metadata lines of one kind (``date``, ``source``)."""
    return [
        line
        for line, label in zip(lines, layout.labels, strict=True)
        if label.kind == chrome.LineKind.META and label.detail == detail
    ]


def _page_title(lines: Sequence[str], layout: chrome.PageLayout) -> str | None:
    """The title line (its headline part), else a ``原标题:`` line; glosses and tags dropped."""
    for line, label in zip(lines, layout.labels, strict=True):
        if label.kind == chrome.LineKind.TITLE:
            return metadata.clean_title(pinyin.strip_glosses(line[: label.keep]))
    for line in lines[: layout.body_start]:
        title = metadata.original_title(pinyin.strip_glosses(line))
        if title:
            return title
    return None


def _page_source(
    lines: Sequence[str], layout: chrome.PageLayout, header: Sequence[str]
) -> str | None:
    found = metadata.header_source(header)
    if found:
        return found
    for line in _lines_of(lines, layout, "source"):
        found = metadata.tail_source(line)
        if found:
            return found
    if layout.body_start < len(lines):
        return metadata.dateline_source(lines[layout.body_start])
    return None


def _sizes(raw: str, clean_text: str) -> Sizes:
    return Sizes(len(raw), len(clean_text), len(raw.encode("utf-8")), len(clean_text.encode()))
