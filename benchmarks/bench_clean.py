"""Cleaning throughput over the seed articles repeated to at least 10 MB, on one core.

Run from the repository root: ``python benchmarks/bench_clean.py [--seeds DIR] [--mb N]``.
Prints MB/s (UTF-8 bytes of raw input) and characters/s, and the raw → cleaned size per seed.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from extract.text.clean import clean, load_rules
from extract.text.ingest import RawArticle, iter_articles


def _seeds(folder: Path) -> list[RawArticle]:
    articles = [a for a in iter_articles([str(folder)]) if isinstance(a, RawArticle)]
    if not articles:
        raise SystemExit(f"no seed articles in {folder}")
    return articles


def _reduction(articles: list[RawArticle]) -> None:
    print(f"{'seed':<24} {'raw chars':>9} {'clean':>7} {'kept':>6}  flags")
    for raw in articles:
        a = clean(raw)
        print(
            f"{a.id:<24} {a.sizes.raw_chars:>9} {a.sizes.clean_chars:>7} "
            f"{a.sizes.kept_share:>6.1%}  {len(a.flags)}"
        )


def _throughput(articles: list[RawArticle], target_bytes: int) -> None:
    sizes = [(len(a.raw.encode("utf-8")), len(a.raw)) for a in articles]
    per_round = sum(b for b, _ in sizes)
    rounds = -(-target_bytes // per_round)
    load_rules()
    clean(articles[0])  # warm caches (data files, OpenCC) outside the timing
    start = time.perf_counter()
    for _ in range(rounds):
        for raw in articles:
            clean(raw)
    seconds = time.perf_counter() - start
    total_bytes = per_round * rounds
    total_chars = sum(c for _, c in sizes) * rounds
    print(
        f"cleaned {rounds * len(articles)} articles, {total_bytes / 1e6:.1f} MB "
        f"({total_chars:,} chars) in {seconds:.2f} s"
    )
    print(
        f"throughput: {total_bytes / 1e6 / seconds:.2f} MB/s, {total_chars / seconds:,.0f} chars/s"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seeds", type=Path, default=Path("seeds"))
    parser.add_argument("--mb", type=float, default=10.0, help="Raw megabytes to clean.")
    args = parser.parse_args()
    articles = _seeds(args.seeds)
    _reduction(articles)
    _throughput(articles, int(args.mb * 1e6))


if __name__ == "__main__":
    main()
