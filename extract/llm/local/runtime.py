"""Which program serves the local model, and with which flags.

Two runtimes run the same GGUF file with the same llama.cpp code:

- ``llama-server``, llama.cpp's own C++ server, built at install from the llama.cpp sources
  that the locked llama-cpp-python sdist ships (``scripts/build-llama-server.sh``). It runs
  at the hardware's floor on the seeds (docs/runtime.md) and serves parallel slots. The
  default wherever it is built.
- ``llama_cpp.server``, llama-cpp-python's server: the fallback where ``llama-server`` could
  not be built. It answers one request at a time.

``$KAOCHA_LOCAL_RUNTIME`` (``native`` or ``python``) forces one; ``$KAOCHA_LLAMA_SERVER``
names a ``llama-server`` binary other than the one installed beside the Python interpreter.
"""

from __future__ import annotations

import importlib.util
import os
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from extract.errors import ModelSetupError

RUNTIME_ENV = "KAOCHA_LOCAL_RUNTIME"
NATIVE_ENV = "KAOCHA_LLAMA_SERVER"
NATIVE = "native"
PYTHON = "python"
INSTALL_HINT = "pip install 'kaocha[local]'"
BUILD_HINT = "./scripts/run-seeds.sh builds it (scripts/build-llama-server.sh alone does too)"
FALLBACK_NOTICE = (
    "local runtime: llama-server is not built here, so llama-cpp-python's server runs "
    f"instead (slower, one request at a time); {BUILD_HINT}"
)


@dataclass(frozen=True)
class ServerFlags:
    """What either runtime is told at start."""

    model: Path
    host: str
    port: int
    context: int  # tokens of context per request
    threads: int
    batch: int
    slots: int = 1
    alias: str | None = None
    cache: bool = False


@dataclass(frozen=True)
class Runtime:
    """A server program: its command, and whether it speaks llama-server's flags."""

    name: str
    command: tuple[str, ...]
    native: bool = False

    def argv(self, flags: ServerFlags) -> list[str]:
        pairs = _native_flags(flags) if self.native else _python_flags(flags)
        tail = ["--no-ui"] if self.native else []
        return [*self.command, *(item for pair in pairs.items() for item in pair), *tail]

    @property
    def slots_served(self) -> bool:
        """Whether requests sent together are computed together (else they queue)."""
        return self.native


def _native_flags(flags: ServerFlags) -> dict[str, str]:
    out = {
        "--model": str(flags.model),
        "--host": flags.host,
        "--port": str(flags.port),
        "--ctx-size": str(flags.context * flags.slots),  # split evenly among the slots
        "--threads": str(flags.threads),
        "--batch-size": str(flags.batch),
        "--parallel": str(flags.slots),
        # llama-cpp-python's server samples with these by default, llama-server without
        # (1.0): the same sampling keeps the two runtimes' answers alike, and without it
        # the small model can loop on a list until the token limit
        "--repeat-penalty": "1.1",
        "--repeat-last-n": "64",
    }
    if flags.alias:
        out["--alias"] = flags.alias
    return out


def _python_flags(flags: ServerFlags) -> dict[str, str]:
    out = {
        "--model": str(flags.model),
        "--host": flags.host,
        "--port": str(flags.port),
        "--n_ctx": str(flags.context),
        "--n_threads": str(flags.threads),
        "--n_batch": str(flags.batch),
        "--cache": "true" if flags.cache else "false",
    }
    if flags.alias:
        out["--model_alias"] = flags.alias
    return out


def python_runtime() -> Runtime:
    """llama-cpp-python's server, under this interpreter."""
    return Runtime("llama_cpp.server", (sys.executable, "-m", "llama_cpp.server"))


def python_installed() -> bool:
    """Whether llama-cpp-python with its server extra is importable."""
    try:
        return (
            importlib.util.find_spec("llama_cpp") is not None
            and importlib.util.find_spec("llama_cpp.server") is not None
        )
    except ImportError:
        return False


def native_binary() -> Path | None:
    """The ``llama-server`` to run: ``$KAOCHA_LLAMA_SERVER``, else the one installed beside
    this interpreter (``<venv>/bin/llama-server``), else None."""
    named = os.environ.get(NATIVE_ENV)
    if named:
        path = Path(named)
        if not (path.is_file() and os.access(path, os.X_OK)):
            raise ModelSetupError(
                f"${NATIVE_ENV} names {path}, which is not an executable file",
                hint=f"unset {NATIVE_ENV} to use the installed runtime",
            )
        return path
    beside = Path(sys.prefix) / "bin" / "llama-server"
    return beside if beside.is_file() and os.access(beside, os.X_OK) else None


def choose_runtime(
    preference: str | None = None, notice: Callable[[str], None] | None = None
) -> Runtime:
    """The runtime to start: ``preference`` (or ``$KAOCHA_LOCAL_RUNTIME``) if given, else
    ``llama-server`` where it is built, else llama-cpp-python's server with one line (to
    ``notice``, stderr by default) saying so."""
    wanted = (preference or os.environ.get(RUNTIME_ENV) or "").strip().lower()
    if wanted not in ("", NATIVE, PYTHON):
        raise ModelSetupError(
            f"unknown local runtime {wanted!r}", hint=f"set ${RUNTIME_ENV} to native or python"
        )
    binary = native_binary() if wanted != PYTHON else None
    if binary is not None:
        return Runtime("llama-server", (str(binary),), native=True)
    if wanted == NATIVE:
        raise ModelSetupError("llama-server is not built here", hint=BUILD_HINT)
    if not python_installed():
        raise ModelSetupError(
            "the local model runtime (llama-cpp-python with its server) is not installed",
            hint=INSTALL_HINT,
        )
    if wanted != PYTHON:
        (notice or _to_stderr)(FALLBACK_NOTICE)
    return python_runtime()


def _to_stderr(line: str) -> None:
    print(line, file=sys.stderr)
