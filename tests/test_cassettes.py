"""Replay of the cassette recorded from the real local model: the full pipeline (cleaning,
prompt, instructor, validation, grounding, resolution) offline, with no model file.

The cassette holds what the model really answered when it was recorded, mistakes included;
the replayed records must equal the records made while recording. A changed prompt, schema
or model finds no recording: re-record with `python scripts/record_cassettes.py`.
"""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

import pytest

from evals.live import REPLAY_URL, run_and_score, set_inputs
from evals.sets import RECORDED as RECORDED_SETS
from evals.sets import resolve_sets
from extract.batch.results import read_latest
from extract.batch.runner import RunPlan, run_batch
from extract.llm.cassettes import cassette, cassette_path, recorded_results
from extract.llm.config import load_config
from extract.pipeline.wiring import Options
from extract.text.clean import clean
from extract.text.ingest import read_file
from schemas.draft import squash
from schemas.record import ResultRecord

PROMPT = load_config().default_prompt
TAPE = cassette_path(PROMPT)
RERECORD = f"re-record with `python scripts/record_cassettes.py --prompt {PROMPT}`"
pytestmark = pytest.mark.skipif(not TAPE.exists(), reason=f"no cassette for {PROMPT}: {RERECORD}")


def replay(tmp_path: Path, **options: object) -> list[ResultRecord]:
    opts = Options(
        base_url=REPLAY_URL, replaying=True, log_path=tmp_path / "calls.sqlite", **options
    )  # type: ignore[arg-type]
    out = tmp_path / "results.jsonl"
    plan = RunPlan(
        tuple(set_inputs(resolve_sets(RECORDED_SETS))), out, concurrency=1, cache_path=None
    )
    with cassette(TAPE, "none"):
        asyncio.run(run_batch(opts, plan))
    return list(read_latest(out))


@pytest.fixture(scope="module")
def replayed(tmp_path_factory: pytest.TempPathFactory) -> dict[str, ResultRecord]:
    return {r.article_id: r for r in replay(tmp_path_factory.mktemp("replay"))}


def recorded() -> dict[str, dict]:
    lines = recorded_results(PROMPT).read_text(encoding="utf-8").splitlines()
    return {json.loads(line)["article_id"]: json.loads(line) for line in lines if line.strip()}


SEEDS = sorted(p.stem for p in Path("seeds/gold").glob("*.json"))
RECORDED = sorted(recorded()) if TAPE.exists() else []
# The articles whose extraction asked the model when it was recorded.
ASKED = {k for k, r in recorded().items() if r["usage"]["calls"]} if TAPE.exists() else set()


def article_path(article_id: str) -> Path:
    seed = Path("seeds") / f"{article_id}.txt"
    return seed if seed.exists() else Path("seeds/dev") / f"{article_id}.txt"


@pytest.mark.parametrize("article_id", SEEDS)
def test_every_seed_gives_a_schema_valid_extraction(replayed, article_id):
    record = replayed[article_id]
    assert record.ok, f"{article_id}: {record.failure and record.failure.message}; {RERECORD}"
    assert record.extraction.is_study_visit and record.extraction.visits


def test_the_cassette_covers_the_seeds_and_the_development_set():
    assert set(SEEDS) <= set(RECORDED)
    assert {f"d{n:02d}" for n in range(1, 31)} <= set(RECORDED)


@pytest.mark.parametrize("article_id", RECORDED)
def test_replay_reproduces_what_the_model_answered_when_recorded(replayed, article_id):
    mine = replayed[article_id].model_dump(mode="json", exclude={"seconds"})
    theirs = recorded()[article_id]
    theirs.pop("seconds", None)
    assert mine == theirs


@pytest.mark.parametrize("article_id", RECORDED)
def test_every_evidence_quote_is_at_its_offsets(replayed, article_id):
    article = clean(read_file(article_path(article_id)))
    record = replayed[article_id]
    for ev in record.extraction.evidences() if record.ok else []:
        assert ev.found, ev.quote
        assert squash(article.text[ev.start : ev.end]) == squash(ev.quote)
        raw = article.raw[ev.raw_start : ev.raw_end]
        assert raw and ev.raw_start <= ev.raw_end


def test_the_seeds_regions_are_resolved_to_codes(replayed):
    for record in (replayed[article_id] for article_id in SEEDS):
        for visit in record.extraction.visits:
            assert visit.origin.adcode and all(d.adcode for d in visit.destinations)


def test_a_changed_prompt_finds_no_recording(tmp_path):
    prompts = tmp_path / "prompts"
    prompts.mkdir()
    text = Path(f"prompts/{PROMPT}.toml").read_text(encoding="utf-8")
    (prompts / f"{PROMPT}.toml").write_text(text.replace("新闻", "报道", 1), encoding="utf-8")
    records = replay(tmp_path, prompts_dir=prompts)
    # A page that names no delegation is answered without asking the model.
    asked = [r for r in records if r.article_id in ASKED]
    assert asked and all(r.status == "failed" for r in asked)
    assert all("CannotOverwriteExistingCassette" in r.failure.message for r in asked)


def test_eval_from_the_cassette_writes_the_scorecard_it_measured(tmp_path):
    options = Options(log_path=None)
    summary, card = asyncio.run(
        run_and_score(
            options,
            gold_dir=Path("seeds/gold"),
            seeds_dir=Path("seeds"),
            out_dir=tmp_path,
            replay=TAPE,
        )
    )
    written = json.loads((tmp_path / "scorecard.json").read_text(encoding="utf-8"))
    assert summary.done == len(SEEDS) and summary.failed == 0
    assert written["headline"]["micro_f1"] == pytest.approx(card.headline.micro_f1)
    assert written["headline"]["schema_valid_rate"] == 1.0
    assert written["headline"]["evidence_found_rate"] == 1.0
    assert (tmp_path / "scorecard.html").exists() and (tmp_path / "scorecard.md").exists()
