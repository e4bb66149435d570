"""The HTTP transport under the model client: httpx's own, on an asyncio-native network backend.

httpx runs its connections on anyio, whose every socket read and write first yields to the
event loop. With many requests in flight, each of those yields queues behind the CPU work of
every other article, so a request that is ready to go leaves late and an answer that has
arrived is read late. This backend reads what is already buffered and writes without
yielding, the way asyncio's streams do; connection pooling, HTTP/1.1 and TLS stay httpcore's
and httpx's. `benchmarks/bench_batch.py` measures the difference.

httpx reads proxy settings from the environment only for its own default transport; the
client brings its own, so :func:`http_transport` applies them here.
"""

from __future__ import annotations

import asyncio
import select
import ssl
import urllib.parse
import urllib.request
from collections.abc import Iterable
from typing import Any

import httpcore2
import httpx2

# The runner bounds the requests in flight; the pool keeps a connection for each of them
# (httpx keeps 20 by default, so more in flight would open a new connection per request).
POOL_LIMITS = httpx2.Limits(max_connections=1000, max_keepalive_connections=1000)
READ_LIMIT = 2**20  # bytes buffered per connection before reading pauses


LOOPBACK = frozenset({"localhost", "127.0.0.1", "::1"})


def http_transport(base_url: str) -> httpx2.AsyncHTTPTransport:
    """The transport for an endpoint: through the proxy the environment names for it
    (``HTTPS_PROXY``, ``HTTP_PROXY``, ``ALL_PROXY``, minus ``NO_PROXY``) on httpx's own
    backend, else directly on :class:`AsyncioBackend`. Loopback is never proxied."""
    proxy = environment_proxy(base_url)
    if proxy:
        return httpx2.AsyncHTTPTransport(limits=POOL_LIMITS, proxy=proxy)
    return HTTPTransport()


def environment_proxy(url: str) -> str | None:
    parts = urllib.parse.urlsplit(url)
    host = parts.hostname or ""
    if host in LOOPBACK or urllib.request.proxy_bypass(host):
        return None
    proxies = urllib.request.getproxies()
    return proxies.get(parts.scheme) or proxies.get("all")


class HTTPTransport(httpx2.AsyncHTTPTransport):
    """httpx's own transport, its connection pool on :class:`AsyncioBackend`.

    `httpx2.AsyncHTTPTransport` takes no network backend, so the pool its constructor builds
    is replaced by an `httpcore2.AsyncConnectionPool` given ours (a public argument there):
    that one attribute, `_pool`, is the only private name used, and
    `tests/test_netio.py` fails if httpx stops keeping its pool there. Request handling
    stays httpx's, inherited: recorders such as vcrpy (the cassette tests, the recording
    script) hook in there, so a transport of our own beside httpx's would go around them.
    """

    def __init__(
        self, limits: httpx2.Limits = POOL_LIMITS, verify: ssl.SSLContext | str | bool = True
    ) -> None:
        ssl_context = httpx2.create_ssl_context(verify=verify)
        super().__init__(verify=ssl_context, limits=limits)
        self._pool = httpcore2.AsyncConnectionPool(
            ssl_context=ssl_context,
            max_connections=limits.max_connections,
            max_keepalive_connections=limits.max_keepalive_connections,
            keepalive_expiry=limits.keepalive_expiry,
            network_backend=AsyncioBackend(),
        )


class AsyncioBackend(httpcore2.AsyncNetworkBackend):
    async def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore2.AsyncNetworkStream:
        local = (local_address, 0) if local_address else None
        try:
            async with asyncio.timeout(timeout):
                reader, writer = await asyncio.open_connection(
                    host, port, local_addr=local, limit=READ_LIMIT
                )
        except TimeoutError as e:
            raise httpcore2.ConnectTimeout(f"connecting to {host}:{port} timed out") from e
        except OSError as e:
            raise httpcore2.ConnectError(str(e)) from e
        sock = writer.get_extra_info("socket")
        for option in socket_options or ():
            sock.setsockopt(*option)
        return AsyncioStream(reader, writer)

    async def sleep(self, seconds: float) -> None:
        await asyncio.sleep(seconds)


class AsyncioStream(httpcore2.AsyncNetworkStream):
    def __init__(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self._reader = reader
        self._writer = writer

    async def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        try:
            async with asyncio.timeout(timeout):
                return await self._reader.read(max_bytes)
        except TimeoutError as e:
            raise httpcore2.ReadTimeout("reading the response timed out") from e
        except OSError as e:
            raise httpcore2.ReadError(str(e)) from e

    async def write(self, buffer: bytes, timeout: float | None = None) -> None:
        if not buffer:
            return
        try:
            self._writer.write(buffer)
            async with asyncio.timeout(timeout):
                await self._writer.drain()  # returns at once unless the socket buffer is full
        except TimeoutError as e:
            raise httpcore2.WriteTimeout("sending the request timed out") from e
        except OSError as e:
            raise httpcore2.WriteError(str(e)) from e

    async def aclose(self) -> None:
        self._writer.close()

    async def start_tls(
        self,
        ssl_context: ssl.SSLContext,
        server_hostname: str | None = None,
        timeout: float | None = None,
    ) -> httpcore2.AsyncNetworkStream:
        try:
            async with asyncio.timeout(timeout):
                await self._writer.start_tls(ssl_context, server_hostname=server_hostname)
        except TimeoutError as e:
            raise httpcore2.ConnectTimeout("the TLS handshake timed out") from e
        except (OSError, ssl.SSLError) as e:
            await self.aclose()
            raise httpcore2.ConnectError(str(e)) from e
        return self

    def get_extra_info(self, info: str) -> Any:
        transport = self._writer.transport
        if info == "ssl_object":
            return transport.get_extra_info("ssl_object")
        if info == "client_addr":
            return transport.get_extra_info("sockname")
        if info == "server_addr":
            return transport.get_extra_info("peername")
        if info == "socket":
            return transport.get_extra_info("socket")
        if info == "is_readable":  # an idle pooled connection the server has closed
            return transport.is_closing() or self._reader.at_eof() or _readable(transport)
        return None


def _readable(transport: asyncio.BaseTransport) -> bool:
    sock = transport.get_extra_info("socket")
    if sock is None or sock.fileno() < 0:
        return True
    ready, _, _ = select.select([sock.fileno()], [], [], 0)
    return bool(ready)
