"""The response cache: an unchanged re-run costs no call; a changed prompt misses."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Iterator
from pathlib import Path

import httpx2
import pytest
from fakes.openai_server import FakeServer
from fakes.recorded import PROMPTS, VALID, recorded_options

from extract.batch.runner import RunPlan, run_batch
from extract.llm.cache import ResponseCache, cache_key, keep_validated_answer

RECORDED = VALID


@pytest.fixture(scope="module")
def fake() -> Iterator[FakeServer]:
    with FakeServer() as server:
        yield server


def extract_into(
    fake: FakeServer, tmp_path: Path, out: Path, prompts_dir: Path = PROMPTS
) -> dict[str, dict]:
    fake.control()
    options = recorded_options(fake.url, prompts_dir=prompts_dir)
    plan = RunPlan(tuple(map(str, RECORDED)), out, 2, cache_path=tmp_path / "cache.sqlite")
    asyncio.run(run_batch(options, plan))
    return {r["article_id"]: r for r in map(json.loads, out.read_text("utf-8").splitlines())}


def test_rerun_into_a_fresh_results_file_is_answered_from_the_cache(
    fake: FakeServer, tmp_path: Path
) -> None:
    first = extract_into(fake, tmp_path, tmp_path / "a.jsonl")
    assert fake.stats()["calls"] == len(RECORDED)
    second = extract_into(fake, tmp_path, tmp_path / "b.jsonl")
    assert fake.stats()["calls"] == 0
    for article_id, record in first.items():
        assert second[article_id]["extraction"] == record["extraction"]
        assert second[article_id]["usage"]["calls"] == 0


def test_a_changed_prompt_misses_the_cache(fake: FakeServer, tmp_path: Path) -> None:
    extract_into(fake, tmp_path, tmp_path / "a.jsonl")
    prompts = tmp_path / "prompts"
    prompts.mkdir()
    text = (PROMPTS / "visit-v1.toml").read_text(encoding="utf-8")
    assert "新闻信息抽取助手" in text
    changed = text.replace("新闻信息抽取助手", "新闻信息提取助手", 1)
    (prompts / "visit-v1.toml").write_text(changed, encoding="utf-8")
    records = extract_into(fake, tmp_path, tmp_path / "b.jsonl", prompts)
    assert fake.stats()["calls"] == len(RECORDED)
    assert all(r["status"] == "ok" for r in records.values())


def test_only_successful_responses_are_kept(tmp_path: Path) -> None:
    statuses = iter([500, 200, 200])
    answered = {"choices": [{"message": {"content": "{}"}, "finish_reason": "stop"}]}

    def answer(request: httpx2.Request) -> httpx2.Response:
        return httpx2.Response(next(statuses), json=answered)

    async def post(client: httpx2.AsyncClient) -> int:
        with keep_validated_answer():
            response = await client.post("http://x.test/v1/chat/completions", content=b"{}")
        return response.status_code

    async def scenario(cache: ResponseCache) -> list[int]:
        transport = cache.wrap(httpx2.MockTransport(answer))
        async with httpx2.AsyncClient(transport=transport) as client:
            return [await post(client) for _ in range(3)]

    with ResponseCache(tmp_path / "cache.sqlite") as cache:
        assert asyncio.run(scenario(cache)) == [500, 200, 200]
        assert (cache.misses, cache.hits) == (2, 1)


def test_the_key_covers_endpoint_and_body() -> None:
    base = cache_key("http://a/v1/chat/completions", b'{"model":"m"}')
    assert base != cache_key("http://b/v1/chat/completions", b'{"model":"m"}')
    assert base != cache_key("http://a/v1/chat/completions", b'{"model":"n"}')
