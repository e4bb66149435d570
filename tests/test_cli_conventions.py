"""The CLI's conventions, through typer's runner: --version, --json listings, `kaocha logs`
listing by default, the same flags on `run` and `eval`, one progress display, exit codes."""

from __future__ import annotations

import importlib.metadata
import json
from pathlib import Path
from typing import Any

import pytest
import typer
from typer.testing import CliRunner

from extract.cli import EXIT_CONFIG, EXIT_FAILED, EXIT_USAGE, _register, app
from extract.cli.progress import RunProgress
from extract.llm.calllog import CallLabels, CallLog
from extract.llm.transport import CallEvent

SEED = "seeds/000_4ec079d0020130cf.txt"


def kaocha(*args: str) -> tuple[int, str, str]:
    _register()
    result = CliRunner().invoke(app, list(args), env={"COLUMNS": "200"})
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.stdout, result.stderr


def command(*path: str) -> Any:
    """The click command behind `kaocha PATH…`."""
    _register()
    found: Any = typer.main.get_command(app)
    for name in path:
        found = found.commands[name]
    return found


def flags(cmd: Any) -> set[str]:
    return {o for p in cmd.params for o in (*p.opts, *p.secondary_opts) if o.startswith("-")}


def test_version_is_the_installed_distributions() -> None:
    code, out, _ = kaocha("--version")
    assert code == 0
    assert out.strip() == f"kaocha {importlib.metadata.version('kaocha')}"


def test_help_documents_the_exit_codes() -> None:
    code, out, _ = kaocha("--help")
    text = " ".join(out.split())
    assert code == 0
    for number, meaning in (
        (EXIT_FAILED, "some articles failed"),
        (EXIT_USAGE, "usage error"),
        (EXIT_CONFIG, "configuration or set-up error"),
    ):
        assert f"{number} {meaning}" in text


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        pytest.param(["run", SEED, "--no-such-flag"], EXIT_USAGE, id="usage-unknown-option"),
        pytest.param(["run", SEED], EXIT_USAGE, id="usage-missing-out"),
        pytest.param(["model", "list", "--config", "no-such.toml"], EXIT_CONFIG, id="config"),
        pytest.param(["logs", "--db", "no-such.sqlite"], EXIT_CONFIG, id="config-no-log"),
    ],
)
def test_exit_codes_tell_usage_from_configuration(
    args: list[str], expected: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(Path.cwd())
    code, _, err = kaocha(*args)
    assert code == expected, err


def test_a_failed_article_exits_1(tmp_path: Path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    code, _, err = kaocha("clean", str(empty))
    assert code == EXIT_FAILED and "empty file" in err


def test_model_list_json() -> None:
    code, out, _ = kaocha("model", "list", "--json")
    models = json.loads(out)
    assert code == 0
    assert [m["name"] for m in models] == sorted(m["name"] for m in models)
    (default,) = [m for m in models if m["default"]]
    assert default["local"] is True and default["mode"] in {"tools", "json_schema", "json"}
    openai = next(m for m in models if m["name"] == "gpt-4o-mini")
    assert openai["api_key_env"] == "OPENAI_API_KEY" and "api_key" not in openai


@pytest.fixture
def call_log(tmp_path: Path) -> Path:
    path = tmp_path / "calls.sqlite"
    log = CallLog(path)
    labels = CallLabels("seed-000", "m", None, "visit-v3", "p", "s", step="skeleton")
    for attempt in (1, 2):
        body = json.dumps({"attempt": attempt})
        log.write(labels, attempt, CallEvent(body, "/v1/chat/completions", 200, "{}", None, 0.5, 1))
    log.close()
    return path


def test_logs_lists_by_default(call_log: Path) -> None:
    code, listed, _ = kaocha("logs", "list", "--db", str(call_log))
    assert code == 0 and "seed-000" in listed
    assert kaocha("logs", "--db", str(call_log)) == (0, listed, "")


def test_logs_json_has_every_call_without_the_bodies(call_log: Path) -> None:
    code, out, _ = kaocha("logs", "--json", "--db", str(call_log))
    rows = json.loads(out)
    assert code == 0
    assert [r["attempt"] for r in rows] == [2, 1]  # newest first
    assert {r["step"] for r in rows} == {"skeleton"} and "request" not in rows[0]
    code, out, _ = kaocha("logs", "show", str(rows[0]["id"]), "--db", str(call_log))
    assert code == 0 and json.loads(out)["request"] == {"attempt": 2}


def test_run_and_eval_share_their_flags() -> None:
    shared = {"-m", "--model", "-p", "--prompt", "-o", "--out", "--base-url", "--config"}
    shared |= {"--cache", "--no-cache"}
    run, evaluation = flags(command("run")), flags(command("eval"))
    assert shared <= run and shared <= evaluation
    for path in (("batch", "prepare"), ("batch", "ingest")):
        assert {"-m", "-p", "-o"} <= flags(command(*path))
    for path in (("export",), ("events",)):
        assert "-o" in flags(command(*path))


class Stop(Exception):
    """Raised by the stand-in runners once they have seen what the CLI passed them."""


def test_run_short_flags_and_no_cache_reach_the_runner(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from extract.cli import runs

    seen: dict[str, Any] = {}

    async def fake_run_batch(options: Any, plan: Any, observer: Any = None) -> None:
        seen.update(options=options, plan=plan, observer=observer)
        raise Stop

    monkeypatch.setattr(runs, "run_batch", fake_run_batch)
    out = tmp_path / "r.jsonl"
    with pytest.raises(Stop):
        kaocha("run", SEED, "-o", str(out), "-m", "gpt-4o-mini", "-p", "visit-v1", "--no-cache")
    assert (seen["options"].model, seen["options"].prompt) == ("gpt-4o-mini", "visit-v1")
    assert seen["plan"].out == out and seen["plan"].cache_path is None
    assert isinstance(seen["observer"].__self__, RunProgress)


def test_eval_short_flags_and_no_cache_reach_the_runner(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import evals.live

    seen: dict[str, Any] = {}

    async def fake_run_and_score(options: Any, **kwargs: Any) -> None:
        seen.update(options=options, **kwargs)
        raise Stop

    monkeypatch.setattr(evals.live, "run_and_score", fake_run_and_score)
    with pytest.raises(Stop):
        kaocha(
            "eval", "-o", str(tmp_path / "run"), "-m", "gpt-4o-mini", "-p", "visit-v1", "--no-cache"
        )
    assert (seen["options"].model, seen["options"].prompt) == ("gpt-4o-mini", "visit-v1")
    assert seen["out_dir"] == tmp_path / "run" and seen["use_cache"] is False
    assert isinstance(seen["observer"].__self__, RunProgress)
