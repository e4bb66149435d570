"""`kaocha run` killed with SIGKILL mid-batch, then resumed: nothing lost, nothing twice."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from fakes.openai_server import FakeServer

ROOT = Path(__file__).resolve().parent.parent
MODEL_CONFIG = ROOT / "tests" / "fixtures" / "recorded-model.toml"
SEEDS = [s for s in sorted((ROOT / "seeds").glob("*.txt")) if s.name[:3] in {"000", "003"}]
ARTICLES = 30

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="needs SIGKILL")


def synthetic(folder: Path) -> Path:
    """Copies of the recorded seeds with varied ids and a line that makes each text differ."""
    folder.mkdir()
    for i in range(ARTICLES):
        text = SEEDS[i % len(SEEDS)].read_text(encoding="utf-8")
        (folder / f"syn{i:03d}.txt").write_text(f"{text}\n（本文编号 {i:03d}）\n", "utf-8")
    return folder


def command(folder: Path, out: Path, url: str) -> list[str]:
    return [
        sys.executable,
        "-m",
        "extract",
        "run",
        str(folder),
        "--out",
        str(out),
        "--base-url",
        url,
        "--prompt",
        str(ROOT / "prompts" / "visit-v1.toml"),
        "--config",
        str(MODEL_CONFIG),
        "--model",
        "recorded",
        "--concurrency",
        "2",
        "--no-cache",
    ]


def records(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text("utf-8").splitlines() if line.strip()]


def complete_lines(path: Path) -> int:
    return path.read_bytes().count(b"\n") if path.exists() else 0


def kill_midway(cmd: list[str], out: Path, cwd: Path, after: int) -> None:
    process = subprocess.Popen(cmd, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 60
        while complete_lines(out) < after and time.monotonic() < deadline:
            assert process.poll() is None, "the run ended before it could be killed"
            time.sleep(0.02)
        os.kill(process.pid, signal.SIGKILL)
    finally:
        process.wait(timeout=10)
    assert process.returncode == -signal.SIGKILL


def test_killed_run_resumes_without_loss_or_duplicates(tmp_path: Path) -> None:
    folder = synthetic(tmp_path / "articles")
    interrupted, reference = tmp_path / "interrupted.jsonl", tmp_path / "reference.jsonl"
    with FakeServer(latency=0.1) as fake:
        kill_midway(command(folder, interrupted, fake.url), interrupted, tmp_path, after=8)
        written = len(records(interrupted))
        assert 8 <= written < ARTICLES
        resumed = subprocess.run(
            command(folder, interrupted, fake.url), cwd=tmp_path, capture_output=True, text=True
        )
        assert resumed.returncode == 0, resumed.stderr
        assert f"skipped {written}" in resumed.stdout
        subprocess.run(command(folder, reference, fake.url), cwd=tmp_path, check=True)
    got, want = records(interrupted), records(reference)
    ids = [r["article_id"] for r in got]
    assert len(ids) == len(set(ids)) == ARTICLES
    assert {r["article_id"]: r["extraction"] for r in got} == {
        r["article_id"]: r["extraction"] for r in want
    }
    assert all(r["status"] == "ok" for r in got)
