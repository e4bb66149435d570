"""The batch runner against the recorded-response server: bad inputs, 429s, resume, bounds."""

from __future__ import annotations

import asyncio
import json
import shutil
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from fakes.openai_server import FakeServer
from fakes.recorded import ROOT, SEEDS, VALID, copies, recorded_options, run_args
from typer.testing import CliRunner

from extract.batch.results import ResultsIndex, read_latest
from extract.batch.runner import Outcome, RunPlan, RunSummary, Status, count_articles, run_batch
from extract.cli import _register, app
from extract.pipeline.wiring import Options

OK = VALID  # recorded answers that validate
FAILS = [s for s in SEEDS if s.name[:3] == "001"]  # recorded answers that never validate


@pytest.fixture(scope="module")
def server() -> Iterator[FakeServer]:
    with FakeServer() as fake:
        yield fake


@pytest.fixture
def fake(server: FakeServer) -> FakeServer:
    server.control(latency=0.0, fail_first=0, slots=0)
    return server


def options(server: FakeServer, tmp_path: Path) -> Options:
    return recorded_options(server.url, tmp_path / "calls.sqlite")


def run(
    server: FakeServer, tmp_path: Path, inputs: list[Path], out: Path, **plan: object
) -> tuple[RunSummary, list[Outcome]]:
    outcomes: list[Outcome] = []
    settings = {"cache_path": None, "concurrency": 4, **plan}
    batch = RunPlan(tuple(str(p) for p in inputs), out, **settings)  # type: ignore[arg-type]
    summary = asyncio.run(run_batch(options(server, tmp_path), batch, observer=outcomes.append))
    return summary, outcomes


def lines(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def bad_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "articles"
    folder.mkdir()
    for seed in OK:
        shutil.copy(seed, folder / seed.name)
    (folder / "empty.txt").write_bytes(b"")
    (folder / "binary.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 20)
    (folder / "undecodable.txt").write_bytes(b"\x80\xff" * 40)
    (folder / "oversize.txt").write_text("考察" * 20_000, encoding="utf-8")
    return folder


def test_bad_inputs_become_failed_records_and_the_rest_completes(
    fake: FakeServer, tmp_path: Path
) -> None:
    folder, out = bad_folder(tmp_path), tmp_path / "results.jsonl"
    _register()
    result = CliRunner().invoke(
        app,
        [*run_args([folder], out, fake.url), "--max-bytes", "60000"],
        catch_exceptions=False,
    )
    records = {r["article_id"]: r for r in lines(out)}
    bad = {"empty", "binary", "undecodable", "oversize"}
    assert set(records) == bad | {s.stem for s in OK}
    for name in bad:
        assert records[name]["status"] == "failed"
        assert records[name]["failure"]["kind"] == "input"
    assert all(records[s.stem]["status"] == "ok" for s in OK)
    assert result.exit_code == 1
    errors = [line for line in result.stderr.splitlines() if line.startswith("error: ")]
    assert len(errors) == len(bad)
    assert "done 2 · skipped 0 · failed 4" in result.stdout


def test_429_with_retry_after_is_waited_out_and_retried(fake: FakeServer, tmp_path: Path) -> None:
    fake.control(fail_first=1, retry_after=1)
    started = time.perf_counter()
    summary, _ = run(fake, tmp_path, OK[:1], tmp_path / "r.jsonl", concurrency=1)
    elapsed = time.perf_counter() - started
    (record,) = lines(tmp_path / "r.jsonl")
    assert record["status"] == "ok"
    assert fake.stats() == {"calls": 2, "rate_limited": 1, "max_in_flight": 1, "max_queued": 0}
    assert record["usage"]["transport_retries"] == 1
    assert elapsed >= 1.0
    assert summary.done == 1


def test_rerun_skips_done_and_failed_unless_retry_failed(fake: FakeServer, tmp_path: Path) -> None:
    folder, out = bad_folder(tmp_path), tmp_path / "results.jsonl"
    shutil.copy(FAILS[0], folder / FAILS[0].name)
    first, _ = run(fake, tmp_path, [folder], out, max_bytes=60_000)
    assert (first.done, first.failed) == (2, 5)
    fake.control()
    again, outcomes = run(fake, tmp_path, [folder], out, max_bytes=60_000)
    assert again.skipped == 7 and again.done == again.failed == 0
    assert {o.status for o in outcomes} == {Status.SKIPPED}
    assert fake.stats()["calls"] == 0
    retried, _ = run(fake, tmp_path, [folder], out, max_bytes=60_000, retry_failed=True)
    assert (retried.skipped, retried.failed) == (2, 5)
    assert fake.stats()["calls"] == 3  # the model failure: first ask and two re-asks
    assert len(lines(out)) == 7 + 5


def test_truncated_last_line_is_repaired_and_redone(fake: FakeServer, tmp_path: Path) -> None:
    out = tmp_path / "results.jsonl"
    run(fake, tmp_path, OK, out, concurrency=1)
    whole = out.read_bytes()
    out.write_bytes(whole[: whole.rstrip(b"\n").rfind(b"\n") + 1] + b'{"article_id": "00')
    summary, _ = run(fake, tmp_path, OK, out)
    assert (summary.skipped, summary.done) == (1, 1)
    records = lines(out)
    assert sorted(r["article_id"] for r in records) == sorted(s.stem for s in OK)


def test_in_flight_requests_stay_within_the_concurrency(fake: FakeServer, tmp_path: Path) -> None:
    folder = copies(tmp_path / "many", 12)
    fake.control(latency=0.1)
    summary, _ = run(fake, tmp_path, [folder], tmp_path / "r.jsonl", concurrency=3)
    assert summary.done == 12
    assert fake.stats()["max_in_flight"] == 3


def test_a_server_with_parallel_slots_serves_as_many_at_once(
    fake: FakeServer, tmp_path: Path
) -> None:
    """As against llama.cpp's server with -np 4: four in flight take about a quarter of the
    time of one at a time; eight in flight queue at the server, go no faster, lose nothing."""
    folder = copies(tmp_path / "eight", 8)
    fake.control(latency=0.2, slots=4)
    one, _ = run(fake, tmp_path, [folder], tmp_path / "one.jsonl", concurrency=1)
    assert fake.stats()["max_in_flight"] == 1
    fake.control(latency=0.2, slots=4)
    four, _ = run(fake, tmp_path, [folder], tmp_path / "four.jsonl", concurrency=4)
    assert fake.stats()["max_in_flight"] == 4 and fake.stats()["max_queued"] == 0
    fake.control(latency=0.2, slots=4)
    eight, _ = run(fake, tmp_path, [folder], tmp_path / "eight.jsonl", concurrency=8)
    stats = fake.stats()
    assert stats["max_in_flight"] == 4 and stats["max_queued"] == 4
    assert one.done == four.done == eight.done == 8
    assert one.seconds >= 8 * 0.2 and four.seconds < one.seconds / 2.5
    assert eight.seconds >= 2 * 0.2  # two rounds of four slots, like four in flight
    ids = {r["article_id"] for r in lines(tmp_path / "eight.jsonl")}
    assert ids == {r["article_id"] for r in lines(tmp_path / "one.jsonl")} and len(ids) == 8


def test_index_reads_keys_and_latest_record_wins(fake: FakeServer, tmp_path: Path) -> None:
    out = tmp_path / "results.jsonl"
    run(fake, tmp_path, OK[:1], out)
    record = lines(out)[0]
    record["status"], record["extraction"] = "failed", None
    with out.open("a", encoding="utf-8") as handle:
        handle.write(json.dumps(record, ensure_ascii=False) + "\n")
    assert len(ResultsIndex.read(out)) == 1
    (latest,) = list(read_latest(out))
    assert latest.status == "failed"


def test_count_articles_counts_files_and_jsonl_lines(tmp_path: Path) -> None:
    jsonl = tmp_path / "a.jsonl"
    jsonl.write_text('{"id": "a", "text": "x"}\n\n{"id": "b", "text": "y"}\n', encoding="utf-8")
    assert count_articles([str(jsonl), *map(str, OK), str(tmp_path / "missing")]) == 5


# --- per-request work done once: the response classes, the call log's commits ------------


def _request(mode: str, model: type) -> dict:
    from instructor.v2.core.providers import Provider
    from instructor.v2.core.registry import mode_registry

    from extract.llm.client import instructor_mode

    handlers = mode_registry.get_handlers(Provider.OPENAI, instructor_mode(mode))
    return handlers.request_handler(response_model=model, kwargs={"messages": []})[1]


@pytest.mark.parametrize("mode", ["tools", "json_schema"])
@pytest.mark.parametrize("factory", ["draft", "skeleton", "people", "itinerary", "topics"], ids=str)
def test_response_class_is_built_once_and_asks_what_instructor_would(
    mode: str, factory: str
) -> None:
    from instructor.v2.core.function_calls import response_schema

    from extract.llm.client import response_class
    from extract.pipeline import steps
    from schemas.draft import ExtractionDraft

    model = {
        "draft": lambda: ExtractionDraft,
        "skeleton": lambda: steps.skeleton_model(["3月6日至7日", "3月8日"]),
        "people": lambda: steps.people_model(["张三", "李四"]),
        "itinerary": lambda: steps.itinerary_model(["苏州市吴江区"]),
        "topics": lambda: steps.topic_choice_model(["产业", "教育"]),
    }[factory]()
    assert response_class(model) is response_class(model)
    assert issubclass(response_class(model), model)
    expected = json.dumps(_request(mode, response_schema(model)), ensure_ascii=False)
    for _ in range(2):  # the memoised schema too
        assert json.dumps(_request(mode, response_class(model)), ensure_ascii=False) == expected


def test_a_memoised_schema_is_a_copy_the_caller_may_change() -> None:
    from extract.llm.client import response_class
    from schemas.draft import ExtractionDraft

    schema = response_class(ExtractionDraft).model_json_schema()
    schema["properties"].clear()
    assert (
        response_class(ExtractionDraft).model_json_schema() == ExtractionDraft.model_json_schema()
    )


def test_step_models_are_shared_by_equal_choices() -> None:
    from extract.pipeline import steps

    assert steps.people_model(["张三", "李四"]) is steps.people_model(("张三", "李四"))
    assert steps.people_model(["张三"]) is not steps.people_model(["李四"])
    assert steps.skeleton_model([]) is steps.skeleton_model(())


def test_call_log_commits_within_half_a_second_and_on_close(tmp_path: Path) -> None:
    import sqlite3

    from extract.llm.calllog import COMMIT_SECONDS, CallLabels, CallLog
    from extract.llm.transport import CallEvent

    path = tmp_path / "calls.sqlite"
    labels = CallLabels("a1", "m", None, "p", "ph", "sh")
    event = CallEvent("{}", "/v1/chat/completions", 200, "{}", None, 0.01, 1)

    def committed() -> int:
        with sqlite3.connect(path) as reader:
            return reader.execute("SELECT COUNT(*) FROM calls").fetchone()[0]

    async def during_a_run() -> list[int]:
        log = CallLog(path)
        log.write(labels, 1, event)
        await asyncio.sleep(COMMIT_SECONDS + 0.3)
        seen = [committed()]  # readable by others while the run goes on
        log.write(labels, 2, event)
        log.close()
        return [*seen, committed()]

    assert asyncio.run(during_a_run()) == [1, 2]
    log = CallLog(path)  # outside an event loop: committed at once
    log.write(labels, 3, event)
    assert committed() == 3
    log.close()


CASSETTE = ROOT / "tests" / "cassettes" / "visit-v3.yaml"


@pytest.mark.skipif(not CASSETTE.exists(), reason="no visit-v3 cassette")
def test_fake_server_answers_each_step_from_the_cassette(tmp_path: Path) -> None:
    rows = CASSETTE.with_name("visit-v3.results.jsonl").read_text(encoding="utf-8").splitlines()
    recorded = {r["article_id"]: r for r in map(json.loads, filter(None, rows))}
    seeds = [s for s in SEEDS if recorded.get(s.stem, {}).get("status") == "ok"]
    source = tmp_path / "copies.jsonl"
    with source.open("w", encoding="utf-8") as handle:
        for i, seed in enumerate(seeds * 2):
            text = seed.read_text(encoding="utf-8") + f"\n（第{i}份）\n"
            handle.write(json.dumps({"id": f"c{i}", "text": text}, ensure_ascii=False) + "\n")
    plan = RunPlan((str(source),), tmp_path / "r.jsonl", 4, cache_path=None)
    with FakeServer(cassette=CASSETTE) as fake:
        opts = Options(
            prompt="visit-v3",
            base_url=fake.url,
            prompts_dir=ROOT / "prompts",
            log_path=tmp_path / "calls.sqlite",
        )
        summary = asyncio.run(run_batch(opts, plan))
    assert (summary.done, summary.failed) == (2 * len(seeds), 0)
    assert summary.calls == 2 * sum(recorded[s.stem]["usage"]["calls"] for s in seeds)
