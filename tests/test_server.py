"""The local server's lifecycle, with a fake server script standing in for llama_cpp.server."""

from __future__ import annotations

import json
import sys
import urllib.request
from pathlib import Path

import pytest

from extract.errors import ModelSetupError
from extract.llm.config import adhoc_model, load_config
from extract.llm.local import server
from extract.llm.local.runtime import Runtime, python_installed, python_runtime
from extract.llm.local.server import LocalServer, local_endpoint

FAKE = [sys.executable, str(Path(__file__).parent / "fakes" / "fake_llama_server.py")]


@pytest.fixture
def model_file(tmp_path: Path) -> Path:
    path = tmp_path / "model.gguf"
    path.write_bytes(b"GGUF")
    return path


def get_models(base_url: str) -> dict[str, object]:
    with urllib.request.urlopen(base_url + "/models", timeout=5) as response:
        return dict(json.load(response))


def test_argv_carries_the_llama_cpp_python_flags(model_file: Path) -> None:
    srv = LocalServer(
        model_file, context=4096, threads=3, port=5000, alias="m", runtime=python_runtime()
    )
    argv = srv.argv()
    assert argv[:3] == [sys.executable, "-m", "llama_cpp.server"]
    flags = dict(zip(argv[3::2], argv[4::2], strict=True))
    assert flags == {
        "--model": str(model_file),
        "--host": "127.0.0.1",
        "--port": "5000",
        "--n_ctx": "4096",
        "--n_threads": "3",
        "--n_batch": "512",
        "--cache": "false",
        "--model_alias": "m",
    }


def test_argv_carries_the_llama_server_flags_with_a_context_per_slot(model_file: Path) -> None:
    native = Runtime("llama-server", ("/opt/llama-server",), native=True)
    srv = LocalServer(
        model_file, context=4096, threads=2, port=5000, alias="m", slots=3, runtime=native
    )
    argv = srv.argv()
    assert argv[0] == "/opt/llama-server" and argv[-1] == "--no-ui"
    flags = dict(zip(argv[1:-1:2], argv[2:-1:2], strict=True))
    assert flags == {
        "--model": str(model_file),
        "--host": "127.0.0.1",
        "--port": "5000",
        "--ctx-size": str(3 * 4096),
        "--threads": "2",
        "--batch-size": "512",
        "--parallel": "3",
        "--repeat-penalty": "1.1",
        "--repeat-last-n": "64",
        "--alias": "m",
    }


def test_starts_answers_and_stops(model_file: Path, tmp_path: Path) -> None:
    log = tmp_path / "server.log"
    with LocalServer(model_file, command=FAKE, log_path=log, alias="fake") as srv:
        assert srv.base_url.startswith("http://127.0.0.1:") and srv.base_url.endswith("/v1")
        assert get_models(srv.base_url)["data"] == [{"id": "fake"}]
        process = srv._process
        assert process is not None and srv.running()
    assert process.poll() is not None, "the server process is gone"
    assert not srv.running()
    assert "listening" in log.read_text(), "an explicit log is kept"


def test_temporary_log_is_removed_after_a_clean_stop(model_file: Path) -> None:
    with LocalServer(model_file, command=FAKE) as srv:
        log = srv.log_path
        assert log is not None and log.exists()
    assert not log.exists()


def test_crashing_server_error_quotes_its_log(model_file: Path) -> None:
    srv = LocalServer(model_file, command=[*FAKE, "--crash"])
    with pytest.raises(ModelSetupError) as err, srv:
        pass
    message = str(err.value)
    assert "exited with code 3" in message
    assert "failed to load model: bad magic" in message
    assert str(srv.log_path) in err.value.hint
    assert srv.log_path is not None and srv.log_path.exists(), "the log is kept on failure"
    srv.log_path.unlink()


def test_startup_timeout_stops_the_process(model_file: Path) -> None:
    silent = [sys.executable, "-c", "import time; print('loading', flush=True); time.sleep(60)"]
    srv = LocalServer(model_file, command=silent, startup_timeout=1.0)
    with pytest.raises(ModelSetupError, match=r"did not answer within 1 s[\s\S]*loading"):
        srv.start()
    assert not srv.running()


def test_keyboard_interrupt_in_the_body_stops_the_server(model_file: Path) -> None:
    srv = LocalServer(model_file, command=FAKE)
    with pytest.raises(KeyboardInterrupt), srv:
        process = srv._process
        raise KeyboardInterrupt
    assert process is not None and process.poll() is not None


def test_stop_kills_a_server_that_ignores_terminate(model_file: Path) -> None:
    stubborn = Path(__file__).parent / "fakes" / "fake_llama_server.py"
    code = (
        "import signal, runpy, sys; signal.signal(signal.SIGTERM, signal.SIG_IGN);"
        f"sys.argv = [{str(stubborn)!r}] + sys.argv[1:]; runpy.run_path(sys.argv[0], run_name='__main__')"
    )
    srv = LocalServer(model_file, command=[sys.executable, "-c", code])
    srv.start()
    process = srv._process
    assert process is not None
    server._terminate(process, grace=0.5)
    assert process.poll() is not None
    srv.stop()


def test_port_in_use_is_refused(model_file: Path) -> None:
    with LocalServer(model_file, command=FAKE) as first:
        second = LocalServer(model_file, command=FAKE, port=first.port)
        with pytest.raises(ModelSetupError, match="already in use"):
            second.start()
        assert not second.running()
        assert get_models(first.base_url)["data"]


def test_missing_runtime_names_the_extra(model_file: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from extract.llm.local import runtime

    monkeypatch.setenv(runtime.RUNTIME_ENV, "python")
    monkeypatch.setattr(runtime.importlib.util, "find_spec", lambda name: None)
    with pytest.raises(ModelSetupError) as err:
        LocalServer(model_file).start()
    assert "pip install 'kaocha[local]'" in err.value.hint


def test_missing_model_file_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ModelSetupError, match="not found") as err:
        LocalServer(tmp_path / "absent.gguf", command=FAKE).start()
    assert "kaocha model fetch" in err.value.hint


def test_local_endpoint_passes_remote_urls_through() -> None:
    remote = adhoc_model("m", "http://example.invalid/v1")
    with local_endpoint(remote) as endpoint:
        assert endpoint.base_url == "http://example.invalid/v1"
        assert endpoint.death() is None


def test_local_endpoint_starts_a_server_for_the_local_model(model_file: Path) -> None:
    local = load_config().model("local-qwen2.5-coder-1.5b")
    with local_endpoint(local, model_path=model_file, command=FAKE) as endpoint:
        assert get_models(endpoint.base_url)["data"] == [{"id": local.model}]
        assert endpoint.death() is None


def test_a_llama_server_endpoint_sends_schemas_as_compact_grammars(model_file: Path) -> None:
    from extract.llm.local.grammar import compact_grammar

    local = load_config().model("local-qwen2.5-coder-1.5b")
    native = Runtime("llama-server", tuple(FAKE), native=True)  # the fake ignores the flags
    with local_endpoint(local, model_path=model_file, runtime=native) as endpoint:
        assert endpoint.to_grammar is compact_grammar
    with local_endpoint(local, model_path=model_file, command=FAKE) as endpoint:
        assert endpoint.to_grammar is None


def test_local_endpoint_requires_the_model_file(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("KAOCHA_CACHE_DIR", str(tmp_path))
    with (
        pytest.raises(ModelSetupError, match="model file not found") as err,
        local_endpoint(load_config().model(None), command=FAKE),
    ):
        pass
    assert "kaocha model fetch" in err.value.hint


@pytest.mark.live
def test_real_llama_cpp_server_answers() -> None:
    from extract.llm.local.modelfile import ensure_model, model_path

    if not python_installed() or not model_path().exists():
        pytest.skip("needs llama-cpp-python and `kaocha model fetch`")
    with LocalServer(ensure_model(), alias="live") as srv:
        assert get_models(srv.base_url)["data"][0]["id"] == "live"  # type: ignore[index]


@pytest.mark.skipif(sys.platform != "linux", reason="the parent-death signal is Linux's")
def test_the_server_does_not_outlive_a_run_killed_with_sigkill(
    model_file: Path, tmp_path: Path
) -> None:
    import os
    import subprocess
    import time

    parent = tmp_path / "parent.py"
    parent.write_text(
        "import sys, time\n"
        f"sys.path[:0] = {sys.path!r}\n"
        "from pathlib import Path\n"
        "from extract.llm.local.server import LocalServer\n"
        f"srv = LocalServer(Path({str(model_file)!r}), command={FAKE!r}).start()\n"
        "print(srv._process.pid, flush=True)\n"
        "time.sleep(60)\n",
        encoding="utf-8",
    )
    run = subprocess.Popen([sys.executable, str(parent)], stdout=subprocess.PIPE, text=True)
    assert run.stdout is not None
    pid = int(run.stdout.readline())
    run.kill()
    run.wait()
    run.stdout.close()
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return
        time.sleep(0.1)
    os.kill(pid, 9)
    pytest.fail("the server kept running after the run that started it was killed")


def test_sigterm_stops_a_run_as_ctrl_c_does() -> None:
    import signal

    from extract.cli import _stop_on_sigterm

    before = signal.getsignal(signal.SIGTERM)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    try:
        _stop_on_sigterm()
        with pytest.raises(KeyboardInterrupt):
            signal.raise_signal(signal.SIGTERM)
    finally:
        signal.signal(signal.SIGTERM, before)
