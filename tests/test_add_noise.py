"""The noisy copies of made-up pages: the same on every run, labels untouched, each kind the
noise it names, and the cleaning undoing what it should."""

from __future__ import annotations

import html
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


def _noisy_page(tmp_path: Path, text: str, kind: str, labels: str = LABELS) -> str:
    """One page of ``text`` with ``labels``, through one kind of noise."""
    pages = tmp_path / "pages"
    pages.mkdir()
    (pages / "t01.txt").write_text(text, encoding="utf-8")
    (pages / "expected.toml").write_text(labels, encoding="utf-8")
    noise["add_noise"](pages, tmp_path / "out", [kind], 0)
    return (tmp_path / "out" / "t01.txt").read_text(encoding="utf-8")


def test_a_wechat_copy_has_the_post_header_and_footer_and_the_page_date(tmp_path):
    dated = "发布时间：2024-04-18 16:20\n" + PAGE
    post = _noisy_page(tmp_path, dated, "wechat")
    byline = post.split("\n")[1]
    assert byline.startswith("原创 ") and " 2024-04-18 " in byline and "发表于" in byline
    assert "阅读原文" in post and dated.strip("\n") in post


def test_captions_name_a_labeled_stop_or_the_scene_and_a_photographer_of_no_visit(tmp_path):
    captioned = _noisy(tmp_path, "captions")
    lines = [line for line in captioned.split("\n") if line.startswith("图为")]
    assert lines and all(line.startswith(("图为活动现场。", "图为重庆荣牧")) for line in lines)
    assert all(any(n in line for n in noise["_PEOPLE_NOT_IN_VISITS"]) for line in lines)


def test_padnames_pads_two_character_labeled_names_only(tmp_path):
    labels = '[t01]\nhosts = ["王伟", "何建军"]\nstops = ["余村"]\n'
    padded = _noisy_page(tmp_path, "市领导王伟、何建军陪同考察余村。" * 3, "padnames", labels)
    assert "王伟" not in padded and "何建军" in padded and "余村" in padded  # a place is not padded
    assert re.fullmatch(r"(?:市领导王(?:\u3000| {1,2})伟、何建军陪同考察余村。){3}", padded)


def test_entities_are_the_references_a_scraper_leaves(tmp_path):
    quoted = "“荣昌经验”——" + PAGE
    scraped = _noisy_page(tmp_path, quoted, "entities")
    assert scraped.startswith("&ldquo;荣昌经验&rdquo;&mdash;&mdash;")
    assert html.unescape(scraped).replace("\xa0", "") == quoted
