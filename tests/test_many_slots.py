"""The default prompt (step by step, JSON-schema mode) against an OpenAI-compatible server
with many slots, as vLLM serves one: 32 and 64 requests in flight, every article done once.

The server is the recorded-response fake with 64 slots, answering each request with the
real model's recorded answer for that question about that seed (tests/cassettes). How busy
the slots are kept is a figure for benchmarks/bench_batch.py, not a timed test."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

import pytest
from fakes.openai_server import FakeServer
from fakes.recorded import ROOT, SEEDS

from extract.batch.runner import RunPlan, run_batch
from extract.llm.config import adhoc_model
from extract.pipeline.wiring import Options

CASSETTE = ROOT / "tests" / "cassettes" / "visit-v3.yaml"
RECORDED = ROOT / "tests" / "cassettes" / "visit-v3.results.jsonl"
ARTICLES = 64


def articles(path: Path) -> Path:
    """64 distinct articles made of the seeds whose recorded answers validate."""
    rows = [json.loads(line) for line in RECORDED.read_text("utf-8").splitlines()]
    ok = {r["article_id"] for r in rows if r["status"] == "ok"}
    texts = [s.read_text("utf-8") for s in SEEDS if s.stem in ok]
    with path.open("w", encoding="utf-8") as handle:
        for i in range(ARTICLES):
            text = f"{texts[i % len(texts)]}\n（本文编号 {i}）\n"
            handle.write(json.dumps({"id": f"a{i:03d}", "text": text}, ensure_ascii=False) + "\n")
    return path


@pytest.mark.slow
@pytest.mark.parametrize("in_flight", [32, 64])
def test_the_default_prompt_keeps_as_many_requests_in_flight_as_asked(
    tmp_path: Path, in_flight: int
) -> None:
    source = articles(tmp_path / "articles.jsonl")
    with FakeServer(cassette=CASSETTE) as fake:
        fake.control(latency=1.0, slots=64)
        model = adhoc_model("Qwen/Qwen2.5-7B-Instruct", fake.url, mode="json_schema")
        options = Options(prompt="visit-v3", adhoc=model, base_url=fake.url, log_path=None)
        plan = RunPlan((str(source),), tmp_path / "results.jsonl", in_flight, cache_path=None)
        summary = asyncio.run(run_batch(options, plan))
        stats = fake.stats()
    assert (summary.done, summary.failed) == (ARTICLES, 0)
    assert stats["max_in_flight"] == in_flight and stats["max_queued"] == 0
    assert summary.calls >= 3 * ARTICLES, "each article asks its steps"
    ids = {json.loads(line)["article_id"] for line in (tmp_path / "results.jsonl").open()}
    assert len(ids) == ARTICLES
