"""The response cache: a successful model answer, kept in SQLite and given back for the same request.

The key is the endpoint URL and the full JSON request body, which holds the model, the
generation parameters, the rendered prompt and the tool schema: change any of them and the
cache misses. Only HTTP 200 answers are kept. The cache is a transport wrapped around the
observed one (see `extract.client`), so a hit costs no model call and is not metered.
"""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path

import httpx2

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
    """Successful responses by request; one SQLite file, shared by runs."""

    def __init__(self, path: Path | str = DEFAULT_CACHE) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.conn = sqlite3.connect(str(self.path))
        self.conn.execute("PRAGMA journal_mode=WAL")
        self.conn.execute("PRAGMA synchronous=NORMAL")
        self.conn.execute(_SCHEMA)
        self.conn.commit()
        self.hits = 0
        self.misses = 0

    def get(self, key: str) -> tuple[bytes, str | None] | None:
        row = self.conn.execute(
            "SELECT body, content_type FROM responses WHERE key = ?", (key,)
        ).fetchone()
        return (bytes(row[0]), row[1]) if row else None

    def put(self, key: str, url: str, body: bytes, content_type: str | None) -> None:
        self.conn.execute(
            "INSERT OR REPLACE INTO responses (key, url, body, content_type) VALUES (?,?,?,?)",
            (key, url, body, content_type),
        )
        self.conn.commit()

    def wrap(self, inner: httpx2.AsyncBaseTransport) -> CachingTransport:
        """For `open_extractor(..., wrap=cache.wrap)`."""
        return CachingTransport(inner, self)

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> ResponseCache:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class CachingTransport(httpx2.AsyncBaseTransport):
    """Answers a POST from the cache when it can; stores the inner transport's 200 answers."""

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
            return _response(request, 200, hit[0], hit[1])
        self.cache.misses += 1
        response = await self.inner.handle_async_request(request)
        content = await response.aread()
        if response.status_code == 200:
            self.cache.put(key, url, content, response.headers.get("content-type"))
        return response

    async def aclose(self) -> None:
        await self.inner.aclose()


def _response(
    request: httpx2.Request, status: int, content: bytes, content_type: str | None
) -> httpx2.Response:
    headers = {"content-type": content_type or "application/json"}
    return httpx2.Response(status, headers=headers, content=content, request=request)
