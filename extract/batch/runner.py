"""The batch run: stream articles in, extract them concurrently, append each record as it ends.

Articles come from ingestion one at a time and are cleaned just before they are sent; at most
`concurrency` extractions are in flight, so memory does not grow with the batch. Each record
is appended to the results file as soon as it is made. An article whose key (id, content
hash, and the run identity: model, endpoint, parameters, prompt, schema) already has a record
is skipped: done ones always, failed ones unless `retry_failed`; ones the endpoint failed
(no connection, time-outs, 5xx or 429 after retries) are never done and are asked again. A
bad input becomes a failed record of kind ``input`` and the batch goes on. If the local
server dies, the run stops at once with its cause; what was written stays and resumes.
Only one run writes a results file at a time (a lock beside it).
"""

from __future__ import annotations

import asyncio
import contextlib
import fcntl
import os
import re
import time
from collections import Counter
from collections.abc import Awaitable, Callable, Iterable, Iterator
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Any

from extract.batch.results import ResultsIndex, ResultsWriter, record_key, run_fingerprint
from extract.errors import ConfigError, InputError, KaochaError
from extract.llm.cache import DEFAULT_CACHE, ResponseCache
from extract.text.ingest import DEFAULT_MAX_BYTES, Item, expand_inputs, iter_articles
from schemas.record import Failure, ResultRecord, RunInfo

if TYPE_CHECKING:
    import httpx2

    from extract.llm.transport import RetryPolicy
    from extract.pipeline.wiring import Options
    from extract.text.clean import CleanedArticle


@dataclass(frozen=True)
class RunPlan:
    """What one batch run reads, where it writes, and how hard it pushes the endpoint."""

    inputs: tuple[str, ...]
    out: Path
    concurrency: int | None = None  # None: the model config's `concurrency`
    retry_failed: bool = False
    cache_path: Path | None = DEFAULT_CACHE  # None: no response cache
    max_bytes: int = DEFAULT_MAX_BYTES


class Status(StrEnum):
    DONE = "done"
    FAILED = "failed"
    SKIPPED = "skipped"


@dataclass(frozen=True)
class Outcome:
    """What became of one article; `message` is the one-line cause of an input failure."""

    article_id: str
    status: Status
    record: ResultRecord | None = None
    message: str | None = None


@dataclass(frozen=True)
class RunSummary:
    done: int
    skipped: int
    failed: int
    calls: int
    prompt_tokens: int
    completion_tokens: int
    cost: float
    seconds: float
    concurrency: int
    cache_hits: int = 0
    failures: tuple[tuple[str, int], ...] = ()  # (cause, count), commonest first

    @property
    def processed(self) -> int:
        return self.done + self.failed

    @property
    def tokens(self) -> int:
        return self.prompt_tokens + self.completion_tokens

    @property
    def seconds_per_article(self) -> float:
        return self.seconds / self.processed if self.processed else 0.0


Observer = Callable[[Outcome], None]
ExtractFn = Callable[["CleanedArticle"], Awaitable[ResultRecord]]


@dataclass
class Tally:
    """Running totals of a batch, updated as each outcome arrives."""

    done: int = 0
    skipped: int = 0
    failed: int = 0
    calls: int = 0
    prompt_tokens: int = 0
    completion_tokens: int = 0
    cost: float = 0.0
    started: float = field(default_factory=time.perf_counter)
    causes: Counter[str] = field(default_factory=Counter)

    def add(self, outcome: Outcome) -> None:
        if outcome.status is Status.SKIPPED:
            self.skipped += 1
            return
        if outcome.status is Status.DONE:
            self.done += 1
        else:
            self.failed += 1
            failure = outcome.record.failure if outcome.record is not None else None
            self.causes[failure_cause(failure.kind, failure.message) if failure else "unknown"] += 1
        if outcome.record is not None:
            usage = outcome.record.usage
            self.calls += usage.calls + usage.transport_retries
            self.prompt_tokens += usage.prompt_tokens
            self.completion_tokens += usage.completion_tokens
            self.cost += usage.cost

    def summary(self, concurrency: int, cache_hits: int = 0) -> RunSummary:
        return RunSummary(
            done=self.done,
            skipped=self.skipped,
            failed=self.failed,
            calls=self.calls,
            prompt_tokens=self.prompt_tokens,
            completion_tokens=self.completion_tokens,
            cost=self.cost,
            seconds=time.perf_counter() - self.started,
            concurrency=concurrency,
            cache_hits=cache_hits,
            failures=tuple(self.causes.most_common()),
        )


def summarise_failures(records: Iterable[ResultRecord]) -> RunSummary:
    """The failure counts of finished records (a results file scored after the fact)."""
    tally = Tally()
    for record in records:
        status = Status.DONE if record.ok else Status.FAILED
        tally.add(Outcome(record.article_id, status, record))
    return tally.summary(0)


_ERROR_NAME = re.compile(r"\b([A-Z][A-Za-z]*(?:Error|Exception|Timeout|Failed))\b")


def failure_cause(kind: str, message: str) -> str:
    """A failure's cause for grouping: its kind and the error's name, or the input's reason."""
    if kind == "input":
        return f"input: {message.split(': ', 1)[-1].split(' (hint')[0][:80]}"
    name = _ERROR_NAME.search(message)
    step = re.match(r"step (\w+) failed", message)
    where = f"{step.group(1)} step, " if step else ""
    return f"{kind}: {where}{name.group(1) if name else message[:80]}"


async def run_batch(
    options: Options,
    plan: RunPlan,
    *,
    observer: Observer | None = None,
    inner_transport: httpx2.AsyncBaseTransport | None = None,
    policy: RetryPolicy | None = None,
) -> RunSummary:
    """Extract every article of `plan.inputs` into `plan.out`, resuming what is there."""

    refuse_input_as_out(plan.inputs, plan.out)
    with results_lock(plan.out):
        return await _run_locked(options, plan, observer, inner_transport, policy)


async def _run_locked(
    options: Options,
    plan: RunPlan,
    observer: Observer | None,
    inner_transport: httpx2.AsyncBaseTransport | None,
    policy: RetryPolicy | None,
) -> RunSummary:
    from extract.pipeline.wiring import open_extractor

    index = ResultsIndex.read(plan.out)
    cache = ResponseCache(plan.cache_path) if plan.cache_path else None
    try:
        with ResultsWriter(plan.out) as writer:
            async with open_extractor(
                options,
                inner_transport=inner_transport,
                policy=policy,
                wrap=cache.wrap if cache else None,
            ) as extractor:
                limit = plan.concurrency or extractor.config.concurrency
                sink = Sink(writer, index, plan.retry_failed, observer, extractor.endpoint_down)
                items = iter_articles(plan.inputs, max_bytes=plan.max_bytes)
                run = extractor.run_info()
                work = process(extractor.extract, run, items, sink, limit)
                tally = await until_down(work, extractor.endpoint_down)
        return tally.summary(limit, cache.hits if cache else 0)
    finally:
        if cache is not None:
            cache.close()


def refuse_input_as_out(inputs: Iterable[str], out: Path) -> None:
    """A results file that is also an input would be read while it grows: refuse it."""
    target = os.path.realpath(out)
    for spec in inputs:
        if os.path.realpath(spec) == target:
            raise ConfigError(
                f"--out {out} is one of the inputs", hint="write the results to another file"
            )


@contextlib.contextmanager
def results_lock(out: Path) -> Iterator[None]:
    """Hold `<out>.lock` for the run: a second run writing the same results file is refused."""
    out.parent.mkdir(parents=True, exist_ok=True)
    lock = out.with_name(out.name + ".lock")
    fd = os.open(lock, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise ConfigError(
                f"another run is writing {out}",
                hint="wait for it to finish, or write to another --out",
            ) from None
        yield
        lock.unlink(missing_ok=True)  # still held: no other run can be using it
    finally:
        os.close(fd)


Health = Callable[[], Exception | None]


async def until_down(work: Awaitable[Tally], down: Health | None, every: float = 0.25) -> Tally:
    """Await the batch, but stop it at once with the endpoint's error if the endpoint dies."""
    if down is None:
        return await work
    task = asyncio.ensure_future(work)
    while True:
        finished, _ = await asyncio.wait({task}, timeout=every)
        if finished:
            return task.result()
        error = down()
        if error is not None:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task
            raise error


@dataclass
class Sink:
    """Where outcomes go: the results file, the observer and the tally; and what to skip."""

    writer: ResultsWriter
    index: ResultsIndex
    retry_failed: bool = False
    observer: Observer | None = None
    down: Health | None = None
    tally: Tally = field(default_factory=Tally)

    def wanted(self, key: bytes) -> bool:
        """Whether an article with this key still needs a record: none yet, or one the
        endpoint failed, or a final failure when `retry_failed`."""
        status = self.index.status(key)
        return status in (None, "transient") or (status == "failed" and self.retry_failed)

    def record(self, record: ResultRecord) -> None:
        if not record.ok and self.down is not None:
            error = self.down()
            if error is not None:  # the endpoint died: no record of a failure it caused
                raise error
        self.writer.append(record)
        status = Status.DONE if record.ok else Status.FAILED
        failure = record.failure if _is_input_failure(record) else None
        message = failure.message if failure is not None else None
        self.emit(Outcome(record.article_id, status, record, message))

    def skip(self, article_id: str) -> None:
        self.emit(Outcome(article_id, Status.SKIPPED))

    def emit(self, outcome: Outcome) -> None:
        self.tally.add(outcome)
        if self.observer is not None:
            self.observer(outcome)


def _is_input_failure(record: ResultRecord) -> bool:
    return record.failure is not None and record.failure.kind == "input"


async def process(
    extract: ExtractFn, run: RunInfo, items: Iterable[Item], sink: Sink, limit: int
) -> Tally:
    """Extract the items that need it with at most `limit` in flight; record everything."""
    jobs = _jobs(items, sink, run, run_fingerprint(run))
    await bounded(limit, (_extract_one(extract, a, sink) for a in jobs))
    return sink.tally


def _jobs(items: Iterable[Item], sink: Sink, run: RunInfo, fingerprint: str) -> Iterator[Any]:
    """The cleaned articles that still need extracting; the rest are recorded or skipped here."""
    from extract.text.clean import clean

    for item in items:
        if isinstance(item, InputError):
            _input_failure(sink, input_id(item), item.one_line(), run, fingerprint)
            continue
        try:
            article = clean(item)
        except Exception as e:  # noqa: BLE001 - one bad article must not stop the batch
            message = e.one_line() if isinstance(e, KaochaError) else f"{type(e).__name__}: {e}"
            _input_failure(
                sink, item.id, f"{item.source}: cannot clean: {message}", run, fingerprint
            )
            continue
        if sink.wanted(record_key(article.id, article.content_hash, fingerprint)):
            yield article
        else:
            sink.skip(article.id)


def _input_failure(sink: Sink, article_id: str, message: str, run: RunInfo, fp: str) -> None:
    if not sink.wanted(record_key(article_id, "", fp)):
        sink.skip(article_id)
        return
    failure = Failure(kind="input", message=message)
    sink.record(
        ResultRecord(
            article_id=article_id, article_hash="", status="failed", failure=failure, run=run
        )
    )


def input_id(error: InputError) -> str:
    """The article id a bad input stands for: a file's stem, or the source (``file:LINE``)."""
    path = Path(error.source)
    return path.stem if path.suffix.lower() in (".txt", ".html", ".htm") else error.source


async def _extract_one(extract: ExtractFn, article: CleanedArticle, sink: Sink) -> None:
    sink.record(await extract(article))


async def bounded(limit: int, coros: Iterator[Awaitable[None]]) -> None:
    """Run the coroutines with at most `limit` at once, pulling the next only when one ends."""
    pending: set[asyncio.Future[None]] = set()
    try:
        while True:
            while len(pending) >= limit:  # a slot first, so no coroutine is made and dropped
                pending = await _settle(pending)
            coro = next(coros, None)
            if coro is None:
                break
            pending.add(asyncio.ensure_future(coro))
        while pending:
            pending = await _settle(pending)
    finally:
        for task in pending:
            task.cancel()


async def _settle(pending: set[asyncio.Future[None]]) -> set[asyncio.Future[None]]:
    done, rest = await asyncio.wait(pending, return_when=asyncio.FIRST_COMPLETED)
    for task in done:
        task.result()  # a bug in a task stops the batch instead of passing silently
    return rest


def count_articles(inputs: Iterable[str]) -> int:
    """How many items ingestion will yield (files, JSONL lines, bad inputs), for progress."""
    total = 0
    for found in expand_inputs(inputs):  # a file named twice is read, and counted, once
        if isinstance(found, Path) and found.suffix.lower() == ".jsonl":
            total += _count_lines(found)
        else:
            total += 1
    return total


def _count_lines(path: Path) -> int:
    try:
        with path.open("rb") as handle:
            return sum(1 for line in handle if line.strip())
    except OSError:
        return 1
