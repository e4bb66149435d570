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
  as bare bulleted lines, or as 上一篇/下一篇, two of them headlines of other regions' visits;
- ``wechat``: the page as a WeChat account's post: its title, then 原创, the account, the
  page's own date and the poster's IP province (发表于江西, drawn at random, so never a hint);
  点击蓝字关注我们; the footer's 来源/编辑/审核 lines, 阅读原文 and the app's buttons below;
- ``captions``: a photo caption after about one paragraph in three (图为…, 记者 … 摄), naming
  a labeled stop or 活动现场, and a photographer who is nobody of the visit;
- ``padnames``: two-character names padded to the width of three (王　伟), as name lists set
  in a word processor are; the labels keep the name unpadded, as a reader writes it;
- ``entities``: HTML entities a scraper left as text (&nbsp; &ldquo; &rdquo; &mdash;).

    python scripts/add_noise.py tests/fixtures/blind25 runs/noisy/blind25-pinyin --kind pinyin
    python scripts/add_noise.py tests/fixtures/blind25 runs/noisy/blind25-mixed \\
        --kind commas runon mojibake spam
    python scripts/add_noise.py tests/fixtures/blind25 runs/noisy/blind25-related --kind related
    python scripts/add_noise.py tests/fixtures/blind27 runs/noisy/blind27-web \\
        --kind wechat captions padnames entities
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
_PROVINCES = (
    "北京",
    "河北",
    "山西",
    "江苏",
    "浙江",
    "安徽",
    "福建",
    "江西",
    "山东",
    "河南",
    "湖北",
    "湖南",
    "广东",
    "广西",
    "四川",
    "贵州",
    "云南",
    "陕西",
    "甘肃",
    "新疆",
)
_ACCOUNTS = ("今日要闻", "融媒看点", "政务速递", "新闻早知道")
_PEOPLE_NOT_IN_VISITS = ("韩冬梅", "鲁晓峰", "欧阳静", "司马文", "邵一鸣", "范建民")
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


def wechat(text: str, rng: random.Random, keep: list[bool]) -> str:
    from extract.text.clean import clean
    from extract.text.ingest import RawArticle

    meta = clean(RawArticle(id="page", source="page", fmt="text", raw=text)).meta
    account, people = rng.choice(_ACCOUNTS), rng.sample(_PEOPLE_NOT_IN_VISITS, 3)
    hour, minute = rng.randint(8, 21), rng.randint(0, 59)
    posted = f" {meta.published.isoformat()} {hour}:{minute:02d}" if meta.published else ""
    byline = f"原创 {account} {account}{posted}"
    head = [
        meta.title or "",
        f"{byline} 发表于{rng.choice(_PROVINCES)}",
        "",
        "点击蓝字 关注我们",
        "",
    ]
    foot = [
        "",
        f"来源：{account}",
        f"编辑：{people[0]}",
        f"审核：{people[1]} {people[2]}",
        "",
        "阅读原文",
        "预览时标签不可点",
        "微信扫一扫",
        "关注该公众号",
        "继续滑动看下一个",
        account,
        "向上滑动看下一个",
        "分享 留言 收藏 听过",
    ]
    return "\n".join(head) + text.strip("\n") + "\n" + "\n".join(foot) + "\n"


def captions(text: str, rng: random.Random, keep: list[bool]) -> str:
    stops = [name for _, name in _labeled_runs(text, keep) if len(name) >= 5]  # not people
    paragraphs = text.split("\n")
    out = []
    for i, line in enumerate(paragraphs):
        out.append(line)
        if len(line) > 60 and i > 0 and rng.random() < 1 / 3:
            what = (
                f"图为{rng.choice(stops)}。" if stops and rng.random() < 0.5 else "图为活动现场。"
            )
            shot = rng.choice(("（记者 {} 摄）", "摄影：{}", "（{} 摄）"))
            out += ["", what + shot.format(rng.choice(_PEOPLE_NOT_IN_VISITS))]
    return "\n".join(out)


def padnames(text: str, rng: random.Random, keep: list[bool]) -> str:
    out, last = [], 0
    for start, name in _labeled_runs(text, keep):
        if len(name) == 2 and _HAN.match(name[0]) and _HAN.match(name[1]):
            out += [text[last:start], name[0], rng.choice(("\u3000", " ", "  ")), name[1]]
            last = start + 2
    return "".join(out) + text[last:]


def _labeled_runs(text: str, keep: list[bool]) -> list[tuple[int, str]]:
    """Each stretch of labeled characters, with where it starts."""
    runs, start = [], None
    for i, kept in enumerate([*keep, False]):
        if kept and start is None:
            start = i
        elif not kept and start is not None:
            runs.append((start, text[start:i]))
            start = None
    return runs


def entities(text: str, rng: random.Random, keep: list[bool]) -> str:
    out = []
    for i, ch in enumerate(text):
        if ch == "“" and not keep[i]:
            out.append("&ldquo;")
        elif ch == "”" and not keep[i]:
            out.append("&rdquo;")
        elif ch == "—" and not keep[i]:
            out.append("&mdash;")
        elif ch in "，。" and not keep[i] and rng.random() < 1 / 12:
            out.append(ch + "&nbsp;")
        else:
            out.append(ch)
    return "".join(out)


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
    "wechat": wechat,
    "captions": captions,
    "padnames": padnames,
    "entities": entities,
}


def _labeled_names(labels: dict[str, object], people_only: bool = False) -> list[str]:
    names = []
    for key in ("lead", "hosts") if people_only else ("lead", "hosts", "stops"):
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
            named = _labeled_names(labels if isinstance(labels, dict) else {}, kind == "padnames")
            keep = _protected(text, named)  # padding is of people's names, never of places
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
