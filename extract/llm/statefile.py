"""The project's own SQLite files (response cache, call log): a damaged one is one error line."""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Iterator
from pathlib import Path

from extract.errors import StateFileError


@contextlib.contextmanager
def readable(path: Path, hint: str) -> Iterator[None]:
    """SQLite's complaint about `path` as one `StateFileError` that says what to do."""
    try:
        yield
    except sqlite3.DatabaseError as e:
        raise StateFileError(str(path), str(e), hint=hint) from e
