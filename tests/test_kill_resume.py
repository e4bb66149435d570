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
from fakes.recorded import copies, run_args

ARTICLES = 30

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="needs SIGKILL")


def command(folder: Path, out: Path, url: str) -> list[str]:
    return [sys.executable, "-m", "extract", *run_args([folder], out, url), "--concurrency", "2"]


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
    folder = copies(tmp_path / "articles", ARTICLES)
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
