"""The OpenAI Batch API: write the requests of a batch, and ingest its answers as results.

`prepare_batch` runs the real pipeline on each article with a transport that keeps the
request and sends nothing, so each batch line's body is byte for byte what a live run would
send (one line per part of a long article). `ingest_batch` runs the real pipeline again with
a transport that answers each request from the batch output, so answers go through the same
validation, grounding, assembly and results file as a live run. A batch has no second turn:
when an answer does not validate, the record fails and says that re-asks are not possible.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import httpx2

from extract.batch.results import ResultsIndex, ResultsWriter
from extract.batch.runner import Observer, RunSummary, Sink, process
from extract.errors import InputError, KaochaError
from extract.text.ingest import DEFAULT_MAX_BYTES, iter_articles
from schemas.record import Failure, ResultRecord

if TYPE_CHECKING:
    from extract.pipeline.extractor import Extractor
    from extract.pipeline.wiring import Options
    from extract.text.clean import CleanedArticle

BATCH_URL = "/v1/chat/completions"
NO_REASK = "re-asks are not possible in batch mode"


class BatchError(KaochaError):
    """A batch cannot be made or read: a step-by-step prompt, a malformed output file."""


@dataclass(frozen=True)
class BatchRequest:
    custom_id: str
    body: bytes

    def line(self) -> str:
        body = json.loads(self.body)
        entry = {"custom_id": self.custom_id, "method": "POST", "url": BATCH_URL, "body": body}
        return json.dumps(entry, ensure_ascii=False, separators=(",", ":"))


@dataclass(frozen=True)
class PrepareSummary:
    articles: int
    requests: int
    skipped: int


def body_digest(body: bytes) -> str:
    return hashlib.sha256(body).hexdigest()


def custom_id(article_id: str, part: int, parts: int) -> str:
    return article_id if parts == 1 else f"{article_id}#{part}/{parts}"


# --- capturing the requests a live run would send ---------------------------------------------


class CaptureTransport(httpx2.AsyncBaseTransport):
    """Keeps each request body and answers with an error, so nothing is sent anywhere."""

    def __init__(self) -> None:
        self.bodies: list[bytes] = []

    async def handle_async_request(self, request: httpx2.Request) -> httpx2.Response:
        self.bodies.append(await request.aread())
        error = {"error": {"message": "request captured for a batch; not sent"}}
        return httpx2.Response(400, json=error, request=request)


async def capture_requests(
    extractor: Extractor, capture: CaptureTransport, article: CleanedArticle
) -> list[BatchRequest]:
    """The requests a live run sends for `article` (one per part), in order."""
    parts = extractor.parts(article)  # the pipeline's own split, so the parts match a live run
    requests = []
    for k, text in enumerate(parts, start=1):
        capture.bodies.clear()
        await extractor.extract(
            dataclasses.replace(article, text=text) if len(parts) > 1 else article
        )
        if not capture.bodies:
            raise KaochaError(f"{article.id}: the pipeline sent no request to capture")
        requests.append(BatchRequest(custom_id(article.id, k, len(parts)), capture.bodies[0]))
    return requests


def check_one_call(extractor: Extractor) -> None:
    """A batch has no second turn, so a prompt that asks in steps cannot be batched."""
    if extractor.prompt.steps:
        raise BatchError(
            f"prompt {extractor.prompt.id!r} asks in steps, each built on the answer before, "
            "and a batch has no second turn",
            hint="run it in rounds, one step per batch, with `kaocha batch round`; or use a "
            "one-call prompt such as visit-v1 (--prompt visit-v1)",
        )


def _offline(options: Options) -> Options:
    return dataclasses.replace(options, log_path=None)


async def prepare_batch(
    options: Options,
    inputs: Iterable[str],
    out: Path,
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    on_error: Callable[[str], None] | None = None,
) -> PrepareSummary:
    """Write the Batch API input file for `inputs`; bad inputs are reported and left out."""
    from extract.pipeline.wiring import open_extractor
    from extract.text.clean import clean

    capture = CaptureTransport()
    articles = requests = skipped = 0
    out.parent.mkdir(parents=True, exist_ok=True)
    async with open_extractor(_offline(options), inner_transport=capture) as extractor:
        check_one_call(extractor)
        with out.open("w", encoding="utf-8") as handle:
            for item in iter_articles(inputs, max_bytes=max_bytes):
                try:
                    if isinstance(item, InputError):
                        raise item
                    batch = await capture_requests(extractor, capture, clean(item))
                except KaochaError as e:
                    skipped += 1
                    if on_error is not None:
                        on_error(e.one_line())
                    continue
                handle.writelines(r.line() + "\n" for r in batch)
                articles += 1
                requests += len(batch)
    return PrepareSummary(articles, requests, skipped)


# --- answering from the batch output ----------------------------------------------------------


class BatchOutputs:
    """The batch output file, indexed by custom_id (offsets only; lines read on demand)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._offsets = dict(self._scan(path))
        self._handle = path.open("rb")

    @staticmethod
    def _scan(path: Path) -> Iterator[tuple[str, int]]:
        if not path.exists():
            raise BatchError(f"no batch output at {path}", hint="download it from the batch first")
        offset = 0
        with path.open("rb") as handle:
            for line in handle:
                if line.strip():
                    yield _custom_id(line, path), offset
                offset += len(line)

    def answer(self, cid: str) -> tuple[int, bytes]:
        """HTTP status and body for a custom_id: the batch's answer, or a 400 saying why not."""
        offset = self._offsets.get(cid)
        if offset is None:
            return 400, error_body(f"the batch output has no answer for custom_id {cid!r}")
        self._handle.seek(offset)
        entry = json.loads(self._handle.readline())
        response = entry.get("response") or {}
        if entry.get("error") or response.get("status_code") != 200:
            detail = entry.get("error") or response.get("body")
            return 400, error_body(f"the batch request {cid!r} failed: {json.dumps(detail)[:300]}")
        return 200, json.dumps(response.get("body"), ensure_ascii=False).encode("utf-8")

    def custom_ids(self) -> list[str]:
        return list(self._offsets)

    def close(self) -> None:
        self._handle.close()


def _custom_id(line: bytes, path: Path) -> str:
    try:
        value = json.loads(line)["custom_id"]
    except (ValueError, KeyError, TypeError) as e:
        raise BatchError(
            f"{path}: a line is not a batch output entry with a custom_id",
            hint="pass the output file the batch produced, not its input",
        ) from e
    return str(value)


def error_body(message: str) -> bytes:
    return json.dumps({"error": {"message": message, "type": "batch"}}).encode()


class ReplayTransport(httpx2.AsyncBaseTransport):
    """Answers the requests of the current article from the batch output; refuses the rest."""

    def __init__(self, outputs: BatchOutputs) -> None:
        self.outputs = outputs
        self.expected: dict[str, str] = {}  # request body digest → custom_id
        self.refused: str | None = None

    def expect(self, requests: list[BatchRequest]) -> None:
        self.expected = {body_digest(r.body): r.custom_id for r in requests}
        self.refused = None

    async def handle_async_request(self, request: httpx2.Request) -> httpx2.Response:
        body = await request.aread()
        cid = self.expected.get(body_digest(body))
        if cid is None:
            self.refused = _reask_reason(body)
            status, content = 400, error_body(f"{NO_REASK}: {self.refused}")
        else:
            status, content = self.outputs.answer(cid)
        headers = {"content-type": "application/json"}
        return httpx2.Response(status, headers=headers, content=content, request=request)


def _reask_reason(body: bytes) -> str:
    """What the pipeline wanted to re-ask about: the last message of the refused request."""
    try:
        messages = json.loads(body).get("messages") or []
        content = str(messages[-1].get("content") or "") if messages else ""
    except (ValueError, AttributeError):
        content = ""
    return " ".join(content.split())[:500] or "the request differs from the batch input"


def _amend(record: ResultRecord, refused: str | None) -> ResultRecord:
    if record.ok or refused is None or record.failure is None:
        return record
    failure = Failure(
        kind="validation",
        message=f"the batch answer did not validate, and {NO_REASK}: {refused}",
        last_output=record.failure.last_output,
    )
    return record.model_copy(update={"failure": failure})


async def ingest_batch(
    options: Options,
    output: Path,
    inputs: Iterable[str],
    out: Path,
    *,
    retry_failed: bool = False,
    observer: Observer | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> RunSummary:
    """Turn a batch output into records in `out`, through the same path as a live run."""
    from extract.pipeline.wiring import open_extractor

    outputs = BatchOutputs(output)
    replay, capture = ReplayTransport(outputs), CaptureTransport()
    index = ResultsIndex.read(out)
    try:
        with ResultsWriter(out) as writer:
            async with (
                open_extractor(_offline(options), inner_transport=capture) as capturer,
                open_extractor(options, inner_transport=replay) as extractor,
            ):
                check_one_call(extractor)

                async def extract(article: CleanedArticle) -> ResultRecord:
                    replay.expect(await capture_requests(capturer, capture, article))
                    return _amend(await extractor.extract(article), replay.refused)

                sink = Sink(writer, index, retry_failed, observer)
                items = iter_articles(inputs, max_bytes=max_bytes)
                tally = await process(extract, extractor.run_info(), items, sink, 1)
    finally:
        outputs.close()
    return tally.summary(1)
