"""A fake Batch API endpoint, at the level of its files: it reads a batch input JSONL and
writes the output JSONL in the documented format (one line per request: `id`, `custom_id`,
`response` with `status_code`, `request_id` and `body`, and `error`).

It answers each request with the answer the real local model gave to the same request body,
as recorded in a cassette; a request the cassette does not hold, or one named in `fail`,
gets a per-request error, as the Batch API reports one.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import yaml


def canonical(body: Any) -> str:
    data = json.loads(body) if isinstance(body, str | bytes) else body
    return json.dumps(data, ensure_ascii=False, sort_keys=True)


def cassette_answers(path: Path) -> dict[str, dict[str, Any]]:
    """Request body (canonical JSON) → the recorded response body, for a cassette's calls."""
    tape = yaml.safe_load(path.read_text(encoding="utf-8"))
    return {
        canonical(i["request"]["body"]): json.loads(i["response"]["body"]["string"])
        for i in tape["interactions"]
        if i["request"]["uri"].endswith("/chat/completions")
    }


def answer_batch_file(
    batch_input: Path,
    batch_output: Path,
    answers: dict[str, dict[str, Any]],
    fail: frozenset[str] = frozenset(),
) -> int:
    """Write the output file of a batch made of `batch_input`; the number of requests."""
    lines = batch_input.read_text(encoding="utf-8").splitlines()
    with batch_output.open("w", encoding="utf-8") as handle:
        for n, line in enumerate(lines):
            entry = json.loads(line)
            assert entry["method"] == "POST" and entry["url"] == "/v1/chat/completions"
            body = answers.get(canonical(entry["body"]))
            out: dict[str, Any] = {"id": f"batch_req_{n}", "custom_id": entry["custom_id"]}
            if body is None or entry["custom_id"] in fail:
                out |= {"response": None, "error": {"code": "server_error", "message": "failed"}}
            else:
                response = {"status_code": 200, "request_id": f"req_{n}", "body": body}
                out |= {"response": response, "error": None}
            handle.write(json.dumps(out, ensure_ascii=False) + "\n")
    return len(lines)
