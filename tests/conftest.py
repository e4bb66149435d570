"""Fixtures that several test files use; pytest finds them here, so no test file imports
another. Helpers that are not fixtures (the scripted model, `run`, the recorded server) live
in tests/fakes/."""

from __future__ import annotations

import asyncio
import shutil
from pathlib import Path

import pytest
from fakes.openai_server import FakeServer
from fakes.recorded import SEEDS, recorded_options
from fakes.scripted import SEED_000

from extract.batch.runner import RunPlan, run_batch
from extract.text.clean import CleanedArticle, clean
from extract.text.ingest import read_file

REVIEW_FIXTURE = Path(__file__).parent / "fixtures" / "review"


@pytest.fixture(scope="module")
def article() -> CleanedArticle:
    """Seed 000 (海安 to 嘉善 and 吴江), cleaned: what the scripted-model tests extract."""
    return clean(read_file(SEED_000))


@pytest.fixture
def review_dir(tmp_path: Path) -> Path:
    """A copy of the review fixture (results, gold, articles) that a test may write to."""
    folder = tmp_path / "review"
    shutil.copytree(REVIEW_FIXTURE, folder)
    return folder


@pytest.fixture(scope="session")
def seed_results(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The seeds run against the recorded answers: 2 visits, 3 failed. Read only."""
    out = tmp_path_factory.mktemp("seed-results") / "results.jsonl"
    with FakeServer() as fake:
        plan = RunPlan(tuple(map(str, SEEDS)), out, 4, cache_path=None)
        asyncio.run(run_batch(recorded_options(fake.url), plan))
    return out
