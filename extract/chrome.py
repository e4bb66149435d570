"""Page chrome: decide for every line of a page whether it is article text or not.

A page is read as three zones. The *header* runs up to the first line that reads like a
paragraph (a sentence ending in 。!? …); there the first heading-like line is the title,
lines stating source or date are metadata, repeats of the title and chrome go. The *body* is
everything after; in it only lines matching a chrome rule (``data/chrome_patterns.tsv``) go,
plus the short lines of a related-news list once a rule of category ``related`` has matched.
Every other line — every body paragraph — is kept.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from functools import cache

from extract import metadata
from extract.datafile import data_path, read_table
from extract.errors import DataFileError

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
    kind: LineKind
    detail: str = ""


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

    ``title_hint`` (an HTML ``<title>``) picks the header line it contains as the title.
    """
    chrome = [chrome_category(line, rules) if line else None for line in lines]
    start = _body_start(lines, chrome)
    labels = _label_header(lines[:start], chrome[:start], title_hint)
    labels += _label_body(lines[start:], chrome[start:])
    return PageLayout(tuple(labels), start)


def _body_start(lines: Sequence[str], chrome: Sequence[str | None]) -> int:
    for i, (line, category) in enumerate(zip(lines, chrome, strict=True)):
        if line and category is None and is_paragraph(line) and not metadata.is_meta_line(line):
            return i
    return len(lines)


def _title_index(
    lines: Sequence[str], chrome: Sequence[str | None], title_hint: str | None
) -> int | None:
    candidates = [
        i
        for i, (line, category) in enumerate(zip(lines, chrome, strict=True))
        if line and category is None and not metadata.is_meta_line(line) and _heading_like(line)
    ]
    if title_hint:
        for i in candidates:
            if lines[i] in title_hint or title_hint in lines[i]:
                return i
    return candidates[0] if candidates else None


def _label_header(
    lines: Sequence[str], chrome: Sequence[str | None], title_hint: str | None
) -> list[LineLabel]:
    """Header zone: chrome, metadata, the title, repeats of it; lines before the title go."""
    title_at = _title_index(lines, chrome, title_hint)
    title = lines[title_at] if title_at is not None else None
    labels: list[LineLabel] = []
    for i, (line, category) in enumerate(zip(lines, chrome, strict=True)):
        if not line:
            labels.append(LineLabel(LineKind.BLANK))
        elif category is not None:
            labels.append(LineLabel(LineKind.CHROME, category))
        elif metadata.is_meta_line(line):
            labels.append(LineLabel(LineKind.META, "metadata"))
        elif i == title_at:
            labels.append(LineLabel(LineKind.TITLE))
        elif line == title:
            labels.append(LineLabel(LineKind.CHROME, "repeated title"))
        elif title_at is not None and i < title_at:
            labels.append(LineLabel(LineKind.CHROME, "navigation"))
        else:
            labels.append(LineLabel(LineKind.BODY))
    return labels


def _heading_like(line: str) -> bool:
    return 4 <= len(line) <= MAX_TITLE_CHARS and bool(_HAN.search(line))


def _label_body(lines: Sequence[str], chrome: Sequence[str | None]) -> list[LineLabel]:
    labels: list[LineLabel] = []
    in_related = False
    for line, category in zip(lines, chrome, strict=True):
        if not line:
            labels.append(LineLabel(LineKind.BLANK))
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
