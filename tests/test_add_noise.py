"""The noisy copies of made-up pages: the same on every run, labels untouched, each kind the
noise it names, and the cleaning undoing what it should."""

from __future__ import annotations

import re
import runpy
import tomllib
from pathlib import Path

from extract.text.pinyin import strip_glosses
from extract.text.traditional import to_simplified

ROOT = Path(__file__).resolve().parent.parent
noise = runpy.run_path(str(ROOT / "scripts" / "add_noise.py"))
PAGE = (
    "某县融媒体中心\n首页 > 要闻\n\n"
    "4月16日，县委书记何建军率南部县党政代表团赴重庆市荣昌区学习考察。"
    "代表团来到重庆荣牧智慧农业科技有限公司，了解生猪养殖情况。"
    "荣昌区委书记唐文波陪同考察。双方召开座谈会，就产业合作深入交流。\n"
) * 4
LABELS = '[t01]\nvisit = true\nlead = ["何建军"]\nstops = ["重庆荣牧智慧农业科技有限公司"]\n'


def _pages(tmp_path: Path) -> Path:
    pages = tmp_path / "pages"
    pages.mkdir(parents=True)
    (pages / "t01.txt").write_text(PAGE, encoding="utf-8")
    (pages / "expected.toml").write_text(LABELS, encoding="utf-8")
    return pages


def _noisy(tmp_path: Path, *kinds: str, seed: int = 0) -> str:
    out = tmp_path / "-".join(kinds) / str(seed)
    assert noise["add_noise"](_pages(out / "clean"), out, list(kinds), seed) == 1
    return (out / "t01.txt").read_text(encoding="utf-8")


def test_a_noisy_copy_is_the_same_on_every_run_and_keeps_the_labels(tmp_path):
    mixed = ("commas", "runon", "mojibake", "spam")
    first, again = _noisy(tmp_path / "a", *mixed), _noisy(tmp_path / "b", *mixed)
    assert first == again != PAGE
    assert _noisy(tmp_path / "c", *mixed, seed=1) != first
    copied = tmp_path / "a" / "-".join(mixed) / "0" / "expected.toml"
    assert tomllib.loads(copied.read_text(encoding="utf-8"))["t01"]["lead"] == ["何建军"]
    assert "何建军" in first and "重庆荣牧智慧农业科技有限公司" in first  # never touched


def test_each_kind_is_the_noise_it_names(tmp_path):
    assert "\n" not in _noisy(tmp_path, "runon")
    assert ",," in _noisy(tmp_path, "commas") or ",、" in _noisy(tmp_path, "commas")
    assert any(s in _noisy(tmp_path, "spam") for s in noise["_SPAM"])
    garbled = _noisy(tmp_path, "mojibake")
    assert len(garbled) > len(PAGE) and garbled.replace("\n", "") != PAGE.replace("\n", "")
    traditional = _noisy(tmp_path, "traditional")
    assert "團" in traditional and to_simplified(traditional) == PAGE


def test_pinyin_glosses_are_what_the_cleaning_strips(tmp_path):
    glossed = _noisy(tmp_path, "pinyin")
    assert "(" in glossed
    assert strip_glosses(glossed) == _noisy(tmp_path / "plain", "traditional")


def test_related_news_end_the_page_as_headlines_some_of_other_visits(tmp_path):
    visit = re.compile(r"^[\u4e00-\u9fff]{3}(?:党政代表团|考察团)(?:来我市|赴[\u4e00-\u9fff]{3})")
    forms, visits = set(), 0
    for seed in range(12):
        linked = _noisy(tmp_path / str(seed), "related", seed=seed)
        assert linked.startswith(PAGE.rstrip("\n"))
        tail = linked[len(PAGE.rstrip("\n")) :].strip().split("\n")
        forms.add(tail[0][:3])
        heads = [re.sub(r"^(?:· |上一篇：|下一篇：)", "", line) for line in tail]
        heads = [h for h in heads if h not in ("相关新闻：", "【相关阅读】")]
        assert len(heads) in (2, 4)
        assert all(h in noise["_OTHER_HEADLINES"] or visit.match(h) for h in heads)
        visits += sum(bool(visit.match(h)) for h in heads)
    assert len(forms) >= 3 and visits >= 12
