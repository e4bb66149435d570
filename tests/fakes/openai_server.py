"""A small OpenAI-compatible server on loopback that answers with recorded real responses.

It serves ``POST /v1/chat/completions`` from ``tests/fixtures/recorded_responses.json``:
bodies recorded from a real model server by the ``record`` command below, never written by
hand; or, with ``--cassette``, from a vcrpy cassette recorded from the real model (say
``tests/cassettes/visit-v3.yaml``, whose step-by-step prompt asks several questions per
article). A request is answered by the recording of the article whose text it contains (the
call with the same number of messages and the same last message, so each step gets its own
answer and a re-ask the recorded re-ask; else the call with the same number of messages),
else by a recording chosen by the hash of the request body. That measures orchestration,
never quality.

    python tests/fakes/openai_server.py serve [--port 0] [--latency 0.2] [--fail-first N]
    python tests/fakes/openai_server.py serve --cassette tests/cassettes/visit-v3.yaml
    python tests/fakes/openai_server.py record --base-url URL --out FILE SEED...

``serve`` prints ``listening on http://127.0.0.1:PORT/v1`` once ready. ``GET /stats`` gives
``{"calls": N, "rate_limited": K, "max_in_flight": M, "max_queued": Q}``; ``POST /control``
with JSON ``{"latency": s, "fail_first": n, "retry_after": s, "slots": n}`` changes the
behaviour and resets the counters. With ``slots`` it answers at most that many requests at
once and queues the rest, as llama.cpp's server does with ``-np`` parallel slots. Tests and benchmarks start it in a subprocess with :class:`FakeServer`.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import hashlib
import json
import subprocess
import sys
import traceback
import urllib.request
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

FIXTURE = Path(__file__).resolve().parent.parent / "fixtures" / "recorded_responses.json"


@dataclass(frozen=True)
class Call:
    """One recorded answer: the number of messages and the last message of its request."""

    messages: int
    last: str  # empty when not recorded: the number of messages alone picks the answer
    response: str


@dataclass(frozen=True)
class Recording:
    """The recorded calls of one article, and a line of its text that identifies it."""

    article: str
    marker: str
    calls: tuple[Call, ...]

    def answer(self, n_messages: int, last: str = "") -> str:
        for call in self.calls:
            if call.messages == n_messages and call.last == last:
                return call.response
        for call in self.calls:
            if call.messages == n_messages:
                return call.response
        return self.calls[-1].response


@dataclass
class Behaviour:
    latency: float = 0.0
    fail_first: int = 0
    retry_after: float = 1.0
    slots: int = 0  # like llama.cpp's -np: at most this many answered at once (0: no limit)
    calls: int = 0
    rate_limited: int = 0
    in_flight: int = 0
    max_in_flight: int = 0
    queued: int = 0
    max_queued: int = 0
    recordings: tuple[Recording, ...] = field(default_factory=tuple)
    gate: asyncio.Semaphore | None = None


def load_recordings(path: Path = FIXTURE) -> tuple[Recording, ...]:
    data = json.loads(path.read_text(encoding="utf-8"))
    return tuple(
        Recording(
            r["article"],
            r["marker"],
            tuple(Call(c["messages"], "", c["response"]) for c in r["calls"]),
        )
        for r in data["recordings"]
    )


def load_cassette(path: Path) -> tuple[Recording, ...]:
    """The HTTP 200 chat completions of a vcrpy cassette, grouped by article in call order.

    An article is told by the longest line of its first user message (the article text)."""
    import yaml

    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    calls: dict[str, list[Call]] = {}
    for interaction in data.get("interactions") or []:
        request, response = interaction["request"], interaction["response"]
        if response["status"]["code"] != 200 or not request["uri"].endswith("/chat/completions"):
            continue
        messages = json.loads(request["body"])["messages"]
        marker = max(_content(messages[1]).splitlines(), key=len)[:40]
        last = _content(messages[-1])
        calls.setdefault(marker, []).append(Call(len(messages), last, response["body"]["string"]))
    return tuple(Recording(marker, marker, tuple(found)) for marker, found in calls.items())


def _content(message: Any) -> str:
    return str(message.get("content") or "") if isinstance(message, dict) else ""


def choose(recordings: tuple[Recording, ...], body: bytes) -> str:
    """The recorded response for this request body (see the module docstring)."""
    try:
        messages = json.loads(body).get("messages") or []
    except ValueError:
        messages = []
    text = "\n".join(_content(m) for m in messages)
    last = _content(messages[-1]) if messages else ""
    for rec in recordings:
        if rec.marker in text:
            return rec.answer(len(messages), last)
    digest = int.from_bytes(hashlib.sha256(body).digest()[:4], "big")
    return recordings[digest % len(recordings)].answer(len(messages), last)


# --- HTTP ------------------------------------------------------------------------------------


async def _read_request(reader: asyncio.StreamReader) -> tuple[str, str, bytes] | None:
    head = await reader.readuntil(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    method, path, _version = lines[0].split(" ", 2)
    length = 0
    for line in lines[1:]:
        name, _, value = line.partition(":")
        if name.strip().lower() == "content-length":
            length = int(value.strip())
    body = await reader.readexactly(length) if length else b""
    return method, path, body


def _response(status: int, body: bytes, extra: dict[str, str] | None = None) -> bytes:
    reason = {200: "OK", 404: "Not Found", 429: "Too Many Requests"}.get(status, "Error")
    headers = {"Content-Type": "application/json", "Content-Length": str(len(body))}
    headers.update(extra or {})
    head = f"HTTP/1.1 {status} {reason}\r\n" + "".join(f"{k}: {v}\r\n" for k, v in headers.items())
    return head.encode("latin-1") + b"\r\n" + body


async def _dispatch(state: Behaviour, method: str, path: str, body: bytes) -> bytes:
    if method == "GET" and path.startswith("/stats"):
        stats = {
            "calls": state.calls,
            "rate_limited": state.rate_limited,
            "max_in_flight": state.max_in_flight,
            "max_queued": state.max_queued,
        }
        return _response(200, json.dumps(stats).encode())
    if method == "POST" and path.startswith("/control"):
        _control(state, json.loads(body or b"{}"))
        return _response(200, b"{}")
    if method == "GET" and path.endswith("/models"):
        return _response(200, b'{"object":"list","data":[{"id":"recorded"}]}')
    if method == "POST" and path.endswith("/chat/completions"):
        try:
            return await _completion(state, body)
        except Exception as e:  # noqa: BLE001 - a broken fixture answers 500, loudly
            traceback.print_exc()
            return _response(500, json.dumps({"error": {"message": repr(e)}}).encode())
    return _response(404, b'{"error":{"message":"not found"}}')


def _control(state: Behaviour, data: dict[str, Any]) -> None:
    state.latency = float(data.get("latency", state.latency))
    state.fail_first = int(data.get("fail_first", 0))
    state.retry_after = float(data.get("retry_after", state.retry_after))
    state.slots = int(data.get("slots", state.slots))
    state.gate = asyncio.Semaphore(state.slots) if state.slots else None
    state.calls = state.rate_limited = state.max_in_flight = state.max_queued = 0


async def _completion(state: Behaviour, body: bytes) -> bytes:
    state.calls += 1
    if state.rate_limited < state.fail_first:
        state.rate_limited += 1
        error = b'{"error":{"message":"rate limited","type":"rate_limit"}}'
        return _response(429, error, {"Retry-After": f"{state.retry_after:g}"})
    async with _slot(state):
        state.in_flight += 1
        state.max_in_flight = max(state.max_in_flight, state.in_flight)
        try:
            if state.latency:
                await asyncio.sleep(state.latency)
            return _response(200, choose(state.recordings, body).encode("utf-8"))
        finally:
            state.in_flight -= 1


@contextlib.asynccontextmanager
async def _slot(state: Behaviour) -> AsyncIterator[None]:
    """A free slot, waited for in arrival order when all are busy."""
    if state.gate is None:
        yield
        return
    if state.gate.locked():
        state.queued += 1
        state.max_queued = max(state.max_queued, state.queued)
        try:
            await state.gate.acquire()
        finally:
            state.queued -= 1
    else:
        await state.gate.acquire()
    try:
        yield
    finally:
        state.gate.release()


def _handler(state: Behaviour) -> Any:
    async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            while True:
                request = await _read_request(reader)
                if request is None:
                    break
                writer.write(await _dispatch(state, *request))
                await writer.drain()
        except (asyncio.IncompleteReadError, ConnectionError, ValueError):
            pass
        finally:
            writer.close()

    return handle


async def serve(port: int, state: Behaviour) -> None:
    server = await asyncio.start_server(_handler(state), "127.0.0.1", port, backlog=1024)
    bound = server.sockets[0].getsockname()[1]
    print(f"listening on http://127.0.0.1:{bound}/v1", flush=True)
    async with server:
        await server.serve_forever()


# --- running it from tests -------------------------------------------------------------------


class FakeServer:
    """The server in a subprocess on a free port; stopped (never left running) on exit."""

    def __init__(
        self, *, latency: float = 0.0, fixture: Path = FIXTURE, cassette: Path | None = None
    ) -> None:
        self.args = ["--latency", str(latency), "--fixture", str(fixture)]
        if cassette is not None:
            self.args += ["--cassette", str(cassette)]
        self.process: subprocess.Popen[str] | None = None
        self.url = ""

    def __enter__(self) -> FakeServer:
        command = [sys.executable, __file__, "serve", "--port", "0", *self.args]
        self.process = subprocess.Popen(command, stdout=subprocess.PIPE, text=True)
        assert self.process.stdout is not None
        line = self.process.stdout.readline()
        if "listening on" not in line:
            self.stop()
            raise RuntimeError(f"fake server did not start: {line!r}")
        self.url = line.split("listening on ", 1)[1].strip()
        return self

    def stats(self) -> dict[str, int]:
        with urllib.request.urlopen(self.url.removesuffix("/v1") + "/stats", timeout=5) as r:
            return json.loads(r.read())

    def control(self, **settings: float) -> None:
        data = json.dumps(settings).encode()
        request = urllib.request.Request(self.url.removesuffix("/v1") + "/control", data=data)
        with urllib.request.urlopen(request, timeout=5):
            pass

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=10)
        if self.process is not None and self.process.stdout is not None:
            self.process.stdout.close()

    def __exit__(self, *exc: object) -> None:
        self.stop()


# --- recording from a real server ------------------------------------------------------------


async def record(base_url: str, seeds: list[Path], out: Path, log: Path) -> None:
    """Run the real pipeline on each seed, one after the other, and keep what the server said."""
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
    from extract.llm.calllog import CallLog
    from extract.pipeline.wiring import Options, open_extractor
    from extract.text.clean import clean
    from extract.text.ingest import read_file

    recordings = []
    async with open_extractor(Options(base_url=base_url, log_path=log)) as extractor:
        for seed in seeds:
            article = clean(read_file(seed))
            result = await extractor.extract(article)
            print(f"{article.id}: {result.status} after {result.usage.calls} call(s)", flush=True)
            recordings.append((article, result.status))
    calls = CallLog(log)
    data = {"recordings": [_recording(a, status, calls) for a, status in recordings]}
    calls.close()
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


def _recording(article: Any, status: str, log: Any) -> dict[str, Any]:
    rows = sorted(log.rows(article_id=article.id, limit=100), key=lambda r: r["id"])
    calls = [
        {"messages": len(json.loads(r["request"])["messages"]), "response": r["response"]}
        for r in rows
        if r["status"] == 200
    ]
    marker = max(article.text.splitlines(), key=len)[:40]
    return {"article": article.id, "status": status, "marker": marker, "calls": calls}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    s = sub.add_parser("serve")
    s.add_argument("--port", type=int, default=0)
    s.add_argument("--latency", type=float, default=0.0)
    s.add_argument("--fail-first", type=int, default=0)
    s.add_argument("--retry-after", type=float, default=1.0)
    s.add_argument("--fixture", type=Path, default=FIXTURE)
    s.add_argument("--cassette", type=Path, help="answer from a vcrpy cassette instead")
    r = sub.add_parser("record")
    r.add_argument("--base-url", required=True)
    r.add_argument("--out", type=Path, default=FIXTURE)
    r.add_argument("--log", type=Path, default=Path("runs/record-calls.sqlite"))
    r.add_argument("seeds", type=Path, nargs="+")
    args = parser.parse_args()
    if args.command == "record":
        asyncio.run(record(args.base_url, args.seeds, args.out, args.log))
        return
    recordings = load_cassette(args.cassette) if args.cassette else load_recordings(args.fixture)
    state = Behaviour(args.latency, args.fail_first, args.retry_after, recordings=recordings)
    asyncio.run(serve(args.port, state))


if __name__ == "__main__":
    main()
