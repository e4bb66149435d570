"""HTML page → plain text with paragraphs, plus an offset map back into the page source.

Block elements and ``<br>`` become line breaks, ``script``/``style``/``noscript``/``template``
and comments are dropped, entities are decoded and whitespace runs become one space. The
``<title>`` and a few ``<meta>`` tags are kept aside as metadata. The page is parsed by the
standard library's :class:`html.parser.HTMLParser` (quoted ``>`` in attributes, entities with
and without ``;``, ``<script>`` contents); character references are left unconverted so that
every output character knows the exact source span it came from.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

from extract.text.offsets import OffsetMap, OffsetMapBuilder

SKIPPED_TAGS = frozenset(["script", "style", "noscript", "template"])
_SPACE = re.compile(r"[ \t\r\n\f\v\xa0]+")
BLOCK_TAGS = frozenset(
    [
        "address",
        "article",
        "aside",
        "blockquote",
        "br",
        "center",
        "dd",
        "div",
        "dl",
        "dt",
        "figcaption",
        "figure",
        "footer",
        "form",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "header",
        "hr",
        "li",
        "main",
        "nav",
        "ol",
        "p",
        "pre",
        "section",
        "table",
        "tbody",
        "td",
        "th",
        "thead",
        "tr",
        "ul",
        "body",
        "html",
        "head",
    ]
)
META_TITLE = ("og:title", "twitter:title", "title", "articletitle")
META_DATE = (
    "article:published_time",
    "pubdate",
    "publishdate",
    "publish_date",
    "date",
    "og:pubdate",
)
META_SOURCE = ("source", "article:source", "contentsource", "og:source")


@dataclass(frozen=True)
class HtmlText:
    """The text of a page, its map back to the page source, and head metadata."""

    text: str
    offsets: OffsetMap
    title: str | None = None
    meta: dict[str, str] = field(default_factory=dict)


class _Emitter:
    """Collects output pieces and their source spans."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.map = OffsetMapBuilder()

    def emit(self, piece: str, start: int, end: int) -> None:
        self.parts.append(piece)
        self.map.add(len(piece), start, end)

    def data(self, source: str, start: int, end: int) -> None:
        """Emit ``source[start:end]`` with each whitespace run turned into one space."""
        pos = start
        for m in _SPACE.finditer(source, start, end):
            if m.start() > pos:
                self.emit(source[pos : m.start()], pos, m.start())
            self.emit(" ", m.start(), m.end())
            pos = m.end()
        if pos < end:
            self.emit(source[pos:end], pos, end)


def html_to_text(source: str) -> HtmlText:
    """Extract the readable text of an HTML page; see the module docstring."""
    parser = _PageParser(source)
    parser.feed(source)
    parser.close()
    out = parser.out
    return HtmlText("".join(out.parts), out.map.build(len(source)), parser.title, parser.meta)


class _PageParser(HTMLParser):
    """Emits a page's text with source spans; every handler is called at its token's start."""

    def __init__(self, source: str) -> None:
        super().__init__(convert_charrefs=False)
        self.source = source
        self.line_starts = [0, *(m.end() for m in re.finditer("\n", source))]
        self.out = _Emitter()
        self.meta: dict[str, str] = {}
        self.title: str | None = None
        self._title_parts: list[str] | None = None  # while inside a <title>
        self._skipping = 0  # depth inside script, style, noscript, template

    def _here(self) -> int:
        line, column = self.getpos()
        return self.line_starts[line - 1] + column

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._start(tag, attrs)
        if tag in SKIPPED_TAGS:
            self._skipping += 1

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._start(tag, attrs)  # <br/>: one break, and <script/> opens nothing

    def _start(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self._skipping or self._title_parts is not None:
            return
        start = self._here()
        if tag in BLOCK_TAGS:
            self.out.emit("\n", start, start + len(self.get_starttag_text() or ""))
        elif tag == "meta":
            _read_meta(attrs, self.meta)
        elif tag == "title":
            self._title_parts = []

    def handle_endtag(self, tag: str) -> None:
        if tag in SKIPPED_TAGS and self._skipping:
            self._skipping -= 1
        elif tag == "title" and self._title_parts is not None:
            self._end_title()
        elif tag in BLOCK_TAGS and not self._skipping and self._title_parts is None:
            start = self._here()
            self.out.emit("\n", start, self.source.find(">", start + 1) + 1)

    def handle_data(self, data: str) -> None:
        if not self._text(data):
            start = self._here()
            self.out.data(self.source, start, start + len(data))

    def handle_entityref(self, name: str) -> None:
        self._reference(1 + len(name))

    def handle_charref(self, name: str) -> None:
        self._reference(2 + len(name))

    def _reference(self, length: int) -> None:
        start = self._here()
        end = start + length + self.source.startswith(";", start + length)
        token = self.source[start:end]
        if not self._text(token):
            self.out.emit(_entity(token), start, end)

    def _text(self, raw: str) -> bool:
        """Whether `raw` source text goes elsewhere than the page's text (skipped, title)."""
        if self._title_parts is not None and not self._skipping:
            self._title_parts.append(raw)
            return True
        return bool(self._skipping) or self._title_parts is not None

    def _end_title(self) -> None:
        """The first title is kept (its text unescaped, spaces squeezed); any other dropped."""
        if self.title is None and self._title_parts is not None:
            self.title = _clean_inline(html.unescape("".join(self._title_parts))) or None
        self._title_parts = None

    def close(self) -> None:
        super().close()
        self._end_title()  # a <title> never closed runs to the end of the page


# A character reference left as text in a plain-text page (&nbsp; &ldquo; &#8220;): a page
# scraped as text from markup that had not been decoded.
_REFERENCE = re.compile(r"&(?:#[0-9]{2,7}|#[xX][0-9a-fA-F]{2,6}|[A-Za-z][A-Za-z0-9]{1,9});")


def decode_references(text: str) -> tuple[str, OffsetMap] | None:
    """``text`` with the character references it carries decoded (``&nbsp;`` a space,
    ``&ldquo;`` “), mapped back to it; None when it carries none that decode."""
    out, pos, changed = _Emitter(), 0, False
    for m in _REFERENCE.finditer(text):
        piece = _entity(m.group())
        if piece == m.group():
            continue
        if m.start() > pos:
            out.emit(text[pos : m.start()], pos, m.start())
        out.emit(piece, m.start(), m.end())
        pos, changed = m.end(), True
    if not changed:
        return None
    if pos < len(text):
        out.emit(text[pos:], pos, len(text))
    return "".join(out.parts), out.map.build(len(text))


def _entity(token: str) -> str:
    """A character reference's text (``&amp;`` is ``&``); an unknown one kept as written."""
    reference = token if token.endswith(";") else token + ";"
    text = html.unescape(reference)
    if text == reference:
        return token
    return " " if text.isspace() else text


def _read_meta(attrs: list[tuple[str, str | None]], meta: dict[str, str]) -> None:
    values = {name.lower(): value or "" for name, value in attrs}
    key = (values.get("property") or values.get("name") or values.get("itemprop") or "").lower()
    content = values.get("content")
    if key and content and key not in meta:
        meta[key] = _clean_inline(content)


def _clean_inline(text: str) -> str:
    return _SPACE.sub(" ", text).strip()


def head_value(meta: dict[str, str], keys: tuple[str, ...]) -> str | None:
    """The first non-empty value of ``keys`` among the page's meta tags."""
    for key in keys:
        if meta.get(key):
            return meta[key]
    return None
