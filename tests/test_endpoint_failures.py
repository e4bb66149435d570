"""When the endpoint fails: a dead local server stops the run with its cause, failures the
endpoint caused are asked again, exit codes tell the truth, and a results file has one writer."""

from __future__ import annotations

import asyncio
import functools
import json
import re
import sys
from pathlib import Path

import pytest
from fakes.openai_server import FakeServer
from fakes.recorded import MODEL_CONFIG, PROMPTS, VALID, copies, recorded_options, run_args

from extract.batch.runner import RunPlan, results_lock, run_batch
from extract.cli import EXIT_CONFIG, main
from extract.errors import ConfigError, EndpointDown
from extract.llm.local import server
from extract.pipeline import wiring
from extract.pipeline.wiring import Options

DYING = [sys.executable, str(Path(__file__).parent / "fakes" / "dying_llama_server.py")]


def lines(path: Path) -> list[dict]:
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text("utf-8").splitlines() if line.strip()]


@pytest.fixture
def dying_local_server(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Options:
    """Options whose model is 'local': the server started for it crashes after 2 answers."""
    model_file = tmp_path / "model.gguf"
    model_file.write_bytes(b"GGUF")
    config = tmp_path / "models.toml"
    recorded = MODEL_CONFIG.read_text(encoding="utf-8")
    config.write_text(recorded.replace("[models.recorded]", "[models.recorded]\nlocal = true"))
    monkeypatch.setenv("FAKE_DIE_AFTER", "2")
    endpoint = functools.partial(server.local_endpoint, model_path=model_file, command=DYING)
    monkeypatch.setattr(wiring, "local_endpoint", endpoint)
    monkeypatch.setattr(server, "local_endpoint", endpoint)
    return Options(
        model="recorded",
        prompt="visit-v1",
        config_path=config,
        prompts_dir=PROMPTS,
        log_path=None,
    )


def test_a_local_server_that_dies_stops_the_run_with_its_cause(
    dying_local_server: Options, tmp_path: Path
) -> None:
    out = tmp_path / "results.jsonl"
    plan = RunPlan((str(copies(tmp_path / "in", 6)),), out, concurrency=1, cache_path=None)
    with pytest.raises(EndpointDown) as err:
        asyncio.run(run_batch(dying_local_server, plan))
    message = err.value.one_line()
    assert "killed by signal 11 (SIGSEGV)" in message
    assert "ldtilecfg" in message, "the server log's last lines name the fault"
    assert "full log at" in message and "resumes" in message
    written = lines(out)
    assert len(written) == 2 and all(r["status"] == "ok" for r in written), (
        "the two answered articles are kept, and no failure is written for the rest"
    )


def test_the_cli_prints_one_error_line_and_the_same_command_resumes(
    dying_local_server: Options,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    folder = copies(tmp_path / "in", 5)
    out = tmp_path / "results.jsonl"
    argv = ["run", str(folder), "--out", str(out), "--prompt", "visit-v1", "--model", "recorded"]
    argv += ["--config", str(dying_local_server.config_path), "--no-cache"]
    monkeypatch.chdir(tmp_path)
    with pytest.raises(SystemExit) as done:
        main(argv)
    assert done.value.code == EXIT_CONFIG
    errors = [line for line in capsys.readouterr().err.splitlines() if line.startswith("error:")]
    assert len(errors) == 1 and "SIGSEGV" in errors[0]
    monkeypatch.setenv("FAKE_DIE_AFTER", "100")
    with pytest.raises(SystemExit) as again:
        main(argv)
    assert again.value.code == 0
    records = lines(out)
    assert sorted(r["article_id"] for r in records) == [f"copy{i:03d}" for i in range(5)]


def test_failures_of_the_endpoint_are_asked_again_by_the_next_run(tmp_path: Path) -> None:
    folder = copies(tmp_path / "in", 3)
    out = tmp_path / "results.jsonl"
    refused = recorded_options("http://127.0.0.1:9/v1")  # nothing listens there
    plan = RunPlan((str(folder),), out, concurrency=1, cache_path=None)
    fast = wiring_policy()
    summary = asyncio.run(run_batch(refused, plan, policy=fast))
    assert summary.failed == 3
    assert all(r["failure"]["kind"] == "endpoint" for r in lines(out))
    assert summary.failures == (("endpoint: APIConnectionError", 3),)
    with FakeServer() as fake:
        again = asyncio.run(run_batch(recorded_options(fake.url), plan))
    assert (again.done, again.skipped, again.failed) == (3, 0, 0)


def test_final_failures_stay_final_unless_retry_failed(tmp_path: Path) -> None:
    bad = tmp_path / "in"
    bad.mkdir()
    (bad / "empty.txt").write_text("", encoding="utf-8")
    out = tmp_path / "results.jsonl"
    plan = RunPlan((str(bad),), out, concurrency=1, cache_path=None)
    with FakeServer() as fake:
        first = asyncio.run(run_batch(recorded_options(fake.url), plan))
        second = asyncio.run(run_batch(recorded_options(fake.url), plan))
    assert (first.failed, second.failed, second.skipped) == (1, 0, 1)
    assert first.failures[0][0].startswith("input: ")


def test_run_exits_non_zero_and_groups_failures_by_cause(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = copies(tmp_path / "in", 2)
    (folder / "empty.txt").write_text("", encoding="utf-8")
    (folder / "blob.txt").write_bytes(b"\x00\x01\x02" * 100)
    out = tmp_path / "results.jsonl"
    with FakeServer() as fake, pytest.raises(SystemExit) as done:
        main(run_args([folder], out, fake.url))
    assert done.value.code == 1
    err = capsys.readouterr().err
    assert "2 article(s) failed:" in err
    assert err.count("× input: ") == 2


def test_out_equal_to_an_input_is_refused(tmp_path: Path) -> None:
    article = tmp_path / "a.txt"
    article.write_text(VALID[0].read_text(encoding="utf-8"), encoding="utf-8")
    plan = RunPlan((str(article),), article, cache_path=None)
    with pytest.raises(ConfigError, match="is one of the inputs"):
        asyncio.run(run_batch(recorded_options("http://127.0.0.1:9/v1"), plan))
    assert article.read_text(encoding="utf-8") == VALID[0].read_text(encoding="utf-8")


def test_a_second_writer_of_the_same_results_file_is_refused(tmp_path: Path) -> None:
    out = tmp_path / "results.jsonl"
    plan = RunPlan((str(VALID[0]),), out, cache_path=None)
    with results_lock(out), pytest.raises(ConfigError, match="another run is writing"):
        asyncio.run(run_batch(recorded_options("http://127.0.0.1:9/v1"), plan))
    with results_lock(out):
        pass  # released: the next run may write
    assert not out.with_name(out.name + ".lock").exists(), "no lock file is left behind"


def test_the_endpoint_called_is_the_runs_identity_and_redacted(tmp_path: Path) -> None:
    out = tmp_path / "results.jsonl"
    with FakeServer() as fake:
        secret = fake.url.replace("http://", "http://user:s3cret@")
        plan = RunPlan((str(VALID[0]),), out, cache_path=None)
        asyncio.run(run_batch(recorded_options(secret), plan))
        again = asyncio.run(run_batch(recorded_options(fake.url), plan))
    records = lines(out)
    assert "s3cret" not in out.read_text(encoding="utf-8")
    assert records[0]["run"]["base_url"] != records[1]["run"]["base_url"]
    assert records[1]["run"]["base_url"] == fake.url
    assert again.done == 1, "another endpoint is another run identity: extracted again"


def wiring_policy():
    from extract.llm.transport import RetryPolicy

    return RetryPolicy(attempts=2, base_wait=0.01, max_wait=0.01)


def test_model_check_times_a_real_completion_at_an_endpoint(
    capsys: pytest.CaptureFixture[str],
) -> None:
    with FakeServer() as fake, pytest.raises(SystemExit) as done:
        main(["model", "check", "--base-url", fake.url, "--model", "recorded"])
    assert done.value.code == 0
    out = capsys.readouterr().out
    assert re.search(r"prompt: [1-9]\d* tokens in [\d.]+ s \([\d.]+ tokens/s\)", out)
    assert re.search(r"generation: [1-9]\d* tokens in [\d.]+ s \([\d.]+ tokens/s\)", out)


def test_model_check_reports_a_runtime_that_crashes_on_its_first_completion(
    dying_local_server: Options,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("FAKE_DIE_AFTER", "0")
    argv = ["model", "check", "--config", str(dying_local_server.config_path)]
    with pytest.raises(SystemExit) as done:
        main(argv)
    assert done.value.code == EXIT_CONFIG
    err = capsys.readouterr().err
    assert "SIGSEGV" in err and "ldtilecfg" in err
