"""Check gold files against their articles: schema, regions in the gazetteer, evidence quotes.

    python scripts/check_gold.py [GOLD_DIR [ARTICLES_DIR]]   (default: seeds/gold seeds)

Prints one line per file (ok, or the first problem with its field path) and the cleaned text of
any article asked for with --show ID, the text that evidence quotes must be copied from.
Exits 1 when any file has a problem.
"""

from __future__ import annotations

import argparse
import sys

from evals.gold import gold_files, load_gold_file, load_sources
from extract.errors import KaochaError
from extract.resolve.gazetteer import Gazetteer


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("gold", nargs="?", default="seeds/gold")
    parser.add_argument("articles", nargs="?", default="seeds")
    parser.add_argument(
        "--show", action="append", default=[], help="print an article's cleaned text"
    )
    args = parser.parse_args(argv)
    sources = load_sources(args.articles)
    for article_id in args.show:
        print(f"--- {article_id} (cleaned)\n{sources[article_id].text}\n")
    if args.show:
        return 0
    gazetteer = Gazetteer.load()
    bad = 0
    for path in gold_files(args.gold):
        source = sources.get(path.stem)
        try:
            if source is None:
                raise KaochaError(f"no article {path.stem!r} in {args.articles}")
            load_gold_file(path, source, gazetteer)
        except KaochaError as e:
            bad += 1
            print(f"{path.name}: {e}")
        else:
            print(f"{path.name}: ok")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
