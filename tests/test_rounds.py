"""The Batch API with the default step-by-step prompt: one batch round per step, until every
article is finished, answered by a fake Batch endpoint with the real model's recorded answers."""

from __future__ import annotations

import asyncio
import dataclasses
import json
from collections.abc import Callable
from pathlib import Path

import pytest
from fakes.batch_endpoint import answer_batch_file, cassette_answers
from fakes.cli import kaocha
from fakes.recorded import ROOT, SEEDS

from extract.batch.batchapi import BatchRequest
from extract.batch.rounds import RoundState, estimate, estimate_tokens, run_round
from extract.llm.config import adhoc_model
from extract.pipeline.wiring import Options

CASSETTE = ROOT / "tests" / "cassettes" / "visit-v3.yaml"
RECORDED = ROOT / "tests" / "cassettes" / "visit-v3.results.jsonl"
INPUTS = [str(s) for s in SEEDS]


@pytest.fixture(scope="module")
def answers() -> dict[str, dict]:
    return cassette_answers(CASSETTE)


def by_id(path: Path) -> dict[str, dict]:
    return {r["article_id"]: r for r in map(json.loads, path.read_text("utf-8").splitlines())}


def run_rounds(
    tmp_path: Path, answers: dict[str, dict], fail: Callable[[str], bool] = lambda cid: False
) -> tuple[list[int], Path]:
    """Rounds until none is left; the number of requests of each round, and the results."""
    state, out = RoundState(tmp_path / "state"), tmp_path / "results.jsonl"
    sizes: list[int] = []
    for _ in range(20):
        summary = asyncio.run(run_round(Options(log_path=None), INPUTS, state, out))
        if summary.path is None:
            return sizes, out
        sizes.append(len(summary.waiting))
        output = tmp_path / f"output-{state.round}.jsonl"
        failing = frozenset(r.custom_id for r in summary.waiting if fail(r.custom_id))
        answer_batch_file(summary.path, output, answers, failing)
        state.ingest(output)
    raise AssertionError("the rounds did not end")


def test_rounds_end_with_the_records_a_live_run_made(tmp_path: Path, answers: dict) -> None:
    sizes, out = run_rounds(tmp_path, answers)
    assert sizes[0] == len(SEEDS), "the first round asks every article its first question"
    assert len(sizes) >= 3, "each step is a round of its own"
    assert sizes == sorted(sizes, reverse=True)
    rounds, recorded = by_id(out), by_id(RECORDED)
    assert set(rounds) == {s.stem for s in SEEDS}
    for article_id, record in rounds.items():
        assert record["status"] == "ok"
        assert record["extraction"] == recorded[article_id]["extraction"]
        assert record["usage"]["calls"] == recorded[article_id]["usage"]["calls"]


def test_a_request_the_batch_failed_stops_its_article_with_the_cause(
    tmp_path: Path, answers: dict
) -> None:
    broken = SEEDS[1].stem
    sizes, out = run_rounds(tmp_path, answers, fail=lambda cid: cid.startswith(broken))
    records = by_id(out)
    assert records[broken]["status"] == "failed"
    message = records[broken]["failure"]["message"]
    assert "failed" in message and "server_error" in message
    assert all(r["status"] == "ok" for k, r in records.items() if k != broken)
    assert sizes[1] == len(SEEDS) - 1, "the failed article asks nothing more"


def test_a_round_run_again_writes_the_same_input_and_an_output_counts_once(
    tmp_path: Path, answers: dict
) -> None:
    state, out = RoundState(tmp_path / "state"), tmp_path / "results.jsonl"
    first = asyncio.run(run_round(Options(log_path=None), INPUTS, state, out))
    assert first.path is not None
    written = first.path.read_bytes()
    again = asyncio.run(run_round(Options(log_path=None), INPUTS, state, out))
    assert again.path == first.path and again.path.read_bytes() == written
    assert not out.exists() or out.read_text() == "", "no article is finished yet"
    output = tmp_path / "output.jsonl"
    answer_batch_file(first.path, output, answers)
    assert state.ingest(output) == len(SEEDS)
    assert state.ingest(output) == 0
    assert RoundState(tmp_path / "state").round == 2, "the state is read back from its folder"


def test_the_estimate_counts_prompt_text_and_caps_completions_at_the_batch_price() -> None:
    assert estimate_tokens("学习考察ab cd") == 4 + 2
    config = dataclasses.replace(adhoc_model("m", "http://x/v1"), price_in=2.0, price_out=8.0)
    body = {"model": "m", "max_tokens": 100, "messages": [{"role": "user", "content": "考察" * 50}]}
    e = estimate([BatchRequest("a~x", json.dumps(body).encode())], config)
    assert (e.requests, e.prompt_tokens, e.max_completion_tokens) == (1, 100, 100)
    assert e.max_cost == pytest.approx((100 * 2.0 + 100 * 8.0) / 1e6 * 0.5)


def test_the_command_writes_the_next_round_and_says_what_it_may_cost(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(ROOT)
    state, out = tmp_path / "state", tmp_path / "results.jsonl"
    args = ["batch", "round", *INPUTS[:2], "--state", str(state), "-o", str(out)]
    code, printed, _ = kaocha(args, capsys)
    assert code == 0
    assert f"next round: 2 requests in {state / 'round-001.jsonl'}" in printed
    assert "estimated cost at most $0.0000" in printed
    assert "waiting 2" in printed
    assert len((state / "round-001.jsonl").read_text().splitlines()) == 2
