"""How many labeled stops code's own proposals find on made-up pages, without the model.

    python scripts/stop_proposals.py                         # every tests/fixtures/blind* set
    python scripts/stop_proposals.py tests/fixtures/blind28 --list

Cleans each page whose labels give its stops (a roundup's pages aside: their labels describe
one trip of several), proposes stops as the pipeline does (`extract.resolve.stops`), and
counts the labeled stops a proposal names (one name holding the other, or similar as the
eval matches stops) and the proposals that name no labeled stop. The model finds stops too,
so this measures what code adds, not the pipeline's stops.
"""

from __future__ import annotations

import argparse
import sys
import tomllib
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from evals.matching import STOP_SIMILARITY, norm_text, similar  # noqa: E402
from extract.resolve.stops import propose_stops  # noqa: E402
from extract.text.clean import clean  # noqa: E402
from extract.text.ingest import RawArticle  # noqa: E402

FIXTURES = Path(__file__).resolve().parent.parent / "tests" / "fixtures"


def same_stop(a: str, b: str) -> bool:
    a, b = norm_text(a), norm_text(b)
    return a in b or b in a or similar(a, b, STOP_SIMILARITY)


def score(folder: Path) -> tuple[int, int, list[str]]:
    """(labeled stops found, proposals wrong, what was missed or wrong) over one folder."""
    labels = tomllib.loads((folder / "expected.toml").read_text(encoding="utf-8"))
    found, wrong, notes = 0, 0, []
    for page, want in labels.items():
        if not isinstance(want, dict) or "stops" not in want or want.get("visits"):
            continue
        raw = (folder / f"{page}.txt").read_text(encoding="utf-8")
        text = clean(RawArticle(id=page, source=page, raw=raw, fmt="txt")).text
        proposed = [p.name for p in propose_stops(text)]
        for stop in want["stops"]:
            hit = any(same_stop(stop, p) for p in proposed)
            found += hit
            notes += [] if hit else [f"{folder.name} {page} missed {stop}"]
        for p in proposed:
            if not any(same_stop(stop, p) for stop in want["stops"]):
                wrong += 1
                notes.append(f"{folder.name} {page} wrong {p}")
    return found, wrong, notes


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folders", nargs="*", type=Path, help="default: tests/fixtures/blind*")
    parser.add_argument("--list", action="store_true", help="print each miss and wrong proposal")
    args = parser.parse_args()
    folders = args.folders or sorted(FIXTURES.glob("blind*"))
    total = found = wrong = 0
    for folder in folders:
        labels = tomllib.loads((folder / "expected.toml").read_text(encoding="utf-8"))
        total += sum(
            len(v["stops"])
            for v in labels.values()
            if isinstance(v, dict) and "stops" in v and not v.get("visits")
        )
        f, w, notes = score(folder)
        found, wrong = found + f, wrong + w
        if args.list:
            print("\n".join(notes))
    print(f"labeled stops found by code's proposals: {found} of {total}; proposals wrong: {wrong}")


if __name__ == "__main__":
    main()
