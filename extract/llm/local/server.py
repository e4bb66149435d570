"""The local model server: llama.cpp started on a loopback port for one run.

:class:`LocalServer` is a context manager that starts the server, waits until
``GET /v1/models`` answers, exposes ``base_url``, and stops the process on exit (also on
Ctrl-C and at interpreter exit). :func:`local_endpoint` is what the pipeline uses: for a local
model config it verifies the model file and starts a server; for a remote config it yields the
configured URL unchanged::

    with local_endpoint(config.model(name)) as base_url:
        client = OpenAI(base_url=base_url, api_key=mc.api_key())

Which program runs (llama.cpp's ``llama-server`` where it is built, else llama-cpp-python's
server) and the flags each takes are in :mod:`extract.llm.local.runtime`. Both use the chat
template embedded in the GGUF file, and both reuse the longest common prefix with the
previous request of a slot.
"""

from __future__ import annotations

import atexit
import contextlib
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import IO, Any

from extract.errors import EndpointDown, ModelSetupError
from extract.llm.config import ModelConfig
from extract.llm.local.grammar import compact_grammar
from extract.llm.local.modelfile import ensure_model
from extract.llm.local.runtime import Runtime, ServerFlags, choose_runtime
from extract.llm.transport import GrammarFn

HOST = "127.0.0.1"
LOG_TAIL_LINES = 20


SERVER_LOG_ENV = "KAOCHA_SERVER_LOG"


def free_port() -> int:
    """A TCP port on loopback that is free right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind((HOST, 0))
        return int(s.getsockname()[1])


def _check_port_free(port: int) -> None:
    """Refuse a port already taken: the answering server would not be ours."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as uvicorn does
        try:
            s.bind((HOST, port))
        except OSError as e:
            raise ModelSetupError(
                f"port {port} on {HOST} is already in use",
                hint="pick another --port, or leave it out to use a free one",
            ) from e


def default_threads() -> int:
    """Generation threads: one per physical core we may run on (hyper-threads do not help)."""
    cpus = _usable_cpus()
    cores = {_core_siblings(cpu) for cpu in cpus}
    if None in cores:
        return max(1, len(cpus) // 2) if len(cpus) > 4 else len(cpus)
    return max(1, len(cores))


def _usable_cpus() -> set[int]:
    try:
        return set(os.sched_getaffinity(0))
    except AttributeError:
        return set(range(os.cpu_count() or 1))


def _core_siblings(cpu: int) -> str | None:
    """The CPUs sharing ``cpu``'s physical core, as the kernel lists them (Linux only)."""
    path = Path(f"/sys/devices/system/cpu/cpu{cpu}/topology/thread_siblings_list")
    try:
        return path.read_text().strip()
    except OSError:
        return None


class LocalServer:
    """A llama.cpp server serving one GGUF model on loopback, as a context manager.

    ``runtime`` is the program (default: :func:`choose_runtime` at start); ``command`` is a
    program that takes llama-cpp-python's flags (tests pass a fake server). ``slots`` are the
    requests computed together (``llama-server`` only). ``log_path`` keeps the server's output;
    without it a temporary log is used, removed after a clean stop and kept (and quoted) on
    failure.
    """

    def __init__(
        self,
        model_path: Path,
        *,
        context: int = 8192,
        threads: int | None = None,
        command: Sequence[str] | None = None,
        runtime: Runtime | None = None,
        slots: int = 1,
        log_path: Path | None = None,
        port: int | None = None,
        alias: str | None = None,
        batch: int = 512,
        cache: bool = False,
        startup_timeout: float = 180.0,
    ) -> None:
        self.model_path = Path(model_path)
        self.context = context
        self.threads = threads or default_threads()
        self.runtime = runtime or (Runtime("custom", tuple(command)) if command else None)
        self.slots = slots
        self.log_path = log_path
        self.port = port
        self.alias = alias
        self.batch = batch
        self.cache = cache
        self.startup_timeout = startup_timeout
        self._process: subprocess.Popen[bytes] | None = None
        self._log: IO[bytes] | None = None
        self._temp_log = False

    @property
    def base_url(self) -> str:
        if self.port is None:
            raise ModelSetupError("the local server has not been started")
        return f"http://{HOST}:{self.port}/v1"

    def argv(self) -> list[str]:
        """The full command line of the server process."""
        if self.runtime is None:
            self.runtime = choose_runtime()
        flags = ServerFlags(
            model=self.model_path,
            host=HOST,
            port=self.port or 0,
            context=self.context,
            threads=self.threads,
            batch=self.batch,
            slots=self.slots,
            alias=self.alias,
            cache=self.cache,
        )
        return self.runtime.argv(flags)

    def running(self) -> bool:
        return self._process is not None and self._process.poll() is None

    def death(self, wait: float = 0.0) -> EndpointDown | None:
        """None while the server runs (or was stopped by us); once it died, how it died.
        `wait` gives a process that just dropped a connection time to be reaped."""
        process = self._process
        if process is None:
            return None
        try:
            code = process.wait(timeout=wait) if wait else process.poll()
        except subprocess.TimeoutExpired:
            code = None
        if code is None:
            return None
        if self._log is not None:
            self._log.flush()
        tail = " | ".join(log_tail(self.log_path, 8).splitlines()) if self.log_path else ""
        return EndpointDown(
            f"the local model server {exit_description(code)} mid-run; "
            f"last lines of its log: {tail}",
            hint=f"full log at {self.log_path}; records written so far are kept, and the "
            "same command resumes",
        )

    # --- lifecycle ---------------------------------------------------------------------------

    def start(self) -> LocalServer:
        """Start the process and wait until it answers; stop it again if that fails."""
        if self.runtime is None:
            self.runtime = choose_runtime()
        if not self.model_path.is_file():
            raise ModelSetupError(
                f"model file not found: {self.model_path}", hint="run `kaocha model fetch`"
            )
        self.port = self.port or free_port()
        _check_port_free(self.port)
        self._open_log()
        try:
            self._spawn()
            self._wait_ready()
        except BaseException:
            self.stop(keep_log=True)
            raise
        return self

    def stop(self, *, keep_log: bool = False) -> None:
        """Terminate the server (kill it if it does not exit), then close the log."""
        atexit.unregister(self.stop)
        process, self._process = self._process, None
        if process is not None:
            _terminate(process)
        if self._log is not None:
            self._log.close()
            self._log = None
            if self._temp_log and not keep_log and self.log_path is not None:
                self.log_path.unlink(missing_ok=True)

    def __enter__(self) -> LocalServer:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop(keep_log=exc is not None and not isinstance(exc, KeyboardInterrupt))

    def _open_log(self) -> None:
        if self.log_path is None:
            fd, name = tempfile.mkstemp(prefix="kaocha-llama-server-", suffix=".log")
            os.close(fd)
            self.log_path, self._temp_log = Path(name), True
        self.log_path.parent.mkdir(parents=True, exist_ok=True)
        self._log = self.log_path.open("wb")

    def _spawn(self) -> None:
        self._process = subprocess.Popen(
            self.argv(),
            stdin=subprocess.DEVNULL,
            stdout=self._log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # Ctrl-C reaches us, and we stop the server in order
            preexec_fn=_die_with_parent if sys.platform == "linux" else None,
        )
        atexit.register(self.stop)

    def _wait_ready(self) -> None:
        deadline = time.monotonic() + self.startup_timeout
        while time.monotonic() < deadline:
            assert self._process is not None
            code = self._process.poll()
            if code is not None:
                raise self._failure(
                    f"the local model server exited with code {code} while starting"
                )
            if _answers(self.base_url + "/models"):
                return
            time.sleep(0.2)
        raise self._failure(
            f"the local model server did not answer within {self.startup_timeout:.0f} s"
        )

    def _failure(self, message: str) -> ModelSetupError:
        if self._log is not None:
            self._log.flush()
        tail = log_tail(self.log_path) if self.log_path else ""
        return ModelSetupError(
            f"{message}; last lines of its log:\n{tail}",
            hint=f"read the full log at {self.log_path}",
        )


PR_SET_PDEATHSIG = 1


def _die_with_parent() -> None:
    """In the server's process (Linux): be sent SIGTERM when the run that started it dies,
    even by SIGKILL, so no server is left holding the model and the cores."""
    import ctypes

    libc = ctypes.CDLL(None, use_errno=True)
    libc.prctl(PR_SET_PDEATHSIG, signal.SIGTERM)


def exit_description(code: int) -> str:
    """'exited with code 1', or 'was killed by signal 11 (SIGSEGV)' for a negative code."""
    if code >= 0:
        return f"exited with code {code}"
    try:
        name = signal.Signals(-code).name
    except ValueError:
        name = "unknown signal"
    return f"was killed by signal {-code} ({name})"


def _answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return bool(response.status == 200)
    except (urllib.error.URLError, OSError, ValueError):
        return False


def _terminate(process: subprocess.Popen[Any], grace: float = 10.0) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=grace)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def log_tail(path: Path, lines: int = LOG_TAIL_LINES) -> str:
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return "(no log)"
    return "\n".join(text.rstrip().splitlines()[-lines:]) or "(empty log)"


@dataclass(frozen=True)
class Endpoint:
    """Where to send requests, how to tell that the server behind it went away, and how it
    wants a JSON schema sent (llama-server: as a grammar, see `extract.llm.local.grammar`)."""

    base_url: str
    death: Callable[..., EndpointDown | None] = lambda wait=0.0: None
    to_grammar: GrammarFn | None = None


@contextlib.contextmanager
def local_endpoint(
    config: ModelConfig, *, model_path: Path | None = None, **server_options: Any
) -> Iterator[Endpoint]:
    """Yield the endpoint to call for ``config``, running the local server if it needs one.

    For a local config the model file is verified first (``model_path`` overrides the
    embedded model's location); ``server_options`` go to :class:`LocalServer`. The server's
    log is kept at ``$KAOCHA_SERVER_LOG`` when that is set (to measure its prompt cache).
    """
    if not config.local:
        yield Endpoint(config.base_url)
        return
    path = model_path or ensure_model()
    server_options.setdefault("context", config.context)
    server_options.setdefault("alias", config.model)
    server_options.setdefault("slots", config.concurrency)
    if os.environ.get(SERVER_LOG_ENV):
        server_options.setdefault("log_path", Path(os.environ[SERVER_LOG_ENV]))
    with LocalServer(path, **server_options) as server:
        native = server.runtime is not None and server.runtime.native
        yield Endpoint(server.base_url, server.death, compact_grammar if native else None)
