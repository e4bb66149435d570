"""The transport on the asyncio network backend is httpx's own, built by its own constructor,
with one thing changed: the connection pool, which httpx keeps in `_pool`. These fail when
httpx or httpcore change what that relies on."""

from __future__ import annotations

import asyncio
import inspect

import httpcore2
import httpx2
import pytest

from extract.llm.netio import POOL_LIMITS, AsyncioBackend, HTTPTransport


def test_httpx_keeps_the_pool_its_transport_sends_through_in_pool() -> None:
    """`_pool` is the one private name netio uses: httpx's transport must build one there
    and send every request through it."""
    plain = httpx2.AsyncHTTPTransport(limits=POOL_LIMITS)
    assert type(plain._pool) is httpcore2.AsyncConnectionPool
    assert "self._pool.handle_async_request" in inspect.getsource(
        httpx2.AsyncHTTPTransport.handle_async_request
    )


def test_the_pool_is_httpcores_with_our_backend_and_the_limits() -> None:
    assert "network_backend" in inspect.signature(httpcore2.AsyncConnectionPool).parameters
    transport = HTTPTransport()
    pool = transport._pool
    assert type(pool) is httpcore2.AsyncConnectionPool
    assert isinstance(pool._network_backend, AsyncioBackend)
    assert (pool._max_connections, pool._max_keepalive_connections) == (1000, 1000)


def test_request_handling_is_httpxs_own_so_recorders_see_it() -> None:
    """vcrpy (the cassette tests, the recording script) hooks httpx's transport method."""
    assert "handle_async_request" not in vars(HTTPTransport)
    assert HTTPTransport.handle_async_request is httpx2.AsyncHTTPTransport.handle_async_request


def test_an_answer_cut_short_is_httpxs_remote_protocol_error() -> None:
    async def cut_short(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        await reader.readuntil(b"\r\n\r\n")
        writer.write(b"HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n" + b"x" * 10)
        await writer.drain()
        writer.close()

    async def go() -> None:
        server = await asyncio.start_server(cut_short, "127.0.0.1", 0)
        port = server.sockets[0].getsockname()[1]
        try:
            async with httpx2.AsyncClient(transport=HTTPTransport()) as client:
                with pytest.raises(httpx2.RemoteProtocolError):
                    await client.get(f"http://127.0.0.1:{port}/v1")
        finally:
            server.close()

    asyncio.run(go())
