"""Run a prompt × model over the labeled set, live or from cassettes, then score it.

The extraction is the same batch run users make (`extract.batch.runner`), into the run folder's
results.jsonl; scoring then reads the latest record of each article.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Sequence
from pathlib import Path

from evals.runfolder import RunFolder, evaluate_records, evaluate_sets
from evals.scoring import Scorecard
from evals.sets import LabeledSet
from extract.batch.results import read_latest
from extract.batch.runner import Outcome, RunPlan, RunSummary, run_batch
from extract.errors import ConfigError
from extract.llm.cache import DEFAULT_CACHE
from extract.llm.cassettes import CASSETTES_ENV, cassette, cassettes_dir
from extract.pipeline.wiring import Options

REPLAY_URL = "http://127.0.0.1:9/v1"  # never contacted: every call is answered by the cassette
REPO_ONLY = (
    "the seeds, their gold and the recorded cassettes come with the repository, not with the "
    "installed package: run from the root of a checkout, or pass --seeds and --gold "
    f"(and set ${CASSETTES_ENV} to a checkout's tests/cassettes for --replay)"
)


def gold_inputs(gold_dir: Path, seeds_dir: Path) -> list[str]:
    """The article files that have a gold label, in id order."""
    if not Path(gold_dir).is_dir():
        raise ConfigError(f"no gold folder at {Path(gold_dir).absolute()}", hint=REPO_ONLY)
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
    inputs = gold_inputs(gold_dir, seeds_dir)
    summary = await extract_into(options, inputs, folder, replay, use_cache, observer)
    records = list(read_latest(folder.results))
    scorecard = evaluate_records(
        records, gold_dir, seeds_dir, folder.root, results_source=folder.results
    )
    return summary, scorecard


async def run_and_score_sets(
    options: Options,
    sets: Sequence[LabeledSet],
    *,
    out_dir: Path,
    replay: Path | None = None,
    use_cache: bool = True,
    observer: Callable[[Outcome], None] | None = None,
) -> tuple[RunSummary, Scorecard, dict[str, Scorecard]]:
    """Extract the articles of every set once into `out_dir`, then score each set and the
    union; the scorecard shows the sets side by side."""
    folder = RunFolder(out_dir)
    inputs = set_inputs(sets)
    summary = await extract_into(options, inputs, folder, replay, use_cache, observer)
    records = list(read_latest(folder.results))
    scorecard, per_set = evaluate_sets(records, sets, folder.root, results_source=folder.results)
    return summary, scorecard, per_set


def set_inputs(sets: Sequence[LabeledSet]) -> list[str]:
    """The article files of the sets, each once, in set order."""
    files: dict[str, None] = {}
    for labeled in sets:
        for path in gold_inputs(labeled.gold, labeled.articles):
            if labeled.wants(Path(path).stem):
                files.setdefault(path)
    return list(files)


async def extract_into(
    options: Options,
    inputs: Sequence[str],
    folder: RunFolder,
    replay: Path | None,
    use_cache: bool,
    observer: Callable[[Outcome], None] | None,
) -> RunSummary:
    """The batch run of an eval: live, or answered from a cassette (`replay`)."""
    folder.root.mkdir(parents=True, exist_ok=True)
    if replay is not None:
        if not replay.exists():
            hint = "record it: python scripts/record_cassettes.py"
            raise ConfigError(
                f"no cassette at {replay.absolute()}",
                hint=hint if cassettes_dir().is_dir() else REPO_ONLY,
            )
        options = Options(**{**options.__dict__, "base_url": REPLAY_URL, "replaying": True})
    plan = RunPlan(
        tuple(inputs),
        folder.results,
        concurrency=1 if replay else None,
        cache_path=DEFAULT_CACHE if use_cache and replay is None else None,
    )
    tape = cassette(replay, "none") if replay is not None else contextlib.nullcontext()
    with tape:
        return await run_batch(options, plan, observer=observer)
