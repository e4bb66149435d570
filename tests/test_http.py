"""The HTTP layer under the model client: the request the SDK would send, the asyncio network
backend on real loopback sockets (keep-alive, a connection the server closed, timeouts, TLS),
and the environment's proxy."""

from __future__ import annotations

import asyncio
import copy
import json
import shutil
import ssl
import subprocess
from collections.abc import Awaitable
from pathlib import Path
from typing import Any

import httpx2
import pytest
from pydantic import BaseModel

from extract.llm.client import ModelClient
from extract.llm.config import load_config
from extract.llm.netio import HTTPTransport, environment_proxy, http_transport
from tests.fakes.scripted import ScriptedModel

# --- the request ---------------------------------------------------------------------------


class Place(BaseModel):
    name: str


class Capture(httpx2.AsyncBaseTransport):
    """Answers every request from a scripted model, keeping the raw request."""

    def __init__(self, model: ScriptedModel) -> None:
        self.model = model
        self.requests: list[httpx2.Request] = []

    async def handle_async_request(self, request: httpx2.Request) -> httpx2.Response:
        await request.aread()
        self.requests.append(request)
        response = self.model.transport().handle_request(request)
        return httpx2.Response(response.status_code, content=response.read())


SKIP_HEADERS = {"content-length", "x-stainless-read-timeout"}


def comparable(request: httpx2.Request) -> tuple[str, str, dict[str, str], Any]:
    headers = {k: v for k, v in request.headers.items() if k not in SKIP_HEADERS}
    return request.method, str(request.url), headers, json.loads(request.content)


@pytest.mark.parametrize("name", ["gpt-4o-mini", "vllm"])
def test_the_client_sends_what_the_sdks_create_would(name: str, monkeypatch) -> None:
    """Same URL, headers (the API key among them), and body as `chat.completions.create`."""
    import openai

    monkeypatch.setenv("OPENAI_API_KEY", "sk-test-not-a-real-key")
    config = load_config().model(name)
    tools = config.mode.value == "tools"
    sent: dict[str, Any] = {}
    post_completion = ModelClient._post_completion

    async def keep(self: ModelClient, **params: Any) -> Any:
        sent.update(copy.deepcopy(params))
        return await post_completion(self, **params)

    monkeypatch.setattr(ModelClient, "_post_completion", keep)
    ours = Capture(ScriptedModel([{"name": "苏州市"}], tools=tools))

    async def ask() -> BaseModel:
        client = ModelClient(config, inner_transport=ours)
        messages = [{"role": "user", "content": "去了苏州"}]
        filled = await client.fill(Place, messages, 0)
        await client.aclose()
        return filled.value

    assert asyncio.run(ask()).name == "苏州市"
    sdk = Capture(ScriptedModel([{"name": "苏州市"}], tools=tools))

    async def ask_sdk() -> None:
        http = httpx2.AsyncClient(transport=sdk)
        client = openai.AsyncOpenAI(
            base_url=config.base_url, api_key=config.api_key(), max_retries=0, http_client=http
        )
        await client.chat.completions.create(**sent)
        await client.close()

    asyncio.run(ask_sdk())
    assert ours.requests[0].headers["authorization"] == f"Bearer {config.api_key()}"
    assert comparable(ours.requests[0]) == comparable(sdk.requests[0])


# --- the network backend -------------------------------------------------------------------


class Loopback:
    """A tiny HTTP/1.1 server on loopback: answers `{"n": <request number>}` and counts
    connections; `close_after` closes a connection after that many answers."""

    def __init__(self, delay: float = 0.0, close_after: int = 0) -> None:
        self.delay, self.close_after = delay, close_after
        self.connections = 0
        self.requests = 0
        self.server: asyncio.Server | None = None

    async def __aenter__(self) -> Loopback:
        return await self.start()

    async def start(self, ssl_context: ssl.SSLContext | None = None) -> Loopback:
        self.server = await asyncio.start_server(self._handle, "127.0.0.1", 0, ssl=ssl_context)
        self.port = self.server.sockets[0].getsockname()[1]
        return self

    async def __aexit__(self, *exc: object) -> None:
        assert self.server is not None
        self.server.close()

    async def _handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.connections += 1
        answered = 0
        try:
            while True:
                head = await reader.readuntil(b"\r\n\r\n")
                length = 0
                for line in head.split(b"\r\n"):
                    if line.lower().startswith(b"content-length:"):
                        length = int(line.split(b":")[1])
                await reader.readexactly(length)
                self.requests += 1
                n = self.requests
                await asyncio.sleep(self.delay)
                body = json.dumps({"n": n}).encode()
                writer.write(
                    b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                    + f"Content-Length: {len(body)}\r\n\r\n".encode()
                    + body
                )
                await writer.drain()
                answered += 1
                if self.close_after and answered >= self.close_after:
                    break
        except (asyncio.IncompleteReadError, ConnectionError, asyncio.CancelledError):
            pass  # the client left, or the server is closing
        finally:
            writer.close()


def post(client: httpx2.AsyncClient, url: str) -> Awaitable[httpx2.Response]:
    return client.post(url, json={"q": "x" * 5000})


def test_connections_are_kept_alive_and_reused() -> None:
    async def go() -> tuple[list[int], int]:
        async with Loopback() as server:
            async with httpx2.AsyncClient(transport=HTTPTransport()) as client:
                url = f"http://127.0.0.1:{server.port}/v1"
                answers = [(await post(client, url)).json()["n"] for _ in range(5)]
            return answers, server.connections

    answers, connections = asyncio.run(go())
    assert answers == [1, 2, 3, 4, 5] and connections == 1


def test_concurrent_requests_each_get_a_connection() -> None:
    async def go() -> tuple[set[int], int]:
        async with Loopback(delay=0.05) as server:
            async with httpx2.AsyncClient(transport=HTTPTransport()) as client:
                url = f"http://127.0.0.1:{server.port}/v1"
                replies = await asyncio.gather(*(post(client, url) for _ in range(30)))
            return {r.json()["n"] for r in replies}, server.connections

    numbers, connections = asyncio.run(go())
    assert numbers == set(range(1, 31)) and connections == 30  # more than httpx's 20


def test_a_connection_the_server_closed_is_not_reused() -> None:
    async def go() -> tuple[list[int], int]:
        async with Loopback(close_after=1) as server:
            async with httpx2.AsyncClient(transport=HTTPTransport()) as client:
                url = f"http://127.0.0.1:{server.port}/v1"
                answers = []
                for _ in range(3):
                    answers.append((await post(client, url)).json()["n"])
                    await asyncio.sleep(0.05)  # the close reaches the client
            return answers, server.connections

    answers, connections = asyncio.run(go())
    assert answers == [1, 2, 3] and connections == 3


def test_a_slow_answer_is_a_read_timeout_and_a_closed_port_a_connect_error() -> None:
    async def go() -> None:
        async with Loopback(delay=1.0) as server:
            async with httpx2.AsyncClient(transport=HTTPTransport(), timeout=0.2) as client:
                with pytest.raises(httpx2.ReadTimeout):
                    await post(client, f"http://127.0.0.1:{server.port}/v1")
            port = server.port
        await asyncio.sleep(0.05)
        async with httpx2.AsyncClient(transport=HTTPTransport()) as client:
            with pytest.raises(httpx2.ConnectError):
                await post(client, f"http://127.0.0.1:{port}/v1")

    asyncio.run(go())


@pytest.mark.skipif(shutil.which("openssl") is None, reason="needs openssl to make a certificate")
def test_https_works_on_the_asyncio_backend(tmp_path: Path) -> None:
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1"]
        + ["-keyout", str(key), "-out", str(cert), "-subj", "/CN=localhost"]
        + ["-addext", "subjectAltName=IP:127.0.0.1"],
        check=True,
        capture_output=True,
    )
    server_side = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    server_side.load_cert_chain(cert, key)

    async def go() -> int:
        server = await Loopback().start(server_side)
        transport = HTTPTransport(verify=ssl.create_default_context(cafile=str(cert)))
        async with httpx2.AsyncClient(transport=transport) as client:
            reply = await post(client, f"https://127.0.0.1:{server.port}/v1")
        server.server.close()  # type: ignore[union-attr]
        return reply.json()["n"]

    assert asyncio.run(go()) == 1


def test_the_environment_proxy_is_used_except_for_loopback_and_no_proxy(monkeypatch) -> None:
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "NO_PROXY"):
        monkeypatch.delenv(name, raising=False)
        monkeypatch.delenv(name.lower(), raising=False)
    assert environment_proxy("https://api.openai.com/v1") is None
    assert type(http_transport("https://api.openai.com/v1")) is HTTPTransport
    monkeypatch.setenv("HTTPS_PROXY", "http://proxy.internal:3128")
    monkeypatch.setenv("NO_PROXY", "api.deepseek.com")
    assert environment_proxy("https://api.openai.com/v1") == "http://proxy.internal:3128"
    assert type(http_transport("https://api.openai.com/v1")) is httpx2.AsyncHTTPTransport
    assert environment_proxy("https://api.deepseek.com/v1") is None
    assert environment_proxy("http://127.0.0.1:8080/v1") is None
    assert environment_proxy("http://gpu-box:8000/v1") is None  # HTTPS_PROXY is for https


def test_a_request_goes_through_the_proxy_the_environment_names(monkeypatch) -> None:
    """The loopback server stands in for the proxy: it answers whatever it is asked."""

    async def go() -> tuple[int, int]:
        async with Loopback() as proxy:
            monkeypatch.setenv("HTTP_PROXY", f"http://127.0.0.1:{proxy.port}")
            transport = http_transport("http://model-host.invalid/v1")
            async with httpx2.AsyncClient(transport=transport) as client:
                reply = await post(client, "http://model-host.invalid/v1/chat/completions")
            return reply.json()["n"], proxy.connections

    assert asyncio.run(go()) == (1, 1)
