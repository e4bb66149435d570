"""Ingestion: inputs of every kind, encodings, and one clear error per bad item."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from extract.errors import InputError
from extract.text.ingest import RawArticle, iter_articles, parse_record, read_file

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
SIMPLIFIED = "3月6日至7日,市委书记谭真率党政代表团前往浙江省嘉兴市嘉善县学习考察。"
TRADITIONAL = "啟東市委書記楊中堅率啟東市黨政代表團赴蘇州吳江區考察,近距離學習吳江的好經驗。"
SHORT_SIMPLIFIED = "海安党政代表团赴嘉善学习考察"
SHORT_TRADITIONAL = "啟東市黨政代表團赴蘇州考察"


def _one(path: Path, **kw: int) -> RawArticle | InputError:
    items = list(iter_articles([str(path)], **kw))
    assert len(items) == 1
    return items[0]


def _article(path: Path) -> RawArticle:
    item = _one(path)
    assert isinstance(item, RawArticle), item
    return item


def _error(path: Path, **kw: int) -> InputError:
    item = _one(path, **kw)
    assert isinstance(item, InputError), item
    return item


@pytest.mark.parametrize(
    ("text", "codec", "expected"),
    [
        pytest.param(SIMPLIFIED, "gbk", "gb18030", id="gbk-sentence"),
        pytest.param(SHORT_SIMPLIFIED, "gbk", "gb18030", id="gbk-short-title"),
        pytest.param(SIMPLIFIED, "gb18030", "gb18030", id="gb18030"),
        pytest.param(TRADITIONAL, "big5", "big5hkscs", id="big5-sentence"),
        pytest.param(SHORT_TRADITIONAL, "big5", "big5hkscs", id="big5-short-title"),
        pytest.param(SIMPLIFIED, "utf-8", "utf-8", id="utf8"),
        pytest.param(SIMPLIFIED, "utf-8-sig", "utf-8-sig", id="utf8-bom"),
    ],
)
def test_encodings_are_detected_and_decoded(
    tmp_path: Path, text: str, codec: str, expected: str
) -> None:
    path = tmp_path / "a.txt"
    path.write_bytes(text.encode(codec))
    article = _article(path)
    assert article.raw == text  # no BOM left, no mojibake
    assert article.encoding == expected


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        pytest.param(b"", "empty file", id="empty"),
        pytest.param(b"  \n\t\r\n  ", "empty file", id="whitespace-only"),
        pytest.param(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 20, "binary file", id="binary-nul"),
        pytest.param(bytes(range(1, 9)) * 200, "binary file", id="binary-control"),
        pytest.param(b"\x80\xff" * 40, "cannot decode", id="undecodable"),
    ],
)
def test_bad_file_gives_one_line_error(tmp_path: Path, content: bytes, reason: str) -> None:
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    error = _error(path)
    assert error.source == str(path)
    assert reason in error.reason
    assert str(error).startswith(f"{path}: ") and "\n" not in error.one_line()


def test_oversize_file_is_an_error_naming_the_limit(tmp_path: Path) -> None:
    path = tmp_path / "big.txt"
    path.write_text(SIMPLIFIED * 100, encoding="utf-8")
    error = _error(path, max_bytes=1000)
    assert "too large" in error.reason and "1000" in error.reason
    assert isinstance(_one(path, max_bytes=1_000_000), RawArticle)


def test_html_page_keeps_raw_source_and_stem_id(tmp_path: Path) -> None:
    page = f"<html><body><p>{SIMPLIFIED}</p></body></html>"
    path = tmp_path / "page-7.html"
    path.write_text(page, encoding="utf-8")
    article = _article(path)
    assert (article.id, article.fmt, article.raw) == ("page-7", "html", page)


def test_html_declared_gbk_charset_is_used(tmp_path: Path) -> None:
    page = f'<html><head><meta charset="gb2312"></head><body><p>{SHORT_SIMPLIFIED}</p></body>'
    path = tmp_path / "p.htm"
    path.write_bytes(page.encode("gbk"))
    assert _article(path).raw == page


def test_seed_file_reads_byte_for_byte() -> None:
    path = SEEDS / "000_4ec079d0020130cf.txt"
    article = _article(path)
    assert article.id == "000_4ec079d0020130cf"
    assert article.raw == path.read_bytes().decode("utf-8")
    assert article.source == str(path)


def _jsonl(tmp_path: Path) -> Path:
    good = {
        "id": "a1",
        "text": SIMPLIFIED,
        "url": "http://example.org/a1",
        "published": "2024-03-08",
    }
    html = {"id": 7, "html": f"<p>{SIMPLIFIED}</p>", "title": "标题", "source": "海安日报"}
    lines = [json.dumps(good, ensure_ascii=False), "{not json", "", json.dumps(html)]
    path = tmp_path / "batch.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_jsonl_malformed_line_fails_alone(tmp_path: Path) -> None:
    path = _jsonl(tmp_path)
    items = list(iter_articles([str(path)]))
    assert [type(i).__name__ for i in items] == ["RawArticle", "InputError", "RawArticle"]
    first, bad, second = items
    assert isinstance(first, RawArticle) and isinstance(second, RawArticle)
    assert (first.id, first.source, first.fmt) == ("a1", f"{path}:1", "txt")
    assert (first.url, first.published) == ("http://example.org/a1", "2024-03-08")
    assert isinstance(bad, InputError) and bad.source == f"{path}:2"
    assert "malformed JSON" in bad.reason
    assert (second.id, second.fmt, second.title, second.source_name) == (
        "7",
        "html",
        "标题",
        "海安日报",
    )
    assert second.source == f"{path}:4"


@pytest.mark.parametrize(
    ("record", "reason"),
    [
        pytest.param({"text": "正文"}, "no 'id'", id="no-id"),
        pytest.param({"id": "x"}, "neither 'text' nor 'html'", id="no-body"),
        pytest.param({"id": "x", "text": "  "}, "empty text", id="empty-text"),
        pytest.param({"id": "x", "text": "正文", "title": 3}, "field 'title'", id="bad-field"),
        pytest.param([1, 2], "not a JSON object", id="not-object"),
    ],
)
def test_jsonl_record_errors(record: object, reason: str) -> None:
    with pytest.raises(InputError, match=reason):
        parse_record(json.dumps(record).encode(), "f.jsonl:3")


def test_jsonl_is_streamed_line_by_line(tmp_path: Path) -> None:
    path = tmp_path / "stream.jsonl"
    with path.open("w", encoding="utf-8") as f:
        for n in range(1000):
            f.write(json.dumps({"id": str(n), "text": SIMPLIFIED}, ensure_ascii=False) + "\n")
    items = iter_articles([str(path)])
    first = next(items)
    assert isinstance(first, RawArticle) and first.id == "0"
    assert sum(1 for _ in items) == 999


def test_folder_mix_bad_fail_good_come_through(tmp_path: Path) -> None:
    (tmp_path / "b_good.txt").write_text(SIMPLIFIED, encoding="utf-8")
    (tmp_path / "a_empty.txt").write_bytes(b"")
    (tmp_path / "c_binary.txt").write_bytes(b"\x00\x01\x02" * 50)
    (tmp_path / "d_gbk.htm").write_bytes(f"<p>{SIMPLIFIED}</p>".encode("gbk"))
    (tmp_path / "e_notes.md").write_text("ignored", encoding="utf-8")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "f_big5.txt").write_bytes(TRADITIONAL.encode("big5"))
    items = list(iter_articles([str(tmp_path)]))
    summary = [(type(i).__name__, Path(i.source).name) for i in items]
    assert summary == [
        ("InputError", "a_empty.txt"),
        ("RawArticle", "b_good.txt"),
        ("InputError", "c_binary.txt"),
        ("RawArticle", "d_gbk.htm"),
        ("RawArticle", "f_big5.txt"),
    ]


def test_glob_is_sorted_and_missing_inputs_are_errors(tmp_path: Path) -> None:
    for name in ("z.txt", "m.txt", "a.txt"):
        (tmp_path / name).write_text(SIMPLIFIED, encoding="utf-8")
    items = list(iter_articles([str(tmp_path / "*.txt"), str(tmp_path / "nope.txt")]))
    assert [i.id for i in items if isinstance(i, RawArticle)] == ["a", "m", "z"]
    assert isinstance(items[-1], InputError) and "no such file" in items[-1].reason
    empty_glob = list(iter_articles([str(tmp_path / "*.html")]))
    assert isinstance(empty_glob[0], InputError) and "no article files match" in str(empty_glob[0])


def test_unsupported_file_named_explicitly_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "notes.md"
    path.write_text(SIMPLIFIED, encoding="utf-8")
    assert "unsupported file type" in _error(path).reason
    with pytest.raises(InputError, match="unsupported"):
        read_file(path)


def test_seed_folder_reads_the_five_seeds_then_the_dev_set_then_its_pairs_in_order() -> None:
    items = list(iter_articles([str(SEEDS)]))
    assert all(isinstance(i, RawArticle) for i in items)
    assert [i.id[:3] for i in items[:5]] == ["000", "001", "002", "003", "004"]
    assert [i.id for i in items[5:35]] == [f"d{n:02d}" for n in range(1, 31)]
    pairs = sorted(p.stem for p in (SEEDS / "dev" / "pairs").glob("p*.txt"))
    assert pairs and [i.id for i in items[35:]] == pairs
