"""Record the extraction of every seed against a real model server, one cassette per seed.

    python scripts/record_cassettes.py                  # the local model, the default prompt
    python scripts/record_cassettes.py --prompt visit-v2
    python scripts/record_cassettes.py --base-url http://127.0.0.1:8080/v1   # a server you run

Writes tests/cassettes/<prompt-id>/<seed-id>.yaml and, beside them, results.jsonl with the
records the pipeline made while recording; the offline tests replay the cassettes and must
reproduce those records exactly.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import time
from pathlib import Path

from extract.cassettes import CASSETTES_DIR, cassette_path, vcr_config
from extract.clean import clean
from extract.ingest import iter_articles
from extract.wiring import Options, open_extractor, prompt_name


def parse_args() -> argparse.Namespace:
    p = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    p.add_argument("--prompt", default=None, help="prompt id (default: the configured default)")
    p.add_argument("--model", default=None, help="model name (default: the local model)")
    p.add_argument("--base-url", default=None, help="use a server that is already running")
    p.add_argument("--seeds", default="seeds", type=Path)
    p.add_argument("--only", nargs="*", default=None, help="seed ids to record (default: all)")
    return p.parse_args()


async def record(args: argparse.Namespace) -> int:
    options = Options(model=args.model, prompt=args.prompt, base_url=args.base_url, log_path=None)
    prompt_id = prompt_name(options)
    out = CASSETTES_DIR / prompt_id
    out.mkdir(parents=True, exist_ok=True)
    articles = [a for a in iter_articles([str(args.seeds)]) if not isinstance(a, Exception)]
    if args.only:
        articles = [a for a in articles if a.id in args.only]
    lines = []
    async with open_extractor(options) as extractor:
        for raw in articles:
            cleaned = clean(raw)
            path = cassette_path(prompt_id, raw.id)
            path.unlink(missing_ok=True)
            started = time.perf_counter()
            with vcr_config("all").use_cassette(str(path)):
                rec = await extractor.extract(cleaned)
            print(
                f"{raw.id}: {rec.status} in {time.perf_counter() - started:.1f}s, "
                f"{rec.usage.calls} calls, {rec.usage.prompt_tokens} prompt tokens",
                flush=True,
            )
            lines.append(rec.model_dump_json(exclude={"seconds"}))
    results = out / "results.jsonl"
    kept = _other_records(results, {a.id for a in articles})
    results.write_text("".join(line + "\n" for line in [*kept, *lines]), encoding="utf-8")
    return 0


def _other_records(path: Path, replaced: set[str]) -> list[str]:
    import json

    if not path.exists():
        return []
    rows = path.read_text(encoding="utf-8").splitlines()
    return [r for r in rows if r.strip() and json.loads(r)["article_id"] not in replaced]


if __name__ == "__main__":
    sys.exit(asyncio.run(record(parse_args())))
