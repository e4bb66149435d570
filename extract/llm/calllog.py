"""The call log: every model call, one SQLite row, with forward-only migrations.

A row holds the request and response bodies, usage, latency, the attempt numbers, the error
if any, and which article, model, prompt and schema it served. Headers are never stored, so
API keys never reach the file; nor do credentials written into the base URL, which is
stored redacted, as are URLs quoted in error messages. A file SQLite cannot read is a
`StateFileError` that says to move it aside.

Rows written inside an event loop are committed together: when `COMMIT_ROWS` are waiting,
else at most `COMMIT_SECONDS` after the first of them, and always on `flush` and `close`. The
file (WAL mode) stays readable by others during a run and lags it by half a second at most;
outside an event loop each row is committed at once.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from extract.llm.redact import redact_text, redact_url
from extract.llm.statefile import readable
from extract.llm.transport import CallEvent

MIGRATIONS: tuple[str, ...] = (
    """
    CREATE TABLE calls (
        id INTEGER PRIMARY KEY,
        ts TEXT NOT NULL,
        article_id TEXT,
        model TEXT,
        base_url TEXT,
        prompt_id TEXT,
        prompt_hash TEXT,
        schema_hash TEXT,
        step TEXT,
        attempt INTEGER,
        transport_attempt INTEGER,
        status INTEGER,
        error TEXT,
        latency_ms REAL,
        prompt_tokens INTEGER,
        completion_tokens INTEGER,
        cached_tokens INTEGER,
        request TEXT,
        response TEXT
    );
    CREATE INDEX calls_article ON calls(article_id);
    """,
    """
    ALTER TABLE calls ADD COLUMN params TEXT;
    """,
)
COMMIT_ROWS = 64
COMMIT_SECONDS = 0.5


@dataclass(frozen=True)
class CallLabels:
    """What a call served: filled by the pipeline, the same for every attempt of a step."""

    article_id: str
    model: str
    base_url: str | None
    prompt_id: str
    prompt_hash: str
    schema_hash: str
    step: str = "extract"
    params: str = "{}"  # the model's generation parameters, as JSON


def migrate(conn: sqlite3.Connection) -> None:
    """Apply the migrations this file has not seen yet, in order, never backwards."""
    conn.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)")
    row = conn.execute("SELECT MAX(version) FROM schema_version").fetchone()
    current = row[0] or 0
    for version, script in enumerate(MIGRATIONS[current:], start=current + 1):
        conn.executescript(script)
        conn.execute("INSERT INTO schema_version (version) VALUES (?)", (version,))
    conn.commit()


class CallLog:
    def __init__(self, path: Path | str) -> None:
        self.path = Path(path)
        if str(path) != ":memory:":
            self.path.parent.mkdir(parents=True, exist_ok=True)
        with self._readable():
            self.conn = sqlite3.connect(str(path))
            self.conn.execute("PRAGMA journal_mode=WAL")
            self.conn.execute("PRAGMA synchronous=NORMAL")
            migrate(self.conn)
        self._pending = 0
        self._timer: asyncio.TimerHandle | None = None
        self._timer_loop: asyncio.AbstractEventLoop | None = None

    def _readable(self) -> contextlib.AbstractContextManager[None]:
        return readable(self.path, f"move {self.path} aside; a new log starts")

    def write(self, labels: CallLabels, attempt: int, event: CallEvent) -> None:
        with self._readable():
            self._insert(labels, attempt, event)
        self._pending += 1
        self._commit_soon()

    def _insert(self, labels: CallLabels, attempt: int, event: CallEvent) -> None:
        usage = event.usage
        self.conn.execute(
            "INSERT INTO calls (ts, article_id, model, base_url, prompt_id, prompt_hash,"
            " schema_hash, step, attempt, transport_attempt, status, error, latency_ms,"
            " prompt_tokens, completion_tokens, cached_tokens, request, response, params)"
            " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            (
                dt.datetime.now(dt.UTC).isoformat(timespec="milliseconds"),
                labels.article_id,
                labels.model,
                redact_url(labels.base_url) if labels.base_url else labels.base_url,
                labels.prompt_id,
                labels.prompt_hash,
                labels.schema_hash,
                labels.step,
                attempt,
                event.transport_attempt,
                event.status,
                redact_text(event.error) if event.error else event.error,
                round(event.latency * 1000, 1),
                usage.get("prompt_tokens"),
                usage.get("completion_tokens"),
                usage.get("cached_tokens"),
                event.request_body,
                event.response_body,
                labels.params,
            ),
        )

    def _commit_soon(self) -> None:
        """Commit now, or within `COMMIT_SECONDS` when a loop is running (see the module)."""
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            loop = None
        if loop is None or self._pending >= COMMIT_ROWS:
            self.flush()
        elif self._timer is None or self._timer_loop is not loop:
            if self._timer is not None:
                self._timer.cancel()
            self._timer, self._timer_loop = loop.call_later(COMMIT_SECONDS, self.flush), loop

    def flush(self) -> None:
        """Commit the rows written so far."""
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None
        if self._pending:
            with self._readable():
                self.conn.commit()
            self._pending = 0

    def rows(self, *, article_id: str | None = None, limit: int = 50) -> Iterator[dict[str, Any]]:
        sql = "SELECT * FROM calls"
        args: tuple[Any, ...] = ()
        if article_id:
            sql += " WHERE article_id = ?"
            args = (article_id,)
        sql += " ORDER BY id DESC LIMIT ?"
        with self._readable():
            cur = self.conn.execute(sql, (*args, limit))
            names = [d[0] for d in cur.description]
            for row in cur:
                yield dict(zip(names, row, strict=True))

    def get(self, call_id: int) -> dict[str, Any] | None:
        with self._readable():
            cur = self.conn.execute("SELECT * FROM calls WHERE id = ?", (call_id,))
            row = cur.fetchone()
        return dict(zip([d[0] for d in cur.description], row, strict=True)) if row else None

    def close(self) -> None:
        self.flush()
        self.conn.close()
