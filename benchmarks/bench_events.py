"""Merge 1,000,000 synthetic visits into events; print seconds, peak memory and the budget ratio.

    python benchmarks/bench_events.py [--visits 1000000] [--budget 60] [--workers N]

The workload: synthetic reports of synthetic trips. A trip has an origin and a destination drawn
from 3,000 counties (50 provinces), a start day in 2015-2024 (day 1 to 26 of a month), a lead
and a host. 70% of the trips are reported once, the others twice or three times (equally
likely), so about 690,000 trips make the million visits. The first report of a trip states the
year, a three-day span and both people; the others, as a host's report does, drop the year and
the end date (the second names only the host). Every report has the same delegation name and
kind and a quote giving the date; a block (origin and month) holds about 28 visits at a
million.

Generation is not timed; the merge (blocking, matching, clustering and the consensus of every
event) is. Peak memory is the maximum resident set size of this process (generation included)
and, with workers, of the largest worker.
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from extract.events.mentions import Day, PersonMention, Place, VisitMention  # noqa: E402
from extract.events.merge import merge  # noqa: E402
from extract.events.side import Side  # noqa: E402

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华建国文辉力"


def _origins(n: int) -> list[Place]:
    return [
        Place(f"{11 + i % 50:02d}{1 + i // 50 % 99:02d}{1 + i % 97:02d}", f"甲{i}县")
        for i in range(n)
    ]


def _trip(rng: random.Random, origins: list[Place]) -> dict:
    year, month, day = rng.randint(2015, 2024), rng.randint(1, 12), rng.randint(1, 26)
    lead = rng.choice(SURNAMES) + rng.choice(GIVEN) + rng.choice(GIVEN)
    host = rng.choice(SURNAMES) + rng.choice(GIVEN)
    return {
        "origin": rng.choice(origins),
        "destination": rng.choice(origins),
        "start": (year, month, day),
        "people": (
            PersonMention(lead, "县委书记", "lead", "delegation"),
            PersonMention(host, "市长", "host", "host"),
        ),
    }


def _report(trip: dict, key: str, n: int) -> VisitMention:
    year, month, day = trip["start"]
    partial = n > 0
    start = Day(0 if partial else year, month, day, not partial)
    end = None if partial else Day(year, month, day + 2, True)
    people = trip["people"][n % 2 :] if partial else trip["people"]
    return VisitMention(
        key=key,
        article_id=key.split("#")[0],
        visit=1,
        origin=trip["origin"],
        destinations=(trip["destination"],),
        start=start,
        end=end,
        delegation_name="党政代表团",
        delegation_kind="党政代表团",
        people=people,
        quote=f"{month}月{day}日,党政代表团考察",
        side=Side.HOST if partial else Side.ORIGIN,
    )


def synthetic(visits: int, seed: int = 7) -> tuple[list[VisitMention], int]:
    rng = random.Random(seed)
    origins = _origins(3000)
    mentions: list[VisitMention] = []
    trips = 0
    while len(mentions) < visits:
        trip = _trip(rng, origins)
        trips += 1
        copies = 1 if rng.random() < 0.7 else rng.choice((2, 3))
        for n in range(min(copies, visits - len(mentions))):
            mentions.append(_report(trip, f"a{len(mentions)}#1", n))
    return mentions, trips


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--visits", type=int, default=1_000_000)
    parser.add_argument("--budget", type=float, default=60.0, help="seconds allowed")
    parser.add_argument("--workers", type=int, default=1, help="processes (kaocha events uses one)")
    args = parser.parse_args(argv)
    mentions, trips = synthetic(args.visits)
    began = time.perf_counter()
    events = merge(mentions, workers=args.workers)
    seconds = time.perf_counter() - began
    peak_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    child_mib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(f"visits {len(mentions):,}  synthetic trips {trips:,}  events {len(events):,}")
    print(f"workers {args.workers}  cpus {os.cpu_count()}")
    print(f"merge seconds {seconds:.1f}  ({len(mentions) / seconds:,.0f} visits/s)")
    print(
        f"peak memory {peak_mib:,.0f} MiB (max RSS, generation included); largest worker {child_mib:,.0f} MiB"
    )
    print(f"budget ratio {seconds / args.budget:.2f} of {args.budget:.0f} s")
    return 0 if seconds <= args.budget else 1


if __name__ == "__main__":
    raise SystemExit(main())
