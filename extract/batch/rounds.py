"""The Batch API for a prompt that asks in steps: one batch round per step, resumable.

A step prompt asks a question, reads the answer, and builds the next question on it, so its
requests cannot all be written at once. Each round runs the real pipeline again on every
article not yet finished, with a transport that answers each request from the answers of
earlier rounds and keeps the first one that has none: those kept requests are the next
round's batch input (one per waiting article). An article whose every request is answered
is finished, and its record goes to the results file through the same validation, grounding
and assembly as a live run. A request the batch answered with an error stops its article
there, with that cause; an answer that does not validate is re-asked in a later round, up to
the usual number of re-asks.

The state folder holds ``answers.jsonl`` (every answer ingested so far, by request digest),
``ingested.txt`` (the digests of the output files already read, so ingesting one twice is
harmless) and ``round-NNN.jsonl`` (each round's input, in the Batch API's format). A round
run twice without a new output writes the same input again; nothing is lost or doubled.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import httpx2

from extract.batch.batchapi import BatchError, BatchOutputs, BatchRequest, body_digest, error_body
from extract.batch.results import ResultsIndex, ResultsWriter
from extract.batch.runner import Observer, Sink, Tally, process
from extract.text.ingest import DEFAULT_MAX_BYTES, iter_articles
from schemas.record import ResultRecord

if TYPE_CHECKING:
    from extract.llm.config import ModelConfig
    from extract.pipeline.wiring import Options
    from extract.text.clean import CleanedArticle

ANSWERS = "answers.jsonl"
INGESTED = "ingested.txt"
KEY_CHARS = 32
SEPARATOR = "~"
BATCH_PRICE = 0.5  # the Batch API's price, as a share of the listed one
WAITING = "waiting for the next batch round"


def request_key(body: bytes) -> str:
    return body_digest(body)[:KEY_CHARS]


def round_custom_id(article_id: str, body: bytes) -> str:
    """The article and the request's digest: any answer finds its request again."""
    return f"{article_id}{SEPARATOR}{request_key(body)}"


class RoundState:
    """The state folder of a step-by-step batch: the answers so far, and the rounds."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        folder.mkdir(parents=True, exist_ok=True)
        self.answers: dict[str, tuple[int, bytes]] = {}
        for line in self._lines(ANSWERS):
            entry = json.loads(line)
            self.answers[entry["key"]] = (int(entry["status"]), entry["body"].encode("utf-8"))
        self.ingested = set(self._lines(INGESTED))

    def _lines(self, name: str) -> list[str]:
        path = self.folder / name
        if not path.exists():
            return []
        return [line for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]

    @property
    def round(self) -> int:
        """The number of the next round: one more than the outputs ingested."""
        return len(self.ingested) + 1

    def round_path(self) -> Path:
        """Where the next round's input goes."""
        return self.folder / f"round-{self.round:03d}.jsonl"

    def ingest(self, output: Path) -> int:
        """Add a round's output file to the answers; the number of new answers (0 when this
        file was ingested before)."""
        digest = hashlib.sha256(output.read_bytes()).hexdigest()
        if digest in self.ingested:
            return 0
        outputs = BatchOutputs(output)
        added = []
        try:
            for cid in outputs.custom_ids():
                key = _key_of(cid, output)
                if key not in self.answers:
                    self.answers[key] = outputs.answer(cid)
                    added.append(key)
        finally:
            outputs.close()
        self._append(ANSWERS, [_answer_line(k, *self.answers[k]) for k in added])
        self._append(INGESTED, [digest])
        self.ingested.add(digest)
        return len(added)

    def _append(self, name: str, lines: list[str]) -> None:
        with (self.folder / name).open("a", encoding="utf-8") as handle:
            handle.writelines(line + "\n" for line in lines)
            handle.flush()
            os.fsync(handle.fileno())


def _key_of(cid: str, output: Path) -> str:
    _, sep, key = cid.rpartition(SEPARATOR)
    if not sep or len(key) != KEY_CHARS:
        raise BatchError(
            f"{output}: custom_id {cid!r} is not one of a step-by-step round",
            hint="ingest the output of a batch made by `kaocha batch round`",
        )
    return key


def _answer_line(key: str, status: int, body: bytes) -> str:
    entry = {"key": key, "status": status, "body": body.decode("utf-8")}
    return json.dumps(entry, ensure_ascii=False)


class RoundTransport(httpx2.AsyncBaseTransport):
    """Answers from the state's answers; keeps the first request that has none."""

    def __init__(self, state: RoundState) -> None:
        self.state = state
        self.waiting: bytes | None = None

    async def handle_async_request(self, request: httpx2.Request) -> httpx2.Response:
        body = await request.aread()
        known = self.state.answers.get(request_key(body))
        if known is not None:
            status, content = known
        else:
            self.waiting = self.waiting or body
            status, content = 400, error_body(WAITING)
        headers = {"content-type": "application/json"}
        return httpx2.Response(status, headers=headers, content=content, request=request)


@dataclass(frozen=True)
class Estimate:
    """What a round's batch may cost: prompt tokens estimated from the text, completion
    tokens at most each request's `max_tokens`, at the batch price."""

    requests: int
    prompt_tokens: int
    max_completion_tokens: int
    max_cost: float


def estimate(requests: Iterable[BatchRequest], config: ModelConfig) -> Estimate:
    count = prompt = completion = 0
    for request in requests:
        body = json.loads(request.body)
        count += 1
        prompt += sum(estimate_tokens(str(m.get("content") or "")) for m in body["messages"])
        completion += int(body.get("max_tokens") or config.max_tokens)
    return Estimate(count, prompt, completion, config.cost(prompt, completion) * BATCH_PRICE)


def estimate_tokens(text: str) -> int:
    """A generous count: one token per CJK character, one per four other characters."""
    cjk = sum(1 for ch in text if ord(ch) >= 0x2E80)
    return cjk + (len(text) - cjk + 3) // 4


@dataclass
class RoundSummary:
    tally: Tally
    waiting: list[BatchRequest] = field(default_factory=list)
    path: Path | None = None  # where the next round's input was written; None: all finished
    estimate: Estimate | None = None


@dataclass
class _RoundSink(Sink):
    """Writes the records of finished articles only; a waiting article gets none yet."""

    waiting_ids: set[str] = field(default_factory=set)

    def record(self, record: ResultRecord) -> None:
        if record.article_id not in self.waiting_ids:
            super().record(record)


async def run_round(
    options: Options,
    inputs: Iterable[str],
    state: RoundState,
    out: Path,
    *,
    observer: Observer | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> RoundSummary:
    """Finish what the answers allow, and write the next round's input for the rest."""
    from extract.pipeline.wiring import open_extractor

    transport = RoundTransport(state)
    summary = RoundSummary(Tally())
    with ResultsWriter(out) as writer:
        offline = dataclasses.replace(options, log_path=None)
        async with open_extractor(offline, inner_transport=transport) as extractor:
            sink = _RoundSink(writer, ResultsIndex.read(out), observer=observer)

            async def extract(article: CleanedArticle) -> ResultRecord:
                transport.waiting = None
                record = await extractor.extract(article)
                if transport.waiting is not None:
                    sink.waiting_ids.add(article.id)
                    cid = round_custom_id(article.id, transport.waiting)
                    summary.waiting.append(BatchRequest(cid, transport.waiting))
                return record

            items = iter_articles(inputs, max_bytes=max_bytes)
            summary.tally = await process(extract, extractor.run_info(), items, sink, 1)
            config = extractor.config
    if summary.waiting:
        summary.path = _write_round(state.round_path(), summary.waiting)
        summary.estimate = estimate(summary.waiting, config)
    return summary


def _write_round(path: Path, requests: list[BatchRequest]) -> Path:
    partial = path.with_name(path.name + ".partial")
    with partial.open("w", encoding="utf-8") as handle:
        handle.writelines(r.line() + "\n" for r in requests)
    partial.replace(path)
    return path
