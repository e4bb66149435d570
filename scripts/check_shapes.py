"""Score a run over made-up pages (tests/fixtures/shapes, tests/fixtures/blind) on what they
label: whether each page reports a study visit, and for a visit its origin, destinations and
status, and where the labels name them, the leaders, the hosts and the number of trips.
Where the labels also give a trip's start (`start = "MM-DD"`), its stops (`stops = [...]`),
the number of agreements signed (`agreements = N`) or its topic domains (`topics = [...]`),
those are scored on their own lines (stops and topics as precision, recall and F1, stops
matched as the eval matches itinerary stops, topics by domain), apart from "all labels right".
`kinds = [...]`, one per labeled stop, scores each stop's kind as the eval does: a stop
matched and its kind equal.

    kaocha run tests/fixtures/shapes -o runs/shapes.jsonl --no-cache
    python scripts/check_shapes.py runs/shapes.jsonl
    python scripts/check_shapes.py runs/blind.jsonl --pages tests/fixtures/blind

Prints one line per page (ok, or what differs) and the counts; exits 1 when a page is wrong.
A destination is named by adcode, or by name for a zone (雄安新区), which has none. For a
roundup (`visits = N`) the labels describe the trip whose origin they name.
"""

from __future__ import annotations

import argparse
import json
import sys
import tomllib
from pathlib import Path
from typing import Any

from evals.matching import STOP_SIMILARITY, norm_text, similar
from extract.text.traditional import to_simplified

PAGES = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "shapes"


def place(region: dict[str, Any] | None) -> str:
    region = region or {}
    return str(region.get("adcode") or region.get("name") or region.get("mention") or "")


def _names(people: list[dict[str, Any]], role: str | None = None) -> set[str]:
    return {p.get("name") or "" for p in people if role is None or p.get("role") == role}


def _people(want: dict[str, Any], v: dict[str, Any]) -> list[str]:
    wrong = []
    for key, got in (
        ("lead", _names(v.get("delegation_members") or [], "lead")),
        ("hosts", _names(v.get("hosts") or [])),
    ):
        if key not in want:
            continue
        expected = {to_simplified(n) for n in want[key]}
        missing, extra = sorted(expected - got), sorted(got - expected)
        if missing or (key == "lead" and extra):
            wrong.append(f"{key} missing {missing} extra {extra}")
    return wrong


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
    count = want.get("visits", 1)
    if len(visits) != count:
        wrong = [f"{len(visits)} visits, expected {count}"]
        if count == 1 or not visits:
            return wrong
    else:
        wrong = []
    mine = [v for v in visits if place(v.get("origin")) == want["origin"]]
    v = mine[0] if mine else visits[0]
    if place(v.get("origin")) != want["origin"]:
        wrong.append(f"origin {place(v.get('origin'))}, expected {want['origin']}")
    got = [place(d) for d in v.get("destinations") or []]
    if got != want["destinations"]:
        wrong.append(f"destinations {got}, expected {want['destinations']}")
    if v.get("status") != want.get("status", "completed"):
        wrong.append(f"status {v.get('status')}, expected {want.get('status', 'completed')}")
    return wrong + _people(want, v)


def _visit_of(want: dict[str, Any], record: dict[str, Any] | None) -> dict[str, Any] | None:
    """The predicted trip the labels describe: the one from the labeled origin, else the first."""
    if not record or record.get("status") != "ok":
        return None
    visits = (record.get("extraction") or {}).get("visits") or []
    mine = [v for v in visits if place(v.get("origin")) == want.get("origin")]
    return mine[0] if mine else (visits[0] if visits else None)


def _start(visit: dict[str, Any] | None) -> str:
    date = (visit or {}).get("start_date") or {}
    if not date.get("month") or not date.get("day"):
        return ""
    return f"{date['month']:02d}-{date['day']:02d}"


def _stop_pairs(want: list[str], got: list[str]) -> list[tuple[int, int]]:
    """(labeled, predicted) index pairs of matched stops; each labeled stop matches one at most."""
    free = dict(enumerate(norm_text(to_simplified(name)) for name in got))
    pairs = []
    for i, name in enumerate(want):
        label = norm_text(to_simplified(name))
        hit = next(
            (j for j, g in free.items() if similar(label, g, STOP_SIMILARITY, containment=True)),
            None,
        )
        if hit is not None:
            pairs.append((i, hit))
            del free[hit]
    return pairs


class Counts:
    """Matched, labeled and predicted items summed over pages, and their P, R and F1."""

    def __init__(self) -> None:
        self.matched = self.labeled = self.predicted = 0

    def add(self, matched: int, labeled: int, predicted: int) -> None:
        self.matched, self.labeled = self.matched + matched, self.labeled + labeled
        self.predicted += predicted

    def __str__(self) -> str:
        p = self.matched / self.predicted if self.predicted else 0.0
        r = self.matched / self.labeled if self.labeled else 0.0
        f1 = 2 * p * r / (p + r) if p + r else 0.0
        return f"P {p:.2f} R {r:.2f} F1 {f1:.2f}"


class Extra:
    """The labels scored apart: start dates, agreement counts, stops, topic domains."""

    def __init__(self) -> None:
        self.starts = self.starts_right = self.agreements = self.agreements_right = 0
        self.stops, self.kinds, self.topics = Counts(), Counts(), Counts()

    def add(self, page: str, want: dict[str, Any], record: dict[str, Any] | None) -> list[str]:
        if not want.get("visit"):
            return []
        visit, notes = _visit_of(want, record), []
        if "start" in want:
            self.starts += 1
            got = _start(visit)
            self.starts_right += got == want["start"]
            if got != want["start"]:
                notes.append(f"start {got or None}, expected {want['start']}")
        if "agreements" in want:
            self.agreements += 1
            got_n = len((visit or {}).get("agreements") or [])
            self.agreements_right += got_n == want["agreements"]
            if got_n != want["agreements"]:
                notes.append(f"{got_n} agreements, expected {want['agreements']}")
        if "stops" in want:
            stops = (visit or {}).get("itinerary") or []
            pairs = _stop_pairs(want["stops"], [s.get("name") or "" for s in stops])
            matched, labeled, predicted = len(pairs), len(want["stops"]), len(stops)
            self.stops.add(matched, labeled, predicted)
            if matched < labeled or matched < predicted:
                notes.append(f"stops {matched} of {labeled} found, {predicted - matched} extra")
            if "kinds" in want:
                notes += self._kinds(want, stops, pairs)
        if "topics" in want:
            labels = set(want["topics"])
            domains = {t.get("domain") or "" for t in (visit or {}).get("topics") or []}
            self.topics.add(len(labels & domains), len(labels), len(domains))
            if labels != domains:
                notes.append(
                    f"topics missing {sorted(labels - domains)} extra {sorted(domains - labels)}"
                )
        return notes

    def _kinds(
        self, want: dict[str, Any], stops: list[dict[str, Any]], pairs: list[tuple[int, int]]
    ) -> list[str]:
        wrong = [
            f"{want['stops'][i]} {stops[j].get('kind')}, expected {want['kinds'][i]}"
            for i, j in pairs
            if stops[j].get("kind") != want["kinds"][i]
        ]
        self.kinds.add(len(pairs) - len(wrong), len(want["kinds"]), len(stops))
        return [f"kind of {w}" for w in wrong]

    def summary(self) -> str:
        line = (
            f"start right on {self.starts_right} of {self.starts}; agreement count right on "
            f"{self.agreements_right} of {self.agreements}; stops {self.stops}"
        )
        line += f"; stop kinds {self.kinds}" if self.kinds.labeled else ""
        return line + (f"; topics {self.topics}" if self.topics.labeled else "")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("results", type=Path, help="results JSONL of a run over the pages")
    parser.add_argument("--pages", type=Path, default=PAGES, help="folder with expected.toml")
    args = parser.parse_args()
    expected = tomllib.loads((args.pages / "expected.toml").read_text("utf-8"))
    records = {}
    for line in args.results.read_text("utf-8").splitlines():
        if line.strip():
            record = json.loads(line)
            records[record["article_id"]] = record
    right = visits_right = 0
    extra = Extra()
    for page, want in expected.items():
        record = records.get(page)
        wrong = differences(want, record) if record else ["no record"]
        visit_ok = not wrong or not wrong[0].startswith(("is_study_visit", "failed", "no record"))
        visits_right += visit_ok
        right += not wrong
        notes = extra.add(page, want, record) if visit_ok else []
        line = "ok" if not wrong else "; ".join(wrong)
        print(f"{page}: {line}" + (f" (also: {'; '.join(notes)})" if notes else ""))
    print(f"is_study_visit right on {visits_right} of {len(expected)}; all labels right on {right}")
    if extra.starts or extra.agreements or extra.stops.labeled:
        print(extra.summary())
    return 0 if right == len(expected) else 1


if __name__ == "__main__":
    sys.exit(main())
