"""The Batch API path: prepared bodies equal live requests; ingested answers equal live results."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

import httpx2
import pytest
from fakes.openai_server import choose, load_recordings
from fakes.recorded import SEEDS, recorded_options

from extract.batch.batchapi import BATCH_URL, NO_REASK, ingest_batch, prepare_batch
from extract.batch.runner import RunPlan, run_batch
from extract.pipeline.wiring import Options

RECORDINGS = load_recordings()


class RecordedModel(httpx2.AsyncBaseTransport):
    """Answers like the fake server, in process, and keeps every request body it saw."""

    def __init__(self) -> None:
        self.bodies: list[bytes] = []

    async def handle_async_request(self, request: httpx2.Request) -> httpx2.Response:
        body = await request.aread()
        self.bodies.append(body)
        content = choose(RECORDINGS, body).encode("utf-8")
        return httpx2.Response(200, headers={"content-type": "application/json"}, content=content)


def options(tmp_path: Path) -> Options:
    return recorded_options("http://batch.test/v1", tmp_path / "c.sq")


def live_run(tmp_path: Path, seeds: list[Path]) -> tuple[dict[str, dict], RecordedModel]:
    model, out = RecordedModel(), tmp_path / "live.jsonl"
    plan = RunPlan(tuple(map(str, seeds)), out, 1, cache_path=None)
    asyncio.run(run_batch(options(tmp_path), plan, inner_transport=model))
    return by_id(out), model


def by_id(path: Path) -> dict[str, dict]:
    return {r["article_id"]: r for r in map(json.loads, path.read_text("utf-8").splitlines())}


def answer_batch(batch_input: Path, batch_output: Path, drop: str | None = None) -> None:
    """What the Batch API would return, answered from the recordings."""
    with batch_output.open("w", encoding="utf-8") as handle:
        for n, line in enumerate(batch_input.read_text("utf-8").splitlines()):
            entry = json.loads(line)
            if entry["custom_id"] == drop:
                continue
            body = json.dumps(entry["body"]).encode()
            response = {
                "status_code": 200,
                "request_id": f"r{n}",
                "body": json.loads(choose(RECORDINGS, body)),
            }
            out = {
                "id": f"b{n}",
                "custom_id": entry["custom_id"],
                "response": response,
                "error": None,
            }
            handle.write(json.dumps(out, ensure_ascii=False) + "\n")


@pytest.fixture
def prepared(tmp_path: Path) -> Path:
    batch_input = tmp_path / "batch_input.jsonl"
    summary = asyncio.run(prepare_batch(options(tmp_path), list(map(str, SEEDS)), batch_input))
    assert summary.articles == len(SEEDS) and summary.skipped == 0
    return batch_input


def test_prepared_bodies_are_what_a_live_run_sends(prepared: Path, tmp_path: Path) -> None:
    entries = [json.loads(line) for line in prepared.read_text("utf-8").splitlines()]
    assert {e["method"] for e in entries} == {"POST"} and {e["url"] for e in entries} == {BATCH_URL}
    assert len({e["custom_id"] for e in entries}) == len(entries)
    _, model = live_run(tmp_path, SEEDS)
    live_first_asks = [json.loads(b) for b in model.bodies]
    firsts = [e for e in entries if "#" not in e["custom_id"] or "#1/" in e["custom_id"]]
    assert len(firsts) == len(SEEDS) < len(entries)  # 002 is long: one line per part
    for entry in firsts:  # later parts are sent live only when the first part validates
        assert entry["body"] in live_first_asks
    for entry in entries:
        assert entry["body"]["tools"] and entry["body"]["messages"][-1]["role"] == "user"


def test_ingested_answers_give_the_live_results(prepared: Path, tmp_path: Path) -> None:
    batch_output, out = tmp_path / "batch_output.jsonl", tmp_path / "ingested.jsonl"
    answer_batch(prepared, batch_output)
    summary = asyncio.run(ingest_batch(options(tmp_path), batch_output, list(map(str, SEEDS)), out))
    ingested = by_id(out)
    live, _ = live_run(tmp_path, SEEDS)
    assert summary.done + summary.failed == len(SEEDS)
    for article_id, record in live.items():
        if record["status"] == "ok":
            assert ingested[article_id]["extraction"] == record["extraction"]
            assert ingested[article_id]["run"] == record["run"]
        else:
            failure = ingested[article_id]["failure"]
            assert failure["kind"] == "validation" and NO_REASK in failure["message"]


def test_a_missing_answer_is_a_failed_record_that_says_so(prepared: Path, tmp_path: Path) -> None:
    batch_output, out = tmp_path / "batch_output.jsonl", tmp_path / "ingested.jsonl"
    answer_batch(prepared, batch_output, drop=SEEDS[0].stem)
    asyncio.run(ingest_batch(options(tmp_path), batch_output, [str(SEEDS[0])], out))
    (record,) = by_id(out).values()
    assert record["status"] == "failed"
    assert "has no answer for custom_id" in record["failure"]["message"]
