"""The response cache: a validated model answer, kept in SQLite and given for the same request.

The key is the endpoint URL and the full JSON request body, which holds the model, the
generation parameters, the rendered prompt and the tool schema: change any of them and the
cache misses. The cache is a transport wrapped around the observed one (see
`extract.llm.client`), so a hit costs no model call and is not metered.

Only answers that validated are kept. The transport cannot know that: it sets aside a
complete-looking answer (HTTP 200, a JSON completion with output, not cut at max_tokens) in
the block of :func:`keep_validated_answer`, which the client opens around one validated call
(instructor's re-asks included). When the block ends well the last answer, the one that
validated, is written; when it raises, nothing is. Outside such a block nothing is kept. The
file stores the endpoint URL with its credentials redacted.
"""

from __future__ import annotations

import contextlib
import contextvars
import hashlib
import json
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx2

from extract.llm.redact import redact_url
from extract.llm.statefile import readable

DEFAULT_CACHE = Path("runs/cache.sqlite")

_SCHEMA = """
CREATE TABLE IF NOT EXISTS responses (
    key TEXT PRIMARY KEY,
    url TEXT NOT NULL,
    body BLOB NOT NULL,
    content_type TEXT
)
"""


def cache_key(url: str, body: bytes) -> str:
    """The endpoint URL and the request body, hashed."""
    digest = hashlib.sha256(url.encode())
    digest.update(b"\n")
    digest.update(body)
    return digest.hexdigest()


class ResponseCache:
    """Validated responses by request; one SQLite file, shared by runs."""

    def __init__(self, path: Path | str = DEFAULT_CACHE) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with self._readable():
            self.conn = sqlite3.connect(str(self.path))
            self.conn.execute("PRAGMA journal_mode=WAL")
            self.conn.execute("PRAGMA synchronous=NORMAL")
            self.conn.execute(_SCHEMA)
            self.conn.commit()
        self.hits = 0
        self.misses = 0

    def get(self, key: str) -> tuple[bytes, str | None] | None:
        with self._readable():
            row = self.conn.execute(
                "SELECT body, content_type FROM responses WHERE key = ?", (key,)
            ).fetchone()
        return (bytes(row[0]), row[1]) if row else None

    def put(self, key: str, url: str, body: bytes, content_type: str | None) -> None:
        """Keep an answer; `url` is stored with its credentials redacted."""
        with self._readable():
            self.conn.execute(
                "INSERT OR REPLACE INTO responses (key, url, body, content_type) VALUES (?,?,?,?)",
                (key, redact_url(url), body, content_type),
            )
            self.conn.commit()

    def _readable(self) -> contextlib.AbstractContextManager[None]:
        return readable(self.path, f"it is only a cache: delete {self.path} or run with --no-cache")

    def wrap(self, inner: httpx2.AsyncBaseTransport) -> CachingTransport:
        """For `open_extractor(..., wrap=cache.wrap)`."""
        return CachingTransport(inner, self)

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> ResponseCache:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


@dataclass(frozen=True)
class _Answer:
    """An answer set aside for the cache, written once it has validated."""

    cache: ResponseCache
    key: str
    url: str
    body: bytes
    content_type: str | None

    def keep(self) -> None:
        self.cache.put(self.key, self.url, self.body, self.content_type)


@dataclass
class _Pending:
    answers: list[_Answer | None] = field(default_factory=list)  # None: one not to keep


_pending: contextvars.ContextVar[_Pending | None] = contextvars.ContextVar(
    "kaocha_pending_answers", default=None
)


@contextlib.contextmanager
def keep_validated_answer() -> Iterator[None]:
    """Around one validated model call: when the block ends without an exception, the
    cache keeps the last answer it saw (the one that validated), if that one was complete;
    when the block raises, it keeps nothing."""
    pending = _Pending()
    token = _pending.set(pending)
    try:
        yield
    finally:
        _pending.reset(token)
    last = pending.answers[-1] if pending.answers else None
    if last is not None:
        last.keep()


def _set_aside(answer: _Answer | None) -> None:
    pending = _pending.get()
    if pending is not None:
        pending.answers.append(answer)


def is_complete_answer(body: bytes) -> bool:
    """A chat completion worth keeping: JSON with choices, none cut at max_tokens, each
    with message text or tool-call arguments."""
    try:
        data = json.loads(body)
    except ValueError:
        return False
    choices = data.get("choices") if isinstance(data, dict) else None
    return isinstance(choices, list) and bool(choices) and all(map(_complete_choice, choices))


def _complete_choice(choice: Any) -> bool:
    if not isinstance(choice, dict) or choice.get("finish_reason") == "length":
        return False
    message = choice.get("message")
    if not isinstance(message, dict):
        return False
    calls = message.get("tool_calls")
    if isinstance(calls, list) and calls:
        return all(_has_arguments(call) for call in calls)
    content = message.get("content")
    return isinstance(content, str) and bool(content.strip())


def _has_arguments(call: Any) -> bool:
    function = call.get("function") if isinstance(call, dict) else None
    arguments = function.get("arguments") if isinstance(function, dict) else None
    return isinstance(arguments, str) and bool(arguments.strip())


class CachingTransport(httpx2.AsyncBaseTransport):
    """Answers a POST from the cache when it can; sets the inner transport's complete
    answers aside for :func:`keep_validated_answer`."""

    def __init__(self, inner: httpx2.AsyncBaseTransport, cache: ResponseCache) -> None:
        self.inner = inner
        self.cache = cache

    async def handle_async_request(self, request: httpx2.Request) -> httpx2.Response:
        if request.method != "POST":
            return await self.inner.handle_async_request(request)
        body = await request.aread()
        url = str(request.url)
        key = cache_key(url, body)
        hit = self.cache.get(key)
        if hit is not None:
            self.cache.hits += 1
            _set_aside(None)  # kept already
            return _response(request, 200, hit[0], hit[1])
        self.cache.misses += 1
        response = await self.inner.handle_async_request(request)
        content = await response.aread()
        complete = response.status_code == 200 and is_complete_answer(content)
        content_type = response.headers.get("content-type")
        _set_aside(_Answer(self.cache, key, url, content, content_type) if complete else None)
        return response

    async def aclose(self) -> None:
        await self.inner.aclose()


def _response(
    request: httpx2.Request, status: int, content: bytes, content_type: str | None
) -> httpx2.Response:
    headers = {"content-type": content_type or "application/json"}
    return httpx2.Response(status, headers=headers, content=content, request=request)
