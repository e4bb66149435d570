"""Run a prompt × model over the labeled set, live or from cassettes, then score it.

The extraction is the same batch run users make (`extract.runner`), into the run folder's
results.jsonl; scoring then reads the latest record of each article.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from pathlib import Path

from evals.runfolder import RunFolder, evaluate_records
from evals.scoring import Scorecard
from extract.cache import DEFAULT_CACHE
from extract.cassettes import cassette
from extract.errors import ConfigError
from extract.results import read_latest
from extract.runner import Outcome, RunPlan, RunSummary, run_batch
from extract.wiring import Options

REPLAY_URL = "http://127.0.0.1:9/v1"  # never contacted: every call is answered by the cassette


def gold_inputs(gold_dir: Path, seeds_dir: Path) -> list[str]:
    """The article files that have a gold label, in id order."""
    ids = sorted(p.stem for p in Path(gold_dir).glob("*.json"))
    if not ids:
        raise ConfigError(f"no gold files in {gold_dir}", hint="pass --gold DIR")
    files = []
    for article_id in ids:
        matches = sorted(Path(seeds_dir).glob(f"{article_id}.*"))
        if not matches:
            raise ConfigError(
                f"gold {article_id} has no article in {seeds_dir}", hint="pass --seeds DIR"
            )
        files.append(str(matches[0]))
    return files


async def run_and_score(
    options: Options,
    *,
    gold_dir: Path,
    seeds_dir: Path,
    out_dir: Path,
    replay: Path | None = None,
    use_cache: bool = True,
    observer: Callable[[Outcome], None] | None = None,
) -> tuple[RunSummary, Scorecard]:
    """Extract the labeled articles into `out_dir` (resuming) and write the scorecard there."""
    folder = RunFolder(out_dir)
    folder.root.mkdir(parents=True, exist_ok=True)
    if replay is not None:
        if not replay.exists():
            raise ConfigError(
                f"no cassette at {replay}", hint="record it: python scripts/record_cassettes.py"
            )
        options = Options(**{**options.__dict__, "base_url": REPLAY_URL})
    plan = RunPlan(
        tuple(gold_inputs(gold_dir, seeds_dir)),
        folder.results,
        concurrency=1 if replay else None,
        cache_path=DEFAULT_CACHE if use_cache and replay is None else None,
    )
    tape = cassette(replay, "none") if replay is not None else contextlib.nullcontext()
    with tape:
        summary = await run_batch(options, plan, observer=observer)
    records = list(read_latest(folder.results))
    scorecard = evaluate_records(
        records, gold_dir, seeds_dir, folder.root, results_source=folder.results
    )
    return summary, scorecard
