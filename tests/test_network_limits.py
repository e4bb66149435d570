"""Limits of the HTTP layer: a Retry-After we cannot read, an answer that never ends, and
credentials in the endpoint URL, which no file or message may show."""

from __future__ import annotations

import asyncio
import json
import sqlite3
import time
from collections.abc import AsyncIterator
from pathlib import Path

import httpx2
import pytest
from pydantic import BaseModel

from extract.llm.cache import ResponseCache, keep_validated_answer
from extract.llm.calllog import CallLabels, CallLog
from extract.llm.client import ModelClient
from extract.llm.config import Mode, adhoc_model
from extract.llm.netio import http_transport
from extract.llm.redact import redact_text, redact_url
from extract.llm.transport import (
    AttemptTimeout,
    CallEvent,
    ObservedTransport,
    RetryPolicy,
    current_observer,
)
from tests.fakes.scripted import ScriptedModel

URL = "http://model.test/v1/chat/completions"

# --- Retry-After -------------------------------------------------------------------------


class Script(httpx2.AsyncBaseTransport):
    """Answers each request with the next scripted response."""

    def __init__(self, *responses: httpx2.Response) -> None:
        self.responses = list(responses)
        self.calls = 0

    async def handle_async_request(self, request: httpx2.Request) -> httpx2.Response:
        self.calls += 1
        return self.responses.pop(0)


async def post_through(transport: httpx2.AsyncBaseTransport) -> httpx2.Response:
    async with httpx2.AsyncClient(transport=transport) as client:
        return await client.post(URL, content=b"{}")


@pytest.mark.parametrize(
    "value",
    ["soon", "", "1.5.2", "-5", "nan", "inf", "-inf", "Mon, 99 Foo 2024 99:99:99 GMT"],
    ids=["word", "empty", "dotted", "negative", "nan", "inf", "minus-inf", "bad-date"],
)
def test_an_unreadable_retry_after_falls_back_to_backoff(value: str) -> None:
    waits: list[float] = []

    async def sleep(seconds: float) -> None:
        waits.append(seconds)

    inner = Script(
        httpx2.Response(429, headers={"Retry-After": value}),
        httpx2.Response(200, json={"ok": True}),
    )
    policy = RetryPolicy(attempts=2, base_wait=0.25, max_wait=10.0)
    response = asyncio.run(post_through(ObservedTransport(inner, policy, sleep=sleep)))
    assert response.status_code == 200
    assert waits == [0.25]  # base_wait * 2**0: the backoff, not the header


@pytest.mark.parametrize(
    ("value", "expected"),
    [("3", 3.0), ("0", 0.0), ("120", 10.0), ("Wed, 21 Oct 2015 07:28:00 GMT", 0.0)],
    ids=["seconds", "zero", "capped", "past-date"],
)
def test_a_readable_retry_after_is_obeyed(value: str, expected: float) -> None:
    waits: list[float] = []

    async def sleep(seconds: float) -> None:
        waits.append(seconds)

    inner = Script(
        httpx2.Response(503, headers={"Retry-After": value}), httpx2.Response(200, json={})
    )
    policy = RetryPolicy(attempts=2, base_wait=0.25, max_wait=10.0)
    asyncio.run(post_through(ObservedTransport(inner, policy, sleep=sleep)))
    assert waits == [expected]


# --- the deadline of one attempt -----------------------------------------------------------


class Trickle(httpx2.AsyncByteStream):
    """A body that never ends: one byte every `every` seconds."""

    def __init__(self, every: float = 0.02) -> None:
        self.every = every

    async def __aiter__(self) -> AsyncIterator[bytes]:
        while True:
            await asyncio.sleep(self.every)
            yield b" "


class Trickler(httpx2.AsyncBaseTransport):
    """Answers 200 at once, then trickles the body forever; counts the attempts."""

    def __init__(self) -> None:
        self.calls = 0

    async def handle_async_request(self, request: httpx2.Request) -> httpx2.Response:
        self.calls += 1
        return httpx2.Response(200, stream=Trickle())


def test_a_body_that_never_ends_times_out_at_the_deadline_and_is_retried() -> None:
    inner = Trickler()
    policy = RetryPolicy(attempts=2, base_wait=0.0, max_wait=0.0, deadline=0.2)

    async def go() -> None:
        await asyncio.wait_for(post_through(ObservedTransport(inner, policy)), timeout=5)

    started = time.perf_counter()
    with pytest.raises(httpx2.TimeoutException, match="0.2 s"):
        asyncio.run(go())
    assert inner.calls == 2  # a timeout like any other: retried
    assert time.perf_counter() - started < 2


async def trickling_server(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    """Reads one request, sends the head of a long answer, then a byte every 20 ms."""
    try:
        head = await reader.readuntil(b"\r\n\r\n")
        length = next(
            (
                int(line.split(b":")[1])
                for line in head.split(b"\r\n")
                if line.lower().startswith(b"content-length:")
            ),
            0,
        )
        await reader.readexactly(length)
        writer.write(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n")
        writer.write(b"Content-Length: 100000\r\n\r\n")
        while True:
            writer.write(b" ")
            await writer.drain()
            await asyncio.sleep(0.02)
    except (ConnectionError, asyncio.CancelledError):
        pass
    finally:
        writer.close()


def test_a_server_that_trickles_forever_ends_in_a_timeout_on_a_real_socket() -> None:
    async def go() -> float:
        server = await asyncio.start_server(trickling_server, "127.0.0.1", 0)
        port = server.sockets[0].getsockname()[1]
        url = f"http://127.0.0.1:{port}/v1"
        policy = RetryPolicy(attempts=1, deadline=0.3)
        transport = ObservedTransport(http_transport(url), policy)
        started = time.perf_counter()
        try:
            async with httpx2.AsyncClient(transport=transport, timeout=5) as client:
                with pytest.raises(httpx2.TimeoutException):
                    await asyncio.wait_for(client.post(url + "/chat/completions", json={}), 5)
        finally:
            server.close()
        return time.perf_counter() - started

    assert asyncio.run(go()) < 2


class Place(BaseModel):
    name: str


def test_the_client_bounds_an_attempt_by_the_models_timeout() -> None:
    inner = Trickler()
    config = adhoc_model("m", "http://model.test/v1", mode=Mode.JSON, timeout=0.2)
    policy = RetryPolicy(attempts=1, base_wait=0.0, max_wait=0.0)

    async def go() -> None:
        client = ModelClient(config, inner_transport=inner, policy=policy)
        try:
            messages = [{"role": "user", "content": "去了苏州"}]
            await asyncio.wait_for(client.fill(Place, messages, 0), 5)
        finally:
            await client.aclose()

    with pytest.raises(Exception) as failure:
        asyncio.run(go())
    assert any(isinstance(e, AttemptTimeout) for e in chain(failure.value))  # not the guard's
    assert inner.calls == 1


def chain(e: BaseException | None) -> list[BaseException]:
    found = []
    while e is not None:
        found.append(e)
        e = e.__cause__ or e.__context__
    return found


# --- credentials in URLs -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("http://user:pw@host:8000/v1", "http://***@host:8000/v1"),
        ("https://tok@host/v1", "https://***@host/v1"),
        ("http://u:p@ss@host/v1", "http://***@host/v1"),
        ("http://host/v1?api_key=sk-1&x=2", "http://host/v1?api_key=***&x=2"),
        ("http://host/v1?x=1&key=abc", "http://host/v1?x=1&key=***"),
        ("http://host/v1?Api-Key=abc", "http://host/v1?Api-Key=***"),
        ("http://a:b@host/v1?token=t#frag", "http://***@host/v1?token=***#frag"),
        ("http://host:8000/v1", "http://host:8000/v1"),
        ("http://host/v1/@me?monkey=1", "http://host/v1/@me?monkey=1"),
    ],
    ids=[
        "user-password",
        "user-only",
        "at-in-password",
        "api-key",
        "key",
        "header-style-name",
        "both",
        "clean",
        "at-in-path",
    ],
)
def test_redact_url(url: str, expected: str) -> None:
    assert redact_url(url) == expected


def test_redact_text_redacts_every_url_in_a_message() -> None:
    text = "connect to http://me:secret@10.0.0.1:8000/v1 failed; see https://h/x?key=k1."
    assert redact_text(text) == (
        "connect to http://***@10.0.0.1:8000/v1 failed; see https://h/x?key=***."
    )
    assert redact_text("nothing here") == "nothing here"


SECRET_URL = "http://alice:hunter2@model.test:8000/v1?api_key=sk-secret"


def test_the_call_log_never_holds_credentials(tmp_path: Path) -> None:
    log = CallLog(tmp_path / "calls.sqlite")
    labels = CallLabels("a1", "m", SECRET_URL, "p", "ph", "sh")
    error = f"ConnectError: cannot reach {SECRET_URL}/chat/completions"
    log.write(labels, 1, CallEvent("{}", "/v1/chat/completions", None, None, error, 0.1, 1))
    log.close()
    dump = "\n".join(sqlite3.connect(tmp_path / "calls.sqlite").iterdump())
    assert "hunter2" not in dump and "sk-secret" not in dump
    assert "http://***@model.test:8000/v1?api_key=***" in dump


class Refuse(httpx2.AsyncBaseTransport):
    async def handle_async_request(self, request: httpx2.Request) -> httpx2.Response:
        raise httpx2.ConnectError(f"cannot reach {request.url}", request=request)


def test_a_transport_error_is_reported_without_credentials() -> None:
    events: list[CallEvent] = []

    async def go() -> None:
        token = current_observer.set(events.append)
        try:
            transport = ObservedTransport(Refuse(), RetryPolicy(attempts=1))
            async with httpx2.AsyncClient(transport=transport) as client:
                await client.post(SECRET_URL, content=b"{}")
        finally:
            current_observer.reset(token)

    with pytest.raises(httpx2.ConnectError):
        asyncio.run(go())
    assert events and events[0].error is not None
    assert "hunter2" not in events[0].error and "sk-secret" not in events[0].error
    assert "***@model.test" in events[0].error


def test_the_cache_stores_the_url_without_credentials(tmp_path: Path) -> None:
    model = ScriptedModel([{"name": "苏州市"}])

    async def go(cache: ResponseCache) -> None:
        transport = cache.wrap(model.transport())
        async with httpx2.AsyncClient(transport=transport) as client:
            with keep_validated_answer():
                await client.post(SECRET_URL, content=json.dumps({"model": "m"}).encode())

    with ResponseCache(tmp_path / "cache.sqlite") as cache:
        asyncio.run(go(cache))
        urls = [row[0] for row in cache.conn.execute("SELECT url FROM responses")]
    assert urls == ["http://***@model.test:8000/v1?api_key=***"]
