"""Inputs: distinct ids for colliding stems, one read per file, folder links, empty folders,
UTF-32, and HTML pages whose declared charset is wrong."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from extract.errors import InputError
from extract.text.decode import decode_bytes
from extract.text.ingest import RawArticle, iter_articles

SIMPLIFIED = "3月6日至7日,市委书记谭真率党政代表团前往浙江省嘉兴市嘉善县学习考察。"
TRADITIONAL = "啟東市委書記楊中堅率啟東市黨政代表團赴蘇州吳江區考察,近距離學習吳江的好經驗。"


def _write(path: Path, text: str = SIMPLIFIED) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def _ids(inputs: list[Path | str]) -> list[str]:
    items = list(iter_articles([str(i) for i in inputs]))
    assert all(isinstance(i, RawArticle) for i in items), items
    return [i.id for i in items if isinstance(i, RawArticle)]


# --- identity -------------------------------------------------------------------------------


def test_same_stem_in_two_folders_gets_two_ids(tmp_path: Path) -> None:
    _write(tmp_path / "dir1" / "a.txt")
    _write(tmp_path / "dir2" / "a.txt")
    _write(tmp_path / "dir2" / "b.txt")
    assert _ids([tmp_path]) == ["dir1/a.txt", "dir2/a.txt", "b"]


def test_txt_beside_html_of_the_same_stem_get_two_ids(tmp_path: Path) -> None:
    _write(tmp_path / "a.txt")
    _write(tmp_path / "a.html", f"<p>{SIMPLIFIED}</p>")
    assert _ids([tmp_path / "a.txt", tmp_path / "a.html"]) == ["a.txt", "a.html"]


def test_unique_stems_keep_the_stem_as_id(tmp_path: Path) -> None:
    _write(tmp_path / "x" / "a.txt")
    _write(tmp_path / "y" / "b.html", f"<p>{SIMPLIFIED}</p>")
    assert _ids([tmp_path / "x", tmp_path / "y" / "b.html"]) == ["a", "b"]


@pytest.mark.parametrize(
    "twice",
    [
        pytest.param(lambda d: [d / "a.txt", d / "a.txt"], id="file-twice"),
        pytest.param(lambda d: [d / "a.txt", d], id="file-and-its-folder"),
        pytest.param(lambda d: [d, d / "." / "a.txt"], id="folder-then-other-spelling"),
        pytest.param(lambda d: [d / "a.txt", d / "*.txt"], id="file-and-glob"),
    ],
)
def test_a_file_named_twice_is_read_once(tmp_path: Path, twice) -> None:
    _write(tmp_path / "a.txt")
    assert _ids(twice(tmp_path)) == ["a"]


def test_a_jsonl_file_named_twice_is_read_once(tmp_path: Path) -> None:
    path = tmp_path / "batch.jsonl"
    path.write_text('{"id": "r1", "text": "正文"}\n', encoding="utf-8")
    assert _ids([path, path]) == ["r1"]


# --- folders and links ----------------------------------------------------------------------


def test_symlink_loop_is_one_error_and_the_files_still_come(tmp_path: Path) -> None:
    _write(tmp_path / "top" / "a.txt")
    _write(tmp_path / "top" / "sub" / "b.txt")
    os.symlink(tmp_path / "top", tmp_path / "top" / "sub" / "back")
    items = list(iter_articles([str(tmp_path / "top")]))
    articles = [i.id for i in items if isinstance(i, RawArticle)]
    errors = [i for i in items if isinstance(i, InputError)]
    assert articles == ["a", "b"]
    assert len(errors) == 1 and "loop" in errors[0].reason
    assert errors[0].source == str(tmp_path / "top" / "sub" / "back")


def test_link_to_a_folder_is_followed_once(tmp_path: Path) -> None:
    _write(tmp_path / "elsewhere" / "c.txt")
    _write(tmp_path / "top" / "a.txt")
    os.symlink(tmp_path / "elsewhere", tmp_path / "top" / "link1")
    os.symlink(tmp_path / "elsewhere", tmp_path / "top" / "link2")
    assert _ids([tmp_path / "top"]) == ["a", "c"]


def test_a_link_to_itself_is_an_error_not_a_traceback(tmp_path: Path) -> None:
    (tmp_path / "self").symlink_to(tmp_path / "self")
    _write(tmp_path / "a.txt")
    items = list(iter_articles([str(tmp_path)]))
    assert [i.id for i in items if isinstance(i, RawArticle)] == ["a"]


def test_glob_through_a_link_loop_reads_each_file_once(tmp_path: Path) -> None:
    _write(tmp_path / "a.txt")
    os.symlink(tmp_path, tmp_path / "loop")
    assert _ids([f"{tmp_path}/**/*.txt"]) == ["a"]


def test_empty_folder_is_an_input_error(tmp_path: Path) -> None:
    (tmp_path / "empty" / "deeper").mkdir(parents=True)
    (tmp_path / "empty" / "notes.md").write_text("x", encoding="utf-8")
    items = list(iter_articles([str(tmp_path / "empty")]))
    assert len(items) == 1 and isinstance(items[0], InputError)
    assert "no article files in this folder" in items[0].reason
    assert items[0].source == str(tmp_path / "empty")


# --- encodings ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("bom", "codec"),
    [
        pytest.param(b"\xff\xfe\x00\x00", "utf-32-le", id="utf32-le"),
        pytest.param(b"\x00\x00\xfe\xff", "utf-32-be", id="utf32-be"),
    ],
)
def test_utf32_with_bom_decodes(bom: bytes, codec: str) -> None:
    text, used = decode_bytes(bom + SIMPLIFIED.encode(codec), "a.txt")
    assert text == SIMPLIFIED and used == "utf-32"


def _page(charset: str, body: str) -> str:
    return f'<html><head><meta charset="{charset}"></head><body><p>{body}</p></body></html>'


@pytest.mark.parametrize(
    ("declared", "body", "codec", "expected"),
    [
        pytest.param("iso-8859-1", SIMPLIFIED, "gbk", "gb18030", id="latin1-declared-gbk-bytes"),
        pytest.param("windows-1252", SIMPLIFIED, "gbk", "gb18030", id="cp1252-declared-gbk"),
        pytest.param("big5", SIMPLIFIED, "gbk", "gb18030", id="big5-declared-gbk-bytes"),
        pytest.param("gbk", TRADITIONAL, "big5", "big5", id="gbk-declared-big5-bytes"),
        pytest.param("gbk", SIMPLIFIED, "utf-8", "utf-8", id="gbk-declared-utf8-bytes"),
        pytest.param("iso-8859-1", SIMPLIFIED, "utf-8", "utf-8", id="latin1-declared-utf8"),
        pytest.param("utf-8", SIMPLIFIED, "gbk", "gb18030", id="utf8-declared-gbk-bytes"),
        pytest.param("gb2312", SIMPLIFIED, "gbk", "gb18030", id="right-declaration"),
    ],
)
def test_detection_wins_over_a_wrong_declared_charset(
    declared: str, body: str, codec: str, expected: str
) -> None:
    page = _page(declared, body)
    text, used = decode_bytes(page.encode(codec), "p.html", html=True)
    assert text == page
    assert used.startswith(expected)


def test_a_right_latin1_declaration_still_counts() -> None:
    page = _page("iso-8859-1", "Café déjà vu, naïve façade.")
    text, used = decode_bytes(page.encode("latin-1"), "p.html", html=True)
    assert (text, used) == (page, "iso-8859-1")
