"""Benchmark: scoring 1,000 prediction/gold pairs must take under 2 seconds.

Pairs are built from the gold files, perturbed at random (renamed and dropped items, invented
visits, swapped regions). Prints the time and its ratio to the budget; exits 1 over budget.

    python benchmarks/bench_score.py [--pairs 1000] [--gold seeds/gold]
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from pathlib import Path

from evals.scoring import score_records
from evals.synthetic import perturb
from schemas.record import ResultRecord
from schemas.visit import ArticleExtraction

BUDGET_SECONDS = 2.0
ROOT = Path(__file__).resolve().parents[1]


def load_gold(folder: Path) -> list[ArticleExtraction]:
    files = sorted(folder.glob("*.json"))
    if not files:
        sys.exit(f"no gold files in {folder}")
    return [ArticleExtraction.model_validate(json.loads(p.read_text("utf-8"))) for p in files]


def build_pairs(
    gold: list[ArticleExtraction], n: int, seed: int = 7
) -> tuple[dict[str, ArticleExtraction], list[ResultRecord]]:
    rng = random.Random(seed)
    by_id: dict[str, ArticleExtraction] = {}
    records: list[ResultRecord] = []
    for i in range(n):
        article_id = f"bench-{i:05d}"
        by_id[article_id] = gold[i % len(gold)]
        pred = perturb(gold[i % len(gold)], rng)
        records.append(
            ResultRecord(article_id=article_id, article_hash="-", status="ok", extraction=pred)
        )
    return by_id, records


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pairs", type=int, default=1000)
    parser.add_argument("--gold", type=Path, default=ROOT / "seeds" / "gold")
    args = parser.parse_args()
    gold, records = build_pairs(load_gold(args.gold), args.pairs)
    started = time.perf_counter()
    scorecard = score_records(gold, records)
    elapsed = time.perf_counter() - started
    ratio = elapsed / BUDGET_SECONDS
    print(
        f"scored {args.pairs} pairs in {elapsed:.3f} s ({ratio:.2f} × the {BUDGET_SECONDS:.0f} s budget)"
    )
    print(f"micro-F1 of the perturbed set: {scorecard.headline.micro_f1:.3f}")
    if elapsed > BUDGET_SECONDS:
        sys.exit(1)


if __name__ == "__main__":
    main()
