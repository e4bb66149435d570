"""Batch throughput, per-article overhead and peak memory of `kaocha run`'s runner.

Against the recorded-response server (tests/fakes/openai_server.py) with a fixed latency and
the response cache off:

1. throughput at 1, 8, 32 and 64 requests in flight, as a share of the ideal
   (in flight ÷ latency articles per second);
2. overhead per article in milliseconds: the whole tool (ingest, clean, prompt, HTTP,
   validate, ground, assemble, write) at zero latency, and the runner alone (ingest, clean,
   resume index, bounded scheduling, append) with a stub in place of the pipeline;
3. peak memory (ru_maxrss of a child process) for a large and a ten-times-smaller synthetic
   JSONL batch, generated on the fly in a temp folder: flat means independent of batch size.

    python benchmarks/bench_batch.py                       # the full run (100,000 articles)
    python benchmarks/bench_batch.py --articles 20000      # quicker
    python benchmarks/bench_batch.py --memory-pipeline     # memory through the whole pipeline

Run from the repository root.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MODEL_CONFIG = ROOT / "tests" / "fixtures" / "recorded-model.toml"
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from fakes.openai_server import FIXTURE, FakeServer  # noqa: E402

from extract.results import ResultsIndex, ResultsWriter  # noqa: E402
from extract.runner import RunPlan, Sink, process, run_batch  # noqa: E402
from extract.wiring import Options  # noqa: E402
from schemas.record import ResultRecord, RunInfo  # noqa: E402

LATENCY = 0.2
IN_FLIGHT = (1, 8, 32, 64)


def seed_texts() -> list[str]:
    """The seeds whose recorded answer validates, so every synthetic article completes."""
    fixture = json.loads(FIXTURE.read_text("utf-8"))
    ok = {r["article"] for r in fixture["recordings"] if r["status"] == "ok"}
    return [p.read_text("utf-8") for p in sorted((ROOT / "seeds").glob("*.txt")) if p.stem in ok]


def write_jsonl(path: Path, count: int, texts: list[str]) -> Path:
    with path.open("w", encoding="utf-8") as handle:
        for i in range(count):
            text = f"{texts[i % len(texts)]}\n（本文编号 {i}）\n"
            handle.write(json.dumps({"id": f"a{i:07d}", "text": text}, ensure_ascii=False) + "\n")
    return path


def options(url: str, folder: Path) -> Options:
    return Options(
        model="recorded",
        prompt="visit-v1",  # the prompt the replayed answers were recorded with
        config_path=MODEL_CONFIG,
        base_url=url,
        prompts_dir=ROOT / "prompts",
        log_path=folder / "calls.sqlite",
    )


async def timed_run(url: str, folder: Path, source: Path, in_flight: int, tag: str) -> float:
    out = folder / f"results-{tag}.jsonl"
    plan = RunPlan((str(source),), out, in_flight, cache_path=None)
    summary = await run_batch(options(url, folder), plan)
    assert summary.failed == 0, f"{summary.failed} articles failed"
    return summary.seconds


def throughput(fake: FakeServer, folder: Path, texts: list[str], rounds: int) -> None:
    print(f"throughput at {LATENCY * 1000:.0f} ms latency, cache off ({rounds} waves each)")
    print(f"{'in flight':>9} {'articles':>8} {'seconds':>8} {'art/s':>7} {'ideal':>7} {'ratio':>6}")
    fake.control(latency=LATENCY)
    for n in IN_FLIGHT:
        count = n * rounds
        source = write_jsonl(folder / f"t{n}.jsonl", count, texts)
        seconds = asyncio.run(timed_run(fake.url, folder, source, n, f"t{n}"))
        rate, ideal = count / seconds, n / LATENCY
        print(f"{n:>9} {count:>8} {seconds:>8.2f} {rate:>7.1f} {ideal:>7.1f} {rate / ideal:>6.2f}")


def overhead(fake: FakeServer, folder: Path, texts: list[str], count: int) -> None:
    fake.control(latency=0)
    source = write_jsonl(folder / "o.jsonl", count, texts)
    for n in (1, 8):
        seconds = asyncio.run(timed_run(fake.url, folder, source, n, f"o{n}"))
        print(f"whole tool at zero latency, {n} in flight: {seconds / count * 1000:.2f} ms/article")
    seconds = asyncio.run(runner_only(source, folder / "stub.jsonl", 32))
    print(f"runner alone (stub pipeline), 32 in flight: {seconds / count * 1000:.3f} ms/article")


async def runner_only(source: Path, out: Path, in_flight: int) -> float:
    """The runner's own work per article, with a stub that answers at once."""
    from extract.ingest import iter_articles

    run = RunInfo(model="stub", prompt_id="p", prompt_hash="h", schema_hash="s")

    async def extract(article: object) -> ResultRecord:
        await asyncio.sleep(0)
        a = article  # a CleanedArticle
        return ResultRecord(article_id=a.id, article_hash=a.content_hash, status="ok", run=run)  # type: ignore[attr-defined]

    out.unlink(missing_ok=True)
    started = time.perf_counter()
    with ResultsWriter(out) as writer:
        sink = Sink(writer, ResultsIndex.read(out))
        await process(extract, run, iter_articles([str(source)]), sink, in_flight)
    return time.perf_counter() - started


def memory(folder: Path, texts: list[str], counts: tuple[int, ...], pipeline: bool) -> None:
    what = "whole pipeline at zero latency" if pipeline else "runner with a stub pipeline"
    print(f"peak memory (ru_maxrss of a child process), {what}, 32 in flight")
    with FakeServer() as fake:
        for count in counts:
            source = write_jsonl(folder / f"m{count}.jsonl", count, texts)
            mode = "pipeline" if pipeline else "stub"
            command = [sys.executable, __file__, "--child", mode, str(source), fake.url]
            started = time.perf_counter()
            child = subprocess.run(command, capture_output=True, text=True, check=True, cwd=ROOT)
            rss = json.loads(child.stdout.strip().splitlines()[-1])["max_rss_mb"]
            seconds = time.perf_counter() - started
            print(f"{count:>9} articles: {rss:7.1f} MB peak  ({seconds:.0f} s)")
            source.unlink()


def child(mode: str, source: Path, url: str) -> None:
    out = source.with_suffix(".out.jsonl")
    if mode == "stub":
        asyncio.run(runner_only(source, out, 32))
    else:
        asyncio.run(timed_run(url, source.parent, source, 32, source.stem))
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"max_rss_mb": round(rss, 1)}))


def cache_schemas() -> None:
    """What-if, in this process only: `extract.pipeline.schema_hash` computed once.

    Today it builds two JSON schemas, twice per article; caching it is the proposed fix.
    """
    import functools

    from extract import pipeline

    pipeline.schema_hash = functools.cache(pipeline.schema_hash)  # type: ignore[assignment]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--articles", type=int, default=100_000, help="the large memory batch")
    parser.add_argument("--rounds", type=int, default=8, help="waves per throughput point")
    parser.add_argument("--overhead-articles", type=int, default=300)
    parser.add_argument("--memory-pipeline", action="store_true")
    parser.add_argument(
        "--what-if-cached-schemas",
        action="store_true",
        help="measure with the schema generation cached (the proposed pipeline fix)",
    )
    parser.add_argument("--child", nargs=3, metavar=("MODE", "SOURCE", "URL"))
    args = parser.parse_args()
    if args.child:
        child(args.child[0], Path(args.child[1]), args.child[2])
        return
    if args.what_if_cached_schemas:
        cache_schemas()
    texts = seed_texts()
    with tempfile.TemporaryDirectory(prefix="kaocha-bench-") as tmp:
        folder = Path(tmp)
        with FakeServer() as fake:
            throughput(fake, folder, texts, args.rounds)
            overhead(fake, folder, texts, args.overhead_articles)
        if args.articles:
            memory(folder, texts, (args.articles // 10, args.articles), args.memory_pipeline)


if __name__ == "__main__":
    main()
