"""Write gold labels as a results file, so `kaocha events` can be scored on perfect input.

    python scripts/gold_results.py runs/gold/results.jsonl \
        seeds/gold:seeds seeds/dev/gold:seeds/dev seeds/dev/pairs/gold:seeds/dev/pairs

Each argument after the output is GOLD_DIR:ARTICLES_DIR. The development set's held-out ids
(seeds/dev/split.toml) are left out and never read, unless --with-check is given.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from evals.events import gold_records  # noqa: E402
from evals.sets import SPLIT_FILE, check_ids  # noqa: E402
from extract.batch.results import ResultsWriter  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path, help="results JSONL to write (replaced)")
    parser.add_argument("folders", nargs="+", help="GOLD_DIR:ARTICLES_DIR pairs")
    parser.add_argument("--with-check", action="store_true", help="include the held-out ids")
    args = parser.parse_args(argv)
    exclude = set() if args.with_check else set(check_ids(SPLIT_FILE))
    args.out.unlink(missing_ok=True)
    count = 0
    with ResultsWriter(args.out) as writer:
        for pair in args.folders:
            gold_dir, _, articles = pair.partition(":")
            for record in gold_records(Path(gold_dir), Path(articles or gold_dir), exclude):
                writer.append(record)
                count += 1
    print(f"{count} gold records → {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
