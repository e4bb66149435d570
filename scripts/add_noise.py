"""A copy of a folder of made-up pages carrying the noise real pages arrive with, to see whether
the answers hold when the same text comes as the web serves it. The labels (expected.toml) are
copied unchanged: the noise never touches a labeled name. Each kind is one transformation,
drawn from a fixed seed, so a set's noisy copy is the same on every run:

- ``traditional``: the page in traditional characters (OpenCC s2t), as big5 mirrors serve it;
- ``pinyin``: traditional, with an inline pinyin gloss after about one character in ten (團(tuán));
- ``commas``: stray commas injected between characters (",," and ",、"), about one per 30;
- ``runon``: every line break gone, the page one paragraph;
- ``mojibake``: short runs of characters replaced by what a wrong decoding leaves (the bytes
  of UTF-8 read as GBK), about one run per 150 characters;
- ``spam``: a gambling site's phrase put into about one sentence in five;
- ``related``: the page ends with links to other news, under a heading (相关新闻, 【相关阅读】),
  as bare bulleted lines, or as 上一篇/下一篇, two of them headlines of other regions' visits.

    python scripts/add_noise.py tests/fixtures/blind25 runs/noisy/blind25-pinyin --kind pinyin
    python scripts/add_noise.py tests/fixtures/blind25 runs/noisy/blind25-mixed \\
        --kind commas runon mojibake spam
    python scripts/add_noise.py tests/fixtures/blind25 runs/noisy/blind25-related --kind related
"""

from __future__ import annotations

import argparse
import functools
import random
import re
import shutil
import sys
import tomllib
from collections.abc import Callable
from pathlib import Path

import opencc

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

_HAN = re.compile(r"[\u4e00-\u9fff]")
# toned syllables for glosses; a gloss's shape, not its reading, is what a page shows
_SYLLABLES = (
    "tuán",
    "zhǎng",
    "jiān",
    "bào",
    "guó",
    "shì",
    "xiàn",
    "dài",
    "biǎo",
    "kǎo",
    "chá",
    "huì",
    "zhèng",
    "fǔ",
    "wěi",
    "shū",
    "jì",
    "lǐng",
    "dǎo",
    "xué",
    "xí",
    "jiāo",
    "liú",
    "hé",
    "zuò",
)
_SPAM = (
    "澳门新葡京_体育投注-【官方网站】",
    "皇冠足球比分网",
    "亚洲必赢国际平台",
    "太阳城娱乐官网入口",
    "PG电子游戏官方网站",
)
_TO_TRADITIONAL = opencc.OpenCC("s2t")
_VISIT_HEADLINES = (
    "{a}党政代表团来我市考察交流",
    "{a}考察团赴{b}学习考察",
    "{a}党政代表团赴{b}考察对接东西部协作工作",
)
_OTHER_HEADLINES = (
    "全市重点项目建设推进会召开",
    "市政府召开第12次常务会议",
    "我市开展安全生产大检查",
    "2024年一季度经济运行情况新闻发布会举行",
)


def _protected(text: str, labels: list[str]) -> list[bool]:
    """Characters inside a labeled name (a leader, a host, a stop), which no noise may touch."""
    keep = [False] * len(text)
    for name in labels:
        for m in re.finditer(re.escape(name), text):
            keep[m.start() : m.end()] = [True] * (m.end() - m.start())
    return keep


def traditional(text: str, rng: random.Random, keep: list[bool]) -> str:
    return str(_TO_TRADITIONAL.convert(text))


def pinyin(text: str, rng: random.Random, keep: list[bool]) -> str:
    out = []
    for ch in traditional(text, rng, keep):
        out.append(ch)
        if _HAN.match(ch) and rng.random() < 0.1:
            out.append(f"({rng.choice(_SYLLABLES)})")
    return "".join(out)


def commas(text: str, rng: random.Random, keep: list[bool]) -> str:
    out = []
    for i, ch in enumerate(text):
        out.append(ch)
        if _HAN.match(ch) and not keep[i] and rng.random() < 1 / 30:
            out.append(rng.choice((",,", ",、", ",")))
    return "".join(out)


def runon(text: str, rng: random.Random, keep: list[bool]) -> str:
    return re.sub(r"\s*\n\s*", "", text)


def mojibake(text: str, rng: random.Random, keep: list[bool]) -> str:
    out, i = [], 0
    while i < len(text):
        size = rng.choice((2, 3))
        run = text[i : i + size]
        if (
            rng.random() < 1 / 150
            and len(run) == size
            and all(_HAN.match(c) for c in run)
            and not any(keep[i : i + size])
        ):
            out.append(run.encode("utf-8").decode("gbk", errors="replace")[: size + 1])
            i += size
            continue
        out.append(text[i])
        i += 1
    return "".join(out)


def spam(text: str, rng: random.Random, keep: list[bool]) -> str:
    parts = re.split(r"(?<=[。！？])", text)
    return "".join(
        part + rng.choice(_SPAM) if part.endswith("。") and rng.random() < 0.2 else part
        for part in parts
    )


def related(text: str, rng: random.Random, keep: list[bool]) -> str:
    regions = _county_names()
    visits = [h.format(a=rng.choice(regions), b=rng.choice(regions)) for h in _VISIT_HEADLINES]
    lines = rng.sample(visits, 2) + rng.sample(_OTHER_HEADLINES, 2)
    rng.shuffle(lines)
    form = rng.choice(("heading", "bracket", "bullets", "prev-next"))
    if form == "prev-next":
        block = [f"上一篇：{lines[0]}", f"下一篇：{lines[1]}"]
    else:
        heading = {"heading": ["相关新闻："], "bracket": ["【相关阅读】"], "bullets": []}[form]
        block = heading + [f"· {line}" for line in lines]
    return text.rstrip("\n") + "\n\n" + "\n".join(block) + "\n"


@functools.cache
def _county_names() -> list[str]:
    from extract.resolve.gazetteer import Gazetteer

    divisions = Gazetteer.load().divisions.values()
    return sorted(d.name for d in divisions if d.name.endswith(("县", "市")) and len(d.name) == 3)


KINDS: dict[str, Callable[[str, random.Random, list[bool]], str]] = {
    "traditional": traditional,
    "pinyin": pinyin,
    "commas": commas,
    "runon": runon,
    "mojibake": mojibake,
    "spam": spam,
    "related": related,
}


def _labeled_names(labels: dict[str, object]) -> list[str]:
    names = []
    for key in ("lead", "hosts", "stops"):
        value = labels.get(key)
        if isinstance(value, list):
            names += [str(n) for n in value]
    return names


def add_noise(pages: Path, out: Path, kinds: list[str], seed: int = 0) -> int:
    """Write the noisy copy of every page in ``pages`` to ``out``; returns how many."""
    expected_file = pages / "expected.toml"
    expected = tomllib.loads(expected_file.read_text(encoding="utf-8"))
    out.mkdir(parents=True, exist_ok=True)
    shutil.copy(expected_file, out / "expected.toml")
    count = 0
    for page in sorted(pages.glob("*.txt")):
        text = page.read_text(encoding="utf-8")
        rng = random.Random(f"{seed}:{page.stem}")
        for kind in kinds:  # the protected span is found again after each change of length
            labels = expected.get(page.stem, {})
            keep = _protected(text, _labeled_names(labels if isinstance(labels, dict) else {}))
            text = KINDS[kind](text, rng, keep)
        (out / page.name).write_text(text, encoding="utf-8")
        count += 1
    return count


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("pages", type=Path, help="folder of t*.txt pages and expected.toml")
    parser.add_argument("out", type=Path, help="folder for the noisy copy")
    parser.add_argument("--kind", nargs="+", choices=sorted(KINDS), required=True)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    n = add_noise(args.pages, args.out, args.kind, args.seed)
    print(f"{n} pages with {' + '.join(args.kind)} noise in {args.out}")


if __name__ == "__main__":
    main()
