"""Score a run over the made-up shape pages (tests/fixtures/shapes) on what they label: whether
each page reports a study visit, and for a visit its origin, destinations and status.

    kaocha run tests/fixtures/shapes -o runs/shapes.jsonl --no-cache
    python scripts/check_shapes.py runs/shapes.jsonl

Prints one line per page (ok, or what differs) and the counts; exits 1 when a page is wrong.
A destination is named by adcode, or by name for a zone (雄安新区), which has none.
"""

from __future__ import annotations

import argparse
import json
import sys
import tomllib
from pathlib import Path
from typing import Any

EXPECTED = (
    Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "shapes" / "expected.toml"
)


def place(region: dict[str, Any] | None) -> str:
    region = region or {}
    return str(region.get("adcode") or region.get("name") or region.get("mention") or "")


def differences(want: dict[str, Any], record: dict[str, Any]) -> list[str]:
    """What the record gets wrong of what the page labels; empty when nothing."""
    if record.get("status") != "ok":
        return [f"failed: {(record.get('failure') or {}).get('message', '')[:80]}"]
    extraction = record.get("extraction") or {}
    if bool(extraction.get("is_study_visit")) != want["visit"]:
        return [f"is_study_visit {extraction.get('is_study_visit')}, expected {want['visit']}"]
    if not want["visit"]:
        return []
    visits = extraction.get("visits") or []
    if len(visits) != 1:
        return [f"{len(visits)} visits, expected 1"]
    v, wrong = visits[0], []
    if place(v.get("origin")) != want["origin"]:
        wrong.append(f"origin {place(v.get('origin'))}, expected {want['origin']}")
    got = [place(d) for d in v.get("destinations") or []]
    if got != want["destinations"]:
        wrong.append(f"destinations {got}, expected {want['destinations']}")
    if v.get("status") != want.get("status", "completed"):
        wrong.append(f"status {v.get('status')}, expected {want.get('status', 'completed')}")
    return wrong


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("results", type=Path, help="results JSONL of a run over the pages")
    args = parser.parse_args()
    expected = tomllib.loads(EXPECTED.read_text("utf-8"))
    records = {}
    for line in args.results.read_text("utf-8").splitlines():
        if line.strip():
            record = json.loads(line)
            records[record["article_id"]] = record
    right = visits_right = 0
    for page, want in expected.items():
        record = records.get(page)
        wrong = differences(want, record) if record else ["no record"]
        visit_ok = not wrong or not wrong[0].startswith(("is_study_visit", "failed", "no record"))
        visits_right += visit_ok
        right += not wrong
        print(f"{page}: {'ok' if not wrong else '; '.join(wrong)}")
    print(f"is_study_visit right on {visits_right} of {len(expected)}; all labels right on {right}")
    return 0 if right == len(expected) else 1


if __name__ == "__main__":
    sys.exit(main())
