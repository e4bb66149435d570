"""Reading the small text data files shipped in ``extract/data/``.

Each file is UTF-8, one entry a line; blank lines and lines starting with ``#`` are comments.
A missing or unreadable file is a :class:`DataFileError` naming the file.
"""

from __future__ import annotations

from importlib import resources

from extract.errors import DataFileError


def data_path(name: str) -> str:
    """The display path of a data file, for error messages."""
    return f"extract/data/{name}"


def read_entries(name: str) -> list[str]:
    """The non-comment, non-blank lines of data file ``name``, stripped of the line break."""
    try:
        text = resources.files("extract").joinpath("data", name).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as e:
        raise DataFileError(data_path(name), f"cannot read: {e}") from e
    return [
        line.rstrip("\r")
        for line in text.split("\n")
        if line.strip() and not line.lstrip().startswith("#")
    ]


def read_sections(name: str) -> dict[str, list[str]]:
    """The words of data file ``name`` by ``[section]``: each line after a section's header
    is split on whitespace, and ``#`` starts a comment anywhere on a line."""
    sections: dict[str, list[str]] = {}
    current: list[str] | None = None
    for n, line in enumerate(read_entries(name), start=1):
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        if line.startswith("[") and line.endswith("]"):
            current = sections.setdefault(line[1:-1], [])
        elif current is None:
            raise DataFileError(data_path(name), f"entry {n} before any [section]: {line!r}")
        else:
            current.extend(line.split())
    return sections


def read_table(name: str, columns: int) -> list[tuple[int, list[str]]]:
    """Tab-separated rows of data file ``name`` with exactly ``columns`` fields each.

    Returns ``(row number, fields)`` pairs so callers can name a bad row in their errors.
    """
    rows = []
    for n, line in enumerate(read_entries(name), start=1):
        fields = line.split("\t")
        if len(fields) != columns:
            raise DataFileError(
                data_path(name),
                f"entry {n} has {len(fields)} tab-separated fields, expected {columns}: {line!r}",
            )
        rows.append((n, fields))
    return rows
