"""Time the resolvers: gazetteer load, then 10,000 mixed place mentions, dates and people.

    python benchmarks/bench_resolve.py

Place mentions are timed twice: cold (every mention distinct, so the per-mention cache never
hits) and warm (the realistic mix, where names repeat across an article set).
"""

from __future__ import annotations

import datetime as dt
import random
import time

from extract.resolve import gazetteer
from extract.resolve.dates import resolve_dates
from extract.resolve.people import find_people, vocabulary

N = 10_000
BASE = [
    "海安",
    "海安市",
    "吴江",
    "苏州市吴江区",
    "浙江省嘉兴市嘉善县",
    "嘉兴",
    "张家港",
    "江阴",
    "海宁",
    "慈溪",
    "平湖",
    "如东县",
    "启东市党政代表团",
    "湖北省",
    "江苏",
    "杭州",
    "南京",
    "苏州工业园区",
    "鼓楼区",
    "朝阳",
    "通州",
    "火星市",
    "中共吴江区委",
    "江阴高新区",
    "浦东新区",
]
DATES = ["3月6日至7日", "17日至19日", "4月28日至5月2日", "二〇二三年四月十七日", "昨天", "2月30日"]
PEOPLE = "市委书记谭真率党政代表团。市委副书记、市长赵男男,湖北省领导王忠林、李乐成等参加。"


def mixed_mentions(gaz: gazetteer.Gazetteer, n: int) -> list[str]:
    """Known tricky mentions plus random division names, short names and compounds."""
    rng = random.Random(7)
    divisions = list(gaz.divisions.values())
    mentions = []
    for i in range(n):
        d = rng.choice(divisions)
        kind = i % 4
        if kind == 0:
            mentions.append(rng.choice(BASE))
        elif kind == 1:
            mentions.append(d.name)
        elif kind == 2:
            mentions.append(d.stem)
        else:
            parents = gaz.parents(d.adcode)
            mentions.append((parents[0] if parents else "") + d.name)
    return mentions


def timed(label: str, count: int, fn) -> None:  # type: ignore[no-untyped-def]
    start = time.perf_counter()
    fn()
    seconds = time.perf_counter() - start
    print(f"{label:<40} {seconds * 1000:8.1f} ms  {count / seconds:>10,.0f} /s")


def main() -> None:
    start = time.perf_counter()
    gaz = gazetteer.Gazetteer.load()
    vocabulary()
    print(f"{'load gazetteer + vocabulary':<40} {(time.perf_counter() - start) * 1000:8.1f} ms")
    mentions = mixed_mentions(gaz, N)

    fresh = gazetteer.Gazetteer(list(gaz.divisions.values()), list(gaz.zones.values()))

    def cold() -> None:
        for i, m in enumerate(mentions):
            fresh.resolve(m, (f"ctx{i}",))  # a distinct context defeats the cache

    timed(f"{N:,} place mentions, cold", N, cold)
    timed(f"{N:,} place mentions, warm", N, lambda: [gaz.resolve(m) for m in mentions])
    resolved = sum(gaz.resolve(m).resolved for m in mentions)
    print(f"  resolved {resolved:,} of {N:,}; the rest ambiguous, zones or unknown")
    pub = dt.date(2024, 3, 8)
    timed(
        f"{N:,} date expressions", N, lambda: [resolve_dates(DATES[i % 6], pub) for i in range(N)]
    )
    timed(
        "1,000 find_people passes (4 people each)",
        1000,
        lambda: [find_people(PEOPLE) for _ in range(1000)],
    )


if __name__ == "__main__":
    main()
