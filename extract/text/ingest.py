"""Ingestion: find article inputs and read them, one at a time, into :class:`RawArticle`.

Inputs are ``.txt`` files, ``.html``/``.htm`` pages, folders (their .txt/.html/.htm files,
recursively, in sorted order), glob patterns, and ``.jsonl`` files of records
(``id``, ``text`` or ``html``, optional ``url``, ``title``, ``source``, ``published``).
:func:`iter_articles` lists the input paths first (a file named twice is read once), then
reads one file at a time, never a whole JSONL file; it yields an :class:`InputError` for a
bad item instead of raising, so a batch goes on. A file's id is its stem, unless another
input file has the same stem: then it is the file's path below the folder they share.
"""

from __future__ import annotations

import glob
import json
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from extract.errors import InputError
from extract.text.decode import decode_bytes

DEFAULT_MAX_BYTES = 5 * 1024 * 1024
Format = Literal["txt", "html"]
FILE_FORMATS: dict[str, Format] = {".txt": "txt", ".html": "html", ".htm": "html"}
_GLOB_CHARS = frozenset("*?[")
_OPTIONAL_FIELDS = ("url", "title", "source", "published")


@dataclass(frozen=True)
class RawArticle:
    """One article as read: the decoded text exactly as decoded (for HTML, the page source)."""

    id: str
    source: str
    raw: str
    fmt: Format
    url: str | None = None
    title: str | None = None
    source_name: str | None = None
    published: str | None = None
    encoding: str = "utf-8"


Item = RawArticle | InputError


def iter_articles(inputs: Iterable[str], *, max_bytes: int = DEFAULT_MAX_BYTES) -> Iterator[Item]:
    """Yield each article of ``inputs`` in order, or an :class:`InputError` for a bad one."""
    found = expand_inputs(inputs)
    ids = article_ids([p for p in found if isinstance(p, Path) and p.suffix.lower() != ".jsonl"])
    for item in found:
        if isinstance(item, InputError):
            yield item
        elif item.suffix.lower() == ".jsonl":
            yield from iter_jsonl(item, max_bytes=max_bytes)
        else:
            yield _read_or_error(item, max_bytes, ids[item])


def expand_inputs(inputs: Iterable[str]) -> list[Path | InputError]:
    """Every input's files in order, each real file once (the first time it is named)."""
    seen: set[str] = set()
    found: list[Path | InputError] = []
    for spec in inputs:
        for item in expand_input(spec):
            if isinstance(item, Path):
                real = os.path.realpath(item)
                if real in seen:
                    continue
                seen.add(real)
            found.append(item)
    return found


def article_ids(paths: list[Path]) -> dict[Path, str]:
    """Each file's id: its stem, or where stems collide, its path below the shared folder."""
    by_stem: dict[str, list[Path]] = {}
    for path in paths:
        by_stem.setdefault(path.stem, []).append(path)
    ids: dict[Path, str] = {}
    for stem, group in by_stem.items():
        if len(group) == 1:
            ids[group[0]] = stem
        else:
            ids.update(_relative_ids(group))
    return ids


def _relative_ids(group: list[Path]) -> dict[Path, str]:
    absolute = [os.path.abspath(p) for p in group]
    base = os.path.commonpath([os.path.dirname(a) for a in absolute])
    return {
        p: Path(os.path.relpath(a, base)).as_posix() for p, a in zip(group, absolute, strict=True)
    }


def expand_input(spec: str) -> Iterator[Path | InputError]:
    """The files one input names: itself, a folder's article files, or a glob's matches."""
    path = Path(spec)
    if path.is_dir():
        yield from _expand_folder(path)
    elif path.is_file():
        yield path if _supported(path) else _unsupported(path)
    elif _GLOB_CHARS & set(spec):
        yield from _expand_glob(spec)
    else:
        yield InputError(spec, "no such file or folder")


def _supported(path: Path) -> bool:
    return path.suffix.lower() in FILE_FORMATS or path.suffix.lower() == ".jsonl"


def _unsupported(path: Path) -> InputError:
    return InputError(str(path), "unsupported file type (use .txt, .html, .htm or .jsonl)")


def _expand_folder(folder: Path) -> Iterator[Path | InputError]:
    found = list(_walk_folder(folder, _Walk()))
    if not found:
        yield InputError(
            str(folder),
            "no article files in this folder",
            hint="article files end in .txt, .html or .htm; name .jsonl files themselves",
        )
    yield from found


class _Walk:
    """The folders a walk has entered (by device and inode), and those it is inside now."""

    def __init__(self) -> None:
        self.seen: set[tuple[int, int]] = set()
        self.inside: set[tuple[int, int]] = set()


def _walk_folder(folder: Path, walk: _Walk) -> Iterator[Path | InputError]:
    """Article files (.txt/.html/.htm) under ``folder``, sorted, hidden entries skipped.

    A link to a folder is followed once; a link back into the folders being walked is one
    error, and a folder reached a second time (through another link) is not walked again.
    """
    try:
        info = folder.stat()
        key = (info.st_dev, info.st_ino)
        if key in walk.inside:
            yield InputError(str(folder), "link loop: it leads back to a folder being walked")
            return
        if key in walk.seen:
            return
        entries = sorted(os.scandir(folder), key=lambda e: e.name)
    except OSError as e:
        yield InputError(str(folder), f"cannot list folder: {e.strerror}")
        return
    walk.seen.add(key)
    walk.inside.add(key)
    for entry in entries:
        if not entry.name.startswith("."):
            yield from _walk_entry(folder / entry.name, entry, walk)
    walk.inside.discard(key)


def _walk_entry(path: Path, entry: os.DirEntry[str], walk: _Walk) -> Iterator[Path | InputError]:
    try:
        is_dir = entry.is_dir()
    except OSError:
        is_dir = False
    if is_dir:
        yield from _walk_folder(path, walk)
    elif path.suffix.lower() in FILE_FORMATS:
        yield path


def _expand_glob(pattern: str) -> Iterator[Path | InputError]:
    matches = [Path(p) for p in sorted(glob.glob(pattern, recursive=True))]
    files = [p for p in matches if p.is_file() and _supported(p)]
    if not files:
        yield InputError(pattern, "no article files match this pattern")
    yield from files


def _read_or_error(path: Path, max_bytes: int, article_id: str) -> Item:
    try:
        return read_file(path, max_bytes=max_bytes, article_id=article_id)
    except InputError as e:
        return e


def read_file(
    path: Path, *, max_bytes: int = DEFAULT_MAX_BYTES, article_id: str | None = None
) -> RawArticle:
    """Read one .txt/.html/.htm file; raise :class:`InputError` for any reason it is unusable.

    Its id is ``article_id``, or the file's stem."""
    source = str(path)
    fmt = FILE_FORMATS.get(path.suffix.lower())
    if fmt is None:
        raise _unsupported(path)
    data = _read_bytes(path, max_bytes)
    text, encoding = decode_bytes(data, source, html=fmt == "html")
    if not text.strip():
        raise InputError(source, "empty file (only whitespace)")
    return RawArticle(
        id=article_id or path.stem, source=source, raw=text, fmt=fmt, encoding=encoding
    )


def _read_bytes(path: Path, max_bytes: int) -> bytes:
    source = str(path)
    try:
        size = path.stat().st_size
        if size == 0:
            raise InputError(source, "empty file")
        if size > max_bytes:
            raise InputError(
                source,
                f"file too large ({size} bytes, limit {max_bytes})",
                hint="raise --max-bytes if this is really one article",
            )
        return path.read_bytes()
    except OSError as e:
        raise InputError(source, f"cannot read: {e.strerror}") from e


def iter_jsonl(path: Path, *, max_bytes: int = DEFAULT_MAX_BYTES) -> Iterator[Item]:
    """Yield one article (or one :class:`InputError`) per non-blank line of a JSONL file."""
    try:
        handle = path.open("rb")
    except OSError as e:
        yield InputError(str(path), f"cannot read: {e.strerror}")
        return
    with handle:
        for number, line in enumerate(handle, start=1):
            if line.strip():
                yield _record_or_error(line, f"{path}:{number}", max_bytes, first=number == 1)


def _record_or_error(line: bytes, source: str, max_bytes: int, *, first: bool) -> Item:
    try:
        return parse_record(line, source, max_bytes=max_bytes, first=first)
    except InputError as e:
        return e


def parse_record(
    line: bytes, source: str, *, max_bytes: int = DEFAULT_MAX_BYTES, first: bool = False
) -> RawArticle:
    """One JSONL line → :class:`RawArticle`; raise :class:`InputError` naming ``file:LINE``."""
    if len(line) > max_bytes:
        raise InputError(source, f"record too large ({len(line)} bytes, limit {max_bytes})")
    try:
        record = json.loads(line.decode("utf-8-sig" if first else "utf-8"))
    except UnicodeDecodeError as e:
        raise InputError(source, "record is not UTF-8 text") from e
    except json.JSONDecodeError as e:
        raise InputError(source, f"malformed JSON: {e.msg} (column {e.colno})") from e
    if not isinstance(record, dict):
        raise InputError(source, "record is not a JSON object")
    return _article_from_record(record, source)


def _article_from_record(record: dict[str, Any], source: str) -> RawArticle:
    article_id = record.get("id")
    if not isinstance(article_id, str | int) or isinstance(article_id, bool) or article_id == "":
        raise InputError(source, "record has no 'id' (a non-empty string)")
    fmt: Format = "html" if isinstance(record.get("html"), str) else "txt"
    body = record.get(fmt if fmt == "html" else "text")
    if not isinstance(body, str):
        raise InputError(source, "record has neither 'text' nor 'html' (a string)")
    if not body.strip():
        raise InputError(source, "empty text")
    extra = {name: _optional_str(record, name, source) for name in _OPTIONAL_FIELDS}
    return RawArticle(
        id=str(article_id),
        source=source,
        raw=body,
        fmt=fmt,
        url=extra["url"],
        title=extra["title"],
        source_name=extra["source"],
        published=extra["published"],
    )


def _optional_str(record: dict[str, Any], name: str, source: str) -> str | None:
    value = record.get(name)
    if value is None or isinstance(value, str):
        return value or None
    raise InputError(source, f"field '{name}' must be a string or null")
