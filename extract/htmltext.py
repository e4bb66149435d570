"""HTML page → plain text with paragraphs, plus an offset map back into the page source.

Block elements and ``<br>`` become line breaks, ``script``/``style``/``noscript``/``template``
and comments are dropped, entities are decoded and whitespace runs become one space. The
``<title>`` and a few ``<meta>`` tags are kept aside as metadata. A regex tokenizer is used (not
a DOM) so that every output character knows the exact source span it came from.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field

from extract.offsets import OffsetMap, OffsetMapBuilder

_TOKEN = re.compile(
    r"<!--.*?(?:-->|$)"
    r"|<!\[CDATA\[.*?(?:\]\]>|$)"
    r"|<(script|style|noscript|template|title)\b[^>]*>(.*?)(?:</\1\s*>|$)"
    r"|</?[a-zA-Z][^>]*>"
    r"|<[!?][^>]*>"
    r"|&(?:#\d{1,7}|#[xX][0-9a-fA-F]{1,6}|[a-zA-Z][a-zA-Z0-9]{1,31});?",
    re.DOTALL | re.IGNORECASE,
)
_TAG_NAME = re.compile(r"</?([a-zA-Z][a-zA-Z0-9]*)")
_ATTR = re.compile(r"""([a-zA-Z_:][-a-zA-Z0-9_:.]*)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""")
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
    out = _Emitter()
    title: str | None = None
    meta: dict[str, str] = {}
    pos = 0
    for m in _TOKEN.finditer(source):
        if m.start() > pos:
            out.data(source, pos, m.start())
        pos = m.end()
        token = m.group()
        if token.startswith("&"):
            out.emit(_entity(token), m.start(), m.end())
        elif m.group(1):
            if m.group(1).lower() == "title" and title is None:
                title = _clean_inline(html.unescape(m.group(2)))
        elif token.startswith("<"):
            _tag(token, m.start(), m.end(), out, meta)
    if pos < len(source):
        out.data(source, pos, len(source))
    return HtmlText("".join(out.parts), out.map.build(len(source)), title or None, meta)


def _entity(token: str) -> str:
    text = html.unescape(token if token.endswith(";") else token + ";")
    if text.startswith("&"):  # unknown entity: keep it as written
        return token
    return " " if text.isspace() else text


def _tag(token: str, start: int, end: int, out: _Emitter, meta: dict[str, str]) -> None:
    name_match = _TAG_NAME.match(token)
    if not name_match:
        return
    name = name_match.group(1).lower()
    if name in BLOCK_TAGS:
        out.emit("\n", start, end)
    elif name == "meta":
        _read_meta(token, meta)


def _read_meta(token: str, meta: dict[str, str]) -> None:
    attrs = {k.lower(): (a or b or c) for k, a, b, c in _ATTR.findall(token)}
    key = (attrs.get("property") or attrs.get("name") or attrs.get("itemprop") or "").lower()
    content = attrs.get("content")
    if key and content and key not in meta:
        meta[key] = _clean_inline(html.unescape(content))


def _clean_inline(text: str) -> str:
    return _SPACE.sub(" ", text).strip()


def head_value(meta: dict[str, str], keys: tuple[str, ...]) -> str | None:
    """The first non-empty value of ``keys`` among the page's meta tags."""
    for key in keys:
        if meta.get(key):
            return meta[key]
    return None
