"""Recorded HTTP cassettes: record extraction against a real model server, replay offline.

One cassette per prompt holds the model calls of all seed articles, beside the records the
pipeline made while recording. Cassettes are recorded only from a real model server, never
written by hand. Replay matches on method, path and body, so a changed prompt, schema or
model finds no recording and fails, naming the command that re-records.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

CASSETTES_DIR = Path("tests/cassettes")  # relative to a checkout's root: not in the package
CASSETTES_ENV = "KAOCHA_CASSETTES"
RECORD_COMMAND = "python scripts/record_cassettes.py --prompt {prompt}"
SECRET_HEADERS = ["authorization", "api-key", "x-api-key", "openai-organization", "cookie"]


def cassettes_dir() -> Path:
    """$KAOCHA_CASSETTES, else tests/cassettes under the current folder (a checkout's root)."""
    return Path(os.environ.get(CASSETTES_ENV) or CASSETTES_DIR)


def cassette_path(prompt_id: str, root: Path | None = None) -> Path:
    return (root or cassettes_dir()) / f"{prompt_id}.yaml"


def recorded_results(prompt_id: str, root: Path | None = None) -> Path:
    return (root or cassettes_dir()) / f"{prompt_id}.results.jsonl"


def _only_completions(request: Any) -> Any:
    """Keep model calls; drop the server's readiness probes."""
    return request if request.path.endswith("/chat/completions") else None


@contextlib.contextmanager
def cassette(path: Path, record_mode: str) -> Iterator[Any]:
    """Record ('all'), replay ('none') or bring up to date ('new_episodes': a request that
    was recorded is answered from the tape, a new one is sent to the server and recorded,
    and recordings no request asked for any more are dropped) the model calls made inside
    the block."""
    import vcr

    recorder = vcr.VCR(
        record_mode=record_mode,
        match_on=["method", "path", "body"],
        filter_headers=SECRET_HEADERS,
        before_record_request=_only_completions,
        decode_compressed_response=True,
        drop_unused_requests=record_mode == "new_episodes",
    )
    with recorder.use_cassette(str(path)) as tape:
        yield tape


def is_mismatch(message: str | None) -> bool:
    """Whether a failure came from a request that has no recording in the cassette."""
    return bool(message) and "CannotOverwriteExistingCassette" in str(message)
