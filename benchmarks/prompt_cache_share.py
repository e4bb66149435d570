"""Share of prompt tokens the llama.cpp server served from its prompt (prefix) cache.

    KAOCHA_SERVER_LOG=runs/llama-server.log kaocha eval --no-cache --out runs/measure
    python benchmarks/prompt_cache_share.py runs/llama-server.log

Reads the server's verbose log: each request prints how many prompt tokens it evaluated,
and, when the start of its prompt was already in the KV cache, how many it reused.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

HIT = re.compile(r"(\d+) prefix-match hit, remaining \d+ prompt tokens to eval")
EVAL = re.compile(r"prompt eval time =\s*[\d.]+ ms /\s*(\d+) tokens")


def share(log: Path) -> tuple[int, int, int]:
    text = log.read_text(encoding="utf-8", errors="replace")
    reused = sum(int(m.group(1)) for m in HIT.finditer(text))
    counts = [int(m.group(1)) for m in EVAL.finditer(text)]
    return len(counts), reused, sum(counts)


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print(__doc__)
        return 2
    requests, reused, evaluated = share(Path(argv[0]))
    total = reused + evaluated
    if not total:
        print("no prefix-cache lines in the log (is it a llama_cpp.server log?)")
        return 1
    print(f"requests: {requests}")
    print(f"prompt tokens: {total}  from cache: {reused}  evaluated: {evaluated}")
    print(f"share served from the prompt cache: {reused / total:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
