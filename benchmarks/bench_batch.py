"""Batch throughput, per-article overhead and peak memory of `kaocha run`'s runner.

Against the recorded-response server (tests/fakes/openai_server.py) with a fixed latency and
the response cache off:

1. throughput at 1, 8, 32 and 64 articles in flight, as a share of the ideal: in flight ÷
   latency model calls per second (with a one-call prompt, articles per second);
2. overhead per article in milliseconds: the whole tool (ingest, clean, prompt, HTTP,
   validate, ground, assemble, write) at zero latency, and the runner alone (ingest, clean,
   resume index, bounded scheduling, append) with a stub in place of the pipeline;
3. peak memory (ru_maxrss of a child process) for a large and a ten-times-smaller synthetic
   JSONL batch, generated on the fly in a temp folder: flat means independent of batch size.

By default the prompt is visit-v1 in tools mode, answered from the recorded responses of
tests/fixtures/recorded_responses.json. ``--prompt visit-v3`` measures the default path
(step by step, three or more calls per article, JSON-schema mode, the default model's
settings), answered from the answers recorded in tests/cassettes/visit-v3.yaml.

    python benchmarks/bench_batch.py                       # the full run (100,000 articles)
    python benchmarks/bench_batch.py --articles 20000      # quicker
    python benchmarks/bench_batch.py --memory-pipeline     # memory through the whole pipeline
    python benchmarks/bench_batch.py --prompt visit-v3 --articles 0   # the default prompt

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
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MODEL_CONFIG = ROOT / "tests" / "fixtures" / "recorded-model.toml"
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from fakes.openai_server import FIXTURE, FakeServer  # noqa: E402

from extract.batch.results import ResultsIndex, ResultsWriter  # noqa: E402
from extract.batch.runner import RunPlan, RunSummary, Sink, process, run_batch  # noqa: E402
from extract.pipeline.wiring import Options  # noqa: E402
from schemas.record import ResultRecord, RunInfo  # noqa: E402

LATENCY = 0.2
IN_FLIGHT = (1, 8, 32, 64)


@dataclass(frozen=True)
class Replay:
    """What the fake server answers from, and run options that fit those answers."""

    prompt: str
    cassette: Path | None = None  # None: the recorded responses of visit-v1 (tools mode)

    def server(self) -> FakeServer:
        return FakeServer(cassette=self.cassette)

    def options(self, url: str, folder: Path) -> Options:
        """visit-v1 with the model settings it was recorded with; else the default model."""
        return Options(
            model=None if self.cassette else "recorded",
            prompt=self.prompt,
            config_path=None if self.cassette else MODEL_CONFIG,
            base_url=url,
            prompts_dir=ROOT / "prompts",
            log_path=folder / "calls.sqlite",
        )

    def seed_texts(self) -> list[str]:
        """The seeds whose recorded answers validate, so every synthetic article completes."""
        ok = self._cassette_ok() if self.cassette else self._fixture_ok()
        seeds = sorted((ROOT / "seeds").glob("*.txt"))
        return [p.read_text("utf-8") for p in seeds if p.stem in ok]

    def _fixture_ok(self) -> set[str]:
        fixture = json.loads(FIXTURE.read_text("utf-8"))
        return {r["article"] for r in fixture["recordings"] if r["status"] == "ok"}

    def _cassette_ok(self) -> set[str]:
        assert self.cassette is not None
        results = self.cassette.with_name(self.cassette.name.split(".")[0] + ".results.jsonl")
        rows = [json.loads(line) for line in results.read_text("utf-8").splitlines() if line]
        return {r["article_id"] for r in rows if r["status"] == "ok"}


def replay_for(prompt: str, cassette: Path | None) -> Replay:
    if prompt == "visit-v1" and cassette is None:
        return Replay(prompt)
    tape = cassette or ROOT / "tests" / "cassettes" / f"{prompt}.yaml"
    if not tape.exists():
        sys.exit(f"no cassette {tape}: record one with scripts/record_cassettes.py")
    return Replay(prompt, tape)


def write_jsonl(path: Path, count: int, texts: list[str]) -> Path:
    with path.open("w", encoding="utf-8") as handle:
        for i in range(count):
            text = f"{texts[i % len(texts)]}\n（本文编号 {i}）\n"
            handle.write(json.dumps({"id": f"a{i:07d}", "text": text}, ensure_ascii=False) + "\n")
    return path


async def timed_run(
    replay: Replay, url: str, folder: Path, source: Path, in_flight: int, tag: str
) -> RunSummary:
    out = folder / f"results-{tag}.jsonl"
    plan = RunPlan((str(source),), out, in_flight, cache_path=None)
    summary = await run_batch(replay.options(url, folder), plan)
    assert summary.failed == 0, f"{summary.failed} articles failed"
    return summary


def throughput(
    replay: Replay, fake: FakeServer, folder: Path, texts: list[str], rounds: int
) -> None:
    print(f"throughput at {LATENCY * 1000:.0f} ms latency, cache off ({rounds} articles per slot)")
    header = f"{'in flight':>9} {'articles':>8} {'calls':>6} {'seconds':>8} {'art/s':>7}"
    print(f"{header} {'calls/s':>7} {'ideal':>7} {'ratio':>6}")
    fake.control(latency=LATENCY)
    for n in IN_FLIGHT:
        count = n * rounds
        source = write_jsonl(folder / f"t{n}.jsonl", count, texts)
        run = asyncio.run(timed_run(replay, fake.url, folder, source, n, f"t{n}"))
        rate, calls, ideal = count / run.seconds, run.calls / run.seconds, n / LATENCY
        print(
            f"{n:>9} {count:>8} {run.calls:>6} {run.seconds:>8.2f} {rate:>7.1f}"
            f" {calls:>7.1f} {ideal:>7.1f} {calls / ideal:>6.2f}"
        )


def overhead(replay: Replay, fake: FakeServer, folder: Path, texts: list[str], count: int) -> None:
    """Wall time per article at zero latency (the server's own time included), and the CPU
    time this process spent per article (the tool's alone)."""
    fake.control(latency=0)
    source = write_jsonl(folder / "o.jsonl", count, texts)
    # Once untimed first: loading the gazetteer and building each step's classes happen once
    # per process, not per call.
    warm = write_jsonl(folder / "w.jsonl", len(texts), texts)
    asyncio.run(timed_run(replay, fake.url, folder, warm, 1, "warm"))
    for n in (1, 8):
        cpu = time.process_time()
        run = asyncio.run(timed_run(replay, fake.url, folder, source, n, f"o{n}"))
        cpu = time.process_time() - cpu
        per_article, per_call = run.seconds / count * 1000, run.seconds / run.calls * 1000
        print(
            f"whole tool at zero latency, {n} in flight: {per_article:.2f} ms/article"
            f" ({run.calls / count:.1f} calls each, {per_call:.2f} ms/call);"
            f" CPU {cpu / count * 1000:.2f} ms/article, {cpu / run.calls * 1000:.2f} ms/call"
        )
    seconds = asyncio.run(runner_only(source, folder / "stub.jsonl", 32))
    print(f"runner alone (stub pipeline), 32 in flight: {seconds / count * 1000:.3f} ms/article")


def step_classes(count: int) -> None:
    """What the figures above leave out: the synthetic batch repeats a few articles, so the
    per-article step classes (closed sets of the names, dates and places an article offers)
    come from the cache. Every real article offers its own, built once for it."""
    import instructor
    from instructor.v2 import Provider, mode_registry

    from extract.llm.client import response_class
    from extract.pipeline import steps

    handlers = mode_registry.get_handlers(Provider.OPENAI, instructor.Mode.JSON_SCHEMA)
    started = time.perf_counter()
    for i in range(count):
        for model in (
            steps.skeleton_model([f"3月{i % 28 + 1}日", f"{i}日"]),
            steps.people_model([f"张{i}", f"李{i}", f"王{i}"]),
            steps.itinerary_model([f"苏州{i}市", f"吴江{i}区"]),
        ):
            handlers.request_handler(response_model=response_class(model), kwargs={"messages": []})
    per_article = (time.perf_counter() - started) / count * 1000
    print(f"step classes for an article's own choices (cached above): {per_article:.2f} ms/article")


async def runner_only(source: Path, out: Path, in_flight: int) -> float:
    """The runner's own work per article, with a stub that answers at once."""
    from extract.text.ingest import iter_articles

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


def memory(
    replay: Replay, folder: Path, texts: list[str], counts: tuple[int, ...], pipeline: bool
) -> None:
    what = "whole pipeline at zero latency" if pipeline else "runner with a stub pipeline"
    print(f"peak memory (ru_maxrss of a child process), {what}, 32 in flight")
    with replay.server() as fake:
        for count in counts:
            source = write_jsonl(folder / f"m{count}.jsonl", count, texts)
            mode = "pipeline" if pipeline else "stub"
            command = [sys.executable, __file__, "--child", mode, str(source), fake.url]
            command += ["--prompt", replay.prompt]
            command += ["--cassette", str(replay.cassette)] if replay.cassette else []
            started = time.perf_counter()
            child = subprocess.run(command, capture_output=True, text=True, check=True, cwd=ROOT)
            rss = json.loads(child.stdout.strip().splitlines()[-1])["max_rss_mb"]
            seconds = time.perf_counter() - started
            print(f"{count:>9} articles: {rss:7.1f} MB peak  ({seconds:.0f} s)")
            source.unlink()


def child(replay: Replay, mode: str, source: Path, url: str) -> None:
    out = source.with_suffix(".out.jsonl")
    if mode == "stub":
        asyncio.run(runner_only(source, out, 32))
    else:
        asyncio.run(timed_run(replay, url, source.parent, source, 32, source.stem))
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"max_rss_mb": round(rss, 1)}))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--articles", type=int, default=100_000, help="the large memory batch")
    parser.add_argument(
        "--rounds", type=int, default=30, help="articles per slot at each throughput point"
    )
    parser.add_argument("--overhead-articles", type=int, default=300)
    parser.add_argument("--memory-pipeline", action="store_true")
    parser.add_argument(
        "--prompt", default="visit-v1", help="visit-v1 (recorded responses) or a cassette's"
    )
    parser.add_argument(
        "--cassette", type=Path, help="answers recorded with --prompt (default: its cassette)"
    )
    parser.add_argument("--child", nargs=3, metavar=("MODE", "SOURCE", "URL"))
    args = parser.parse_args()
    replay = replay_for(args.prompt, args.cassette)
    if args.child:
        child(replay, args.child[0], Path(args.child[1]), args.child[2])
        return
    texts = replay.seed_texts()
    print(f"prompt {replay.prompt}, answers from {replay.cassette or FIXTURE.name}")
    with tempfile.TemporaryDirectory(prefix="kaocha-bench-") as tmp:
        folder = Path(tmp)
        with replay.server() as fake:
            throughput(replay, fake, folder, texts, args.rounds)
            overhead(replay, fake, folder, texts, args.overhead_articles)
        if replay.cassette:
            step_classes(args.overhead_articles)
        if args.articles:
            counts = (args.articles // 10, args.articles)
            memory(replay, folder, texts, counts, args.memory_pipeline)


if __name__ == "__main__":
    main()
