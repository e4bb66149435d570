"""The results file: one `ResultRecord` a line, appended and flushed as each article finishes.

A run appends; it never rewrites. Reading takes the last record of a key, so a retry
supersedes the failure before it. The resume index holds keys only (a 16-byte digest and a
status per record), never the records' bodies. A last line cut short by a killed process is
cut off when the file is opened for appending, and skipped when it is read.
"""

from __future__ import annotations

import hashlib
import json
import os
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from schemas.record import ResultRecord, RunInfo

FSYNC_EVERY = 1.0  # seconds between fsyncs; every record is flushed to the OS at once


def run_fingerprint(run: RunInfo | dict[str, Any] | None) -> str:
    """What identifies how a record was made: model, endpoint, parameters, prompt and schema."""
    data = run.model_dump(mode="json") if isinstance(run, RunInfo) else (run or {})
    blob = json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(blob.encode()).hexdigest()[:16]


def record_key(article_id: str, article_hash: str, fingerprint: str) -> bytes:
    """The resume key of one article under one run identity, as a 16-byte digest."""
    blob = f"{article_id}\x00{article_hash}\x00{fingerprint}".encode()
    return hashlib.blake2b(blob, digest_size=16).digest()


@dataclass(frozen=True)
class IndexStats:
    records: int
    bad_lines: int


TRANSIENT_KINDS = frozenset({"endpoint"})  # failures of the endpoint, asked again next run


def record_state(data: dict[str, Any]) -> str:
    """'ok', 'failed' (final), or 'transient' (the endpoint failed: not done) of a record."""
    if data.get("status") == "ok":
        return "ok"
    failure = data.get("failure") or {}
    kind = failure.get("kind") if isinstance(failure, dict) else None
    return "transient" if kind in TRANSIENT_KINDS else "failed"


class ResultsIndex:
    """Which keys a results file already holds, and the state of their latest record."""

    def __init__(self) -> None:
        self._state: dict[bytes, str] = {}
        self.records = 0
        self.bad_lines = 0

    @classmethod
    def read(cls, path: Path) -> ResultsIndex:
        index = cls()
        for line in iter_lines(path):
            index._add_line(line)
        return index

    def _add_line(self, line: bytes) -> None:
        try:
            data = json.loads(line)
            key = record_key(data["article_id"], data["article_hash"], run_fingerprint(data["run"]))
        except (ValueError, KeyError, TypeError):
            self.bad_lines += 1
            return
        self._state[key] = record_state(data)
        self.records += 1

    def status(self, key: bytes) -> str | None:
        """'ok', 'failed', 'transient', or None when the file has no record of this key."""
        return self._state.get(key)

    def __len__(self) -> int:
        return len(self._state)


def iter_lines(path: Path) -> Iterator[bytes]:
    """The complete lines of a results file; a last line without its newline is left out."""
    if not path.exists():
        return
    with path.open("rb") as handle:
        for line in handle:
            if line.endswith(b"\n") and line.strip():
                yield line


def repair(path: Path) -> int:
    """Cut off a last line that a killed process left without its newline; bytes removed."""
    if not path.exists():
        return 0
    with path.open("rb+") as handle:
        size = handle.seek(0, os.SEEK_END)
        if size == 0:
            return 0
        handle.seek(size - 1)
        if handle.read(1) == b"\n":
            return 0
        keep = _last_newline_end(handle, size)
        handle.truncate(keep)
        return size - keep


def _last_newline_end(handle: Any, size: int, block: int = 65536) -> int:
    end = size
    while end > 0:
        start = max(0, end - block)
        handle.seek(start)
        at = handle.read(end - start).rfind(b"\n")
        if at >= 0:
            return start + at + 1
        end = start
    return 0


class ResultsWriter:
    """Appends records, one write per line, flushed at once and fsync'd at least each second."""

    def __init__(self, path: Path, *, fsync_every: float = FSYNC_EVERY) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self.repaired = repair(path)
        self._fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
        self._fsync_every = fsync_every
        self._synced = time.monotonic()

    def append(self, record: ResultRecord) -> None:
        line = record.model_dump_json().encode("utf-8") + b"\n"
        view = memoryview(line)
        while view:
            view = view[os.write(self._fd, view) :]
        if time.monotonic() - self._synced >= self._fsync_every:
            self.sync()

    def sync(self) -> None:
        os.fsync(self._fd)
        self._synced = time.monotonic()

    def close(self) -> None:
        if self._fd >= 0:
            self.sync()
            os.close(self._fd)
            self._fd = -1

    def __enter__(self) -> ResultsWriter:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def read_latest(path: Path) -> Iterator[ResultRecord]:
    """The latest record of each article id, in file order, without holding all bodies.

    A first pass keeps one offset per article id; a second reads just those lines.
    """
    offsets = _latest_offsets(path)
    wanted = sorted(offsets.values())
    with path.open("rb") as handle:
        for offset in wanted:
            handle.seek(offset)
            yield ResultRecord.model_validate_json(handle.readline())


def _latest_offsets(path: Path) -> dict[str, int]:
    latest: dict[str, int] = {}
    offset = 0
    with path.open("rb") as handle:
        for line in handle:
            here, offset = offset, offset + len(line)
            if not line.endswith(b"\n") or not line.strip():
                continue
            article_id = _article_id(line)
            if article_id is not None:
                latest[article_id] = here
    return latest


def _article_id(line: bytes) -> str | None:
    try:
        value = json.loads(line).get("article_id")
    except (ValueError, AttributeError):
        return None
    return value if isinstance(value, str) else None
