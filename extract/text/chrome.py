"""Page chrome: decide for every line of a page whether it is article text or not.

A page is read as three zones. The *header* runs up to the first line that reads like a
paragraph (a sentence ending in 。!? …, or a line opening with a news dateline such as
``新华社北京4月16日电``). There the title is the heading-like line nearest above the first
line stating source or date (the byline: a site name, slogan or channel name may stand higher
up), else the first heading-like line; a ``——`` subtitle never is. Lines stating source or
date are metadata; when a headline opens such a line (``标题 2024-05-22 来源:某日报``) the
headline is kept and only the rest goes. Lines above the first heading-like line, repeats of
the title and chrome go; other header lines stay. The *body* is everything after; in it only
lines matching a chrome rule (``data/chrome_patterns.tsv``) or opening with a publication date
(``发布日期:2024-05-01``) go, plus the short lines of a related-news list once a rule of
category ``related`` has matched. Every other line — every body paragraph — is kept.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from functools import cache

from extract.datafile import data_path, read_table
from extract.errors import DataFileError
from extract.text import metadata, pinyin

_PARAGRAPH_END = re.compile(
    r"[。!?\uff01\uff1f…;\uff1b][”’」』\"')\)\uff09]*(?:\s*[(\uff08][^()\uff08\uff09]{1,16}[)\uff09])?$"
)
_HAN = re.compile(r"[\u3400-\u9fff]")
MAX_TITLE_CHARS = 80


class LineKind(StrEnum):
    """What a line of the page is."""

    BODY = "body"
    TITLE = "title"
    META = "meta"
    CHROME = "chrome"
    BLANK = "blank"


@dataclass(frozen=True)
class LineLabel:
    """What a line is; ``keep``, on a title line with metadata after it, is the length kept."""

    kind: LineKind
    detail: str = ""
    keep: int | None = None


@dataclass(frozen=True)
class ChromeRule:
    category: str
    max_chars: int
    pattern: re.Pattern[str]


@cache
def load_chrome_rules() -> tuple[ChromeRule, ...]:
    """The rules of ``data/chrome_patterns.tsv``, compiled."""
    rules = []
    for n, (category, max_chars, regex) in read_table("chrome_patterns.tsv", 3):
        try:
            rules.append(ChromeRule(category.strip(), int(max_chars), re.compile(regex)))
        except (ValueError, re.error) as e:
            raise DataFileError(data_path("chrome_patterns.tsv"), f"entry {n}: {e}") from e
    return tuple(rules)


def chrome_category(line: str, rules: Sequence[ChromeRule]) -> str | None:
    """The category of the first rule that drops ``line`` (already stripped), else None."""
    size = len(line)
    for rule in rules:
        if size <= rule.max_chars and rule.pattern.search(line):
            return rule.category
    return None


def is_paragraph(line: str) -> bool:
    """A line that reads like running text: it ends a sentence, or is long and has one."""
    return bool(_PARAGRAPH_END.search(line)) or (len(line) >= 60 and "。" in line)


@dataclass(frozen=True)
class PageLayout:
    """The label of every line, and where the body (the first paragraph) starts."""

    labels: tuple[LineLabel, ...]
    body_start: int


def classify_lines(
    lines: Sequence[str], rules: Sequence[ChromeRule], *, title_hint: str | None = None
) -> PageLayout:
    """Label every (stripped) line of a page; see the module docstring for the zones.

    ``title_hint`` (an HTML ``<title>``) picks the header line it contains as the title. Lines
    are judged without their inline pinyin glosses; a title's ``keep`` counts them.
    """
    plain = [pinyin.strip_glosses(line) for line in lines]
    chrome = _link_lists([_category(line, rules) if line else None for line in plain], plain)
    start = _body_start(plain, chrome)
    labels = _label_header(plain[:start], chrome[:start], title_hint)
    labels = [
        _keep_headline(label, line) for label, line in zip(labels, lines[:start], strict=True)
    ]
    labels += _label_body(plain[start:], chrome[start:])
    return PageLayout(tuple(labels), start)


# A bullet and a short headline with no sentence mark (· 某县党政代表团赴某市学习考察).
_BULLETED = re.compile(
    r"^[■□◆◇●○◎▶►▲△★☆·•▪]\s*[^。!?\uff01\uff1f；;，,\s][^。!?\uff01\uff1f；;，,]{3,40}$"
)


def _link_lists(chrome: list[str | None], lines: Sequence[str]) -> list[str | None]:
    """Bulleted headlines two or more in a row, blank lines apart at most, are a list of links
    to other news even with no heading over them; one heading its own paragraph (a news item
    of a roundup, ● 某市党政代表团赴某地学习考察, then its text) stays."""
    found = list(chrome)
    run: list[int] = []
    for i, line in enumerate(lines):
        if not line:
            continue
        if found[i] is None and _BULLETED.match(line):
            run.append(i)
            continue
        _mark_links(found, run)
        run = []
    _mark_links(found, run)
    return found


def _mark_links(found: list[str | None], run: list[int]) -> None:
    if len(run) >= 2:
        for at in run:
            found[at] = "link"


def _keep_headline(label: LineLabel, line: str) -> LineLabel:
    """A title label with ``keep`` counted in the line as given (glosses included)."""
    if label.keep is None:
        return label
    return LineLabel(label.kind, label.detail, metadata.headline_length(line))


def _category(line: str, rules: Sequence[ChromeRule]) -> str | None:
    """The line's chrome category; none for a metadata line that a headline opens
    (``某县党政代表团赴某市学习考察 发布时间:… 浏览次数:…``): its counters go, the headline stays."""
    category = chrome_category(line, rules)
    if category and metadata.is_meta_line(line) and metadata.headline_length(line):
        return None
    return category


def _body_start(lines: Sequence[str], chrome: Sequence[str | None]) -> int:
    """The first paragraph: a sentence, or a line opening with a news dateline."""
    for i, (line, category) in enumerate(zip(lines, chrome, strict=True)):
        if not line or category is not None:
            continue
        if metadata.is_dateline(line) or (is_paragraph(line) and not metadata.is_meta_line(line)):
            return i
    return len(lines)


def _headings(lines: Sequence[str], chrome: Sequence[str | None]) -> dict[int, str]:
    """Header lines that may be the title, with their heading text (a headline without the
    date or source that follows it on the same line)."""
    found = {}
    for i, (line, category) in enumerate(zip(lines, chrome, strict=True)):
        if not line or category is not None:
            continue
        if metadata.is_meta_line(line):
            keep = metadata.headline_length(line)
            if keep:
                found[i] = line[:keep]
        elif (
            _heading_like(line)
            and not line.startswith(_NOT_A_HEADLINE_START)
            and not metadata.is_masthead(line)
        ):
            found[i] = line
    return found


def _hinted(headings: dict[int, str], title_hint: str | None) -> int | None:
    """The heading that the HTML ``<title>`` contains (or that contains it)."""
    if title_hint:
        for i, heading in headings.items():
            if heading in title_hint or title_hint in heading:
                return i
    return None


def _title_index(lines: Sequence[str], headings: dict[int, str]) -> int | None:
    """The last heading at or above the byline (the first metadata line), else the first."""
    byline = next((i for i, line in enumerate(lines) if metadata.is_meta_line(line)), None)
    above = [i for i in headings if byline is not None and i <= byline]
    if above:
        return above[-1]
    return next(iter(headings), None)


def _label_header(
    lines: Sequence[str], chrome: Sequence[str | None], title_hint: str | None
) -> list[LineLabel]:
    """Header zone: chrome, metadata, the title, repeats of it; lines above the first heading
    (above the hinted title, on an HTML page) go."""
    headings = _headings(lines, chrome)
    hinted = _hinted(headings, title_hint)
    title_at = hinted if hinted is not None else _title_index(lines, headings)
    title = headings[title_at] if title_at is not None else None
    first = hinted if hinted is not None else next(iter(headings), None)
    labels: list[LineLabel] = []
    in_related = False  # a contents list (本期内容提要：) above the body: its headlines go
    for i, (line, category) in enumerate(zip(lines, chrome, strict=True)):
        if not line:
            labels.append(LineLabel(LineKind.BLANK))
        elif category is not None:
            in_related = in_related or category == "related"
            labels.append(LineLabel(LineKind.CHROME, category))
        elif in_related and i != title_at and not is_paragraph(line):
            labels.append(LineLabel(LineKind.CHROME, "related"))
        elif i == title_at:
            keep = len(headings[i]) if len(headings[i]) < len(line) else None
            labels.append(LineLabel(LineKind.TITLE, keep=keep))
        elif metadata.is_meta_line(line):
            labels.append(LineLabel(LineKind.META, "metadata"))
        elif line == title:
            labels.append(LineLabel(LineKind.CHROME, "repeated title"))
        elif first is not None and i < first:
            labels.append(LineLabel(LineKind.CHROME, "navigation"))
        else:
            labels.append(LineLabel(LineKind.BODY))
    return labels


# A headline never opens with a dash or a list bullet (· 本版另一篇的标题).
_NOT_A_HEADLINE_START = ("—", "--", "·", "•", "●", "◆", "■", "▪", "►", "▶")


def _heading_like(line: str) -> bool:
    return 4 <= len(line) <= MAX_TITLE_CHARS and bool(_HAN.search(line))


def _label_body(lines: Sequence[str], chrome: Sequence[str | None]) -> list[LineLabel]:
    labels: list[LineLabel] = []
    in_related = in_comments = False
    for line, category in zip(lines, chrome, strict=True):
        in_comments = in_comments or category == "comments"  # readers' comments run to the end
        if not line:
            labels.append(LineLabel(LineKind.BLANK))
        elif in_comments:
            labels.append(LineLabel(LineKind.CHROME, "comments"))
        elif metadata.is_date_line(line) and not in_related:
            labels.append(LineLabel(LineKind.META, "date"))
        elif category is not None:
            in_related = in_related or category == "related"
            labels.append(LineLabel(LineKind.CHROME, category))
        elif metadata.tail_source(line):
            labels.append(LineLabel(LineKind.META, "source"))
        elif in_related and not is_paragraph(line):
            labels.append(LineLabel(LineKind.CHROME, "related"))
        else:
            labels.append(LineLabel(LineKind.BODY))
    return labels
