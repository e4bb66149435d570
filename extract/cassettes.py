"""Recorded HTTP cassettes: record extraction against a real model server, replay offline.

Cassettes are recorded only from a real model server, never written by hand. Replay
matches on method, path and body, so a changed prompt, schema or model finds no recording
and fails, naming the command that re-records.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

CASSETTES_DIR = Path("tests/cassettes")
RECORD_COMMAND = "python scripts/record_cassettes.py"


def vcr_config(record_mode: str) -> Any:
    import vcr

    return vcr.VCR(
        record_mode=record_mode,
        match_on=["method", "path", "body"],
        filter_headers=["authorization", "api-key", "x-api-key", "openai-organization"],
        decode_compressed_response=True,
    )


def cassette_path(prompt_id: str, article_id: str, root: Path | None = None) -> Path:
    return (root or CASSETTES_DIR) / prompt_id / f"{article_id}.yaml"


def is_mismatch(message: str | None) -> bool:
    """Whether a failure came from a request that has no recording in the cassette."""
    return bool(message) and "CannotOverwriteExistingCassette" in str(message)
